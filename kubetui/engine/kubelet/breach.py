"""Simulated container escapes: the seed's "a breached container can reach the OS".

Nothing here is a real exploit. An image marked `compromised: True` carries a (simulated)
exploit; it only matters when the pod gives it a way out of its namespaces and cgroups: a
privileged container, the host's PID or network namespace, or the host's root filesystem
(`hostPath: /`). Then the container "escapes" to its node: Warning `ContainerEscape` Events on
the pod and the node (from `kubetui-security`), the node annotated `kubetui.io/breached`, and
the Secrets and environment of every other pod on that node counted as exposed. The same image
in a pod without those openings stays contained (`ContainerEscapeBlocked`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kubetui.engine.kubelet.containers import Container, PodRuntime
    from kubetui.engine.simulation import Simulation

COMPONENT = "kubetui-security"
ANNOTATION = "kubetui.io/breached"


def openings(pod: dict) -> list[str]:
    """The ways out of the container a pod grants, in the words of its spec."""
    spec = pod["spec"]
    out = []
    if any((c.get("securityContext") or {}).get("privileged") for c in spec.get("containers") or ()):
        out.append("privileged")
    out += [f for f in ("hostPID", "hostNetwork", "hostIPC") if spec.get(f)]
    out += [f"hostPath {v['hostPath']['path']}" for v in spec.get("volumes") or ()
            if "hostPath" in v and v["hostPath"].get("path", "").rstrip("/") == ""]
    return out


class Breaches:
    def __init__(self, sim: Simulation):
        self.sim = sim
        self.log: list[dict] = []
        """Every escape: {tick, node, namespace, pod, container, image, via, secrets, env}."""

    def container_started(self, rt: PodRuntime, c: Container) -> None:
        if c.behavior is None or not c.behavior.compromised:
            return
        pod = self.sim.store.get("Pod", rt.namespace, rt.name)
        if pod is None:
            return
        image = c.spec.get("image", "")
        via = openings(pod)
        rec = self.sim.recorder
        if not via:
            rec.record(pod, "Normal", "ContainerEscapeBlocked",
                       f"[simulated] exploit in image {image} stayed inside container {c.name}: "
                       "no privileged mode, host namespaces or host root filesystem", COMPONENT, rt.node)
            return
        secrets, env = self._exposed(rt)
        message = (f"[simulated] container {c.name} (image {image}) escaped to node {rt.node} via "
                   f"{', '.join(via)}: {len(secrets)} Secret(s) and the environment of {len(env)} pod(s) exposed")
        rec.record(pod, "Warning", "ContainerEscape", message, COMPONENT, rt.node)
        node = self.sim.store.get("Node", None, rt.node)
        if node is not None:
            rec.record(node, "Warning", "ContainerEscape", message, COMPONENT, rt.node)
            annotations = dict(node["metadata"].get("annotations") or {})
            annotations[ANNOTATION] = f"{rt.namespace}/{rt.name}"
            self.sim.store.update({**node, "metadata": {**node["metadata"], "annotations": annotations}}, admit=False)
        self.log.append({"tick": self.sim.tick, "node": rt.node, "namespace": rt.namespace, "pod": rt.name,
                         "container": c.name, "image": image, "via": via, "secrets": secrets, "env": env})

    def _exposed(self, rt: PodRuntime) -> tuple[list[str], dict[str, list[str]]]:
        """Secrets referenced by the node's pods, and each pod's environment variable names."""
        secrets: dict[str, None] = {}
        env: dict[str, list[str]] = {}
        for pod in self.sim.store.pods_on(rt.node):
            ns, name = pod["metadata"]["namespace"], pod["metadata"]["name"]
            for v in pod["spec"].get("volumes") or ():
                if "secret" in v:
                    secrets[f"{ns}/{v['secret'].get('secretName')}"] = None
            for c in pod["spec"].get("containers") or ():
                for e in c.get("envFrom") or ():
                    if "secretRef" in e:
                        secrets[f"{ns}/{e['secretRef'].get('name')}"] = None
                for var in c.get("env") or ():
                    ref = (var.get("valueFrom") or {}).get("secretKeyRef")
                    if ref:
                        secrets[f"{ns}/{ref.get('name')}"] = None
            other = self.sim.kubelet.runtime(ns, name)
            if other is not None and (ns, name) != (rt.namespace, rt.name):
                names = sorted({k for c in other.containers for k in c.env})
                if names:
                    env[f"{ns}/{name}"] = names
        return sorted(secrets), env

    def figures(self) -> dict:
        nodes = sorted({b["node"] for b in self.log})
        return {"escapes": len(self.log), "nodes": nodes,
                "secretsExposed": sorted({s for b in self.log for s in b["secrets"]})}
