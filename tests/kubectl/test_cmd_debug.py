"""`kubectl debug node/NAME` (a node-debugger pod) and `kubectl debug POD --copy-to` (a debuggable copy)."""

import pytest

from kubetui import Simulation


@pytest.fixture
def sim():
    s = Simulation(seed=1)
    s.run("kubectl run web --image=nginx --labels=app=web")
    s.step(20)
    return s


def test_node_debugger_pod_has_the_hosts_namespaces_and_root(sim):
    r = sim.run("kubectl debug node/node-1 --image=busybox")
    assert r.exit_code == 0 and r.stderr == ""
    assert r.stdout.startswith("Creating debugging pod node-debugger-node-1-")
    assert r.stdout.endswith(" with container debugger on node node-1.\n")
    name = r.stdout.split()[3]
    pod = sim.get("Pod", name)
    spec = pod["spec"]
    assert pod["metadata"]["labels"] == {"app.kubernetes.io/managed-by": "kubectl-debug"}
    assert (spec["nodeName"], spec["hostPID"], spec["hostNetwork"], spec["hostIPC"]) == ("node-1", True, True, True)
    assert spec["restartPolicy"] == "Never" and spec["tolerations"] == [{"operator": "Exists"}]
    assert spec["volumes"][0]["hostPath"]["path"] == "/"
    mounts = [m for m in spec["containers"][0]["volumeMounts"] if not m["name"].startswith("kube-api-access-")]
    assert mounts == [{"name": "host-root", "mountPath": "/host"}]
    again = sim.run("kubectl debug node/node-1 --image=busybox")
    assert again.exit_code == 0 and again.stdout.split()[3] != name


def test_node_debugger_runs_a_command_with_it(sim):
    r = sim.run("kubectl debug node/node-2 -it --image=busybox -- ps")
    assert r.exit_code == 0 and "PID" in r.stdout


def test_copy_to_adds_a_debug_container_and_drops_identity(sim):
    r = sim.run("kubectl debug web -it --image=busybox --copy-to=web-debug -- ps")
    assert r.exit_code == 0 and r.stdout.startswith("Defaulting debug container name to debugger-")
    copy = sim.get("Pod", "web-debug")
    names = [c["name"] for c in copy["spec"]["containers"]]
    assert names[0] == "web" and names[1].startswith("debugger-")
    assert copy["spec"]["shareProcessNamespace"] is True
    assert "labels" not in copy["metadata"]
    assert copy["spec"]["containers"][1]["securityContext"] == {"capabilities": {"add": ["SYS_PTRACE"]}}


def test_copy_to_with_set_image_and_kept_labels(sim):
    r = sim.run("kubectl debug web --copy-to=web2 --set-image=*=nginx:1.25 --keep-labels")
    assert (r.exit_code, r.stdout) == (0, "")
    copy = sim.get("Pod", "web2")
    assert [c["image"] for c in copy["spec"]["containers"]] == ["nginx:1.25"]
    assert copy["metadata"]["labels"] == {"app": "web"}


def test_what_kubetui_cannot_do_says_so(sim):
    r = sim.run("kubectl debug web -it --image=busybox --target=web")
    assert r.exit_code == 1 and "ephemeral containers" in r.stderr and "not available in kubetui" in r.stderr
    r = sim.run("kubectl debug node/node-1 -it --image=busybox")
    assert r.exit_code == 1 and "interactive shells are not available in kubetui" in r.stderr
    assert sim.run("kubectl debug node/nope --image=busybox").stderr == 'Error from server (NotFound): nodes "nope" not found\n'
