"""The real kubectl (1.37) against `kubetui serve` on Ingresses and LoadBalancer Services: what it
prints matches kubetui's own kubectl for the same state."""

from __future__ import annotations

import json


def test_real_kubectl_creates_gets_and_describes_an_ingress(served):
    for line in ("kubectl create deployment web --image=nginx:1.25 --replicas=2",
                 "kubectl expose deployment web --port=80 --type=LoadBalancer"):
        assert served.builtin(line).exit_code == 0
    r = served.kubectl("create", "ingress", "web", "--rule=shop.example.com/*=web:80,tls=shop-tls")
    assert (r.returncode, r.stdout) == (0, "ingress.networking.k8s.io/web created\n"), r.stderr
    assert served.call(served.sim.get, "Ingress", "web", "default")["spec"]["ingressClassName"] == "nginx"
    served.step(20)
    for args in (["get", "ingress"], ["get", "ing", "-o", "wide"], ["get", "ingressclass"], ["get", "svc"],
                 ["describe", "ingress", "web"], ["describe", "ingressclass", "nginx"], ["describe", "svc", "web"]):
        real = served.kubectl(*args)
        mine = served.builtin("kubectl " + " ".join(args))
        assert real.returncode == 0, real.stderr
        assert _until_events(real.stdout) == _until_events(mine.stdout), args
    real = json.loads(served.kubectl("get", "ingress", "web", "-o", "json", "--show-managed-fields").stdout)
    sim = served.sim
    assert real == served.call(lambda: sim.store.managed.view(sim.get("Ingress", "web", "default")))
    assert [(e["manager"], e.get("subresource")) for e in real["metadata"]["managedFields"]] == [
        ("kubectl-create", None), ("kube-controller-manager", "status")]
    assert real["status"]["loadBalancer"]["ingress"] == [{"ip": "172.18.255.200"}]


def _until_events(text: str) -> str:
    """Event ages are measured by the real kubectl against the wall clock, not the cluster's."""
    return text.partition("Events:")[0]
