"""nginx logs each request it answers to its output (the image links access.log to stdout), in
its `main` log_format: `kubectl logs` of an nginx pod shows who asked for what."""

from kubetui import Simulation


def test_requests_show_in_kubectl_logs():
    sim = Simulation(seed=1)
    sim.run("kubectl run web --image=nginx:1.27")
    sim.run("kubectl run client --image=busybox -- sleep 3600")
    sim.step(12)
    web = sim.store.get("Pod", "default", "web")["status"]["podIP"]
    client = sim.store.get("Pod", "default", "client")["status"]["podIP"]
    sim.run(f"kubectl exec client -- wget -qO /dev/null {web}")
    sim.run(f"kubectl exec client -- wget -qO /dev/null {web}/nope")
    sim.run("kubectl exec web -- curl -s -o /dev/null localhost")
    lines = sim.run("kubectl logs web").stdout.splitlines()[-3:]
    assert lines[0] == f'{client} - - [01/Jan/2026:00:00:12 +0000] "GET / HTTP/1.1" 200 615 "-" "Wget" "-"'
    assert lines[1].startswith(f'{client} - - [01/Jan/2026:00:00:12 +0000] "GET /nope HTTP/1.1" 404 ')
    assert lines[2].startswith('127.0.0.1 - - [') and lines[2].endswith('"GET / HTTP/1.1" 200 615 "-" "curl/8.11.1" "-"')
    stamped = sim.run("kubectl logs web --timestamps --tail=1").stdout
    assert stamped.startswith("2026-01-01T00:00:12.000000000Z 127.0.0.1 - - ")
