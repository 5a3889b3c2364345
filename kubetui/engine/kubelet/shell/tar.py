"""busybox `tar` (create, extract, list; `-f -`, `-C`, `-m`, `-v`, `-O`): what the real
`kubectl cp` runs through exec (`tar cf - PATH` out of a container, `tar xmf - -C DIR` into one).
Archives are POSIX ustar bytes as busybox writes them (GNU magic, no padding to a record), so
any tar reader (Go's, in kubectl) takes them. The archive travels on the shell's streams as their
other bytes do (`fs.as_text`)."""

from __future__ import annotations

import posixpath
from datetime import timedelta

from kubetui.engine.kubelet.shell.applets import Run, _options, _walk, applet, group_name, user_name
from kubetui.engine.kubelet.shell.fs import FsError, as_bytes, as_text
from kubetui.model.clock import datetime_of

BLOCK = 512
_LONG = {"--no-same-owner": "o", "--no-same-permissions": "", "--overwrite": "", "--numeric-owner": "",
         "--to-stdout": "O", "--verbose": "v", "--extract": "x", "--create": "c", "--list": "t"}


def _epoch(now: int) -> int:
    return int(datetime_of(now).timestamp())


def _octal(n: int, width: int) -> bytes:
    return f"{n:0{width - 1}o}".encode() + b"\0"


def header(name: str, mode: int, uid: int, gid: int, size: int, mtime: int, kind: bytes,
           owner: tuple[str, str]) -> bytes:
    """One ustar header block (busybox's: GNU magic `ustar  `, the owner's user and group names
    filled in, or their numbers when the container's account files do not name them)."""
    raw = bytearray(BLOCK)
    raw[0:100] = name.encode()[:100].ljust(100, b"\0")
    raw[100:108] = _octal(mode & 0o7777, 8)
    raw[108:116] = _octal(uid, 8)
    raw[116:124] = _octal(gid, 8)
    raw[124:136] = _octal(size, 12)
    raw[136:148] = _octal(mtime, 12)
    raw[148:156] = b" " * 8
    raw[156:157] = kind
    raw[257:265] = b"ustar  \0"
    raw[265:297] = owner[0].encode()[:31].ljust(32, b"\0")
    raw[297:329] = owner[1].encode()[:31].ljust(32, b"\0")
    raw[148:156] = f"{sum(raw):06o}".encode() + b"\0 "
    return bytes(raw)


def _field(raw: bytes, start: int, end: int) -> str:
    return raw[start:end].split(b"\0", 1)[0].decode("utf-8", "replace")


def _number(raw: bytes, start: int, end: int) -> int:
    text = _field(raw, start, end).strip()
    return int(text, 8) if text else 0


