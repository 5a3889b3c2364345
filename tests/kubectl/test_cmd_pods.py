"""`logs`, `exec`, `run -it --rm`, `top` and `wait` against running pods."""

import pytest

from kubetui import Simulation

TOOLS = """
apiVersion: v1
kind: ConfigMap
metadata: {name: app-config}
data: {mode: fast, app.properties: "a=1\\n"}
---
apiVersion: v1
kind: Secret
metadata: {name: db}
stringData: {password: s3cret}
---
apiVersion: v1
kind: Pod
metadata: {name: tool}
spec:
  containers:
  - name: main
    image: busybox
    command: [sleep, "3600"]
    env:
    - name: MODE
      valueFrom: {configMapKeyRef: {name: app-config, key: mode}}
    volumeMounts:
    - {name: cfg, mountPath: /etc/config}
    - {name: sec, mountPath: /etc/secret}
  volumes:
  - {name: cfg, configMap: {name: app-config}}
  - {name: sec, secret: {secretName: db}}
"""


@pytest.fixture
def sim():
    s = Simulation(seed=7)
    assert s.run("kubectl apply -f -", stdin=TOOLS).exit_code == 0
    s.run("kubectl create deployment web --image=nginx:1.25 --replicas=2")
    s.run("kubectl expose deployment web --port=80")
    assert s.run("kubectl wait --for=condition=Ready pod/tool --timeout=60s").exit_code == 0
    assert s.run("kubectl rollout status deploy/web").exit_code == 0
    s.step(1)  # nginx answers a second after its container starts (Ready with no readiness probe)
    return s


def test_wait_prints_condition_met_and_times_out():
    sim = Simulation(seed=7)
    sim.run("kubectl run web --image=nginx:1.25")
    r = sim.run("kubectl wait --for=condition=Ready pod/web --timeout=30s")
    assert (r.exit_code, r.stdout) == (0, "pod/web condition met\n")
    start = sim.tick
    r = sim.run("kubectl wait --for=delete pod/web --timeout=3s")
    assert (r.exit_code, r.stderr) == (1, "error: timed out waiting for the condition on pods/web\n")
    assert sim.tick - start == 3
    sim.run("kubectl delete pod web --wait=false")
    assert sim.run("kubectl wait --for=delete pod/web --timeout=60s").exit_code == 0
    r = sim.run("kubectl wait --for=condition=Ready pod/nope")
    assert r.stderr == 'Error from server (NotFound): pods "nope" not found\n'
    r = sim.run("kubectl wait --for=jsonpath={.status.phase}=Running pod/web")
    assert r.exit_code == 1


def test_wait_for_available_deployment(sim):
    r = sim.run("kubectl wait --for=condition=Available deployment/web")
    assert r.stdout == "deployment.apps/web condition met\n"


def test_exec_env_and_files(sim):
    r = sim.run("kubectl exec tool -- printenv MODE")
    assert (r.exit_code, r.stdout) == (0, "fast\n")
    assert "HOSTNAME=tool\n" in sim.run("kubectl exec tool -- env").stdout
    assert sim.run("kubectl exec tool -- ls /etc/config").stdout == "app.properties\nmode\n"
    assert sim.run("kubectl exec tool -- cat /etc/secret/password").stdout == "s3cret"
    assert sim.run("kubectl exec tool -- hostname").stdout == "tool\n"
    r = sim.run("kubectl exec tool -- cat /etc/nope")
    assert r.exit_code == 1
    assert r.stderr == "cat: can't open '/etc/nope': No such file or directory\ncommand terminated with exit code 1\n"
    r = sim.run("kubectl exec tool -- sh -c 'echo $MODE; exit 3'")
    assert (r.exit_code, r.stdout) == (3, "fast\n")


