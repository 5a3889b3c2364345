"""Public CKAD practice solutions typed as written: kubetui's kubectl prints what kubectl 1.37 prints.

Each expected line was read from the real kubectl 1.37 (the test extras' wheel) talking to
`kubetui serve`; these commands need a server, so the lines are kept here as data.
"""

import pytest

from kubetui import Simulation


@pytest.fixture
def sim():
    s = Simulation(seed=0, nodes=2)
    assert s.run("kubectl run p --image=nginx").exit_code == 0
    s.step(15)
    return s


@pytest.mark.parametrize("line, stdout", [
    ("kubectl delete pod p --dry-run=client", 'pod "p" deleted from default namespace (dry run)\n'),
    ("kubectl delete pod p --dry-run=server", 'pod "p" deleted from default namespace (server dry run)\n'),
    ("kubectl delete ns kube-public --dry-run=client", 'namespace "kube-public" deleted (dry run)\n'),
    ("kubectl delete pod p", 'pod "p" deleted from default namespace\n'),
    ("kubectl delete pod p --force", 'pod "p" force deleted from default namespace\n'),
    ("kubectl delete pod p --grace-period=0", 'pod "p" deleted from default namespace\n'),
    ("kubectl delete pod p -o name", "pod/p\n"),
])
def test_delete_names_the_namespace_it_deleted_from(sim, line, stdout):
    assert sim.run(line).stdout == stdout


def test_run_rm_and_replace_force_say_the_same(sim):
    r = sim.run("kubectl run tmp --image=busybox -it --rm --restart=Never -- /bin/sh -c 'echo hello world'")
    assert r.stdout == 'hello world\npod "tmp" deleted from default namespace\n'
    manifest = sim.run("kubectl get pod p -o yaml").stdout.replace("image: nginx", "image: nginx:1.25")
    r = sim.run("kubectl replace --force -f -", stdin=manifest)
    assert r.stdout == 'pod "p" deleted from default namespace\npod/p replaced\n'


def test_removing_a_missing_label_says_so_on_stdout_and_a_missing_annotation_says_nothing(sim):
    r = sim.run("kubectl label pod p foo-")
    assert (r.exit_code, r.stdout, r.stderr) == (0, 'label "foo" not found.\npod/p not labeled\n', "")
    sim.run("kubectl annotate pod p description='my description'")
    r = sim.run("kubectl annotate pod p description- owner-")
    assert (r.exit_code, r.stdout, r.stderr) == (0, "pod/p annotated\n", "")


def test_describe_prints_probe_thresholds_by_name(sim):
    pod = """apiVersion: v1
kind: Pod
metadata: {name: probed}
spec:
  containers:
  - name: nginx
    image: nginx
    livenessProbe: {exec: {command: [ls]}, initialDelaySeconds: 5, periodSeconds: 5}
    readinessProbe: {httpGet: {path: /, port: 80}}
"""
    assert sim.run("kubectl create -f -", stdin=pod).exit_code == 0
    out = sim.run("kubectl describe pod probed").stdout
    lines = {line.split(":", 1)[0].strip(): line.split(":", 1)[1].strip() for line in out.splitlines() if ":" in line}
    assert lines["Liveness"] == "exec [ls] delay=5s timeout=1s period=5s successThreshold=1 failureThreshold=3"
    assert lines["Readiness"] == "http-get http://:80/ delay=0s timeout=1s period=10s successThreshold=1 failureThreshold=3"


@pytest.mark.parametrize("line", [
    "kubectl get secret s --template '{{.data.username}}'",
    "kubectl get secret s --template={{.data.username}}",
    "kubectl get secret s -o go-template --template '{{.data.username}}'",
])
def test_a_template_alone_is_a_go_template(sim, line):
    sim.run("kubectl create secret generic s --from-literal=username=admin")
    assert sim.run(line).stdout == "YWRtaW4="


ATTACHING = ("All commands and output from this session will be recorded in container logs, including credentials "
             "and sensitive information passed through the command prompt.\n"
             "If you don't see a command prompt, try pressing enter.\n")
"""What kubectl 1.37 says on stderr as `run -i` attaches (checked with the real binary on `kubetui serve`)."""
NO_TTY = "Unable to use a TTY - input is not a terminal or the right kind of file\n"


def test_run_attached_to_a_failing_command_says_the_pod_terminated(sim):
    r = sim.run("kubectl run d --image=busybox -i --rm --restart=Never -- ls /nope")
    assert (r.exit_code, r.stdout) == (1, 'pod "d" deleted from default namespace\n')
    assert r.stderr == ATTACHING + "ls: /nope: No such file or directory\npod default/d terminated (Error)\n"
    r = sim.run("kubectl run c --image=busybox -it --restart=Never -- sh -c 'exit 3'")
    assert (r.exit_code, r.stdout, r.stderr) == (3, "", NO_TTY + ATTACHING + "pod default/c terminated (Error)\n")


def test_a_pod_running_env_logs_the_whole_environment(sim):
    """`kubectl run busybox --image=busybox --restart=Never --command -- env`, then `kubectl logs`:
    the image's PATH first, the container's own variables, the kubelet's Service variables, the
    runtime's HOME last."""
    sim.run("kubectl run busybox --image=busybox --restart=Never --env=var1=val1 --command -- env")
    sim.step(20)
    assert sim.run("kubectl logs busybox").stdout.splitlines() == [
        "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "HOSTNAME=busybox", "var1=val1",
        "KUBERNETES_SERVICE_HOST=10.96.0.1", "KUBERNETES_SERVICE_PORT=443", "KUBERNETES_SERVICE_PORT_HTTPS=443",
        "KUBERNETES_PORT=tcp://10.96.0.1:443", "KUBERNETES_PORT_443_TCP=tcp://10.96.0.1:443",
        "KUBERNETES_PORT_443_TCP_PROTO=tcp", "KUBERNETES_PORT_443_TCP_PORT=443", "KUBERNETES_PORT_443_TCP_ADDR=10.96.0.1",
        "HOME=/root"]


def test_the_pi_job_logs_pi():
    """The Job of the Kubernetes docs and the CKAD pod-design questions: `kubectl logs job/pi`."""
    sim = Simulation(seed=0, nodes=2)
    sim.run("kubectl create job pi --image=perl:5.34 -- perl -Mbignum=bpi -wle 'print bpi(2000)'")
    assert sim.run("kubectl wait --for=condition=complete --timeout=300s job pi").exit_code == 0
    out = sim.run("kubectl logs job/pi").stdout
    assert len(out) == 2002 and out.startswith("3.14159265358979323846264338327950288419716939937510")
    assert out.endswith("9958133904780275901\n")
    from kubetui.engine.kubelet.programs import pi_digits

    assert (pi_digits(1), pi_digits(5), pi_digits(20)) == ("3", "3.1416", "3.1415926535897932385")
