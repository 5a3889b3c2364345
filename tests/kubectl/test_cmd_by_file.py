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


def test_a_key_repeated_in_a_manifest_takes_its_last_value(tmp_path):
    """The real kubectl 1.37 converts YAML to JSON through go-yaml v2, which keeps a repeated
    key's last value without a word: `create`, `apply` and `--dry-run=client -o yaml` all succeed
    (measured against `kubetui serve`: the JSON it sent held the last value only)."""
    path = tmp_path / "dup.yaml"
    path.write_text("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: dup\ndata:\n  a: \"1\"\n  a: \"2\"\n")
    sim = Simulation(seed=1)
    shown = sim.run(f"kubectl create --dry-run=client -o yaml -f {path}")
    assert (shown.exit_code, shown.stderr) == (0, "")
    assert shown.stdout == ("apiVersion: v1\ndata:\n  a: \"2\"\nkind: ConfigMap\nmetadata:\n  name: dup\n"
                            "  namespace: default\n")
    applied = sim.run(f"kubectl apply -f {path}")
    assert (applied.exit_code, applied.stdout, applied.stderr) == (0, "configmap/dup created\n", "")
    assert sim.get("ConfigMap", "dup")["data"] == {"a": "2"}
