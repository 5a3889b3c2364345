"""`kubectl describe networkpolicy` in kubectl's layout."""

from kubetui import Simulation

POLICY = """apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: redis-from-web}
spec:
  podSelector: {matchLabels: {app: redis}}
  ingress:
  - from:
    - podSelector: {matchLabels: {app: web}}
    ports:
    - port: 6379
"""


def test_describe_network_policy():
    sim = Simulation(seed=1)
    assert sim.run("kubectl apply -f -", stdin=POLICY).exit_code == 0
    assert sim.run("kubectl describe netpol redis-from-web").stdout == (
        "Name:         redis-from-web\n"
        "Namespace:    default\n"
        "Created on:   2026-01-01 00:00:00 +0000 UTC\n"
        "Labels:       <none>\n"
        "Annotations:  <none>\n"
        "Spec:\n"
        "  PodSelector:     app=redis\n"
        "  Allowing ingress traffic:\n"
        "    To Port: 6379/TCP\n"
        "    From:\n"
        "      PodSelector: app=web\n"
        "  Not affecting egress traffic\n"
        "  Policy Types: Ingress\n")
