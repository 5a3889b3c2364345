"""`kubectl port-forward`: kubectl's checks and Forwarding lines, and `curl localhost:PORT` at the
door reaching the app in the pod through the forwarded port."""

import pytest

from kubetui import Simulation


@pytest.fixture(scope="module")
def sim():
    s = Simulation(seed=1)
    s.run("kubectl create deployment web --image=nginx --port=80")
    s.run("kubectl expose deploy web --port=8080 --target-port=80")
    s.run("kubectl run p --image=nginx")
    s.run("kubectl run pending --image=nginx --overrides='{\"spec\":{\"nodeSelector\":{\"disk\":\"none\"}}}'")
    s.step(30)
    return s


@pytest.mark.parametrize("line, out", [
    ("kubectl port-forward pod/p 8080:80", "Forwarding from 127.0.0.1:8080 -> 80\nForwarding from [::1]:8080 -> 80\n"),
    ("kubectl port-forward p 80", "Forwarding from 127.0.0.1:80 -> 80\nForwarding from [::1]:80 -> 80\n"),
    ("kubectl port-forward svc/web 9000:8080 --address=0.0.0.0", "Forwarding from 0.0.0.0:9000 -> 80\n"),
    ("kubectl port-forward deploy/web 8000:80 8443:80 --address 127.0.0.1",
     "Forwarding from 127.0.0.1:8000 -> 80\nForwarding from 127.0.0.1:8443 -> 80\n"),
])
def test_forwarding_lines(sim, line, out):
    r = sim.run(line)
    assert (r.exit_code, r.stdout, r.stderr) == (0, out, "")


@pytest.mark.parametrize("line, err", [
    ("kubectl port-forward pod/p", "error: TYPE/NAME and list of ports are required for port-forward\n"
                                   "See 'kubectl port-forward -h' for help and examples\n"),
    ("kubectl port-forward svc/web 9000:81", "error: Service web does not have a service port 81\n"),
    ("kubectl port-forward pod/pending 80",
     "error: unable to forward port because pod is not running. Current status=Pending\n"),
    ("kubectl port-forward pod/nope 80", 'Error from server (NotFound): pods "nope" not found\n'),
])
def test_refusals(sim, line, err):
    r = sim.run(line)
    assert (r.exit_code, r.stderr) == (1, err)


def test_a_random_local_port_is_the_same_in_every_run(sim):
    first = sim.run("kubectl port-forward pod/p :80").stdout
    assert first.startswith("Forwarding from 127.0.0.1:") and first == sim.run("kubectl port-forward pod/p :80").stdout


@pytest.fixture
def fresh():
    s = Simulation(seed=1)
    s.run("kubectl create deployment web --image=nginx --port=80")
    s.run("kubectl expose deploy web --port=8080 --target-port=80")
    s.run("kubectl run bb --image=busybox -- sleep 3600")
    s.step(30)
    return s


NOT_LISTENING = "curl: (7) Failed to connect to localhost port 8080 after 0 ms: Couldn't connect to server\n"


def test_curl_reaches_the_pod_while_the_forward_runs_and_not_after(fresh):
    assert fresh.run("curl localhost:8080").stderr == NOT_LISTENING
    forward = fresh.start("kubectl port-forward svc/web 8080:8080")
    assert not forward.done
    r = fresh.run("curl -s http://localhost:8080/")
    assert r.exit_code == 0 and "<title>Welcome to nginx!</title>" in r.stdout
    fresh.step(1)
    assert forward.stdout.endswith("-> 80\nHandling connection for 8080\n")
    assert fresh.cancel(forward.seq).exit_code == 130
    assert (fresh.run("curl localhost:8080").exit_code, fresh.run("curl localhost:8080").stderr) == (7, NOT_LISTENING)


def test_a_copied_page_is_what_the_forward_serves(fresh, tmp_path):
    (tmp_path / "index.html").write_text("<h1>mine</h1>\n")
    pod = fresh.run("kubectl get pods -l app=web -o name").stdout.strip()
    fresh.run(f"kubectl cp index.html {pod.split('/')[1]}:/usr/share/nginx/html/index.html", cwd=str(tmp_path))
    fresh.run(f"kubectl port-forward {pod} 8000:80")
    assert fresh.run("curl localhost:8000").stdout == "<h1>mine</h1>\n"


def test_a_second_forward_on_a_busy_port_is_refused(fresh):
    first = fresh.start("kubectl port-forward deploy/web 8080:80")
    second = fresh.start("kubectl port-forward deploy/web 8080:80")
    assert second.done and second.result.exit_code == 1
    assert second.stderr.endswith("error: unable to listen on any of the requested ports: [{8080 80}]\n")
    assert not first.done


def test_nothing_listening_in_the_pod_is_an_empty_reply(fresh):
    forward = fresh.start("kubectl port-forward pod/bb 9000:80")
    r = fresh.run("curl localhost:9000")
    assert (r.exit_code, r.stderr) == (52, "curl: (52) Empty reply from server\n")
    fresh.step(1)
    assert '"An error occurred forwarding" err="error forwarding port 80 to pod ' in forward.stderr
    assert forward.stderr.endswith("localPort=9000 remotePort=80\nerror: lost connection to pod\n")
    assert forward.done and forward.result.exit_code == 1


def test_the_players_machine_is_outside_the_cluster(fresh):
    assert fresh.run("curl web.default.svc:8080").stderr == "curl: (6) Could not resolve host: web.default.svc\n"
    assert fresh.run("curl 10.96.0.10").exit_code == 28


def test_the_forward_ends_when_its_pod_goes(fresh):
    forward = fresh.start("kubectl port-forward pod/bb 9000:80")
    fresh.run("kubectl delete pod bb --wait=false")
    fresh.step(40)
    assert forward.done and "pod not found" in forward.stderr
    assert fresh.run("curl localhost:9000").exit_code == 7
