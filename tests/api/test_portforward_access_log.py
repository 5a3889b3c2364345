"""A request through the API's port-forward reaches nginx once: one access-log line, with the
client's method (as `kubectl logs` shows it on a real cluster); the line is the recorded door
`curl`'s, so a replay writes it again."""

from __future__ import annotations

from types import SimpleNamespace

from kubetui import Simulation
from kubetui.api import spdy
from kubetui.api.portforward import Forwarder


def _syn(client: spdy.Session, stream: int, kind: str) -> bytes:
    block = client._block({"streamtype": kind, "port": "80", "requestid": "0"})
    return spdy.Session.control(spdy.SYN_STREAM, stream.to_bytes(4, "big") + bytes(6) + block)


def _request(sim: Simulation, request: bytes) -> None:
    forwarder = Forwarder(sim, SimpleNamespace(namespace="default", name="web"))
    client = spdy.Session()
    forwarder.feed(_syn(client, 1, "error"))
    forwarder.feed(_syn(client, 3, "data"))
    out = forwarder.feed(spdy.Session.data(3, request))
    assert out and any(b"HTTP/1.1 200 OK" in chunk for chunk in out)
    forwarder.close()


def _access_lines(sim: Simulation) -> list[str]:
    return [line for line in sim.run("kubectl logs web").stdout.splitlines() if "HTTP/1.1" in line]


def test_one_request_through_the_api_port_forward_is_one_access_log_line():
    sim = Simulation(seed=0)
    sim.run("kubectl run web --image=nginx:1.27 --port=80")
    sim.step(15)
    _request(sim, b"GET /index.html HTTP/1.1\r\nHost: localhost:8080\r\nUser-Agent: Mozilla/5.0\r\n\r\n")
    _request(sim, b"HEAD / HTTP/1.1\r\nHost: localhost:8080\r\nUser-Agent: curl/8.5.0\r\n\r\n")
    lines = _access_lines(sim)
    assert len(lines) == 2, lines
    assert '"GET /index.html HTTP/1.1" 200 615 ' in lines[0]
    assert '"HEAD / HTTP/1.1" 200 0 ' in lines[1]


def test_curl_at_the_door_sends_its_method_and_user_agent():
    sim = Simulation(seed=0)
    sim.run("kubectl run web --image=nginx:1.27 --port=80")
    sim.step(15)
    sim.start("kubectl port-forward pod/web 8080:80")
    sim.step(1)
    assert sim.run("curl -s -X HEAD -A probe/1 http://localhost:8080/").stdout == ""
    assert sim.run("curl -s localhost:8080/").stdout.startswith("<!DOCTYPE html>")
    lines = _access_lines(sim)
    assert '"HEAD / HTTP/1.1" 200 0 "-" "probe/1" "-"' in lines[0]
    assert '"GET / HTTP/1.1" 200 615 "-" "curl/8.5.0" "-"' in lines[1]