def test_exec_reaches_services(sim):
    r = sim.run("kubectl exec tool -- wget -qO- http://web")
    assert r.exit_code == 0 and "Welcome to nginx!" in r.stdout
    r = sim.run("kubectl exec tool -- nslookup web")
    assert r.exit_code == 0 and "Name:\tweb.default.svc.cluster.local" in r.stdout
    r = sim.run("kubectl exec tool -- wget -qO- nowhere")
    assert r.exit_code == 1 and r.stderr.startswith("wget: bad address 'nowhere'")
    r = sim.run("kubectl exec tool -- curl -s nowhere")  # busybox has no curl
    assert r.exit_code == 1 and 'exec: "curl": executable file not found in $PATH' in r.stderr
    sim.run("kubectl scale deploy web --replicas=0")
    sim.step(5)
    r = sim.run("kubectl exec tool -- wget -qO- http://web")
    assert r.exit_code == 1 and "Connection refused" in r.stderr


def test_exec_errors(sim):
    r = sim.run("kubectl exec tool ls")
    assert r.stderr == "error: exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead\n"
    r = sim.run("kubectl exec nope -- ls")
    assert (r.exit_code, r.stderr) == (1, 'Error from server (NotFound): pods "nope" not found\n')
    r = sim.run("kubectl exec tool -- frobnicate")
    assert r.exit_code == 1 and 'exec: "frobnicate": executable file not found in $PATH' in r.stderr


def test_run_it_rm_runs_the_command_and_removes_the_pod(sim):
    r = sim.run("kubectl run -it --rm probe --image=busybox --restart=Never -- wget -qO- http://web")
    assert r.exit_code == 0
    assert "Welcome to nginx!" in r.stdout and r.stdout.endswith('pod "probe" deleted from default namespace\n')
    assert sim.get("Pod", "probe") is None


def test_logs(sim):
    pod = sim.list("Pod", "default", labels="app=web")[0]["metadata"]["name"]
    r = sim.run(f"kubectl logs {pod}")
    assert r.exit_code == 0 and "Configuration complete; ready for start up" in r.stdout
    r = sim.run("kubectl logs deploy/web")
    assert r.stderr.startswith("Found 2 pods, using pod/web-")
    r = sim.run(f"kubectl logs {pod} --previous")
    assert (r.exit_code, r.stderr) == (1, f'Error from server (BadRequest): previous terminated container "nginx" in pod '
                                          f'"{pod}" not found\n')
    r = sim.run(f"kubectl logs {pod} -c php")
    assert r.stderr == f"error: container php is not valid for pod {pod} out of: nginx\n"
    r = sim.run("kubectl logs -l app=web --prefix")
    assert len({line.split(" ", 1)[0] for line in r.stdout.splitlines()}) == 2
    assert r.stdout.count("[pod/web-") == 20  # with a selector, the last 10 lines of each pod
    assert sim.run(f"kubectl logs {pod} --tail=0").stdout == ""


def test_logs_of_a_container_still_pulling():
    sim = Simulation(seed=7)
    sim.run("kubectl run web --image=nginx:1.25")
    sim.step(1)
    r = sim.run("kubectl logs web")
    assert (r.exit_code, r.stderr) == (1, 'Error from server (BadRequest): container "web" in pod "web" is waiting to '
                                          "start: ContainerCreating\n")


def test_logs_follow_advances_time(sim):
    start = sim.tick
    r = sim.run("kubectl logs -f tool")
    assert r.exit_code == 0 and sim.tick > start


def test_top(sim):
    sim.step(30)
    rows = sim.run("kubectl top nodes").stdout.splitlines()
    assert rows[0].split() == ["NAME", "CPU(cores)", "CPU(%)", "MEMORY(bytes)", "MEMORY(%)"]
    assert [r.split()[0] for r in rows[1:]] == ["control-plane", "node-1", "node-2", "node-3"]
    assert all(r.split()[1].endswith("m") and r.split()[3].endswith("Mi") for r in rows[1:])
    rows = sim.run("kubectl top pods").stdout.splitlines()
    assert rows[0].split() == ["NAME", "CPU(cores)", "MEMORY(bytes)"]
    assert sorted(r.split()[0] for r in rows[1:]) == sorted(p["metadata"]["name"] for p in sim.list("Pod", "default"))
    rows = sim.run("kubectl top pods -A --containers").stdout.splitlines()
    assert rows[0].split() == ["NAMESPACE", "POD", "NAME", "CPU(cores)", "MEMORY(bytes)"]
