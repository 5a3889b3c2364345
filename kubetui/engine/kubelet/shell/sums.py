"""busybox's `md5sum`, `sha1sum`, `sha256sum` and `sha512sum`: what checks that a file came through
`kubectl cp` or `exec -i` whole. Sums are of the file's bytes (`fs.as_bytes`), its bulk included."""

from __future__ import annotations

import hashlib

from kubetui.engine.kubelet.shell.applets import Run, _options, applet
from kubetui.engine.kubelet.shell.fs import FsError, as_bytes, byte_len

_ALGORITHMS = {"md5sum": ("md5", "MD5"), "sha1sum": ("sha1", "SHA1"), "sha256sum": ("sha256", "SHA256"),
               "sha512sum": ("sha512", "SHA512")}
_ZEROS = bytes(1 << 20)


def _usage(name: str) -> str:
    return (f"BusyBox v1.36.1 multi-call binary.\n\nUsage: {name} [-c[sw]] [FILE]...\n\n"
            f"Print or check {_ALGORITHMS[name][1]} checksums\n\n"
            "\t-c\tCheck sums against list in FILEs\n"
            "\t-s\tDon't output anything, status code shows success\n"
            "\t-w\tWarn about improperly formatted checksum lines\n")


def _digest(r: Run, name: str) -> str | None:
    """The hex sum of a file (`-` is stdin); None after printing why it cannot be read."""
    h = hashlib.new(_ALGORITHMS[r.name][0])
    if name == "-":
        h.update(as_bytes(r.stdin))
        return h.hexdigest()
    path = r.path(name)
    try:
        text = r.m.fs.read(path)
    except FsError as e:
        verb = "read" if str(e) == "Is a directory" else "open"
        r.err(f"{r.name}: can't {verb} '{name}': {e}\n")
        return None
    h.update(as_bytes(text))
    bulk = r.m.fs.size(path) - byte_len(text)
    while bulk > 0:
        h.update(_ZEROS[:bulk])
        bulk -= len(_ZEROS)
    return h.hexdigest()


@applet(*_ALGORITHMS)
def checksum(r: Run) -> int:
    opts, files = _options(r.argv[1:])
    bad = next((k for k in opts if k not in "csw"), None)
    if bad is not None:
        r.err(f"{r.name}: invalid option -- '{bad}'\n" + _usage(r.name))
        return 1
    files = files or ["-"]
    if opts.get("c"):
        return _check(r, files, silent=bool(opts.get("s")), warn=bool(opts.get("w")))
    code = 0
    for name in files:
        digest = _digest(r, name)
        if digest is None:
            code = 1
        else:
            r.out(f"{digest}  {name}\n")
    return code


def _check(r: Run, lists: list[str], silent: bool, warn: bool) -> int:
    """`-c`: each line of each list is `SUM  FILE` (or `SUM *FILE`); a FILE's sum is checked."""
    code = 0
    for name in lists:
        if name == "-":
            text = r.stdin
        else:
            try:
                text = r.m.fs.read(r.path(name))
            except FsError as e:
                r.err(f"{r.name}: {name}: {e}\n")
                return 1
        failed = total = 0
        lines = text.split("\n")
        if lines[-1] == "":
            lines.pop()
        for line in lines:
            total += 1
            at = line.find("  ")
            if at < 0:
                at = line.find(" *")
            if at < 0:
                if warn:
                    r.err(f"{r.name}: invalid format\n")
                failed += 1
                continue
            target = line[at + 2:]
            ok = _digest(r, target) == line[:at]
            if not silent:
                r.out(f"{target}: {'OK' if ok else 'FAILED'}\n")
            failed += not ok
        if failed:
            code = 1
            if not silent:
                r.err(f"{r.name}: WARNING: {failed} of {total} computed checksums did NOT match\n")
    return code
