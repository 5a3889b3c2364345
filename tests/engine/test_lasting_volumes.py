"""Files on a hostPath or a claim's volume outlive the pod: another pod mounting the same
claim, or the same hostPath on the same node, reads them (CKAD state persistence)."""

from kubetui import Simulation

CLAIM = """\
kind: PersistentVolume
apiVersion: v1
metadata: {name: myvolume}
spec:
  storageClassName: normal
  capacity: {storage: 10Gi}
  accessModes: [ReadWriteOnce, ReadWriteMany]
  hostPath: {path: /etc/foo}
---
kind: PersistentVolumeClaim
apiVersion: v1
metadata: {name: mypvc}
spec:
  storageClassName: normal
  accessModes: [ReadWriteOnce]
  resources: {requests: {storage: 4Gi}}
"""


def pod(name: str, volume: str, node: str = "") -> str:
    where = f"  nodeName: {node}\n" if node else ""
    return f"""\
apiVersion: v1
kind: Pod
metadata: {{name: {name}}}
spec:
{where}  containers:
  - {{name: c, image: busybox, command: [sleep, "3600"], volumeMounts: [{{name: v, mountPath: /etc/foo}}]}}
  volumes:
  - {{name: v, {volume}}}
"""


def test_a_claims_files_outlive_the_pod_and_show_in_the_next():
    sim = Simulation(seed=1)
    sim.run("kubectl apply -f -", stdin=CLAIM)
    sim.step(3)
    sim.run("kubectl apply -f -", stdin=pod("one", "persistentVolumeClaim: {claimName: mypvc}"))
    sim.step(10)
    assert sim.run("kubectl exec one -- cp /etc/passwd /etc/foo/passwd").exit_code == 0
    node = sim.store.get("Pod", "default", "one")["spec"]["nodeName"]
    sim.run("kubectl delete pod one --now")
    sim.step(5)
    sim.run("kubectl apply -f -", stdin=pod("two", "persistentVolumeClaim: {claimName: mypvc}", node))
    sim.step(10)
    assert sim.run("kubectl exec two -- ls /etc/foo").stdout == "passwd\n"
    assert sim.run("kubectl exec two -- head -1 /etc/foo/passwd").stdout == "root:x:0:0:root:/root:/bin/sh\n"
    sim.run("kubectl apply -f -", stdin=pod("same-node", "hostPath: {path: /etc/foo/}", node))
    other = next(n for n in ("node-1", "node-2", "node-3") if n != node)
    sim.run("kubectl apply -f -", stdin=pod("other-node", "hostPath: {path: /etc/foo}", other))
    sim.step(10)
    assert sim.run("kubectl exec same-node -- ls /etc/foo").stdout == "passwd\n"
    assert sim.run("kubectl exec other-node -- ls /etc/foo").stdout == ""


def test_an_emptydir_is_still_the_pods_own():
    sim = Simulation(seed=1)
    for name in ("a", "b"):
        sim.run("kubectl apply -f -", stdin=pod(name, "emptyDir: {}", "node-1"))
    sim.step(10)
    sim.run("kubectl exec a -- touch /etc/foo/x")
    assert sim.run("kubectl exec a -- ls /etc/foo").stdout == "x\n"
    assert sim.run("kubectl exec b -- ls /etc/foo").stdout == ""
