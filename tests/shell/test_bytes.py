"""The shell's streams and files carry bytes: whatever is not UTF-8 rides as surrogate escapes,
so any byte string goes through stdin, pipes, redirections, applets and files unchanged, and
sizes and sums count the bytes."""

from __future__ import annotations

import base64
import hashlib

from kubetui.engine.kubelet.shell import FileSystem, Machine
from kubetui.engine.kubelet.shell.fs import Volume, as_bytes, as_text, byte_len, joined
from kubetui.replay.records import stdin_base64, stdin_of

BLOB = bytes(range(256)) * 3 + b"\0\0\r\n\xff\xfe\xc3\x28\xed\xa0\x80\xf0\x9f\x98" + "한국어".encode()


def run(script: str, stdin: bytes = b"", fs: FileSystem | None = None) -> tuple[bytes, str, int, FileSystem]:
    if fs is None:
        fs = FileSystem()
        fs.mkdir("/tmp", parents=True)
    m = Machine.for_script(script, fs, {"PATH": "/bin"}, cwd="/tmp", stdin=as_text(stdin))
    while not m.done:
        m.advance(m.wake_at)
    out = "".join(t for fd, t in m.console if fd == 1)
    err = "".join(t for fd, t in m.console if fd == 2)
    return as_bytes(out), err, m.exit_code, fs


def test_bytes_and_text_round_trip():
    assert as_bytes(as_text(BLOB)) == BLOB
    assert as_text("한국어 ok".encode()) == "한국어 ok"
    assert byte_len(as_text(BLOB)) == len(BLOB) and byte_len("é") == 2
    assert as_bytes("a\ud800b") == "a\ufffdb".encode(), "a surrogate no byte stands for is U+FFFD, not an error"
    assert joined(as_text(b"\xc3"), as_text(b"\xa9!")) == "é!"


def test_stdin_to_a_file_and_back_is_exact():
    out, err, code, fs = run("cat > f; cat f; wc -c < f", BLOB)
    assert (err, code) == ("", 0)
    assert out == BLOB + f"{len(BLOB)}\n".encode()
    assert fs.read_bytes("/tmp/f") == BLOB and fs.size("/tmp/f") == len(BLOB)


def test_pipes_applets_and_sums_see_bytes():
    out, _, code, _ = run("cat | cat | md5sum; sha256sum f; head -c 5 f | base64", BLOB, _with("/tmp/f", BLOB))
    assert code == 0
    assert out.decode().splitlines() == [f"{hashlib.md5(BLOB).hexdigest()}  -",
                                         f"{hashlib.sha256(BLOB).hexdigest()}  f",
                                         base64.b64encode(BLOB[:5]).decode()]
    out, _, _, _ = run("base64 f | base64 -d", fs=_with("/tmp/f", BLOB))
    assert out == BLOB
    out, _, _, _ = run("tail -c 7 f; dd if=f bs=10 count=1 2>/dev/null", fs=_with("/tmp/f", BLOB))
    assert out == BLOB[-7:] + BLOB[:10]


def test_sizes_are_bytes_in_ls_and_stat():
    out, _, _, _ = run("ls -l f; stat -c %s f; wc -c f", fs=_with("/tmp/f", BLOB))
    lines = out.decode().splitlines()
    assert f" {len(BLOB)} " in lines[0] and lines[1:] == [str(len(BLOB)), f"{len(BLOB)} f"]


def test_a_sum_counts_a_files_bulk():
    out, _, _, _ = run("dd if=/dev/zero of=z bs=1024 count=3 2>/dev/null; md5sum z")
    assert out.decode() == f"{hashlib.md5(bytes(3072)).hexdigest()}  z\n"


def test_printf_octal_escapes_make_bytes():
    out, _, _, fs = run(r"printf '\377\000\303' > b; printf '\251' >> b; cat b")
    assert out == b"\xff\x00\xc3\xa9"
    assert fs.read("/tmp/b") == as_text(b"\xff\x00") + "é", "a character split between two writes is whole"


def test_a_binary_secret_is_mounted_as_its_bytes():
    from kubetui.engine.kubelet.volumes import _decode

    secret = {"kind": "Secret", "data": {"k": base64.b64encode(BLOB).decode()}}
    config = {"kind": "ConfigMap", "binaryData": {"k": base64.b64encode(BLOB).decode()}}
    assert as_bytes(_decode(secret)["k"]) == BLOB == as_bytes(_decode(config)["k"])


def test_binary_stdin_is_logged_as_base64():
    text = as_text(BLOB)
    assert stdin_base64(text) == base64.b64encode(BLOB).decode()
    assert stdin_of({"stdin": None, "stdinBase64": stdin_base64(text)}) == text
    assert stdin_base64("plain text, 한국어\n") is None and stdin_base64(None) is None


def _with(path: str, data: bytes) -> FileSystem:
    fs = FileSystem(root=Volume())
    fs.mkdir("/tmp", parents=True)
    fs.write_bytes(path, data)
    return fs
