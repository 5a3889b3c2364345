"""A hand-built cluster for the printer tests: realistic objects as `kubectl get -o json` shows them."""

import pytest

from kubetui.model.clock import timestamp

NOW = 3600  # 01:00:00 on the simulated day


class FakeView:
    """The ClusterView protocol over a plain list of objects."""

    def __init__(self, objects=(), events=(), tick=NOW):
        self.tick = tick
        self.objects = list(objects)
        self._events = list(events)

    def get(self, kind, name, namespace="default"):
        for o in self.objects:
            m = o["metadata"]
            if o["kind"] == kind and m["name"] == name and m.get("namespace") in (namespace, None):
                return o
        return None

    def list(self, kind, namespace=None, labels=None):
        out = [o for o in self.objects if o["kind"] == kind
               and (namespace is None or o["metadata"].get("namespace") == namespace)]
        if labels:
            want = dict(p.split("=", 1) for p in labels.split(","))
            out = [o for o in out if all((o["metadata"].get("labels") or {}).get(k) == v for k, v in want.items())]
        return out

    def events(self):
        return list(self._events)


def ts(tick):
    return timestamp(tick)


def make_pod(name="web-7d4b9c8f5-abcde", *, ns="default", created=0, phase="Running", node="node-1",
             ip="10.244.1.5", statuses=None, init=None, init_statuses=None, labels=None, owner=None,
             deletion=None, reason=None, message=None, conditions=None, resources=None, containers=None,
             volumes=None, tolerations=None):
    containers = containers or [{"name": "nginx", "image": "nginx:1.25",
                                 "ports": [{"containerPort": 80, "protocol": "TCP"}],
                                 "resources": resources or {}}]
    meta = {"name": name, "namespace": ns, "uid": f"uid-{name}", "resourceVersion": "100",
            "creationTimestamp": ts(created), "labels": labels or {"app": "web"}}
    if owner:
        meta["ownerReferences"] = [{"apiVersion": "apps/v1", "kind": owner[0], "name": owner[1],
                                    "uid": owner[2], "controller": True, "blockOwnerDeletion": True}]
    if deletion is not None:
        meta["deletionTimestamp"] = ts(deletion)
        meta["deletionGracePeriodSeconds"] = 30
    spec = {"containers": containers, "restartPolicy": "Always", "serviceAccountName": "default",
            "terminationGracePeriodSeconds": 30, "dnsPolicy": "ClusterFirst", "schedulerName": "default-scheduler",
            "tolerations": tolerations if tolerations is not None else [
                {"key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute",
                 "tolerationSeconds": 300},
                {"key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute",
                 "tolerationSeconds": 300}],
            "volumes": volumes if volumes is not None else []}
    if node:
        spec["nodeName"] = node
    if init:
        spec["initContainers"] = init
    status = {"phase": phase, "qosClass": None}
    del status["qosClass"]
    if node:
        status["hostIP"] = "192.168.49.3"
        status["startTime"] = ts(created + 1)
    if ip:
        status["podIP"] = ip
        status["podIPs"] = [{"ip": ip}]
    if statuses is not None:
        status["containerStatuses"] = statuses
    if init_statuses is not None:
        status["initContainerStatuses"] = init_statuses
    if reason:
        status["reason"] = reason
    if message:
        status["message"] = message
    if conditions is not None:
        status["conditions"] = conditions
    return {"apiVersion": "v1", "kind": "Pod", "metadata": meta, "spec": spec, "status": status}


def running(name="nginx", image="nginx:1.25", started=5, ready=True, restarts=0, last=None):
    s = {"name": name, "image": image, "imageID": f"docker.io/library/{image}@sha256:0123",
         "containerID": f"containerd://{name}0123", "ready": ready, "started": True,
         "restartCount": restarts, "state": {"running": {"startedAt": ts(started)}}}
    if last:
        s["lastState"] = {"terminated": last}
    return s


def waiting(reason, name="nginx", image="nginx:1.25", restarts=0, last=None, message=None):
    s = {"name": name, "image": image, "imageID": "", "ready": False, "started": False,
         "restartCount": restarts, "state": {"waiting": {"reason": reason}}}
    if message:
        s["state"]["waiting"]["message"] = message
    if last:
        s["lastState"] = {"terminated": last}
    return s


