"""What /proc and lsof show of a container's processes: a program's memory map
(`cat /proc/1/maps`) and its open files, built from procfs.yaml: the program's executable and
the libraries it maps, at fixed addresses (one picture per program, whatever the container)."""

from __future__ import annotations

import hashlib
import posixpath
from functools import cache, lru_cache
from importlib.resources import files

import yaml

from kubetui.engine.kubelet.imageconfig import distro

WRAPPERS = ("docker-entrypoint.sh", "entrypoint.sh", "tini", "dumb-init")
"""Programs that exec the next word of the command line: the process is that program."""
SEGMENTS = (("r--p", 0x1c), ("r-xp", 0xd7), ("r--p", 0x3f), ("r--p", 0x3), ("rw-p", 0x2))
"""An ELF file's mappings: (permissions, size in pages of 4 KiB times 16) for a program; a
library's sizes scale with its name's hash."""


@cache
def data() -> dict:
    return yaml.safe_load(files("kubetui.engine.kubelet").joinpath("procfs.yaml").read_text())


def program(command: str) -> str:
    """The program a command line runs (past an entrypoint wrapper; nginx's retitled master)."""
    if command.startswith("nginx: "):
        return "nginx"
    words = command.split()
    while len(words) > 1 and posixpath.basename(words[0]) in WRAPPERS:
        words = words[1:]
    return posixpath.basename(words[0]) if words else "sh"


def family(image: str) -> str | None:
    """The image's C library family: debian/ubuntu (glibc), alpine (musl), None (busybox: static)."""
    where = distro(image) if image else None
    return where[0] if where else None


def executable(image: str, name: str) -> str:
    """Where the program's file is: /bin/busybox for busybox's applets in an image of no family."""
    from kubetui.engine.kubelet.shell.applets import APPLETS
    fam = family(image)
    if fam != "debian" and fam != "ubuntu" and name in APPLETS and name not in ("nginx", "httpd"):
        return "/bin/busybox"
    facts = data()["programs"].get(name) or data()["programs"]["*"]
    return str(facts["path"]).format(name=name)


def _inode(path: str) -> int:
    return 1_000_000 + int(hashlib.sha256(path.encode()).hexdigest()[:6], 16) % 9_000_000


def _size(path: str) -> int:
    return 40_000 + int(hashlib.sha256(path.encode()).hexdigest()[6:11], 16) % 2_000_000


def _line(start: int, end: int, perms: str, offset: int, dev: str, inode: int, name: str) -> str:
    head = f"{start:012x}-{end:012x} {perms} {offset:08x} {dev} {inode} "
    return (head.ljust(73) + name if name else head) + "\n"


def _file(start: int, path: str, scale: int) -> tuple[list[str], int]:
    lines, offset, inode = [], 0, _inode(path)
    for perms, pages in SEGMENTS:
        size = max(1, pages * scale // 16) * 0x1000
        lines.append(_line(start + offset, start + offset + size, perms, offset if perms != "rw-p" else offset - 0x1000,
                           "00:5e", inode, path))
        offset += size
    return lines, start + offset


@lru_cache(maxsize=256)
def maps(image: str, command: str) -> str:
    """/proc/PID/maps of the process running `command` in an image (one text for every
    container of an image family running the same program)."""
    name = program(command)
    return _maps(family(image), name, executable(image, name))


@lru_cache(maxsize=64)
def _maps(fam: str | None, name: str, path: str) -> str:
    facts = data()["programs"].get(name) or data()["programs"]["*"]
    base = int(str(facts["base"]), 16)
    out, end = _file(base, path, 16)
    out.append(_line(end, end + 0x1e000, "rw-p", 0, "00:00", 0, ""))
    heap = base + 0x1000000
    out.append(_line(heap, heap + 0x4b000, "rw-p", 0, "00:00", 0, "[heap]"))
    if path != "/bin/busybox" and fam is not None:
        libdir = data()["libdir"][fam]
        libs = [f"{libdir}/{lib}" for lib in facts.get("libs") or ()] + list(data()["libc"][fam])
        at = 0x7f3a2c400000
        for lib in libs:
            scale = 2 + int(hashlib.sha256(lib.encode()).hexdigest()[:2], 16) % 14
            lines, at = _file(at, lib, scale)
            out += lines
            at = (at + 0x10000) & ~0xffff
    out += [_line(0x7ffd3e5a1000, 0x7ffd3e5c2000, "rw-p", 0, "00:00", 0, "[stack]"),
            _line(0x7ffd3e5f6000, 0x7ffd3e5fa000, "r--p", 0, "00:00", 0, "[vvar]"),
            _line(0x7ffd3e5fa000, 0x7ffd3e5fc000, "r-xp", 0, "00:00", 0, "[vdso]"),
            "ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0".ljust(73) + "[vsyscall]\n"]
    return "".join(out)


def open_files(image: str, command: str, port: int | None, tty: bool) -> list[tuple[str, str, str, str, str, str]]:
    """The process's open files as lsof lists them: (FD, TYPE, DEVICE, SIZE/OFF, NODE, NAME)."""
    name = program(command)
    path = executable(image, name)
    facts = data()["programs"].get(name) or data()["programs"]["*"]
    rows = [("cwd", "DIR", "0,94", "4096", "2", "/"), ("rtd", "DIR", "0,94", "4096", "2", "/"),
            ("txt", "REG", "0,94", str(_size(path)), str(_inode(path)), path)]
    fam = family(image)
    if path != "/bin/busybox" and fam is not None:
        libdir = data()["libdir"][fam]
        for lib in [f"{libdir}/{x}" for x in facts.get("libs") or ()] + list(data()["libc"][fam]):
            rows.append(("mem", "REG", "0,94", str(_size(lib)), str(_inode(lib)), lib))
    if tty:
        rows += [(f"{fd}u", "CHR", "136,0", "0t0", "3", "/dev/pts/0") for fd in range(3)]
    else:
        rows += [("0u", "CHR", "1,3", "0t0", "5", "/dev/null")]
        rows += [(f"{fd}w", "FIFO", "0,13", "0t0", str(_inode(f"{command}:{fd}")), "pipe") for fd in (1, 2)]
    if name == "bash" and tty:
        rows.append(("255u", "CHR", "136,0", "0t0", "3", "/dev/pts/0"))
    service = data()["services"].get(str(port), str(port)) if port else ""
    for fd, kind, where in facts.get("fds") or ():
        if "{port}" in where and not port:
            continue
        rows.append((fd, kind, str(_inode(f"{command}:{fd}")), "0t0", "TCP", where.format(port=service)))
    return rows
