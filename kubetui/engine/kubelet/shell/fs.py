"""A container's filesystem: the image's files plus its mounts, all in memory.

Paths never reach the real filesystem. A volume is a plain object so that two containers of a
pod can mount the same one (an emptyDir) and see each other's writes.

A file's contents, like every stream of the shell, are text whose bytes that are not UTF-8 are
held as surrogate escapes (PEP 383): any byte string goes in and comes out unchanged (`as_text`,
`as_bytes`), text applets see ordinary text, and sizes count the bytes (`byte_len`).

Files and directories carry Unix modes and owners; the filesystem a container sees carries the
identity of its processes (`runAsUser`, `runAsGroup`, `fsGroup`), and every change is checked
against them as the kernel does (root passes all but the exec bit and read-only mounts).
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field

PROC_MOUNTS = frozenset({"/proc/mounts", "/proc/self/mounts", "/proc/1/mounts"})
"""The kernel's view of the process's mount table, made when it is read (mounts.table)."""


def as_text(data: bytes) -> str:
    """Bytes as the shell's text: what is not UTF-8 becomes surrogate escapes, losslessly."""
    return data.decode("utf-8", "surrogateescape")


def as_bytes(text: str) -> bytes:
    """The bytes the shell's text stands for (the inverse of `as_text`); a lone surrogate that
    stands for no byte (none of `as_text`'s making) becomes U+FFFD."""
    try:
        return text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return "".join("\ufffd" if 0xD800 <= ord(c) < 0xDC80 or 0xDD00 <= ord(c) <= 0xDFFF else c
                       for c in text).encode("utf-8", "surrogateescape")


def byte_len(text: str) -> int:
    return len(text) if text.isascii() else len(as_bytes(text))


def joined(before: str, after: str) -> str:
    """Two pieces of a stream as one text: a UTF-8 character split between them is whole again."""
    text = before + after
    if before and after and ("\udc80" <= before[-1] <= "\udcff" or "\udc80" <= after[0] <= "\udcff"):
        return as_text(as_bytes(text))
    return text


@dataclass
class Volume:
    """A tree of files (path relative to the volume root -> contents, see `as_text`) and directories."""

    files: dict[str, str] = field(default_factory=dict)
    dirs: set[str] = field(default_factory=lambda: {""})
    readonly: bool = False
    times: dict[str, int] = field(default_factory=dict)
    bulk: dict[str, int] = field(default_factory=dict)
    """Bytes of a file beyond its text (`dd if=/dev/zero`, `fallocate`): counted, not stored."""
    capacity: int | None = None
    """A tmpfs's size (an emptyDir of medium Memory): writing past it fails with ENOSPC."""
    disk: bool = False
    """Kept on the node's disk (an emptyDir without `medium: Memory`, a hostPath, a claim), not a tmpfs."""
    modes: dict[str, int] = field(default_factory=dict)
    """Permission bits (with setuid/setgid/sticky) of files and directories not at the default."""
    owners: dict[str, tuple[int, int]] = field(default_factory=dict)
    """(uid, gid) of files and directories not owned by `owner`."""
    fmode: int = 0o644
    dmode: int = 0o755
    owner: tuple[int, int] = (0, 0)
    links: dict[str, str] = field(default_factory=dict)
    """Symbolic links `ls -l` shows (an atomic-writer volume's `key -> ..data/key`); reads follow
    them to the file stored at the link's own path."""
    inode: dict[str, str] = field(default_factory=dict)
    """Hard links: files sharing one inode (busybox's applets in /bin), whose bytes count once."""
    charge: dict[str, dict[str, int]] = field(default_factory=dict)
    """A file's bytes by the cgroup (container) that first touched them: tmpfs pages are charged
    to the memory cgroup of their first writer."""

    def mode(self, rel: str) -> int:
        return self.modes.get(rel, self.dmode if rel in self.dirs else self.fmode)

    def owned(self, rel: str) -> tuple[int, int]:
        return self.owners.get(rel, self.owner)

    def charged(self, cgroup: str) -> int:
        """Bytes of this volume charged to `cgroup`."""
        return sum(c.get(cgroup, 0) for p, c in self.charge.items() if p in self.files)

    def _charge(self, rel: str, cgroup: str, nbytes: int, append: bool) -> None:
        if not append:
            self.charge[rel] = {}
        if nbytes:
            c = self.charge.setdefault(rel, {})
            c[cgroup] = c.get(cgroup, 0) + nbytes

    def forget(self, rel: str) -> None:
        """Drop what the volume keeps about a file besides its text (it was removed)."""
        for table in (self.bulk, self.modes, self.owners, self.links, self.charge, self.times, self.inode):
            table.pop(rel, None)

    def nbytes(self, rel: str) -> int:
        """The bytes of the file at `rel`: its contents' and its bulk."""
        return byte_len(self.files[rel]) + self.bulk.get(rel, 0)

    def used(self) -> int:
        """Bytes the volume's files hold (what the kubelet measures against a sizeLimit)."""
        return sum(self.nbytes(p) for p in self.files)

    def resolve(self, rel: str) -> str:
        """`rel` with the links on its way followed (`key` -> `..data/key` -> `..2026_…/key`);
        an entry stored at the link's own path is read there."""
        for _ in range(8):
            if rel in self.files or rel in self.dirs:
                return rel
            parts = rel.split("/")
            for i in range(1, len(parts) + 1):
                head = "/".join(parts[:i])
                target = self.links.get(head)
                if target is not None:
                    base = posixpath.dirname(head)
                    rel = posixpath.normpath(posixpath.join(base, target, *parts[i:])).lstrip("/")
                    break
            else:
                return rel
        return rel

    def add(self, rel: str, text: str) -> None:
        parts = rel.split("/")
        for i in range(1, len(parts)):
            self.dirs.add("/".join(parts[:i]))
        self.files[rel] = text


