"""The ingress-nginx controller: serves the Ingresses of its IngressClass (network/ingress.py
routes their traffic), publishes its load balancer's address in their status, and checks the
TLS Secrets they name (a missing or malformed one: a Warning, and nginx's default
self-signed certificate for that host, as the real controller falls back)."""

from __future__ import annotations

import copy

from kubetui.engine.controllers.base import Controller, Key
from kubetui.engine.network import ingress as routing
from kubetui.engine.network.loadbalancer import INGRESS_NGINX_IP
from kubetui.model.clock import tick_of

STATUS_SYNC_SECONDS = 5
"""How long after an Ingress appears its address is published (the controller's status sync)."""


class IngressController(Controller):
    name = "nginx-ingress-controller"

    def __init__(self, sim):
        super().__init__(sim)
        self.synced: dict[Key, tuple[str, int]] = {}
        """The uid and generation of each Ingress last loaded into nginx."""
        self.store.watch("Ingress", self.enqueue_change)
        self.store.watch("Secret", self._on_secret)
        self.store.watch("IngressClass", self._on_class)

    def resync(self) -> None:
        for ing in self.store.iter("Ingress"):
            self.enqueue_obj(ing)

    def _on_secret(self, event: str, old: dict | None, new: dict | None) -> None:
        secret = new or old
        assert secret is not None
        ns, name = secret["metadata"]["namespace"], secret["metadata"]["name"]
        for ing in self.store.iter("Ingress", ns):
            if any(t.get("secretName") == name for t in (ing.get("spec") or {}).get("tls") or ()):
                self.enqueue_obj(ing)

    def _on_class(self, event: str, old: dict | None, new: dict | None) -> None:
        self.resync()

    def reconcile(self, key: Key) -> None:
        ns, name = key
        ing = self.store.get("Ingress", ns, name)
        if ing is None:
            return
        ours = routing.handled(self.store, ing)
        published = ((ing.get("status") or {}).get("loadBalancer") or {}).get("ingress") or []
        if not ours:
            if published == [{"ip": INGRESS_NGINX_IP}]:
                self._publish(ing, [])
            return
        generation = ing["metadata"].get("generation", 1)
        if self.synced.get(key) != (ing["metadata"]["uid"], generation):
            self.synced[key] = (ing["metadata"]["uid"], generation)
            self.event(ing, "Normal", "Sync", "Scheduled for sync")
            self._check_tls(ing)
        if published:
            return
        age = self.sim.tick - (tick_of(ing["metadata"].get("creationTimestamp")) or 0)
        if age < STATUS_SYNC_SECONDS:
            self.enqueue_after(key, STATUS_SYNC_SECONDS - age)
            return
        self._publish(ing, [{"ip": INGRESS_NGINX_IP}])

    def _check_tls(self, ing: dict) -> None:
        ns = ing["metadata"]["namespace"]
        for tls in (ing.get("spec") or {}).get("tls") or ():
            secret_name = tls.get("secretName")
            if not secret_name:
                continue
            problem = tls_problem(self.store.get("Secret", ns, secret_name))
            if problem:
                self.event(ing, "Warning", "InvalidTLSSecret",
                           f'Error getting SSL certificate "{ns}/{secret_name}": {problem}. '
                           "Using default certificate")

    def _publish(self, ing: dict, addresses: list[dict]) -> None:
        ing = copy.deepcopy(ing)
        lb = ing.setdefault("status", {}).setdefault("loadBalancer", {})
        if addresses:
            lb["ingress"] = addresses
        else:
            lb.pop("ingress", None)
        self.store.update_status(ing)


def tls_problem(secret: dict | None) -> str:
    """Why nginx cannot use this Secret as a certificate ("" when it can)."""
    if secret is None:
        return "local SSL certificate was not found"
    data = secret.get("data") or {}
    if "tls.crt" not in data or "tls.key" not in data:
        return "the secret does not contain keys tls.crt and tls.key"
    return ""
