"""`mount` lists the container's mounts as /proc/mounts holds them, and `df` agrees with it.

The format is busybox's (and util-linux's): `DEVICE on POINT type TYPE (OPTIONS)`, checked
against busybox 1.35's own output; the table is a kubelet's and containerd's: the overlay root,
runc's kernel filesystems, the pod's volumes (an emptyDir and a ConfigMap on the node's disk, a
memory emptyDir and a Secret and the ServiceAccount token in tmpfs), the files the kubelet and
containerd mount, the paths runc masks."""

from __future__ import annotations

import re

import pytest

from kubetui import Simulation

POD = """
apiVersion: v1
kind: Pod
metadata: {name: m}
spec:
  containers:
  - name: c
    image: busybox
    command: [sleep, "3600"]
    volumeMounts:
    - {name: data, mountPath: /data}
    - {name: cfg, mountPath: /etc/config}
    - {name: sec, mountPath: /etc/secret}
    - {name: mem, mountPath: /cache, readOnly: true}
  volumes:
  - {name: data, emptyDir: {}}
  - {name: mem, emptyDir: {medium: Memory, sizeLimit: 64Mi}}
  - {name: cfg, configMap: {name: cfg}}
  - {name: sec, secret: {secretName: sec}}
"""


@pytest.fixture(scope="module")
def sim():
    s = Simulation(seed=11, nodes=1)
    s.run("kubectl create configmap cfg --from-literal=a=1")
    s.run("kubectl create secret generic sec --from-literal=b=2")
    assert s.run("kubectl apply -f -", stdin=POD).exit_code == 0
    s.run("kubectl run deb --image=debian -- sleep 1d")
    s.run("kubectl run priv --image=busybox --overrides="
          "'{\"spec\":{\"containers\":[{\"name\":\"priv\",\"image\":\"busybox\",\"command\":[\"sleep\",\"1d\"],"
          "\"securityContext\":{\"privileged\":true}}]}}'")
    s.step(20)
    return s


def rows(text: str) -> list[tuple[str, str, str, str]]:
    out = []
    for line in text.splitlines():
        m = re.fullmatch(r"(\S+) on (\S+) type (\S+) \((\S+)\)", line)
        assert m, line
        out.append(m.groups())
    return out


def test_mount_lists_the_containers_mounts_in_order(sim):
    r = sim.run("kubectl exec m -- mount")
    table = rows(r.stdout)
    assert [(d, p, t) for d, p, t, _ in table[:17]] == [
        ("overlay", "/", "overlay"), ("proc", "/proc", "proc"), ("tmpfs", "/dev", "tmpfs"),
        ("devpts", "/dev/pts", "devpts"), ("mqueue", "/dev/mqueue", "mqueue"), ("sysfs", "/sys", "sysfs"),
        ("cgroup", "/sys/fs/cgroup", "cgroup2"), ("/dev/vda1", "/data", "ext4"), ("tmpfs", "/cache", "tmpfs"),
        ("/dev/vda1", "/etc/config", "ext4"), ("tmpfs", "/etc/secret", "tmpfs"), ("/dev/vda1", "/etc/hosts", "ext4"),
        ("/dev/vda1", "/dev/termination-log", "ext4"), ("/dev/vda1", "/etc/hostname", "ext4"),
        ("/dev/vda1", "/etc/resolv.conf", "ext4"), ("shm", "/dev/shm", "tmpfs"),
        ("tmpfs", "/var/run/secrets/kubernetes.io/serviceaccount", "tmpfs")]
    options = {p: o for _, p, _, o in table}
    assert options["/"].startswith("rw,relatime,lowerdir=/var/lib/containerd/io.containerd.snapshotter.v1.overlayfs/")
    assert options["/cache"] == "ro,relatime,size=65536k"
    assert options["/etc/config"] == "ro,relatime" and options["/data"] == "rw,relatime"
    assert options["/var/run/secrets/kubernetes.io/serviceaccount"].startswith("ro,")
    assert ("proc", "/proc/sysrq-trigger", "proc", "ro,nosuid,nodev,noexec,relatime") in table


def test_df_lists_the_mounts_that_have_blocks(sim):
    mounted = [(d, p) for d, p, t, _ in rows(sim.run("kubectl exec m -- mount").stdout)
               if t not in ("proc", "sysfs", "cgroup2", "devpts", "mqueue")]
    out = sim.run("kubectl exec m -- df").stdout.splitlines()
    assert [(row.split()[0], row.split()[-1]) for row in out[1:]] == mounted
    assert sim.run("kubectl exec m -- df /etc/config/a /etc/hosts").stdout.splitlines()[1:] == [
        "/dev/vda1             61202244  20134620  37926648  35% /etc/config",
        "/dev/vda1             61202244  20134620  37926648  35% /etc/hosts"]


def test_type_filter_and_a_debian_image(sim):
    assert {t for _, _, t, _ in rows(sim.run("kubectl exec m -- mount -t tmpfs").stdout)} == {"tmpfs"}
    table = rows(sim.run("kubectl exec deb -- mount").stdout)
    assert ("/dev/vda1", "/etc/hosts", "ext4", "rw,relatime") in table and len(table) == 24


@pytest.mark.parametrize("pod,line,code,err", [
    ("m", "mount /x", 1, "mount: can't read '/etc/fstab': No such file or directory\n"),
    ("m", "mount -t tmpfs tmpfs /mnt", 255, "mount: permission denied (are you root?)\n"),
    ("priv", "mount -t tmpfs tmpfs /nope", 255, "mount: mounting tmpfs on /nope failed: No such file or directory\n"),
    ("m", "mount -x", 1, "mount: invalid option -- 'x'\n"),
])
def test_mounting_needs_the_capability(sim, pod, line, code, err):
    r = sim.run(f"kubectl exec {pod} -- {line}")
    assert r.exit_code == code and r.stderr.startswith(err)
