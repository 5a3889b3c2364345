"""nginx answers conditional and range requests for the files it sends, as its not-modified and
range filters do: `If-None-Match` with the ETag (or `If-Modified-Since` with the exact
Last-Modified) gets 304 Not Modified with no body, type or length; `Range: bytes=a-b`, `a-` and
`-n` get 206 Partial Content with Content-Range; a range past the end gets 416 with
`Content-Range: bytes */SIZE`. The access log shows each status and the bytes sent."""

import pytest

from kubetui import Simulation


@pytest.fixture(scope="module")
def booted():
    sim = Simulation(seed=4)
    sim.run("kubectl run web --image=nginx:1.27")
    sim.run("kubectl run c --image=curlimages/curl -- sleep 3600")
    sim.run("kubectl run bb --image=busybox:1.36 -- sleep 3600")
    sim.step(30)
    return sim


def curl(sim, *args: str) -> tuple[str, dict[str, str], str]:
    ip = sim.get("Pod", "web")["status"]["podIP"]
    out = sim.run("kubectl exec c -- curl -si " + " ".join(args) + f" {ip}").stdout
    head, _, body = out.partition("\n\n")
    lines = head.splitlines()
    return lines[0], dict(line.split(": ", 1) for line in lines[1:]), body


def test_a_matching_etag_or_date_gets_304_without_a_body(booted):
    sim = booted.fork()
    status, headers, body = curl(sim)
    assert (status, headers["Content-Length"], headers["Accept-Ranges"]) == ("HTTP/1.1 200 OK", "615", "bytes")
    etag, modified = headers["ETag"], headers["Last-Modified"]
    for asked in (f"-H 'If-None-Match: {etag}'", "-H 'If-None-Match: *'", f"-H 'If-Modified-Since: {modified}'"):
        status, got, body = curl(sim, asked)
        assert (status, body) == ("HTTP/1.1 304 Not Modified", "")
        assert list(got) == ["Server", "Date", "Last-Modified", "Connection", "ETag"] and got["ETag"] == etag
    status, _, body = curl(sim, "-H 'If-None-Match: \"0-0\"'")
    assert status == "HTTP/1.1 200 OK" and len(body) == 615
    status, _, _ = curl(sim, "-H 'If-Modified-Since: Mon, 01 Dec 2025 00:00:00 GMT'")
    assert status == "HTTP/1.1 200 OK"
    assert sim.run("kubectl logs web --tail=1").stdout.split('"')[2] == " 200 615 "
    assert sim.run("kubectl logs web --tail=4").stdout.splitlines()[0].split('"')[2] == " 304 0 "


def test_a_range_gets_206_with_that_part(booted):
    sim = booted.fork()
    status, headers, body = curl(sim, "-H 'Range: bytes=0-14'")
    assert (status, body) == ("HTTP/1.1 206 Partial Content", "<!DOCTYPE html>")
    assert (headers["Content-Length"], headers["Content-Range"]) == ("15", "bytes 0-14/615")
    assert "Accept-Ranges" not in headers and list(headers)[-1] == "Content-Range"
    _, headers, body = curl(sim, "-H 'Range: bytes=-8'")
    assert (body, headers["Content-Range"]) == ("</html>\n", "bytes 607-614/615")
    _, headers, body = curl(sim, "-H 'Range: bytes=600-'")
    assert (len(body), headers["Content-Range"]) == (15, "bytes 600-614/615")


def test_a_range_past_the_end_gets_416(booted):
    sim = booted.fork()
    status, headers, body = curl(sim, "-H 'Range: bytes=615-'")
    assert status == "HTTP/1.1 416 Requested Range Not Satisfiable"
    assert headers["Content-Range"] == "bytes */615"
    assert "<title>416 Requested Range Not Satisfiable</title>" in body


def test_wget_sends_its_headers_too(booted):
    """busybox wget takes a 206 only for a download it continues (`-c`): else it is an error."""
    sim = booted.fork()
    ip = sim.get("Pod", "web")["status"]["podIP"]
    r = sim.run(f"kubectl exec bb -- wget -qO- --header 'Range: bytes=0-14' {ip}")
    assert (r.exit_code, r.stderr.splitlines()[0]) == (1, "wget: server returned error: HTTP/1.1 206 Partial Content")
    assert sim.run("kubectl logs web --tail=1").stdout.split('"')[2] == " 206 15 "
