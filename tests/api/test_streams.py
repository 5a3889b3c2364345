"""The streaming subresources with the real kubectl: `kubectl port-forward` opens a local port the
simulated app answers (SPDY tunnelled through a WebSocket, kubectl 1.31+'s default), and
`kubectl attach` streams what the container writes from then on."""

from __future__ import annotations

import queue
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request

import pytest

from kubetui.api import spdy
from kubetui.api.portforward import app_response
from kubetui.engine.network.client import forward_refused

pytestmark = pytest.mark.slow  # each test drives the real kubectl in subprocesses


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _lines(proc: subprocess.Popen, stream: str = "stdout") -> queue.Queue:
    q: queue.Queue = queue.Queue()

    def pump():
        for line in getattr(proc, stream):
            q.put(line)
        q.put(None)
    threading.Thread(target=pump, daemon=True).start()
    return q


def _until(condition, timeout: float = 60) -> None:
    end = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < end, "condition not reached"
        time.sleep(0.05)


@pytest.fixture
def forward(served):
    procs = []

    def start(target: str, remote: int) -> tuple[subprocess.Popen, int, queue.Queue]:
        port = _free_port()
        p = subprocess.Popen([served.binary, "port-forward", target, f"{port}:{remote}"], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, env=served.env())
        procs.append(p)
        out = _lines(p)
        assert out.get(timeout=20) == f"Forwarding from 127.0.0.1:{port} -> {remote}\n"
        return p, port, out
    yield start
    for p in procs:
        p.kill()
        p.communicate()


def test_port_forward_reaches_the_pods_app(served, forward):
    served.kubectl("run", "web", "--image=nginx:1.27", "--port=80")
    served.kubectl("run", "api", "--image=hashicorp/http-echo", "--port=5678")
    served.step(15)
    p, port, out = forward("pod/web", 80)
    for _ in range(3):
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10) as resp:
            assert resp.status == 200
            assert resp.headers["Content-Type"] == "text/html"
            assert b"<title>Welcome to nginx!</title>" in resp.read()
    # kubectl's IPv4 listener may take a connection before the IPv6 one says it is listening
    assert sorted([out.get(timeout=5), out.get(timeout=5)]) == [f"Forwarding from [::1]:{port} -> 80\n",
                                                                f"Handling connection for {port}\n"]
    assert p.poll() is None

    _, port, _ = forward("pod/api", 5678)
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10) as resp:
        assert resp.read() == b"Hello from api\n"


def test_port_forward_to_a_port_nothing_listens_on_reports_the_kubelets_error(served, forward):
    served.kubectl("run", "web", "--image=nginx:1.27", "--port=80")
    served.step(15)
    pod = served.call(served.sim.get, "Pod", "web", "default")
    p, port, _ = forward("pod/web", 81)
    with pytest.raises((urllib.error.URLError, ConnectionError)):
        urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10).read()
    _, err = p.communicate(timeout=20)
    said = forward_refused(pod, 81)
    assert said.startswith("error forwarding port 81 to pod ") and ", uid : failed to execute portforward in network " \
        "namespace \"/var/run/netns/cni-" in said and "IPv4: dial tcp4 127.0.0.1:81: connect: connection refused" in said
    assert f'portforward.go:549] "An error occurred forwarding" err="{said.replace(chr(34), chr(92) + chr(34))}" ' \
        f"localPort={port} remotePort=81\n" in err
    assert err.endswith("error: lost connection to pod\n")
    assert p.returncode == 1


def test_port_forward_to_a_missing_pod(served):
    r = served.kubectl("port-forward", "pod/nope", "18080:80")
    assert (r.returncode, r.stderr) == (1, 'Error from server (NotFound): pods "nope" not found\n')


