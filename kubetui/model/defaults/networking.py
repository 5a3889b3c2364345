"""Defaults of networking.k8s.io/v1: NetworkPolicy, Ingress, IngressClass."""

from __future__ import annotations


def _network_policy(obj: dict) -> None:
    spec = obj.setdefault("spec", {})
    for rule in (*spec.get("ingress", ()), *spec.get("egress", ())):
        for port in rule.get("ports", ()):
            port.setdefault("protocol", "TCP")
    if not spec.get("policyTypes"):
        spec["policyTypes"] = ["Ingress"] + (["Egress"] if spec.get("egress") else [])


def _ingress(obj: dict) -> None:
    obj.setdefault("status", {}).setdefault("loadBalancer", {})


def _ingress_class(obj: dict) -> None:
    params = (obj.get("spec") or {}).get("parameters")
    if params is not None:
        params.setdefault("scope", "Cluster")


DEFAULTS = {"NetworkPolicy": _network_policy, "Ingress": _ingress, "IngressClass": _ingress_class}
