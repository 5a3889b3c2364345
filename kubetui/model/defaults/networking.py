"""Defaults of networking.k8s.io/v1: NetworkPolicy."""

from __future__ import annotations


def _network_policy(obj: dict) -> None:
    spec = obj.setdefault("spec", {})
    for rule in (*spec.get("ingress", ()), *spec.get("egress", ())):
        for port in rule.get("ports", ()):
            port.setdefault("protocol", "TCP")
    if not spec.get("policyTypes"):
        spec["policyTypes"] = ["Ingress"] + (["Egress"] if spec.get("egress") else [])


DEFAULTS = {"NetworkPolicy": _network_policy}
