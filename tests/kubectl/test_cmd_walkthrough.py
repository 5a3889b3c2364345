"""A learner's session, headless, on a small cluster: every command ends with the exit code
kubectl would give, and the cluster ends where the session left it."""

from kubetui import Simulation

WEB = """\
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, labels: {app: web}}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: nginx
        image: nginx:1.25
        ports: [{containerPort: 80}]
        resources: {requests: {cpu: 100m, memory: 64Mi}, limits: {memory: 128Mi}}
"""

SESSION = [
    ("kubectl version", 0),
    ("kubectl get nodes", 0),
    ("kubectl get pods", 0),
    ("kubectl get pod ghost", 1),
    ("kubectl get foo", 1),
    ("kubectl apply -f -", 0),
    ("kubectl apply -f -", 0),
    ("kubectl rollout status deployment/web --timeout=120s", 0),
    ("kubectl get deploy,rs,pods -o wide", 0),
    ("kubectl expose deployment web --port=80", 0),
    ("kubectl get svc web -o jsonpath={.spec.ports[0].port}", 0),
    ("kubectl create configmap app --from-literal=MODE=fast", 0),
    ("kubectl create secret generic db --from-literal=password=s3cret", 0),
    ("kubectl describe secret db", 0),
    ("kubectl set env deployment/web --from=configmap/app", 0),
    ("kubectl rollout status deployment/web", 0),
    ("kubectl set image deployment/web nginx=nginx:1.26", 0),
    ("kubectl rollout status deployment/web", 0),
    ("kubectl rollout history deployment/web", 0),
    ("kubectl rollout undo deployment/web", 0),
    ("kubectl rollout status deployment/web", 0),
    ("kubectl scale deployment web --replicas=5", 0),
    ("kubectl wait --for=condition=Available deployment/web --timeout=60s", 0),
    ("kubectl run probe -it --rm --image=busybox --restart=Never -- wget -qO- http://web", 0),
    ("kubectl label deployment web tier=frontend", 0),
    ("kubectl label deployment web tier=backend", 1),
    ("kubectl annotate deployment web owner=team-a", 0),
    ("kubectl patch deployment web -p '{\"spec\":{\"replicas\":4}}'", 0),
    ("kubectl cordon node-1", 0),
    ("kubectl drain node-1 --ignore-daemonsets", 0),
    ("kubectl uncordon node-1", 0),
    ("kubectl taint nodes node-2 maintenance=true:NoSchedule", 0),
    ("kubectl taint nodes node-2 maintenance:NoSchedule-", 0),
    ("kubectl top nodes", 0),
    ("kubectl autoscale deployment web --min=2 --max=6 --cpu-percent=70", 0),
    ("kubectl get hpa", 0),
    ("kubectl api-resources", 0),
    ("kubectl explain deployment.spec.strategy", 0),
    ("kubectl config get-contexts", 0),
    ("kubectl edit deployment web", 1),
    ("kubectl delete pod -l app=web --wait=false", 0),
    ("kubectl rollout status deployment/web", 0),
    ("sim stop apiserver", 0),
    ("kubectl get pods", 1),
    ("sim start apiserver", 0),
    ("kubectl delete deployment web", 0),
    ("kubectl delete service web", 0),
    ("kubectl get deploy web", 1),
]


def test_session_exit_codes_and_final_state():
    sim = Simulation(seed=7)
    for line, want in SESSION:
        stdin = WEB if "-f -" in line else None
        r = sim.run(line, stdin=stdin)
        assert r.exit_code == want, (line, r)
        assert "Traceback" not in r.stderr and "Error: " not in r.stderr.replace("Error from server", "")
    assert sim.get("Deployment", "web") is None
    assert sim.get("Service", "web") is None
    assert sim.get("HorizontalPodAutoscaler", "web") is not None
    assert sim.get("Node", "node-1", None)["spec"].get("unschedulable") is None
    assert "taints" not in sim.get("Node", "node-2", None)["spec"]


def test_same_session_same_state():
    """Blocking commands step the clock deterministically: two runs end identical."""
    sums = []
    for _ in range(2):
        sim = Simulation(seed=7)
        for line, _want in SESSION[:24]:
            sim.run(line, stdin=WEB if "-f -" in line else None)
        sums.append((sim.tick, sim.checksum()))
    assert sums[0] == sums[1]
