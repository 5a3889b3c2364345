"""deploy/: the manifests that run `kubetui web` for a classroom are valid Kubernetes, and they work
— applied to kubetui's own cluster, the pods run, pass their probes and are reachable through the
Service on the web port only."""

from pathlib import Path

import kubernetes_validate
import pytest
import yaml

from kubetui import Simulation

DEPLOY = Path(__file__).resolve().parents[1] / "deploy"
MANIFESTS = DEPLOY / "kubetui-web.yaml"


def documents() -> list[dict]:
    return [d for d in yaml.safe_load_all(MANIFESTS.read_text()) if d]


@pytest.mark.parametrize("doc", documents(), ids=lambda d: f"{d['kind']}/{d['metadata']['name']}")
def test_each_object_matches_the_published_schema(doc):
    kubernetes_validate.validate(doc, "1.32.0", strict=True)


def test_the_containerfile_runs_kubetui_web_on_the_port_the_manifests_use():
    text = (DEPLOY / "Containerfile").read_text()
    assert 'ENTRYPOINT ["kubetui", "web", "--address", "0.0.0.0", "--port", "8000"]' in text
    container = next(d for d in documents() if d["kind"] == "Deployment")["spec"]["template"]["spec"]["containers"][0]
    assert container["ports"][0]["containerPort"] == 8000


@pytest.fixture(scope="module")
def classroom():
    sim = Simulation(seed=5)
    result = sim.run(f"kubectl apply -f {MANIFESTS}")
    assert result.exit_code == 0, result.stderr
    sim.step(60)
    return sim


def test_applied_to_kubetuis_own_cluster_the_pods_run_and_are_ready(classroom):
    pods = classroom.run("kubectl get pods -n kubetui --no-headers").stdout.splitlines()
    assert len(pods) == 2
    assert all(line.split()[1:3] == ["1/1", "Running"] for line in pods), pods
    endpoints = classroom.run("kubectl get endpoints kubetui-web -n kubetui -o jsonpath={.subsets[0].addresses[*].ip}")
    assert len(endpoints.stdout.split()) == 2


def test_learners_reach_the_web_port_and_nothing_else(classroom):
    network = classroom.network
    svc = classroom.store.get("Service", "kubetui", "kubetui-web")
    ok, where = network.reachable(None, svc, 80)
    assert ok and where.endswith(":8000"), where
    pod = classroom.store.list("Pod", "kubetui")[0]
    ok, why = network.reachable(None, pod, 22)
    assert not ok


def test_the_namespace_enforces_restricted_and_the_pods_pass_it(classroom):
    """The pods were admitted under Pod Security `restricted` (else there would be none)."""
    ns = classroom.store.get("Namespace", None, "kubetui")
    assert ns["metadata"]["labels"]["pod-security.kubernetes.io/enforce"] == "restricted"
    events = classroom.run("kubectl get events -n kubetui").stdout
    assert "FailedCreate" not in events
