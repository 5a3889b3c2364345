"""A container's filesystem: the image's files plus its mounts, all in memory.

Paths never reach the real filesystem. A volume is a plain object so that two containers of a
pod can mount the same one (an emptyDir) and see each other's writes.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field


@dataclass
class Volume:
    """A tree of files (path relative to the volume root -> text) and directories."""

    files: dict[str, str] = field(default_factory=dict)
    dirs: set[str] = field(default_factory=lambda: {""})
    readonly: bool = False
    times: dict[str, int] = field(default_factory=dict)
    bulk: dict[str, int] = field(default_factory=dict)
    """Bytes of a file beyond its text (`dd if=/dev/zero`, `fallocate`): counted, not stored."""
    capacity: int | None = None
    """A tmpfs's size (an emptyDir of medium Memory): writing past it fails with ENOSPC."""
    raw: dict[str, bytes] = field(default_factory=dict)
    """A file's bytes when they are not UTF-8 text (a binary `kubectl cp` brought in); `files`
    holds what reading it as text shows."""

    def nbytes(self, rel: str) -> int:
        """The bytes of the file at `rel` (its text's, or its raw bytes, and its bulk)."""
        data = self.raw.get(rel)
        return (len(data) if data is not None else len(self.files[rel].encode())) + self.bulk.get(rel, 0)

    def used(self) -> int:
        """Bytes the volume's files hold (what the kubelet measures against a sizeLimit)."""
        return sum(self.nbytes(p) for p in self.files)

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
MAX_FILE = 256_000
"""Characters one file may hold: a runaway loop fills its disk, not the simulation's memory."""


@dataclass
class FileSystem:
    root: Volume = field(default_factory=Volume)
    mounts: dict[str, Volume] = field(default_factory=dict)
    """Mount point (absolute, normalised) -> volume."""

    @staticmethod
    def norm(path: str, cwd: str = "/") -> str:
        p = posixpath.normpath(posixpath.join(cwd, path))
        return "/" + p.lstrip("/") if p != "/" else "/"

    def _where(self, path: str) -> tuple[Volume, str]:
        best = ""
        for mp in self.mounts:
            if (path == mp or path.startswith(mp + "/")) and len(mp) > len(best):
                best = mp
        if best:
            return self.mounts[best], path[len(best):].strip("/")
        return self.root, path.strip("/")

    def is_dir(self, path: str) -> bool:
        vol, rel = self._where(path)
        return rel in vol.dirs or path in self.mounts

    def is_file(self, path: str) -> bool:
        if path == "/dev/null":
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
        vol, rel = self._where(path)
        if rel in vol.files:
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
        if vol.readonly:
            raise FsError(EROFS)
        text = (vol.files.get(rel, "") if append else "") + text
        if len(text) > MAX_FILE:
            raise FsError(ENOSPC)
        if vol.capacity is not None:
            old = len(vol.files.get(rel, "").encode()) + (vol.bulk.get(rel, 0) if not append else 0)
            if vol.used() - old + len(text.encode()) > vol.capacity:
                raise FsError(ENOSPC)
        if not append:
            vol.bulk.pop(rel, None)
            vol.raw.pop(rel, None)
        elif rel in vol.raw:
            vol.raw[rel] += text[len(vol.files.get(rel, "")):].encode()
        vol.files[rel] = text
        vol.times[rel] = now

    def write_bytes(self, path: str, data: bytes, now: int = 0) -> None:
        """Write a file's bytes as they are (text or not): what `kubectl cp` puts in."""
        text = data.decode("utf-8", errors="replace")
        self.write(path, text, now=now)
        if text.encode() != data:
            vol, rel = self._where(path)
            vol.raw[rel] = data

    def read_bytes(self, path: str) -> bytes:
        """A file's bytes as they are: what `kubectl cp` takes out."""
        text = self.read(path)
        vol, rel = self._where(path)
        return vol.raw.get(rel) or text.encode()

    def allocate(self, path: str, nbytes: int, append: bool = False, now: int = 0) -> int:
        """Give the file at `path` `nbytes` more (or exactly, unless `append`) bytes of zeros; the
        bytes written, or FsError(ENOSPC) after writing what fitted (on a full tmpfs)."""
        if not self.is_file(path):
            self.write(path, "", now=now)
        vol, rel = self._where(path)
        if vol.readonly:
            raise FsError(EROFS)
        if not append:
            vol.files[rel], vol.bulk[rel] = "", 0
            vol.raw.pop(rel, None)
        room = nbytes if vol.capacity is None else max(0, min(nbytes, vol.capacity - vol.used()))
        vol.bulk[rel] = vol.bulk.get(rel, 0) + room
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
        if vol.readonly:
            raise FsError(EROFS)
        vol.dirs.add(rel)

    def listdir(self, path: str) -> list[str]:
        if self.is_file(path):
            raise FsError(ENOTDIR)
        if not self.is_dir(path):
            raise FsError(ENOENT)
        vol, rel = self._where(path)
        prefix = rel + "/" if rel else ""
        names = {p[len(prefix):].split("/", 1)[0] for p in (*vol.files, *vol.dirs) if p.startswith(prefix) and p != rel}
        names |= {posixpath.basename(mp) for mp in self.mounts if posixpath.dirname(mp) == path}
        return sorted(n for n in names if n)

    def remove(self, path: str, recursive: bool = False) -> None:
        vol, rel = self._where(path)
        if vol.readonly:
            raise FsError(EROFS)
        if rel in vol.files:
            del vol.files[rel]
            vol.bulk.pop(rel, None)
            vol.raw.pop(rel, None)
            return
        if rel not in vol.dirs:
            raise FsError(ENOENT)
        inside = [p for p in (*vol.files, *vol.dirs) if p.startswith(rel + "/") or (rel == "" and p)]
        if inside and not recursive:
            raise FsError(ENOTEMPTY)
        for p in inside:
            vol.files.pop(p, None)
            vol.bulk.pop(p, None)
            vol.raw.pop(p, None)
            vol.dirs.discard(p)
        if rel:
            vol.dirs.discard(rel)

    def size(self, path: str) -> int:
        vol, rel = self._where(path)
        if rel in vol.files:
            return vol.nbytes(rel)
        return sum(vol.nbytes(p) for p in vol.files if p.startswith(rel + "/") or not rel)