def test_attach_streams_what_the_container_writes_from_then_on(served):
    served.kubectl("run", "ticker", "--image=busybox", "--", "sh", "-c",
                   "i=0; while true; do i=$((i+1)); echo tick $i; sleep 1; done")
    served.step(6)
    before = served.kubectl("logs", "ticker").stdout
    assert before.startswith("tick 1\n")
    p = subprocess.Popen([served.binary, "attach", "ticker"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         text=True, env=served.env())
    try:
        _until(lambda: served.server.attached == 1)
        served.step(3)
        out = _lines(p)
        got = [out.get(timeout=20) for _ in range(3)]
        last = int(before.splitlines()[-1].split()[1])
        assert got == [f"tick {n}\n" for n in range(last + 1, last + 4)]
        served.builtin("kubectl delete pod ticker --wait=false")
        served.step(40)
        assert p.wait(timeout=20) == 0
    finally:
        p.kill()
        p.communicate()
    assert served.server.attached == 0


def test_spdy_header_blocks_round_trip_through_the_dictionary():
    client, server = spdy.Session(), spdy.Session()
    block = client._block({"streamtype": "data", "port": "80", "requestid": "0"})
    frame = spdy.Session.control(spdy.SYN_STREAM, (1).to_bytes(4, "big") + bytes(6) + block)
    first, second = frame[:5], frame[5:]
    assert server.feed(first) == []
    (got,) = server.feed(second)
    assert (got.type, got.stream, got.headers) == (spdy.SYN_STREAM, 1, {"streamtype": "data", "port": "80",
                                                                        "requestid": "0"})
    assert len(spdy.DICTIONARY) == 1423


def test_the_app_answers_http_only():
    from kubetui import Simulation

    sim = Simulation()
    pod = {"metadata": {"name": "p", "namespace": "default"}, "spec": {"containers": [{"image": "busybox"}]}}
    assert app_response(sim, pod, b"GET / HTTP/1.1\r\nHost: x\r\n") == b""
    answer = app_response(sim, pod, b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
    assert answer.startswith(b"HTTP/1.1 200 OK\r\n") and answer.endswith(b"\r\n\r\nHello from p\n")
    assert app_response(sim, pod, b"\x16\x03\x01\r\n\r\n") == b""
    assert app_response(sim, pod, b"GET / HTTP/1.1\r\n\r\n", port=6379) == b""


@pytest.mark.slow
def test_a_session_with_port_forward_and_attach_replays_in_a_fresh_process(tmp_path, serve_session, logged_session):
    import sys


    session = logged_session(tmp_path, 7)
    sim = session.sim
    s = serve_session(tmp_path, session)
    try:
        s.kubectl("run", "web", "--image=nginx:1.27", "--port=80")
        s.kubectl("run", "ticker", "--image=busybox", "--", "sh", "-c", "while true; do echo tick; sleep 1; done")
        s.step(15)
        port = _free_port()
        p = subprocess.Popen([s.binary, "port-forward", "pod/web", f"{port}:80"], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, env=s.env())
        a = subprocess.Popen([s.binary, "attach", "ticker"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True, env=s.env())
        try:
            assert _lines(p).get(timeout=20).startswith("Forwarding from")
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10) as resp:
                assert resp.status == 200
            _until(lambda: s.server.attached == 1)
            s.step(5)
            assert _lines(a).get(timeout=20) == "tick\n"
            s.kubectl("delete", "pod", "ticker", "--wait=false")
            s.step(10)
        finally:
            for proc in (p, a):
                proc.kill()
                proc.communicate()
    finally:
        s.running.stop()
    checksum = sim.checksum()
    session.close({"passed": None, "score": None})
    out = subprocess.run([sys.executable, "-m", "kubetui.cli", "replay", "--verify", str(tmp_path / "run.jsonl")],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "replay matches" in out.stdout
    from kubetui.replay.reader import read_log
    from kubetui.replay.replayer import Replay

    replay = Replay(read_log(tmp_path / "run.jsonl"))
    again = replay.base()
    replay.advance(again, 0, replay.end_tick)
    assert again.checksum() == checksum


def _read_until(fd: int, text: str, timeout: float = 60) -> str:
    import os
    import select

    buf = b""
    end = time.monotonic() + timeout
    while text.encode() not in buf:
        assert time.monotonic() < end, f"waited for {text!r}, got {buf!r}"
        ready, _, _ = select.select([fd], [], [], 0.1)
        if ready:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                break
            if not chunk:
                break
            buf += chunk
    return buf.decode()


def _exec_it_box(s) -> tuple[subprocess.Popen, int]:
    """The real `kubectl exec -it box -- sh` on a pty: the process, and the pty's master side."""
    import os
    import pty

    master, slave = pty.openpty()
    p = subprocess.Popen([s.binary, "exec", "-it", "box", "--", "sh"], stdin=slave, stdout=slave, stderr=slave,
                         env=s.env())
    os.close(slave)
    return p, master


def _tty_session(s) -> tuple[int, list[str]]:
    """`kubectl exec -it box -- sh` on a real terminal (a pty): what it showed at each step."""
    import os

    p, master = _exec_it_box(s)
    shown = [_read_until(master, "/ # ")]
    for keys, until in ((b"echo hi\r", "hi\r\n/ # "), (b"cd /tmp\r", "/tmp # "),
                        (b"echo hello > f; ls; pwd\r", "/tmp\r\n/tmp # "), (b"ech\x7fho x\x03", "^C\r\n/tmp # "),
                        (b"cat /tmp/f\r", "hello\r\n/tmp # "), (b"exit 3\r", "exit code 3\r\n")):
        os.write(master, keys)
        shown.append(_read_until(master, until))
    code = p.wait(timeout=20)
    os.close(master)
    return code, shown


def test_exec_with_a_terminal_is_an_interactive_shell(served):
    served.kubectl("run", "box", "--image=busybox", "--", "sleep", "3600")
    served.step(10)
    code, shown = _tty_session(served)
    assert code == 3
    assert shown == ["/ # ", "echo hi\r\nhi\r\n/ # ", "cd /tmp\r\n/tmp # ", "echo hello > f; ls; pwd\r\nf\r\n/tmp\r\n/tmp # ",
                     "ech\b \bho x^C\r\n/tmp # ", "cat /tmp/f\r\nhello\r\n/tmp # ",
                     "exit 3\r\ncommand terminated with exit code 3\r\n"]
    started = next(r for r in served.sim.command_log if r["line"].startswith("kubectl exec"))
    assert started["line"] == "kubectl exec -i -t box -n default -c box -- sh" and started["background"]
    sent = [r["line"] for r in served.sim.command_log if r.get("sends") == started["seq"]]
    assert sent == ["echo hi", "cd /tmp", "echo hello > f; ls; pwd", "\x03", "cat /tmp/f", "exit 3"]
    r = served.kubectl("exec", "-it", "box", "--", "cat", "/tmp/f")
    assert r.stdout == "hello\n"
    assert r.stderr == "Unable to use a TTY - input is not a terminal or the right kind of file\n"


def test_ctrl_c_on_the_real_kubectls_terminal_stops_the_running_line_and_the_shell_stays(served):
    """The real kubectl in raw mode sends ^C as byte 0x03 on stdin: the line running in the
    container stops (`$?` 130; ping has its last word), typed-ahead keys wait for the prompt."""
    import os

    served.kubectl("run", "box", "--image=busybox", "--", "sleep", "3600")
    served.step(10)
    p, master = _exec_it_box(served)
    shown = [_read_until(master, "/ # ")]
    os.write(master, b"sleep 100; echo never\r")
    shown.append(_read_until(master, "sleep 100; echo never\r\n"))
    served.step(2)
    time.sleep(0.3)
    assert not _ready(master), "the line still sleeps: no prompt yet"
    os.write(master, b"\x03")
    shown.append(_read_until(master, "^C\r\n/ # "))
    for keys, until in ((b"echo $?\r", "130\r\n/ # "), (b"ping box; echo after $?\r", "56 data bytes\r\n")):
        os.write(master, keys)
        shown.append(_read_until(master, until))
    served.step(2)
    os.write(master, b"\x03")
    shown.append(_read_until(master, "after 0\r\n/ # "))
    os.write(master, b"exit\r")
    assert p.wait(timeout=20) == 0
    os.close(master)
    assert shown[2] == "^C\r\n/ # "
    assert shown[3] == "echo $?\r\n130\r\n/ # "
    assert "\r\nnever\r\n" not in "".join(shown)
    assert shown[5].startswith("64 bytes from") and "\r\n^C\r\n--- box ping statistics ---\r\n" in shown[5]
    assert "packets transmitted" in shown[5]
    started = next(r for r in served.sim.command_log if r["line"].startswith("kubectl exec"))
    sent = [r["line"] for r in served.sim.command_log if r.get("sends") == started["seq"]]
    assert sent == ["sleep 100; echo never", "\x03", "echo $?", "ping box; echo after $?", "\x03", "exit"]


@pytest.mark.slow
def _shell_keeps_state(s) -> list[str]:
    """`kubectl exec -it box -- sh` on a pty: a variable, a function and a sleep across lines."""
    import os

    p, master = _exec_it_box(s)
    shown = [_read_until(master, "/ # ")]
    for keys, until in ((b"X=42; greet() { echo hello $1; }\r", "/ # "), (b"echo x=$X\r", "x=42\r\n/ # "),
                        (b"greet kube\r", "hello kube\r\n/ # ")):
        os.write(master, keys)
        shown.append(_read_until(master, until))
    tick = s.call(lambda: s.sim.tick)
    os.write(master, b"sleep 5; echo woke\r")
    shown.append(_read_until(master, "sleep 5; echo woke\r\n"))
    time.sleep(0.3)
    assert not _ready(master), "the output and the prompt wait for the sleep's simulated seconds"
    s.step(5)
    shown.append(_read_until(master, "/ # "))
    assert s.call(lambda: s.sim.tick) == tick + 5
    os.write(master, b"exit\r")
    assert p.wait(timeout=20) == 0
    os.close(master)
    return shown


def _ready(fd: int) -> bool:
    import select

    return bool(select.select([fd], [], [], 0)[0])


def test_the_shell_keeps_variables_and_functions_between_lines(served):
    served.kubectl("run", "box", "--image=busybox", "--", "sleep", "3600")
    served.step(10)
    shown = _shell_keeps_state(served)
    assert shown[2:4] == ["echo x=$X\r\nx=42\r\n/ # ", "greet kube\r\nhello kube\r\n/ # "]
    assert shown[4:] == ["sleep 5; echo woke\r\n", "woke\r\n/ # "]


def test_a_terminal_session_replays_in_a_fresh_process(tmp_path, serve_session, logged_session):
    import sys


    session = logged_session(tmp_path, 8)
    s = serve_session(tmp_path, session)
    try:
        s.kubectl("run", "box", "--image=busybox", "--", "sleep", "3600")
        s.step(10)
        assert _tty_session(s)[0] == 3
        _shell_keeps_state(s)
        s.step(5)
    finally:
        s.running.stop()
    session.close({"passed": None, "score": None})
    out = subprocess.run([sys.executable, "-m", "kubetui.cli", "replay", "--verify", str(tmp_path / "run.jsonl")],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "replay matches" in out.stdout


def test_port_forward_to_a_deployment_and_a_service(served, forward):
    served.kubectl("create", "deployment", "web", "--image=nginx:1.25", "--replicas=2", "--port=80")
    served.kubectl("expose", "deployment", "web", "--port=8000", "--target-port=80")
    served.step(20)
    for target, remote in (("deploy/web", 80), ("svc/web", 8000)):
        port = _free_port()
        p = subprocess.Popen([served.binary, "port-forward", target, f"{port}:{remote}"], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, env=served.env())
        try:
            assert _lines(p).get(timeout=20) == f"Forwarding from 127.0.0.1:{port} -> 80\n"
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10) as resp:
                assert b"Welcome to nginx!" in resp.read()
        finally:
            p.kill()
            p.communicate()


def test_run_it_rm_is_a_shell_session_on_the_new_pod(served):
    import os
    import pty

    master, slave = pty.openpty()
    p = subprocess.Popen([served.binary, "run", "tmp", "-it", "--rm", "--restart=Never", "--image=busybox", "--",
                          "sh"], stdin=slave, stdout=slave, stderr=slave, env=served.env())
    os.close(slave)
    try:
        _until(lambda: served.call(served.sim.get, "Pod", "tmp", "default") is not None)
        served.step(10)
        shown = _read_until(master, "/ # ")
        assert shown.endswith("If you don't see a command prompt, try pressing enter.\r\n/ # ")
        os.write(master, b"hostname\r")
        assert _read_until(master, "/ # ") == "hostname\r\ntmp\r\n/ # "
        os.write(master, b"exit\r")
        _until(lambda: served.call(served.sim.get, "Pod", "tmp", "default") is None
               or served.call(served.sim.get, "Pod", "tmp", "default")["metadata"].get("deletionTimestamp"))
        served.step(40)
        assert 'pod "tmp" deleted from default namespace' in _read_until(master, "namespace\r\n")
        assert p.wait(timeout=20) == 0
    finally:
        p.kill()
        p.communicate()
        os.close(master)
    assert served.call(served.sim.get, "Pod", "tmp", "default") is None
    assert [r["line"] for r in served.sim.command_log if "sends" in r] == ["hostname", "exit"]


def test_a_terminal_shows_stdout_and_stderr_in_the_order_the_shell_wrote_them(served):
    """On a terminal (`exec -it`) stdout and stderr are one stream, as the shell wrote them: a
    failing `ls` before an `echo` prints its error first (the session sent all of stdout, then all
    of stderr)."""
    import os

    served.kubectl("run", "box", "--image=busybox", "--", "sleep", "3600")
    served.step(10)
    p, master = _exec_it_box(served)
    _read_until(master, "/ # ")
    os.write(master, b"ls /nope; echo after\r")
    shown = _read_until(master, "after\r\n/ # ")
    assert shown == "ls /nope; echo after\r\nls: /nope: No such file or directory\r\nafter\r\n/ # "
    os.write(master, b"exit\r")
    assert p.wait(timeout=20) == 0
    os.close(master)
