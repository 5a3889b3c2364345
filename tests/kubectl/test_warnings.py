"""The API server's warnings reach the player as kubectl prints them: `Warning: ...` on stderr, once."""

from kubetui.shell import Simulation

PRIVILEGED = """apiVersion: v1
kind: Pod
metadata: {name: p, namespace: x}
spec:
  containers: [{name: c, image: nginx:1.25, securityContext: {privileged: true}}]
"""


def cluster():
    sim = Simulation(seed=1)
    assert sim.run("kubectl create ns x").exit_code == 0
    return sim


def test_warn_mode_prints_the_violation_and_lets_the_pod_in():
    sim = cluster()
    sim.run("kubectl label ns x pod-security.kubernetes.io/warn=baseline")
    result = sim.run("kubectl apply -f -", stdin=PRIVILEGED)
    assert result.exit_code == 0 and result.stdout == "pod/p created\n"
    assert result.stderr == ('Warning: would violate PodSecurity "baseline:latest": privileged '
                             '(container "c" must not set securityContext.privileged=true)\n')


def test_a_stricter_enforce_label_warns_about_running_pods():
    sim = cluster()
    sim.run("kubectl apply -f -", stdin=PRIVILEGED)
    sim.run("kubectl run q -n x --image=nginx:1.25")
    sim.run("kubectl run r -n x --image=nginx:1.25")
    result = sim.run("kubectl label ns x pod-security.kubernetes.io/enforce=baseline")
    assert result.exit_code == 0 and result.stdout == "namespace/x labeled\n"
    assert result.stderr.splitlines() == [
        'Warning: existing pods in namespace "x" violate the new PodSecurity enforce level "baseline:latest"',
        "Warning: p: privileged"]
    assert sim.get("Pod", "p", "x") is not None, "enforce never removes running pods"
    restricted = sim.run("kubectl label ns x pod-security.kubernetes.io/enforce=restricted --overwrite")
    lines = restricted.stderr.splitlines()
    assert lines[1] == ("Warning: p: privileged, allowPrivilegeEscalation != false, unrestricted capabilities, "
                        "runAsNonRoot != true, seccompProfile")
    assert lines[2] == ("Warning: q (and 1 other pods): allowPrivilegeEscalation != false, "
                        "unrestricted capabilities, runAsNonRoot != true, seccompProfile")
    same = sim.run("kubectl label ns x team=a")
    assert same.stderr == "", "only a changed enforce level is checked"


def test_warnings_from_controllers_do_not_leak_into_the_next_command():
    sim = cluster()
    sim.run("kubectl label ns x pod-security.kubernetes.io/warn=restricted")
    created = sim.run("kubectl create deployment web -n x --image=nginx:1.25 --replicas=2")
    assert created.stderr.startswith('Warning: would violate PodSecurity "restricted:latest": ')
    sim.step(5)
    assert sim.run("kubectl get pods -n x").stderr == ""
