"""`kubectl port-forward`: kubectl's checks and Forwarding lines (nothing can connect in kubetui)."""

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