def members(data: bytes):
    """(name, kind, mode, uid, gid, size, mtime, content) of each member; ValueError on a bad archive."""
    at = 0
    while at + BLOCK <= len(data):
        raw = data[at:at + BLOCK]
        if raw == bytes(BLOCK):
            return
        stored = raw[148:156].split(b"\0", 1)[0].strip()
        check = sum(raw[:148]) + 8 * 32 + sum(raw[156:])
        if not stored or int(stored, 8) != check:
            raise ValueError("invalid tar header checksum")
        name = _field(raw, 0, 100)
        if raw[257:262] == b"ustar" and raw[345:500].strip(b"\0"):
            name = _field(raw, 345, 500) + "/" + name
        size = _number(raw, 124, 136)
        body = data[at + BLOCK:at + BLOCK + size]
        if len(body) < size:
            raise ValueError("short read")
        yield (name, raw[156:157] or b"0", _number(raw, 100, 108), _number(raw, 108, 116), _number(raw, 116, 124),
               size, _number(raw, 136, 148), body)
        at += BLOCK + -(-size // BLOCK) * BLOCK
    if at < len(data) or not data:
        raise ValueError("short read")


def _parse(argv: list[str]) -> tuple[dict, list[str]] | None:
    args = list(argv)
    if args and not args[0].startswith("-"):
        args[0] = "-" + args[0]
    short: list[str] = []
    for a in args:
        if a.startswith("--"):
            name, _, value = a.partition("=")
            if name == "--directory":
                short += ["-C", value]
            elif name == "--file":
                short += ["-f", value]
            elif name in _LONG:
                if _LONG[name]:
                    short.append("-" + _LONG[name])
            else:
                return None
        else:
            short.append(a)
    return _options(short, "fCT")


@applet("tar")
def tar(r: Run) -> int:
    parsed = _parse(r.argv[1:])
    modes = [k for k in "cxt" if parsed and parsed[0].get(k)]
    if parsed is None or len(modes) != 1:
        r.err(USAGE)
        return 1
    opts, files = parsed
    archive = str(opts.get("f", "-"))
    where = r.path(str(opts["C"])) if opts.get("C") else r.m.cwd
    if opts.get("C") and not r.m.fs.is_dir(where):
        return r.fail(f"can't change directory to '{opts['C']}': No such file or directory")
    if modes == ["c"]:
        return _create(r, opts, files, archive, where)
    if archive == "-":
        data = as_bytes(r.stdin)
    else:
        try:
            data = r.m.fs.read_bytes(r.path(archive))
        except FsError as e:
            return r.fail(f"can't open '{archive}': {e}")
    return _extract(r, opts, files, data, where, listing=modes == ["t"])


def _create(r: Run, opts: dict, files: list[str], archive: str, where: str) -> int:
    if not files:
        return r.fail("empty archive")
    fs, out, code, warned = r.m.fs, bytearray(), 0, False
    verbose = opts.get("v")
    for f in files:
        full = fs.norm(f, where)
        if not fs.exists(full):
            r.err(f"tar: {f}: No such file or directory\n")
            code = 1
            continue
        name = f
        if name.startswith("/"):
            if not warned:
                r.err("tar: removing leading '/' from member names\n")
                warned = True
            name = name.lstrip("/")
        entries = [full, *(_walk(fs, full) if fs.is_dir(full) else [])]
        for path in entries:
            member = posixpath.normpath(posixpath.join(name, posixpath.relpath(path, full))) if path != full else name
            member = member.lstrip("/")
            vol, rel = fs._where(path)
            uid, gid = fs.owned(path)
            owner = (user_name(fs, uid), group_name(fs, gid))
            mtime = _epoch(vol.times.get(rel, 0))
            if fs.is_dir(path):
                member = member.rstrip("/") + "/"
                out += header(member, fs.mode(path), uid, gid, 0, mtime, b"5", owner)
            else:
                try:
                    body = fs.read_bytes(path)
                except FsError as e:
                    r.err(f"tar: {member}: {e}\n")
                    code = 1
                    continue
                out += header(member, fs.mode(path), uid, gid, len(body), mtime, b"0", owner)
                out += body + bytes(-len(body) % BLOCK)
            if verbose:
                r.m.write(2 if archive == "-" else 1, member + "\n", r.local)
    out += bytes(2 * BLOCK)
    if archive == "-":
        r.out(as_text(bytes(out)))
    else:
        try:
            fs.write_bytes(r.path(archive), bytes(out), now=r.m.now)
        except FsError as e:
            return r.fail(f"can't open '{archive}': {e}")
    if code:
        r.err("tar: error exit delayed from previous errors\n")
    return code


def _extract(r: Run, opts: dict, files: list[str], data: bytes, where: str, listing: bool) -> int:
    fs, code = r.m.fs, 0
    try:
        for name, kind, mode, uid, gid, size, mtime, body in members(data):
            if files and not any(name.rstrip("/") == f.rstrip("/") or name.startswith(f.rstrip("/") + "/")
                                 for f in files):
                continue
            if listing:
                if opts.get("v"):
                    when = datetime_of(0) + timedelta(seconds=mtime - _epoch(0))
                    kind_char = "d" if kind == b"5" else "-"
                    r.out(f"{kind_char}{_perm(mode)} {user_name(fs, uid)}/{group_name(fs, gid)} {size:>9} "
                          f"{when:%Y-%m-%d %H:%M:%S} {name}\n")
                else:
                    r.out(name + "\n")
                continue
            if opts.get("v"):
                r.out(name + "\n")
            if opts.get("O"):
                if kind != b"5":
                    r.out(as_text(body))
                continue
            path = fs.norm(name.lstrip("/"), where)
            try:
                if kind == b"5":
                    fs.mkdir(path, parents=True)
                    continue
                if kind not in (b"0", b"\0", b"7"):
                    continue
                parent = posixpath.dirname(path)
                if not fs.exists(parent):
                    fs.mkdir(parent, parents=True)
                if fs.is_file(path) and opts.get("k"):
                    continue
                if fs.is_file(path):
                    fs.remove(path)
                fs.write_bytes(path, body, now=r.m.now)
                if not opts.get("m"):
                    vol, rel = fs._where(path)
                    vol.times[rel] = r.m.now
                if mode & 0o7777 != fs.mode(path):
                    fs.chmod(path, mode & 0o7777)
            except FsError as e:
                r.err(f"tar: can't open '{name}': {e}\n")
                code = 1
    except ValueError as e:
        return r.fail(str(e))
    return code


def _perm(mode: int) -> str:
    bits = "rwxrwxrwx"
    return "".join(b if mode & (1 << (8 - i)) else "-" for i, b in enumerate(bits))


USAGE = ("BusyBox v1.36.1 multi-call binary.\n\n"
         "Usage: tar c|x|t [-ZzJjahmvokO] [-f TARFILE] [-C DIR] [-T FILE] [-X FILE] [LONGOPT]... [FILE]...\n\n"
         "Create, extract, or list files from a tar file\n")