def terminated(reason, exit_code, name="nginx", image="nginx:1.25", started=5, finished=65, restarts=0):
    return {"name": name, "image": image, "imageID": f"docker.io/library/{image}@sha256:0123",
            "containerID": f"containerd://{name}0123", "ready": False, "started": False,
            "restartCount": restarts,
            "state": {"terminated": {"reason": reason, "exitCode": exit_code, "startedAt": ts(started),
                                     "finishedAt": ts(finished), "containerID": f"containerd://{name}0123"}}}


def pod_conditions(ready=True, t=5):
    s = "True" if ready else "False"
    return [{"type": "PodReadyToStartContainers", "status": "True", "lastTransitionTime": ts(t)},
            {"type": "Initialized", "status": "True", "lastTransitionTime": ts(t)},
            {"type": "Ready", "status": s, "lastTransitionTime": ts(t)},
            {"type": "ContainersReady", "status": s, "lastTransitionTime": ts(t)},
            {"type": "PodScheduled", "status": "True", "lastTransitionTime": ts(t)}]


def make_node(name="node-1", *, created=0, ready="True", roles=(), unschedulable=False, taints=None,
              ip="192.168.49.3"):
    labels = {"kubernetes.io/arch": "amd64", "kubernetes.io/hostname": name, "kubernetes.io/os": "linux",
              "beta.kubernetes.io/arch": "amd64", "beta.kubernetes.io/os": "linux"}
    for r in roles:
        labels[f"node-role.kubernetes.io/{r}"] = ""
    spec = {"podCIDR": "10.244.1.0/24", "podCIDRs": ["10.244.1.0/24"]}
    if unschedulable:
        spec["unschedulable"] = True
    if taints:
        spec["taints"] = taints
    reason = {"True": "KubeletReady", "False": "KubeletNotReady", "Unknown": "NodeStatusUnknown"}[ready]
    message = {"True": "kubelet is posting ready status", "False": "container runtime is down",
               "Unknown": "Kubelet stopped posting node status."}[ready]
    return {
        "apiVersion": "v1", "kind": "Node",
        "metadata": {"name": name, "uid": f"uid-{name}", "resourceVersion": "50", "creationTimestamp": ts(created),
                     "labels": labels,
                     "annotations": {"node.alpha.kubernetes.io/ttl": "0",
                                     "volumes.kubernetes.io/controller-managed-attach-detach": "true"}},
        "spec": spec,
        "status": {
            "capacity": {"cpu": "2", "memory": "4020788Ki", "pods": "110", "ephemeral-storage": "61202244Ki",
                         "hugepages-2Mi": "0"},
            "allocatable": {"cpu": "2", "memory": "4020788Ki", "pods": "110", "ephemeral-storage": "61202244Ki",
                            "hugepages-2Mi": "0"},
            "conditions": [
                {"type": "MemoryPressure", "status": "False", "lastHeartbeatTime": ts(created + 10),
                 "lastTransitionTime": ts(created), "reason": "KubeletHasSufficientMemory",
                 "message": "kubelet has sufficient memory available"},
                {"type": "Ready", "status": ready, "lastHeartbeatTime": ts(created + 10),
                 "lastTransitionTime": ts(created), "reason": reason, "message": message},
            ],
            "addresses": [{"type": "InternalIP", "address": ip}, {"type": "Hostname", "address": name}],
            "nodeInfo": {"machineID": "m-1", "systemUUID": "s-1", "bootID": "b-1",
                         "kernelVersion": "6.8.0-45-generic", "osImage": "Ubuntu 22.04.4 LTS",
                         "containerRuntimeVersion": "containerd://1.7.22", "kubeletVersion": "v1.32.0",
                         "kubeProxyVersion": "v1.32.0", "operatingSystem": "linux", "architecture": "amd64"},
        },
    }


def make_event(reason, message, *, kind="Pod", name="web-7d4b9c8f5-abcde", ns="default", uid=None, etype="Normal",
               first=0, last=None, count=1, component="kubelet", host=None):
    inv = {"kind": kind, "name": name, "namespace": ns, "apiVersion": "v1"}
    if uid:
        inv["uid"] = uid
    ev = {"apiVersion": "v1", "kind": "Event",
          "metadata": {"name": f"{name}.{first:x}", "namespace": ns, "creationTimestamp": ts(first)},
          "involvedObject": inv, "reason": reason, "message": message, "type": etype, "count": count,
          "firstTimestamp": ts(first), "lastTimestamp": ts(last if last is not None else first),
          "source": {"component": component}, "reportingComponent": component}
    if host:
        ev["source"]["host"] = host
    return ev


@pytest.fixture
def view():
    return FakeView()
