"""The cloud-controller-manager's service controller: a load balancer for each Service of type
LoadBalancer, its address written to `status.loadBalancer.ingress` (network/loadbalancer.py)."""

from __future__ import annotations

from kubetui.engine.controllers.base import Controller, Key
from kubetui.engine.network import loadbalancer


class ServiceController(Controller):
    name = "service-controller"

    def __init__(self, sim):
        super().__init__(sim)
        self.provisioning: dict[Key, int] = {}
        """Services whose load balancer the cloud is provisioning, and the tick it started."""
        self.store.watch("Service", self._on_service)

    def _on_service(self, event: str, old: dict | None, new: dict | None) -> None:
        if any(((o or {}).get("spec") or {}).get("type") == "LoadBalancer" for o in (old, new)):
            self.enqueue_obj(new or old)

    def resync(self) -> None:
        for svc in self.store.iter("Service"):
            if (svc.get("spec") or {}).get("type") == "LoadBalancer":
                self.enqueue_obj(svc)

    def reconcile(self, key: Key) -> None:
        ns, name = key
        svc = self.store.get("Service", ns, name)
        if svc is None:
            self.provisioning.pop(key, None)
            return
        spec, status = svc.get("spec") or {}, svc.get("status") or {}
        current = (status.get("loadBalancer") or {}).get("ingress") or []
        if spec.get("type") != "LoadBalancer":
            self.provisioning.pop(key, None)
            if current:
                self._write(svc, [])
                self.event(svc, "Normal", "DeletedLoadBalancer", "Deleted load balancer")
            return
        if current:
            return
        if spec.get("loadBalancerClass"):
            return
        since = self.provisioning.get(key)
        if since is None:
            self.event(svc, "Normal", "EnsuringLoadBalancer", "Ensuring load balancer")
            self.provisioning[key] = self.sim.tick
            self.enqueue_after(key, loadbalancer.PROVISION_SECONDS)
            return
        if self.sim.tick - since < loadbalancer.PROVISION_SECONDS:
            self.enqueue_after(key, loadbalancer.PROVISION_SECONDS - (self.sim.tick - since))
            return
        ip = loadbalancer.allocate(self.store, key)
        if ip is None:
            self.event(svc, "Warning", "SyncLoadBalancerFailed",
                       "Error syncing load balancer: failed to ensure load balancer: no free address in the pool")
            return
        self.provisioning.pop(key, None)
        self._write(svc, [{"ip": ip, "ipMode": "VIP"}])
        self.event(svc, "Normal", "EnsuredLoadBalancer", "Ensured load balancer")

    def _write(self, svc: dict, ingress: list[dict]) -> None:
        import copy

        svc = copy.deepcopy(svc)
        lb = svc.setdefault("status", {}).setdefault("loadBalancer", {})
        if ingress:
            lb["ingress"] = ingress
        else:
            lb.pop("ingress", None)
        self.store.update_status(svc)
