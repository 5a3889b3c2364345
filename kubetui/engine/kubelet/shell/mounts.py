"""A container's mount table as /proc/mounts shows it, and `mount`, which lists it (busybox's
applet and util-linux's print the same lines): the overlay root, the kernel filesystems runc
mounts, the pod's volumes and the files the kubelet and containerd mount over the image's
(/etc/hosts, /dev/termination-log, /etc/hostname, /etc/resolv.conf, /dev/shm), then the /proc
and /sys paths runc masks. `df` lists the same table's filesystems that have blocks.

Mounts are ordered as containerd orders them: the kubelet's (the volumes in the container's
order, /etc/hosts, /dev/termination-log) before containerd's own, stably by the depth of the
mount point.
"""

from __future__ import annotations

import hashlib
from typing import NamedTuple

from kubetui.engine.kubelet.capabilities import capable
from kubetui.engine.kubelet.shell.applets import NODE_DISK_K, NODE_MEMORY_K, Run, applet
from kubetui.engine.kubelet.shell.fs import FileSystem

DEV_K = 65536
"""The size of the /dev and /dev/shm tmpfs runc and containerd mount (64 MiB)."""
DISK = "/dev/vda1"
"""The node's disk, where the kubelet keeps pod directories (emptyDir, ConfigMap files, /etc/hosts)."""
_KERNEL = [
    ("proc", "/proc", "proc", "rw,nosuid,nodev,noexec,relatime"),
    ("tmpfs", "/dev", "tmpfs", f"rw,nosuid,size={DEV_K}k,mode=755"),
    ("devpts", "/dev/pts", "devpts", "rw,nosuid,noexec,relatime,gid=5,mode=620,ptmxmode=666"),
    ("mqueue", "/dev/mqueue", "mqueue", "rw,nosuid,nodev,noexec,relatime"),
    ("sysfs", "/sys", "sysfs", "ro,nosuid,nodev,noexec,relatime"),
    ("cgroup", "/sys/fs/cgroup", "cgroup2", "ro,nosuid,nodev,noexec,relatime"),
]
_MASKED = [
    ("proc", "/proc/bus", "proc", "ro,nosuid,nodev,noexec,relatime"),
    ("proc", "/proc/fs", "proc", "ro,nosuid,nodev,noexec,relatime"),
    ("proc", "/proc/irq", "proc", "ro,nosuid,nodev,noexec,relatime"),
    ("proc", "/proc/sys", "proc", "ro,nosuid,nodev,noexec,relatime"),
    ("proc", "/proc/sysrq-trigger", "proc", "ro,nosuid,nodev,noexec,relatime"),
    ("tmpfs", "/proc/acpi", "tmpfs", "ro,relatime"),
    ("tmpfs", "/proc/kcore", "tmpfs", f"rw,nosuid,size={DEV_K}k,mode=755"),
    ("tmpfs", "/proc/keys", "tmpfs", f"rw,nosuid,size={DEV_K}k,mode=755"),
    ("tmpfs", "/proc/timer_list", "tmpfs", f"rw,nosuid,size={DEV_K}k,mode=755"),
    ("tmpfs", "/proc/scsi", "tmpfs", "ro,relatime"),
    ("tmpfs", "/sys/firmware", "tmpfs", "ro,relatime"),
]


class Mount(NamedTuple):
    device: str
    point: str
    type: str
    options: str
    blocks: tuple[int, int, int] | None
    """1K-blocks (size, used, available) as df shows them; None: none (proc, sysfs)."""


def _tmpfs_blocks(size: int, used: int = 0) -> tuple[int, int, int]:
    return size, used, max(0, size - used)


