"""Native sidecars: init containers with `restartPolicy: Always` (Kubernetes 1.29+)."""

import pytest

from kubetui.shell import Simulation

SIDECAR_POD = """
apiVersion: v1
kind: Pod
metadata: {name: sc}
spec:
  initContainers:
  - name: setup
    image: busybox
    command: ["sh", "-c", "echo ok"]
  - name: shipper
    image: busybox
    restartPolicy: Always
    command: ["sh", "-c", "while true; do echo ship; sleep 5; done"]
  containers:
  - name: app
    image: nginx:1.25
"""

JOB = """
apiVersion: batch/v1
kind: Job
metadata: {name: j}
spec:
  template:
    spec:
      restartPolicy: Never
      initContainers:
      - name: shipper
        image: busybox
        restartPolicy: Always
        command: ["sh", "-c", "while true; do echo ship; sleep 5; done"]
      containers:
      - name: app
        image: busybox
        command: ["sh", "-c", "sleep 10; echo done"]
"""


@pytest.fixture
def sim():
    return Simulation(seed=3)


def _statuses(pod, field):
    return {c["name"]: c for c in pod["status"].get(field) or ()}


def test_sidecar_runs_beside_the_app_and_counts_in_ready(sim):
    assert sim.run("kubectl apply -f -", stdin=SIDECAR_POD).exit_code == 0
    sim.step(30)
    pod = sim.get("Pod", "sc", namespace="default")
    inits = _statuses(pod, "initContainerStatuses")
    assert "terminated" in inits["setup"]["state"]
    assert "running" in inits["shipper"]["state"] and inits["shipper"]["started"]
    assert "running" in _statuses(pod, "containerStatuses")["app"]["state"]
    line = sim.run("kubectl get pod sc").stdout.splitlines()[1].split()
    assert line[1:3] == ["2/2", "Running"]


def test_sidecar_starts_before_the_app(sim):
    sim.run("kubectl apply -f -", stdin=SIDECAR_POD)
    sim.step(30)
    pod = sim.get("Pod", "sc", namespace="default")
    side = _statuses(pod, "initContainerStatuses")["shipper"]["state"]["running"]["startedAt"]
    app = _statuses(pod, "containerStatuses")["app"]["state"]["running"]["startedAt"]
    assert side < app


def test_sidecar_is_restarted_when_it_exits(sim):
    sim.run("kubectl apply -f -", stdin=SIDECAR_POD.replace(
        "while true; do echo ship; sleep 5; done", "sleep 5; exit 1"))
    sim.step(60)
    pod = sim.get("Pod", "sc", namespace="default")
    assert _statuses(pod, "initContainerStatuses")["shipper"]["restartCount"] >= 1
    assert pod["status"]["phase"] == "Running"
    assert "running" in _statuses(pod, "containerStatuses")["app"]["state"]


def test_sidecar_does_not_block_job_completion(sim):
    sim.run("kubectl apply -f -", stdin=JOB)
    sim.step(40)
    job = sim.get("Job", "j", namespace="default")
    assert any(c["type"] == "Complete" and c["status"] == "True" for c in job["status"]["conditions"])
    pod = sim.list("Pod", "default")[0]
    assert pod["status"]["phase"] == "Succeeded"
    shipper = _statuses(pod, "initContainerStatuses")["shipper"]["state"]["terminated"]
    app = _statuses(pod, "containerStatuses")["app"]["state"]["terminated"]
    assert shipper["finishedAt"] >= app["finishedAt"]
    line = sim.run("kubectl get pods").stdout.splitlines()[1].split()
    assert line[1:3] == ["0/2", "Completed"]


def test_sidecar_with_startup_probe_holds_the_app_until_started(sim):
    manifest = SIDECAR_POD.replace("    restartPolicy: Always\n", "    restartPolicy: Always\n"
                                   "    startupProbe: {exec: {command: [\"true\"]}, initialDelaySeconds: 20}\n")
    sim.run("kubectl apply -f -", stdin=manifest)
    sim.step(15)
    pod = sim.get("Pod", "sc", namespace="default")
    assert "waiting" in _statuses(pod, "containerStatuses")["app"]["state"]
    assert sim.run("kubectl get pod sc").stdout.splitlines()[1].split()[2] == "Init:1/2"
    sim.step(30)
    pod = sim.get("Pod", "sc", namespace="default")
    assert "running" in _statuses(pod, "containerStatuses")["app"]["state"]


