"""kubernetes.io's task pages as written: agnhost's `liveness` server (healthy for 10 s, then
500, so the liveness probe restarts it) and stress holding `--vm-bytes` (within its limit it runs,
past it it is OOMKilled)."""

from kubetui import Simulation

LIVENESS_HTTP = """\
apiVersion: v1
kind: Pod
metadata:
  labels: {test: liveness}
  name: liveness-http
spec:
  containers:
  - name: liveness
    image: registry.k8s.io/e2e-test-images/agnhost:2.40
    args: [liveness]
    livenessProbe:
      httpGet:
        path: /healthz
        port: 8080
        httpHeaders: [{name: Custom-Header, value: Awesome}]
      initialDelaySeconds: 3
      periodSeconds: 3
"""


def stress(name: str, limit: str, held: str) -> str:
    return f"""\
apiVersion: v1
kind: Pod
metadata: {{name: {name}}}
spec:
  containers:
  - name: ctr
    image: polinux/stress
    resources: {{requests: {{memory: 50Mi}}, limits: {{memory: {limit}}}}}
    command: ["stress"]
    args: ["--vm", "1", "--vm-bytes", "{held}", "--vm-hang", "1"]
"""


def events(sim, pod: str) -> list[tuple[str, str]]:
    return [(e["reason"], e["message"]) for e in sim.store.list("Event", "default")
            if e["involvedObject"]["name"] == pod]


def test_agnhost_liveness_turns_unhealthy_after_ten_seconds_and_is_restarted():
    sim = Simulation(seed=1)
    sim.run("kubectl apply -f -", stdin=LIVENESS_HTTP)
    sim.step(12)
    assert not any(r == "Unhealthy" for r, _ in events(sim, "liveness-http"))
    sim.step(18)
    seen = events(sim, "liveness-http")
    assert ("Unhealthy", "Liveness probe failed: HTTP probe failed with statuscode: 500") in seen
    assert ("Killing", "Container liveness failed liveness probe, will be restarted") in seen
    assert sim.store.get("Pod", "default", "liveness-http")["status"]["containerStatuses"][0]["restartCount"] == 1


def test_stress_holds_its_vm_bytes():
    sim = Simulation(seed=1)
    sim.run("kubectl apply -f -", stdin=stress("within", "200Mi", "150M") + "---\n" + stress("past", "100Mi", "250M"))
    sim.step(40)
    within = sim.store.get("Pod", "default", "within")["status"]["containerStatuses"][0]
    past = sim.store.get("Pod", "default", "past")["status"]["containerStatuses"][0]
    assert within["restartCount"] == 0 and "running" in within["state"]
    assert past["lastState"]["terminated"]["reason"] == "OOMKilled" and past["restartCount"] >= 1
    top = sim.run("kubectl top pod within --no-headers").stdout.split()
    assert top[0] == "within" and 150 <= int(top[2].removesuffix("Mi")) < 200
    assert sim.run("kubectl logs within").stdout == "stress: info: [1] dispatching hogs: 0 cpu, 0 io, 1 vm, 0 hdd\n"


INIT = """\
apiVersion: v1
kind: Pod
metadata: {name: myapp-pod}
spec:
  containers:
  - {name: app, image: "busybox:1.28", command: [sh, -c, 'echo The app is running! && sleep 3600']}
  initContainers:
  - name: init-myservice
    image: "busybox:1.28"
    command: [sh, -c, 'until nslookup myservice; do echo waiting for myservice; sleep 2; done']
"""


def test_busybox_1_28_has_the_old_nslookup():
    sim = Simulation(seed=1)
    sim.run("kubectl apply -f -", stdin=INIT)
    sim.run("kubectl run new --image=busybox:1.36 -- sleep 3600")
    sim.step(12)
    head = "Server:    10.96.0.10\nAddress 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local\n\n"
    assert sim.run("kubectl logs myapp-pod -c init-myservice --tail=5").stdout == (
        head + "nslookup: can't resolve 'myservice'\nwaiting for myservice\n")
    sim.run("kubectl create service clusterip myservice --tcp=80:9376")
    sim.step(6)
    ip = sim.store.get("Service", "default", "myservice")["spec"]["clusterIP"]
    assert sim.run("kubectl logs myapp-pod -c init-myservice --tail=5").stdout == (
        head + f"Name:      myservice\nAddress 1: {ip} myservice.default.svc.cluster.local\n")
    assert sim.store.get("Pod", "default", "myapp-pod")["status"]["phase"] == "Running"
    assert sim.run("kubectl exec new -- nslookup myservice").stdout == (
        f"Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\nName:\tmyservice.default.svc.cluster.local\nAddress: {ip}\n\n")