def table(fs: FileSystem) -> list[Mount]:
    """The container's mounts, in /proc/mounts' order."""
    snap = int(hashlib.sha256(fs.cgroup.encode()).hexdigest()[:4], 16) % 400 + 20
    root = "/var/lib/containerd/io.containerd.snapshotter.v1.overlayfs/snapshots"
    out = [Mount("overlay", "/", "overlay",
                 f"{'ro' if '/' in fs.ro_mounts else 'rw'},relatime,lowerdir={root}/{snap - 1}/fs,"
                 f"upperdir={root}/{snap}/fs,workdir={root}/{snap}/work", NODE_DISK_K)]
    for device, point, kind, options in _KERNEL:
        out.append(Mount(device, point, kind, options, _tmpfs_blocks(DEV_K) if point == "/dev" else None))
    kubelet = []
    for point, vol in fs.mounts.items():
        ro = "ro" if vol.readonly or point in fs.ro_mounts else "rw"
        if vol.disk:
            kubelet.append(Mount(DISK, point, "ext4", f"{ro},relatime", NODE_DISK_K))
        else:
            size = vol.capacity // 1024 if vol.capacity is not None else NODE_MEMORY_K
            used = sum(-(-vol.nbytes(p) // 4096) * 4 for p in vol.files)
            kubelet.append(Mount("tmpfs", point, "tmpfs", f"{ro},relatime,size={size}k", _tmpfs_blocks(size, used)))
    kubelet += [Mount(DISK, p, "ext4", "rw,relatime", NODE_DISK_K) for p in ("/etc/hosts", "/dev/termination-log")]
    containerd = [Mount(DISK, p, "ext4", "rw,relatime", NODE_DISK_K) for p in ("/etc/hostname", "/etc/resolv.conf")]
    containerd.append(Mount("shm", "/dev/shm", "tmpfs", f"rw,nosuid,nodev,noexec,relatime,size={DEV_K}k",
                            _tmpfs_blocks(DEV_K)))
    out += sorted(kubelet + containerd, key=lambda m: m.point.count("/"))
    for device, point, kind, options in _MASKED:
        blocks = None if kind == "proc" else _tmpfs_blocks(DEV_K if "size=" in options else NODE_MEMORY_K)
        out.append(Mount(device, point, kind, options, blocks))
    return out


def holding(fs: FileSystem, path: str) -> Mount:
    """The mount `path` is on: the longest mount point that holds it, among those with blocks."""
    best = None
    for m in table(fs):
        if m.blocks is None:
            continue
        if path == m.point or m.point == "/" or path.startswith(m.point + "/"):
            if best is None or len(m.point) >= len(best.point):
                best = m
    assert best is not None
    return best


@applet("mount")
def mount(r: Run) -> int:
    """The mount table with no arguments (`-t TYPE` keeps that type's lines); mounting needs
    CAP_SYS_ADMIN, which a container has only when privileged."""
    args = r.argv[1:]
    kinds = None
    if args[:1] == ["-t"] and len(args) >= 2:
        kinds, args = set(args[1].split(",")), args[2:]
    if not args:
        r.out("".join(f"{m.device} on {m.point} type {m.type} ({m.options})\n" for m in table(r.m.fs)
                      if kinds is None or m.type in kinds))
        return 0
    bad = next((a for a in args if a.startswith("-") and a not in ("-o", "-t", "--bind", "-r", "-w", "-a")
                and not a.startswith("-o")), None)
    if bad is not None:
        r.err(f"mount: unrecognized option '{bad}'\n" if bad.startswith("--") else
              f"mount: invalid option -- '{bad[1:2]}'\n")
        r.err("BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\n"
              "Usage: mount [OPTIONS] [-o OPT] DEVICE NODE\n")
        return 1
    words = [a for i, a in enumerate(args) if not a.startswith("-") and (i == 0 or args[i - 1] not in ("-o", "-t"))]
    if len(words) == 1:
        if not r.m.fs.is_file("/etc/fstab"):
            r.err("mount: can't read '/etc/fstab': No such file or directory\n")
        else:
            r.err(f"mount: can't find {words[0]} in /etc/fstab\n")
        return 1
    if len(words) >= 2:
        if not capable(r.m.context, "SYS_ADMIN") or r.m.fs.uid != 0:
            r.err("mount: permission denied (are you root?)\n")
            return 255
        r.err(f"mount: mounting {words[0]} on {words[1]} failed: "
              f"{'Permission denied' if r.m.fs.exists(r.path(words[1])) else 'No such file or directory'}\n")
        return 255
    return 0