@pytest.mark.parametrize(("change", "message"), [
    ("    restartPolicy: Always\n", "    restartPolicy: Never\n"),
])
def test_init_container_restart_policy_only_always(sim, change, message):
    r = sim.run("kubectl apply -f -", stdin=SIDECAR_POD.replace(change, message))
    assert r.exit_code == 1
    assert ('spec.initContainers[1].restartPolicy: Unsupported value: "Never": supported values: "Always"'
            in r.stderr)


def test_restart_policy_on_app_container_is_forbidden(sim):
    r = sim.run("kubectl apply -f -", stdin=SIDECAR_POD.replace(
        "    image: nginx:1.25\n", "    image: nginx:1.25\n    restartPolicy: Always\n"))
    assert r.exit_code == 1
    assert "spec.containers[0].restartPolicy: Forbidden: may not be set for non-init containers" in r.stderr


def test_probes_need_a_sidecar(sim):
    r = sim.run("kubectl apply -f -", stdin=SIDECAR_POD.replace(
        '    command: ["sh", "-c", "echo ok"]\n',
        '    command: ["sh", "-c", "echo ok"]\n    readinessProbe: {exec: {command: ["true"]}}\n'))
    assert r.exit_code == 1
    assert ("spec.initContainers[0].readinessProbe: Forbidden: may not be set for init containers "
            "without restartPolicy=Always") in r.stderr
    ok = SIDECAR_POD.replace("    restartPolicy: Always\n", "    restartPolicy: Always\n"
                             "    startupProbe: {exec: {command: [\"true\"]}}\n"
                             "    readinessProbe: {exec: {command: [\"true\"]}}\n")
    assert sim.run("kubectl apply -f -", stdin=ok).exit_code == 0


def test_sidecars_stop_after_the_app_on_delete(sim):
    sim.run("kubectl apply -f -", stdin=SIDECAR_POD)
    sim.step(30)
    sim.run("kubectl delete pod sc --wait=false")
    sim.step(1)
    killing = [e["message"] for e in sim.events() if e["reason"] == "Killing"]
    assert killing == ["Stopping container app", "Stopping container shipper"]


def test_a_completed_init_container_reads_ready_and_not_started(sim):
    sim.run("kubectl apply -f -", stdin=SIDECAR_POD)
    sim.step(30)
    setup = _statuses(sim.get("Pod", "sc", namespace="default"), "initContainerStatuses")["setup"]
    assert (setup["ready"], setup["started"]) == (True, False)


def test_pod_totals_add_sidecars_and_floor_init_containers():
    from fractions import Fraction

    from kubetui.model.podresources import pod_totals

    def c(name, cpu, sidecar=False):
        out = {"name": name, "resources": {"requests": {"cpu": cpu}}}
        if sidecar:
            out["restartPolicy"] = "Always"
        return out

    app = [c("app", "100m")]
    assert pod_totals({"containers": app, "initContainers": [c("s", "50m", True)]})["cpu"] == Fraction(150, 1000)
    assert pod_totals({"containers": app, "initContainers": [c("i", "500m"), c("s", "50m", True)]})["cpu"] \
        == Fraction(500, 1000)
    assert pod_totals({"containers": app, "initContainers": [c("s", "50m", True), c("i", "500m")]})["cpu"] \
        == Fraction(550, 1000)


def test_quota_counts_the_sidecar(sim):
    sim.run("kubectl create quota q --hard=requests.cpu=1")
    sim.step(2)
    manifest = """
apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  initContainers:
  - {name: s, image: busybox, restartPolicy: Always, command: [sleep, "3600"], resources: {requests: {cpu: 600m}}}
  containers:
  - {name: app, image: nginx:1.25, resources: {requests: {cpu: 500m}}}
"""
    r = sim.run("kubectl apply -f -", stdin=manifest)
    assert r.exit_code == 1
    assert "requested: requests.cpu=1100m, used: requests.cpu=0, limited: requests.cpu=1" in r.stderr


def test_a_server_as_a_plain_init_container_never_finishes(sim):
    """Without `restartPolicy: Always` a log shipper in initContainers blocks the app for ever,
    as in Kubernetes; an image nobody described is taken to do its set-up and exit."""
    for name, image in (("blocked", "fluent/fluent-bit:3.1"), ("unknown", "acme/migrate:v1")):
        sim.run("kubectl apply -f -", stdin=f"{{apiVersion: v1, kind: Pod, metadata: {{name: {name}}}, spec: "
                f"{{initContainers: [{{name: init, image: '{image}'}}], containers: [{{name: app, image: 'nginx:1.25'}}]}}}}")
    sim.step(30)
    shown = sim.run("kubectl get pods blocked unknown --no-headers").stdout.split("\n")
    assert shown[0].split()[1:3] == ["0/1", "Init:0/1"]
    assert shown[1].split()[1:3] == ["1/1", "Running"]
