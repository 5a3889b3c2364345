"""Commands that name their objects by `-f FILE`, as kubectl lets them."""

from kubetui import Simulation

MANIFEST = """apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 1
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: nginx:1.25}]
---
apiVersion: v1
kind: ConfigMap
metadata: {name: settings}
data: {mode: fast}
"""


def test_get_describe_label_set_delete_by_file(tmp_path):
    path = tmp_path / "app.yaml"
    path.write_text(MANIFEST)
    sim = Simulation(seed=1)
    missing = sim.run(f"kubectl get -f {path}")
    assert missing.exit_code == 1
    assert missing.stderr == ('Error from server (NotFound): deployments.apps "web" not found\n'
                              'Error from server (NotFound): configmaps "settings" not found\n')
    assert sim.run(f"kubectl apply -f {path}").exit_code == 0
    got = sim.run(f"kubectl get -f {path} -o name")
    assert got.stdout == "deployment.apps/web\nconfigmap/settings\n"
    assert "Name:" in sim.run(f"kubectl describe -f {path}").stdout
    assert sim.run(f"kubectl label -f {path} tier=front").stdout == (
        "deployment.apps/web labeled\nconfigmap/settings labeled\n")
    assert sim.get("ConfigMap", "settings")["metadata"]["labels"] == {"tier": "front"}
    r = sim.run(f"kubectl set image -f {path} web=nginx:1.26")
    assert "deployment.apps/web image updated" in r.stdout
    deleted = sim.run(f"kubectl delete -f {path} --wait=false")
    assert deleted.stdout == 'deployment.apps "web" deleted from default namespace\nconfigmap "settings" deleted from default namespace\n'
    assert sim.get("ConfigMap", "settings") is None
