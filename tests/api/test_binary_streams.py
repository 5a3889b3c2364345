"""Binary bytes through exec, attach and the real kubectl's `cp`: stdin, stdout and the container's
files carry every byte value (NULs, CR LF, invalid UTF-8) unchanged, and a replay of a run whose
exec read binary stdin ends with the same file."""

from __future__ import annotations

import base64
import hashlib
import random
import subprocess

import pytest

from tests.api.conftest import KUBECTL

pytestmark = pytest.mark.slow  # the real kubectl against `kubetui serve`: differential, seconds a file


def payload(size: int = 64 * 1024, seed: int = 14) -> bytes:
    """Random bytes holding every byte value, runs of NULs, CR LF and invalid UTF-8."""
    rng = random.Random(seed)
    fixed = bytes(range(256)) + b"\0" * 64 + b"a\r\nb\r\n\r\n" + b"\xff\xfe\xc3\x28\xa0\xa1\xed\xa0\x80\xc3"
    return fixed + rng.randbytes(size - len(fixed))


def _pod(served):
    if served.call(served.sim.get, "Pod", "bb", "default") is None:
        served.kubectl("run", "bb", "--image=busybox", "--", "sleep", "3600")
        served.step(20)


def kubectl_bytes(served, *args: str, stdin: bytes | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([KUBECTL, *args], input=stdin, capture_output=True, env={**served.env(), **(env or {})},
                          timeout=60)


def container_file(sim, pod: str, path: str) -> bytes:
    rt = sim.kubelet.runtime("default", pod)
    return rt.containers[0].fs.read_bytes(path)


@pytest.fixture(scope="module")
def data():
    return payload()


def test_the_payload_holds_what_text_streams_lose(data):
    assert len(data) == 64 * 1024 and set(data) == set(range(256))
    assert b"\r\n" in data and b"\0\0" in data
    with pytest.raises(UnicodeDecodeError):
        data.decode()


def test_real_kubectl_cp_in_and_out_is_exact(shared, tmp_path, data):
    _pod(shared)
    src = tmp_path / "blob.bin"
    src.write_bytes(data)
    r = shared.kubectl("cp", str(src), "bb:/tmp/blob.bin")
    assert r.returncode == 0, r.stderr
    assert shared.call(container_file, shared.sim, "bb", "/tmp/blob.bin") == data
    r = shared.kubectl("cp", "bb:/tmp/blob.bin", str(tmp_path / "back.bin"))
    assert r.returncode == 0, r.stderr
    assert hashlib.sha256((tmp_path / "back.bin").read_bytes()).hexdigest() == hashlib.sha256(data).hexdigest()


def test_exec_stdin_and_stdout_carry_bytes(shared, data):
    _pod(shared)
    r = kubectl_bytes(shared, "exec", "-i", "bb", "--", "sh", "-c", "cat > /tmp/f", stdin=data)
    assert r.returncode == 0, r.stderr
    r = kubectl_bytes(shared, "exec", "bb", "--", "cat", "/tmp/f")
    assert r.returncode == 0, r.stderr
    assert r.stdout == data
    r = kubectl_bytes(shared, "exec", "-i", "bb", "--", "cat", stdin=data)
    assert r.stdout == data


def test_exec_over_spdy_carries_bytes(shared, data):
    _pod(shared)
    spdy = {"KUBECTL_REMOTE_COMMAND_WEBSOCKETS": "false"}
    r = kubectl_bytes(shared, "exec", "-i", "bb", "--", "sh", "-c", "cat > /tmp/spdy", stdin=data, env=spdy)
    assert r.returncode == 0, r.stderr
    r = kubectl_bytes(shared, "exec", "bb", "--", "cat", "/tmp/spdy", env=spdy)
    assert r.stdout == data


def test_sizes_and_sums_count_bytes(shared, data):
    _pod(shared)
    assert kubectl_bytes(shared, "exec", "-i", "bb", "--", "sh", "-c", "cat > /tmp/sums", stdin=data).returncode == 0
    script = ("md5sum /tmp/sums; sha256sum /tmp/sums; cat /tmp/sums | md5sum; wc -c /tmp/sums; wc -c < /tmp/sums; "
              "stat -c %s /tmp/sums; ls -l /tmp/sums")
    r = kubectl_bytes(shared, "exec", "bb", "--", "sh", "-c", script)
    assert r.returncode == 0, r.stderr
    lines = r.stdout.decode().splitlines()
    assert lines[:6] == [f"{hashlib.md5(data).hexdigest()}  /tmp/sums", f"{hashlib.sha256(data).hexdigest()}  /tmp/sums",
                         f"{hashlib.md5(data).hexdigest()}  -", f"{len(data)} /tmp/sums", str(len(data)), str(len(data))]
    assert f" {len(data)} " in lines[6]
    r = kubectl_bytes(shared, "exec", "bb", "--", "sh", "-c", "head -c 300 /tmp/sums; tail -c 300 /tmp/sums")
    assert r.stdout == data[:300] + data[-300:]
    encoded = kubectl_bytes(shared, "exec", "bb", "--", "base64", "/tmp/sums").stdout
    assert base64.b64decode(encoded) == data
    assert kubectl_bytes(shared, "exec", "-i", "bb", "--", "base64", "-d", stdin=encoded).stdout == data


def test_builtin_kubectl_cp_stays_exact(shared, tmp_path, data):
    _pod(shared)
    src = tmp_path / "mine.bin"
    src.write_bytes(data)
    r = shared.builtin(f"kubectl cp {src} bb:/tmp/mine.bin")
    assert r.exit_code == 0, r.stderr
    r = shared.builtin(f"kubectl cp bb:/tmp/mine.bin {tmp_path / 'out.bin'}")
    assert r.exit_code == 0, r.stderr
    assert (tmp_path / "out.bin").read_bytes() == data
    assert shared.call(container_file, shared.sim, "bb", "/tmp/mine.bin") == data
    line = "kubectl exec bb -- cat /tmp/mine.bin > redirected.bin"
    r = shared.running.call(lambda: shared.sim.run(line, source="test", cwd=str(tmp_path)))
    assert r.exit_code == 0, r.stderr
    assert (tmp_path / "redirected.bin").read_bytes() == data, "the door's `>` writes the output's bytes"


def test_a_run_with_binary_stdin_replays(tmp_path, serve_session, logged_session, data):
    session = logged_session(tmp_path, 5)
    sim = session.sim
    s = serve_session(tmp_path, session)
    try:
        s.kubectl("run", "bb", "--image=busybox", "--", "sleep", "3600")
        s.step(20)
        r = kubectl_bytes(s, "exec", "-i", "bb", "--", "sh", "-c", "cat > /tmp/f; md5sum /tmp/f", stdin=data)
        assert r.stdout.decode() == f"{hashlib.md5(data).hexdigest()}  /tmp/f\n", r.stderr
        src = tmp_path / "in.bin"
        src.write_bytes(data[::-1])
        assert s.kubectl("cp", str(src), "bb:/tmp/g").returncode == 0
        s.step(3)
    finally:
        s.running.stop()
    checksum = sim.checksum()
    session.close({"passed": None, "score": None})
    text = (tmp_path / "run.jsonl").read_text(encoding="utf-8")
    assert '"stdinBase64": ' in text
    from kubetui.replay.reader import read_log
    from kubetui.replay.replayer import Replay, verify

    replay = Replay(read_log(tmp_path / "run.jsonl"))
    assert verify(replay).ok
    again = replay.base()
    replay.advance(again, 0, replay.end_tick)
    assert again.checksum() == checksum
    assert container_file(again, "bb", "/tmp/f") == data
    assert container_file(again, "bb", "/tmp/g") == data[::-1]


def test_logs_carry_a_containers_bytes(shared):
    if shared.call(shared.sim.get, "Pod", "printer", "default") is None:
        shared.kubectl("run", "printer", "--image=busybox", "--", "sh", "-c", r"printf 'a\377\000b\r\n'; sleep 3600")
        shared.step(20)
    r = kubectl_bytes(shared, "logs", "printer")
    assert (r.returncode, r.stdout) == (0, b"a\xff\x00b\r\n"), r.stderr


@pytest.mark.parametrize("minor", [29, 32])
def test_older_kubectl_cp_is_exact(shared, tmp_path, data, minor):
    """kubectl 1.29 speaks SPDY, 1.32 WebSocket v5 (the binaries the Google Cloud SDK installs)."""
    from tests.api.test_older_kubectl import binary

    old = str(binary(minor))
    _pod(shared)
    src = tmp_path / "old.bin"
    src.write_bytes(data)
    r = subprocess.run([old, "cp", str(src), f"bb:/tmp/old{minor}.bin"], capture_output=True, env=shared.env(), timeout=60)
    assert r.returncode == 0, r.stderr
    r = subprocess.run([old, "cp", f"bb:/tmp/old{minor}.bin", str(tmp_path / "back.bin")], capture_output=True,
                       env=shared.env(), timeout=60)
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "back.bin").read_bytes() == data
