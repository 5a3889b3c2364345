"""`kubectl create pdb`, `get pdb`, `describe pdb` and the API server's refusals of budgets."""

import pytest
import yaml

from kubetui import Simulation


@pytest.fixture
def sim():
    s = Simulation(seed=7)
    s.run("kubectl create deployment web --image=nginx:1.25 --replicas=3")
    s.run("kubectl rollout status deploy/web")
    return s


def test_create_get_and_describe(sim):
    r = sim.run("kubectl create pdb web --selector=app=web --min-available=2")
    assert (r.exit_code, r.stdout) == (0, "poddisruptionbudget.policy/web created\n")
    assert sim.run("kubectl create poddisruptionbudget api --selector=app=api --max-unavailable=25%").exit_code == 0
    sim.step(5)
    assert sim.run("kubectl get pdb").stdout == (
        "NAME   MIN AVAILABLE   MAX UNAVAILABLE   ALLOWED DISRUPTIONS   AGE\n"
        "api    N/A             25%               0                     5s\n"
        "web    2               N/A               1                     5s\n")
    assert sim.run("kubectl get poddisruptionbudgets.policy web -o name").stdout == "poddisruptionbudget.policy/web\n"
    assert sim.run("kubectl describe pdb web").stdout == (
        "Name:           web\n"
        "Namespace:      default\n"
        "Min available:  2\n"
        "Selector:       app=web\n"
        "Status:\n"
        "    Allowed disruptions:  1\n"
        "    Current:              3\n"
        "    Desired:              2\n"
        "    Total:                3\n"
        "Events:                   <none>\n")
    described = sim.run("kubectl describe pdb api").stdout
    assert "Max unavailable:  25%\n" in described
    assert "Normal  NoPods" in described and "controllermanager  No matching pods found" in described


def test_yaml_round_trip(sim):
    sim.run("kubectl create pdb web --selector=app=web --max-unavailable=1")
    sim.step(2)
    out = sim.run("kubectl get pdb web -o yaml").stdout
    obj = yaml.safe_load(out)
    assert obj["apiVersion"] == "policy/v1"
    assert obj["spec"] == {"maxUnavailable": 1, "selector": {"matchLabels": {"app": "web"}}}
    assert obj["status"]["conditions"][0] == {
        "lastTransitionTime": obj["status"]["conditions"][0]["lastTransitionTime"], "message": "",
        "observedGeneration": 1, "reason": "SufficientPods", "status": "True", "type": "DisruptionAllowed"}
    assert sim.run("kubectl apply -f -", stdin=out).stdout == "poddisruptionbudget.policy/web configured\n"
    again = yaml.safe_load(sim.run("kubectl get pdb web -o yaml").stdout)
    assert (again["spec"], again["status"], again["metadata"]["generation"]) == (obj["spec"], obj["status"], 1)
    assert sim.run("kubectl delete pdb web").stdout == 'poddisruptionbudget.policy "web" deleted from default namespace\n'


def test_the_api_server_refuses_both_fields_and_bad_values(sim):
    both = """apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: web}
spec:
  minAvailable: 2
  maxUnavailable: 1
  selector: {matchLabels: {app: web}}
"""
    r = sim.run("kubectl apply -f -", stdin=both)
    assert r.exit_code == 1
    assert r.stderr.startswith('The PodDisruptionBudget "web" is invalid: spec: Invalid value: '
                               "policy.PodDisruptionBudgetSpec{MinAvailable:(*intstr.IntOrString)(0xc0")
    assert r.stderr.endswith(", UnhealthyPodEvictionPolicy:(*policy.UnhealthyPodEvictionPolicyType)(nil)}: "
                             "minAvailable and maxUnavailable cannot be both set\n")
    assert sim.run("kubectl apply -f -", stdin=both).stderr == r.stderr
    bad = both.replace("  maxUnavailable: 1\n", "").replace("minAvailable: 2", "minAvailable: 150%")
    assert sim.run("kubectl apply -f -", stdin=bad).stderr == (
        'The PodDisruptionBudget "web" is invalid: spec.minAvailable: Invalid value: '
        'intstr.IntOrString{Type:1, IntVal:0, StrVal:"150%"}: must not be greater than 100%\n')
    policy = both.replace("  maxUnavailable: 1\n", "  unhealthyPodEvictionPolicy: Sometimes\n")
    assert sim.run("kubectl apply -f -", stdin=policy).stderr == (
        'The PodDisruptionBudget "web" is invalid: spec.unhealthyPodEvictionPolicy: Unsupported value: '
        '"Sometimes": supported values: "AlwaysAllow", "IfHealthyBudget"\n')
    assert sim.get("PodDisruptionBudget", "web") is None


def test_discovery_knows_the_short_name(sim):
    rows = [line.split() for line in sim.run("kubectl api-resources").stdout.splitlines()]
    assert ["poddisruptionbudgets", "pdb", "policy/v1", "true", "PodDisruptionBudget"] in rows
    assert sim.run("kubectl explain pdb.spec").stdout.startswith(
        "GROUP:      policy\nKIND:       PodDisruptionBudget\nVERSION:    v1\n\nFIELD: spec <PodDisruptionBudgetSpec>")
    assert "  minAvailable\t<IntOrString>\n" in sim.run("kubectl explain pdb.spec").stdout
    assert "  limits\t<map[string]Quantity>\n" in sim.run("kubectl explain pod.spec.containers.resources").stdout
