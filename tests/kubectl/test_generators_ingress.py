"""`create ingress` and `create service loadbalancer|externalname` against the real kubectl.

golden/ingress_services.json holds what the kubectl wheel (v1.37, see its `kubectl` key)
printed for each command with `--dry-run=client -o yaml`; kubetui must print the same bytes.
The one line set aside is `creationTimestamp: null`, which kubectl 1.37 no longer prints and
kubetui's older generators (golden against 1.32) still do: it is removed from kubetui's output
only, so every other byte, the order of keys and the errors must match exactly.
"""

import json
from pathlib import Path

import pytest

from kubetui import Simulation

DATA = json.loads((Path(__file__).parent / "golden" / "ingress_services.json").read_text())
CASES = DATA["cases"]


@pytest.fixture(scope="module")
def sim():
    return Simulation(seed=1)


@pytest.mark.parametrize("name", sorted(CASES))
def test_matches_kubectl(sim, name):
    case = CASES[name]
    r = sim.run(f"kubectl {case['argv']} --dry-run=client -o yaml")
    assert (r.exit_code, r.stderr) == (case["exit_code"], case["stderr"])
    assert r.stdout.replace("  creationTimestamp: null\n", "") == case["stdout"]


def test_goldens_come_from_kubectl_1_37():
    assert DATA["kubectl"].startswith("v1.37")


def test_create_ingress_really_creates(sim):
    r = sim.run("kubectl create ingress web --rule=shop.example.com/*=web:80 -n default")
    assert r.stdout == "ingress.networking.k8s.io/web created\n"
    ing = sim.get("Ingress", "web")
    assert ing["spec"]["ingressClassName"] == "nginx"
    assert ing["spec"]["rules"][0]["http"]["paths"][0] == {
        "path": "/", "pathType": "Prefix", "backend": {"service": {"name": "web", "port": {"number": 80}}}}


def test_create_service_loadbalancer_and_externalname(sim):
    assert sim.run("kubectl create service loadbalancer lb --tcp=80:8080").exit_code == 0
    assert sim.get("Service", "lb")["spec"]["ports"][0]["nodePort"] >= 30000
    assert sim.run("kubectl create service externalname db --external-name=db.example.com").exit_code == 0
    svc = sim.get("Service", "db")
    assert "clusterIP" not in svc["spec"] and svc["spec"]["externalName"] == "db.example.com"


def test_stored_objects_are_valid_kubernetes():
    """Every Ingress, IngressClass and LoadBalancer/ExternalName Service kubetui stores, status
    included, passes the official 1.32 schemas (`kubernetes-validate`)."""
    import kubernetes_validate

    sim = Simulation(seed=4)
    for line in ("create deployment web --image=nginx:1.25",
                 "expose deployment web --port=80 --type=LoadBalancer",
                 "create service externalname db --external-name=db.example.com --tcp=5432",
                 "create ingress web --rule=shop.example.com/*=web:80,tls=shop-tls --default-backend=web:80 "
                 "--annotation=nginx.ingress.kubernetes.io/ssl-redirect=false",
                 "create ingress api --class=nginx --rule=/api=web:http"):
        assert sim.run("kubectl " + line).exit_code == 0, line
    sim.step(10)
    objects = sim.list("Ingress") + sim.list("IngressClass") + sim.list("Service")
    assert {o["kind"] for o in objects} == {"Ingress", "IngressClass", "Service"}
    for obj in objects:
        kubernetes_validate.validate(obj, "1.32.0", strict=True)