class FsError(Exception):
    """An errno as busybox prints it."""


ENOENT = "No such file or directory"
EISDIR = "Is a directory"
ENOTDIR = "Not a directory"
EEXIST = "File exists"
EROFS = "Read-only file system"
ENOTEMPTY = "Directory not empty"
ENOSPC = "No space left on device"
EACCES = "Permission denied"
EPERM = "Operation not permitted"
MAX_FILE = 256_000
"""Characters one file may hold: a runaway loop fills its disk, not the simulation's memory."""


@dataclass
class FileSystem:
    root: Volume = field(default_factory=Volume)
    mounts: dict[str, Volume] = field(default_factory=dict)
    """Mount point (absolute, normalised) -> volume."""
    uid: int = 0
    gid: int = 0
    groups: tuple[int, ...] = ()
    """Supplementary groups of the container's processes (`fsGroup`, `supplementalGroups`)."""
    cgroup: str = ""
    """The container whose memory cgroup the pages its processes write to a tmpfs are charged to."""
    ro_mounts: frozenset[str] = frozenset()
    """Mount points mounted read-only (`readOnly: true`; the root with `readOnlyRootFilesystem`)."""

    # -- modes ---------------------------------------------------------------------------------
    def mode(self, path: str) -> int:
        vol, rel = self._where(path)
        if path == "/dev/null":
            return 0o666
        return vol.mode(rel)

    def owned(self, path: str) -> tuple[int, int]:
        vol, rel = self._where(path)
        return vol.owned(rel)

    def may(self, path: str, want: int) -> bool:
        """May this filesystem's user `want` (4 read, 2 write, 1 execute/search) the entry at `path`?"""
        if path == "/dev/null":
            return want != 1
        mode = self.mode(path)
        if self.uid == 0:
            return want != 1 or self.is_dir(path) or bool(mode & 0o111)
        uid, gid = self.owned(path)
        if uid == self.uid:
            bits = mode >> 6
        elif gid == self.gid or gid in self.groups:
            bits = mode >> 3
        else:
            bits = mode
        return bool(bits & want)

    def writable(self, path: str) -> None:
        """FsError unless the mount holding `path` takes writes."""
        vol, _ = self._where(path)
        if vol.readonly or self.ro_mounts and (self._mount_of(path) in self.ro_mounts or path in self.ro_mounts):
            raise FsError(EROFS)

    def check_write(self, path: str) -> None:
        """FsError unless this user may write the existing file at `path`."""
        self.writable(path)
        if not self.may(path, 2):
            raise FsError(EACCES)

    def _mount_of(self, path: str) -> str:
        best = "/"
        for mp in self.mounts:
            if (path == mp or path.startswith(mp + "/")) and len(mp) > len(best):
                best = mp
        return best

    def _may_change(self, parent: str) -> None:
        """Creating or removing an entry needs write and search permission on its directory."""
        if not (self.may(parent, 2) and self.may(parent, 1)):
            raise FsError(EACCES)

    def _new_owner(self, vol: Volume, rel: str, parent_path: str, is_dir: bool) -> None:
        """A new entry belongs to its creator; under a setgid directory, to that directory's group."""
        pvol, prel = self._where(parent_path)
        gid = pvol.owned(prel)[1] if pvol.mode(prel) & 0o2000 else self.gid
        if (self.uid, gid) != vol.owner:
            vol.owners[rel] = (self.uid, gid)
        else:
            vol.owners.pop(rel, None)
        if is_dir and pvol.mode(prel) & 0o2000:
            vol.modes[rel] = vol.dmode | 0o2000

    def chmod(self, path: str, mode: int) -> None:
        if not self.exists(path):
            raise FsError(ENOENT)
        self.writable(path)
        if self.uid != 0 and self.owned(path)[0] != self.uid:
            raise FsError(EPERM)
        vol, rel = self._where(path)
        default = vol.dmode if rel in vol.dirs else vol.fmode
        if mode & 0o7777 == default:
            vol.modes.pop(rel, None)
        else:
            vol.modes[rel] = mode & 0o7777

    @staticmethod
    def norm(path: str, cwd: str = "/") -> str:
        p = posixpath.normpath(posixpath.join(cwd, path))
        return "/" + p.lstrip("/") if p != "/" else "/"

    def _where(self, path: str) -> tuple[Volume, str]:
        best = ""
        for mp in self.mounts:
            if (path == mp or path.startswith(mp + "/")) and len(mp) > len(best):
                best = mp
        vol, rel = (self.mounts[best], path[len(best):].strip("/")) if best else (self.root, path.strip("/"))
        if vol.links:
            rel = vol.resolve(rel)
        return vol, rel

    def link(self, path: str) -> str | None:
        """The target of the symbolic link at `path` (its folder's links followed), or None."""
        vol, rel = self._where(posixpath.dirname(path) if path != "/" else path)
        if path == "/":
            return None
        return vol.links.get(posixpath.join(rel, posixpath.basename(path)).lstrip("/"))

    def is_dir(self, path: str) -> bool:
        vol, rel = self._where(path)
        return rel in vol.dirs or path in self.mounts

    def is_file(self, path: str) -> bool:
        if path == "/dev/null" or path in PROC_MOUNTS:
            return True
        vol, rel = self._where(path)
        return rel in vol.files

    def exists(self, path: str) -> bool:
        return self.is_dir(path) or self.is_file(path)

    def _parent_ok(self, path: str) -> None:
        parent = posixpath.dirname(path)
        if self.is_file(parent):
            raise FsError(ENOTDIR)
        if not self.is_dir(parent):
            raise FsError(ENOENT)

    def read(self, path: str) -> str:
        if path == "/dev/null":
            return ""
        if path in PROC_MOUNTS:
            from kubetui.engine.kubelet.shell.mounts import table
            return "".join(f"{m.device} {m.point} {m.type} {m.options} 0 0\n" for m in table(self))
        vol, rel = self._where(path)
        if rel in vol.files:
            if not self.may(path, 4):
                raise FsError(EACCES)
            return vol.files[rel]
        if self.is_dir(path):
            raise FsError(EISDIR)
        raise FsError(ENOENT)

    def write(self, path: str, text: str, append: bool = False, now: int = 0) -> None:
        if path == "/dev/null":
            return
        if self.is_dir(path):
            raise FsError(EISDIR)
        self._parent_ok(path)
        vol, rel = self._where(path)
        self.writable(path)
        new = rel not in vol.files
        if new:
            self._may_change(posixpath.dirname(path))
        else:
            self.check_write(path)
        before = byte_len(vol.files.get(rel, "")) if append else 0
        text = joined(vol.files.get(rel, ""), text) if append else text
        if len(text) > MAX_FILE:
            raise FsError(ENOSPC)
        size = byte_len(text)
        if vol.capacity is not None:
            old = byte_len(vol.files.get(rel, "")) + (vol.bulk.get(rel, 0) if not append else 0)
            if vol.used() - old + size > vol.capacity:
                raise FsError(ENOSPC)
        if not append:
            vol.bulk.pop(rel, None)
        vol.files[rel] = text
        vol.times[rel] = now
        vol._charge(rel, self.cgroup, size - before, append)
        if new:
            self._new_owner(vol, rel, posixpath.dirname(path), False)

    def write_bytes(self, path: str, data: bytes, now: int = 0) -> None:
        """Write a file's bytes as they are (text or not): what `kubectl cp` puts in."""
        self.write(path, as_text(data), now=now)

    def read_bytes(self, path: str) -> bytes:
        """A file's bytes as they are: what `kubectl cp` takes out."""
        return as_bytes(self.read(path))

    def allocate(self, path: str, nbytes: int, append: bool = False, now: int = 0) -> int:
        """Give the file at `path` `nbytes` more (or exactly, unless `append`) bytes of zeros; the
        bytes written, or FsError(ENOSPC) after writing what fitted (on a full tmpfs)."""
        if not self.is_file(path):
            self.write(path, "", now=now)
        vol, rel = self._where(path)
        self.check_write(path)
        if not append:
            vol.files[rel], vol.bulk[rel] = "", 0
        room = nbytes if vol.capacity is None else max(0, min(nbytes, vol.capacity - vol.used()))
        vol.bulk[rel] = vol.bulk.get(rel, 0) + room
        vol._charge(rel, self.cgroup, room, append)
        vol.times[rel] = now
        if room < nbytes:
            raise FsError(ENOSPC)
        return room

    def mkdir(self, path: str, parents: bool = False) -> None:
        if self.exists(path):
            if parents and self.is_dir(path):
                return
            raise FsError(EEXIST)
        if parents:
            parent = posixpath.dirname(path)
            if parent != path:
                self.mkdir(parent, parents=True)
        self._parent_ok(path)
        vol, rel = self._where(path)
        self.writable(path)
        self._may_change(posixpath.dirname(path))
        vol.dirs.add(rel)
        self._new_owner(vol, rel, posixpath.dirname(path), True)

    def listdir(self, path: str) -> list[str]:
        if self.is_file(path):
            raise FsError(ENOTDIR)
        if not self.is_dir(path):
            raise FsError(ENOENT)
        if not self.may(path, 4):
            raise FsError(EACCES)
        vol, rel = self._where(path)
        prefix = rel + "/" if rel else ""
        names = {p[len(prefix):].split("/", 1)[0] for p in (*vol.files, *vol.dirs, *vol.links) if p.startswith(prefix) and p != rel}
        names |= {posixpath.basename(mp) for mp in self.mounts if posixpath.dirname(mp) == path}
        return sorted(n for n in names if n)

    def remove(self, path: str, recursive: bool = False) -> None:
        vol, rel = self._where(path)
        if rel in vol.files or rel in vol.dirs:
            self.writable(path)
            parent = posixpath.dirname(path)
            self._may_change(parent)
            if self.uid and self.mode(parent) & 0o1000 and self.uid not in (self.owned(path)[0], self.owned(parent)[0]):
                raise FsError(EPERM)
        if rel in vol.files:
            del vol.files[rel]
            vol.forget(rel)
            return
        if rel not in vol.dirs:
            raise FsError(ENOENT)
        inside = [p for p in (*vol.files, *vol.dirs) if p.startswith(rel + "/") or (rel == "" and p)]
        if inside and not recursive:
            raise FsError(ENOTEMPTY)
        for p in inside:
            vol.files.pop(p, None)
            vol.forget(p)
            vol.dirs.discard(p)
        if rel:
            vol.dirs.discard(rel)
            vol.forget(rel)

    def mtime(self, path: str) -> int:
        """The tick the file at `path` was last written (0: as the image or volume shipped it)."""
        vol, rel = self._where(path)
        return vol.times.get(rel, 0)

    def size(self, path: str) -> int:
        vol, rel = self._where(path)
        if rel in vol.files:
            return vol.nbytes(rel)
        seen: set[str] = set()
        total = 0
        for p in vol.files:
            if p.startswith(rel + "/") or not rel:
                node = vol.inode.get(p)
                if node is not None:
                    if node in seen:
                        continue
                    seen.add(node)
                total += vol.nbytes(p)
        return total

    def nlink(self, path: str) -> int:
        vol, rel = self._where(path)
        if rel in vol.dirs:
            return 2
        node = vol.inode.get(rel)
        return 1 if node is None else sum(1 for n in vol.inode.values() if n == node)
