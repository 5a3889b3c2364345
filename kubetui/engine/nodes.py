"""Bringing up the cluster: the control-plane node with its static pods ("Master"), worker
nodes ("Nodes provide resources; add Nodes to grow the cluster"), built-in namespaces.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from kubetui.engine.network.addresses import KUBERNETES_SERVICE_IP, pod_cidr
from kubetui.model.clock import timestamp
from kubetui.model.quantity import canonical_quantity, cpu_millis, memory_bytes
from kubetui.model.version import KUBERNETES_VERSION

if TYPE_CHECKING:
    from kubetui.engine.simulation import Simulation

KUBELET_VERSION = KUBERNETES_VERSION
CONTROL_PLANE = "control-plane"
CONTROL_PLANE_TAINT = {"key": "node-role.kubernetes.io/control-plane", "effect": "NoSchedule"}
BUILTIN_NAMESPACES = ("default", "kube-node-lease", "kube-public", "kube-system")

DEFAULT_WORKER = {"cpu": "4", "memory": "8Gi", "pods": 110}

_STATIC_PODS = {
    "etcd": ("registry.k8s.io/etcd:3.5.16-0", "100m", "100Mi"),
    "kube-apiserver": (f"registry.k8s.io/kube-apiserver:{KUBERNETES_VERSION}", "250m", None),
    "kube-controller-manager": (f"registry.k8s.io/kube-controller-manager:{KUBERNETES_VERSION}", "200m", None),
    "kube-scheduler": (f"registry.k8s.io/kube-scheduler:{KUBERNETES_VERSION}", "100m", None),
}


def bootstrap(sim: Simulation, nodes: int | list[dict], *, control_plane: bool,
              node_pools: list[dict]) -> None:
    from kubetui.engine.admission.priority import system_classes
    from kubetui.engine.network.ingress import ingress_class

    store = sim.store
    for ns in BUILTIN_NAMESPACES:
        store.create({"apiVersion": "v1", "kind": "Namespace",
                      "metadata": {"name": ns, "labels": {"kubernetes.io/metadata.name": ns}},
                      "spec": {"finalizers": ["kubernetes"]}, "status": {"phase": "Active"}}, admit=False)
    for pc in system_classes():
        store.create(pc, admit=False, uid=str(uuid.uuid5(uuid.NAMESPACE_OID, pc["metadata"]["name"])))
    if control_plane:
        add_node(sim, {"name": CONTROL_PLANE, "cpu": "2", "memory": "4Gi", "controlPlane": True})
        with store.writing("kubelet"):  # mirror pods
            for component, (image, cpu, memory) in _STATIC_PODS.items():
                sim.kubelet.start_static_pod(CONTROL_PLANE, component, image, cpu, memory)
    specs = [{"name": f"node-{i}"} for i in range(1, nodes + 1)] if isinstance(nodes, int) else nodes
    for spec in specs:
        add_node(sim, spec)
    for pool in node_pools:
        sim.node_pools[pool["name"]] = dict(pool)
        for i in range(1, int(pool.get("min", 0)) + 1):
            add_node(sim, {**pool, "name": f"{pool['name']}-{i}", "pool": pool["name"]})
    store.create({"apiVersion": "v1", "kind": "Service",
                  "metadata": {"name": "kubernetes", "namespace": "default",
                               "labels": {"component": "apiserver", "provider": "kubernetes"}},
                  "spec": {"clusterIP": KUBERNETES_SERVICE_IP, "clusterIPs": [KUBERNETES_SERVICE_IP],
                           "type": "ClusterIP", "ipFamilies": ["IPv4"], "ipFamilyPolicy": "SingleStack",
                           "internalTrafficPolicy": "Cluster", "sessionAffinity": "None",
                           "ports": [{"name": "https", "port": 443, "protocol": "TCP", "targetPort": 6443}]},
                  "status": {"loadBalancer": {}}}, admit=False)
    from kubetui.engine.authorization.bootstrap import bootstrap as rbac_bootstrap

    rbac_bootstrap(sim)
    ic = ingress_class()
    store.create(ic, admit=False, uid=str(uuid.uuid5(uuid.NAMESPACE_OID, "ingressclass/" + ic["metadata"]["name"])))


def node_object(sim: Simulation, spec: dict, index: int) -> dict:
    """A Node as a kubelet registers it (capacity, labels, taints, addresses, nodeInfo)."""
    name = spec["name"]
    cpu = str(spec.get("cpu", DEFAULT_WORKER["cpu"]))
    memory = canonical_quantity(f"{memory_bytes(spec.get('memory', DEFAULT_WORKER['memory'])) // 1024}Ki")
    pods = str(spec.get("pods", DEFAULT_WORKER["pods"]))
    cpu_millis(cpu)
    labels = {
        "beta.kubernetes.io/arch": "amd64",
        "beta.kubernetes.io/os": "linux",
        "kubernetes.io/arch": "amd64",
        "kubernetes.io/hostname": name,
        "kubernetes.io/os": "linux",
    }
    taints = [dict(t) for t in spec.get("taints", ())]
    if spec.get("controlPlane"):
        labels["node-role.kubernetes.io/control-plane"] = ""
        labels["node.kubernetes.io/exclude-from-external-load-balancers"] = ""
        taints.insert(0, dict(CONTROL_PLANE_TAINT))
    if spec.get("pool"):
        labels["kubetui.io/node-pool"] = spec["pool"]
    labels.update(spec.get("labels") or {})
    capacity = {"cpu": cpu, "ephemeral-storage": "102626232Ki", "hugepages-2Mi": "0",
                "memory": memory, "pods": pods}
    now = timestamp(sim.tick)
    node: dict[str, Any] = {
        "apiVersion": "v1",
        "kind": "Node",
        "metadata": {
            "name": name,
            "labels": labels,
            "annotations": {"node.alpha.kubernetes.io/ttl": "0",
                            "volumes.kubernetes.io/controller-managed-attach-detach": "true"},
        },
        "spec": {"podCIDR": pod_cidr(index), "podCIDRs": [pod_cidr(index)]},
        "status": {
            "addresses": [{"address": f"172.18.0.{index + 2}", "type": "InternalIP"},
                          {"address": name, "type": "Hostname"}],
            "allocatable": dict(capacity),
            "capacity": capacity,
            "conditions": _conditions(now, ready=True),
            "daemonEndpoints": {"kubeletEndpoint": {"Port": 10250}},
            "nodeInfo": {"architecture": "amd64", "bootID": "", "containerRuntimeVersion": "containerd://1.7.24",
                         "kernelVersion": "6.1.0-kubetui", "kubeProxyVersion": KUBELET_VERSION,
                         "kubeletVersion": KUBELET_VERSION, "machineID": "", "operatingSystem": "linux",
                         "osImage": "Debian GNU/Linux 12 (bookworm)", "systemUUID": ""},
        },
    }
    if taints:
        node["spec"]["taints"] = taints
    return node


def _conditions(now: str, ready: bool) -> list[dict]:
    def cond(type_, status, reason, message):
        return {"type": type_, "status": status, "lastHeartbeatTime": now, "lastTransitionTime": now,
                "reason": reason, "message": message}

    return [
        cond("MemoryPressure", "False", "KubeletHasSufficientMemory", "kubelet has sufficient memory available"),
        cond("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure"),
        cond("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available"),
        cond("Ready", "True", "KubeletReady", "kubelet is posting ready status") if ready else
        cond("Ready", "False", "KubeletNotReady", "container runtime network not ready"),
    ]


def ready_conditions(now: str) -> list[dict]:
    return _conditions(now, ready=True)


def add_node(sim: Simulation, spec: dict, *, boot_seconds: int = 0) -> None:
    """Add a machine. With `boot_seconds` it is a VM still booting: it registers as a Node
    (and can take pods) only when its kubelet starts — the seed's VM boot time, made visible."""
    name = spec["name"]
    sim.meter.machine_up(name, spec, boot_seconds)
    if boot_seconds > 0:
        sim.booting[name] = {"spec": dict(spec), "since": sim.tick, "ready": sim.tick + boot_seconds}
        sim.at(sim.tick + boot_seconds, _register, sim, spec)
        return
    _register(sim, spec)


def _register(sim: Simulation, spec: dict) -> None:
    sim.booting.pop(spec["name"], None)
    index = sim.node_index = sim.node_index + 1
    with sim.store.writing("kubelet"):  # a kubelet registers its Node
        node = sim.store.create(node_object(sim, spec, index), admit=False)
    sim.kubelet.register(node["metadata"]["name"])


def remove_node(sim: Simulation, name: str) -> None:
    """The machine is shut down and deleted (a drained node the cluster autoscaler gave back):
    its kubelet stops, its pods and its Node object go, and it stops costing money."""
    if name in sim.kubelet.agents:
        sim.kubelet.stop(name)
    for pod in sim.store.pods_on(name):
        sim.store.remove("Pod", pod["metadata"]["namespace"], pod["metadata"]["name"])
    sim.store.remove("Node", None, name)
    sim.meter.machine_down(name)
