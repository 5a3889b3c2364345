"""fullyLabeledReplicas counts the pods that carry every label of the template: those the
selector matched, when it asks for the template's labels alone; fewer when the template has
more labels than the selector asks for and a pod lost one."""

import json

from kubetui import Simulation


def _replicaset(name: str, template_labels: dict) -> str:
    return f"""apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: {name}
spec:
  replicas: 2
  selector:
    matchLabels:
      app: {name}
  template:
    metadata:
      labels: {json.dumps(template_labels)}
    spec:
      containers:
      - name: app
        image: nginx:1.25
"""


def _fully_labeled(sim: Simulation, name: str) -> int:
    return sim.store.get("ReplicaSet", "default", name)["status"].get("fullyLabeledReplicas", 0)


def test_fully_labeled_replicas_follow_the_templates_labels():
    sim = Simulation(seed=2, nodes=1)
    for name, labels in (("same", {"app": "same"}), ("more", {"app": "more", "tier": "web"})):
        assert sim.run("kubectl apply -f -", stdin=_replicaset(name, labels)).exit_code == 0
    sim.step(8)
    assert _fully_labeled(sim, "same") == 2 and _fully_labeled(sim, "more") == 2
    for name in ("same", "more"):
        pod = sim.list("Pod", "default", f"app={name}")[0]["metadata"]["name"]
        assert sim.run(f"kubectl label pod {pod} extra=1" + (" tier-" if name == "more" else "")).exit_code == 0
    sim.step(4)
    assert _fully_labeled(sim, "same") == 2, "a label beside the template's takes nothing away"
    assert _fully_labeled(sim, "more") == 1, "the pod without tier=web still counts, but not as fully labeled"
    assert sim.store.get("ReplicaSet", "default", "more")["status"]["replicas"] == 2
