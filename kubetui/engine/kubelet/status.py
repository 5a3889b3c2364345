"""Pod status as the kubelet reports it: phase, conditions and container statuses, rendered
from the runtime's state (containers.py) whenever it changes."""

from __future__ import annotations

import hashlib

from kubetui.engine.kubelet.containers import Container, PodRuntime, transition
from kubetui.engine.kubelet.images import qualified
from kubetui.engine.sharedvalues import keep
from kubetui.model.clock import timestamp
from kubetui.model.qos import qos_class

CONDITIONS = ("PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled")
"""A pod's conditions, in the order the kubelet lists them."""
FINISHED = ("Succeeded", "Failed")


def update_readiness(rt: PodRuntime, tick: int) -> None:
    """Ready and ContainersReady follow the readiness of the app containers and sidecars."""
    ready = app = False
    for c in rt.containers:  # every app container and sidecar ready, and at least one app container
        if c.init:
            if not c.sidecar:
                continue
        else:
            app = True
        if not c.ready:
            break
    else:
        ready = app
    status = "True" if ready else "False"
    conditions = rt.conditions
    for cond in ("ContainersReady", "Ready"):
        if conditions[cond][0] != status:
            conditions[cond] = transition(status, tick)


def phase(rt: PodRuntime, pod: dict) -> str:
    if len(rt.containers) == 1 and not rt.killing:  # one app container (most pods): what the rules below say of it
        c = rt.containers[0]
        if not c.init and c.state != "terminated":
            return "Running" if c.state == "running" or c.restarts or c.last else "Pending"
    return _phase(rt, pod)


def _phase(rt: PodRuntime, pod: dict) -> str:
    apps = [c for c in rt.containers if not c.init]
    policy = pod["spec"].get("restartPolicy", "Always")
    inits_failed = any(c.init and not c.sidecar and c.state == "terminated" and c.exit_code != 0 for c in rt.containers)
    if inits_failed and policy == "Never":
        return "Failed"
    if rt.killing and pod["metadata"].get("finalizers") and apps and all(c.state == "terminated" for c in apps):
        return "Failed" if any(c.exit_code != 0 for c in apps) else "Succeeded"
    if any(c.state == "running" for c in apps):
        return "Running"
    if apps and all(c.state == "terminated" for c in apps):
        if policy == "Always":
            return "Running"
        if any(c.exit_code != 0 for c in apps):
            return "Failed" if policy == "Never" else "Running"
        return "Succeeded"
    if any(c.restarts or c.last for c in apps):
        return "Running"
    return "Pending"


def pod_status(rt: PodRuntime, pod: dict, host_ip: str, tick: int) -> dict:
    """The pod's `status` now. Records the phase on `rt`; a finished pod is no longer ready."""
    rt.phase = phase(rt, pod)
    if rt.phase in FINISHED:
        for cond in ("Ready", "ContainersReady"):
            if rt.conditions[cond][0] != "False":
                rt.conditions[cond] = transition("False", tick)
        if rt.conditions["PodReadyToStartContainers"][0] != "False":
            rt.conditions["PodReadyToStartContainers"] = transition("False", tick)
    old = pod.get("status", {})
    host_ips = _host_ips.get(host_ip)
    if host_ips is None:
        host_ips = _host_ips[host_ip] = [{"ip": host_ip}]
    conditions = _kubelet_conditions(rt)
    listed = old.get("conditions")
    if listed and _kubelet_lists.get(id(listed)) is not listed and _plain_lists.get(id(listed)) is not listed:
        extra = [c for c in listed if c.get("type") not in CONDITIONS]  # a list of ours holds no others
        if extra:
            conditions = conditions + extra
        else:
            keep(_plain_lists, id(listed), listed, 4096)
    ours: dict = old if old is rt.published and old is not None else {}
    pod_ips = old.get("podIPs")
    if not ours and not _one_ip(pod_ips, rt.ip):  # ours read `[{"ip": rt.ip}]` when written
        pod_ips = [{"ip": rt.ip}]
    status = {
        "phase": rt.phase,
        "conditions": conditions,
        "hostIP": host_ip,
        "hostIPs": host_ips,
        "podIP": rt.ip,
        "podIPs": pod_ips,
        "startTime": ours.get("startTime") or timestamp(rt.started),
        "qosClass": old.get("qosClass") or qos_class(pod["spec"]),
    }
    containers = rt.containers
    if len(containers) == 1 and not containers[0].init:  # most pods: one app container
        apps = _waiting_one(containers[0]) or _waiting_alike([container_status(containers[0])])
    else:
        inits = [container_status(c) for c in containers if c.init]
        if inits:
            status["initContainerStatuses"] = _kept(inits, ours.get("initContainerStatuses"))
        apps = _waiting_alike([container_status(c) for c in containers if not c.init])
    status["containerStatuses"] = _kept(apps, ours.get("containerStatuses"))
    if rt.ephemeral:
        status["ephemeralContainerStatuses"] = _kept([container_status(c) for c in rt.ephemeral],
                                                     ours.get("ephemeralContainerStatuses"))
    return status


def _kept(statuses: list[dict], last: list[dict] | None) -> list[dict]:
    """`statuses`, or the kubelet's last written list when they read the same (a write carries
    only what changed, and the managedFields ledger finds the rest by identity). Both were
    built by `container_status` (`rt.published` is only ever a status the kubelet wrote), so
    `==` cannot mistake `1` for `True`."""
    return last if last == statuses else statuses


_waiting_lists: dict[tuple, list[dict]] = {}


def _waiting_alike(statuses: list[dict]) -> list[dict]:
    """One list for every pod whose containers all wait alike, none created yet (a tick's new
    pods, ContainerCreating): the managedFields ledger then finds the value the Running write
    replaces by identity (`Ledger._status_write`) for all of them. Other lists as they are."""
    key: list = []
    for st in statuses:
        waiting = st["state"].get("waiting")
        if waiting is None or "containerID" in st or len(waiting) > 2 or len(st) != 8:
            return statuses
        key.append((st["name"], st["image"], st["imageID"], st["ready"], st["restartCount"], st["started"],
                    id(st["lastState"]), waiting.get("reason"), waiting.get("message")))
    k = tuple(key)
    found = _waiting_lists.get(k)
    if found is None:
        found = keep(_waiting_lists, k, statuses)
    return found


def _waiting_one(c: Container) -> list[dict] | None:
    """`_waiting_alike([container_status(c)])` for an app container not created yet, when that
    list is made already: read off the container by the same key, no status built for it."""
    if c.state != "waiting" or c.container_id:
        return None
    key = ((c.name, _image_names(c.spec.get("image", ""))[0], "", c.ready and not c.ephemeral, c.restarts, False,
            id(c.last or _NO_LAST_STATE), c.reason, c.message or None),)
    return _waiting_lists.get(key)


def _one_ip(ips: object, ip: str) -> bool:
    """`ips` reads `[{"ip": ip}]` (the last status's podIPs, kept rather than built again)."""
    return type(ips) is list and len(ips) == 1 and type(ips[0]) is dict and len(ips[0]) == 1 \
        and ips[0].get("ip") == ip


_conditions: dict[tuple, dict] = {}
_condition_lists: dict[tuple, list[dict]] = {}
_kubelet_lists: dict[int, list[dict]] = {}
"""id -> a list `_kubelet_conditions` made (the kubelet's conditions alone), held so the id stays its."""
_plain_lists: dict[int, list[dict]] = {}
"""id -> another writer's conditions list found to hold none but the kubelet's types (the
scheduler's PodScheduled list, one for the pods bound in a tick), held so the id stays its."""
_host_ips: dict[str, list[dict]] = {}
_last_conditions: list = [None, None]
"""[key, list] of the last `_kubelet_conditions` call."""


def shared(cond: dict) -> dict:
    """One dict for every equal condition (thousands of pods turn Ready in the same tick): the
    store's objects are never changed in place, so pods may share their parts."""
    key = tuple(cond.items())
    found = _conditions.get(key)
    if found is None:
        found = keep(_conditions, key, cond)
    return found


def _kubelet_conditions(rt: PodRuntime) -> list[dict]:
    """The kubelet's conditions in CONDITIONS order: one list for every pod whose conditions
    read alike (the pods that changed in the same tick), so a write builds none of them again.
    Keyed by the shared (status, tick) tuples and whatever the reasons' messages name."""
    conds = rt.conditions
    key: tuple = (conds["PodReadyToStartContainers"], conds["Initialized"], conds["Ready"], conds["ContainersReady"],
                  conds["PodScheduled"])  # CONDITIONS' order
    if key[1][0] == "False":
        key += ("Initialized", *_incomplete(rt))
    if key[2][0] == "False" or key[3][0] == "False":
        key += (rt.phase in FINISHED, *_unready(rt))
    last = _last_conditions
    if key == last[0]:  # the pod before read alike (a tick's pods come one after another): no hashing
        return last[1]
    found = _condition_lists.get(key)
    if found is None:
        found = keep(_condition_lists, key, [shared(condition(rt, t)) for t in CONDITIONS])
        keep(_kubelet_lists, id(found), found)
    last[0], last[1] = key, found
    return found


def _unready(rt: PodRuntime) -> list[str]:
    """The containers Ready waits for, by name: sidecars first, then app containers."""
    containers = rt.containers
    if len(containers) == 1:  # what the two passes below give for one container
        c = containers[0]
        return [] if c.ready or c.init and not c.sidecar else [c.name]
    waiting = [c.name for c in containers if not c.ready and c.sidecar]
    return waiting + [c.name for c in containers if not c.init and not c.ready]


def _incomplete(rt: PodRuntime) -> list[str]:
    return [c.name for c in rt.containers if c.init and not (
        c.started if c.sidecar else c.state == "terminated" and c.exit_code == 0)]


def condition(rt: PodRuntime, type_: str) -> dict:
    status, since = rt.conditions[type_]
    cond = {"type": type_, "status": status, "lastProbeTime": None, "lastTransitionTime": timestamp(since)}
    if status == "False" and type_ in ("Ready", "ContainersReady"):
        waiting = _unready(rt)
        cond["reason"] = "PodCompleted" if rt.phase in FINISHED else "ContainersNotReady"
        if cond["reason"] == "ContainersNotReady":
            cond["message"] = f"containers with unready status: [{' '.join(waiting)}]"
    if status == "False" and type_ == "Initialized":
        cond["reason"] = "ContainersNotInitialized"
        incomplete = _incomplete(rt)
        cond["message"] = f"containers with incomplete status: [{' '.join(incomplete)}]"
    return cond


_images: dict[str, tuple[str, str]] = {}
_running: dict[int, dict] = {}
_NO_LAST_STATE: dict = {}


def _image_names(image: str) -> tuple[str, str]:
    """(image, imageID) as containerd reports them: one pair of strings per image."""
    found = _images.get(image)
    if found is None:
        name = qualified(image)
        found = keep(_images, image, (name, f"{name.rsplit(':', 1)[0]}@sha256:{hashlib.sha256(image.encode()).hexdigest()}"))
    return found


def _running_state(started_at: int) -> dict:
    """One `state` for every container that started in the same tick (shared as `shared` does)."""
    found = _running.get(started_at)
    if found is None:
        found = keep(_running, started_at, {"running": {"startedAt": timestamp(started_at)}})
    return found


def container_status(c: Container) -> dict:
    """A container's status; an init container that ran to completion reads ready, as the
    kubelet reports it."""
    image, image_id = _image_names(c.spec.get("image", ""))
    ready = c.state == "terminated" and c.exit_code == 0 if c.init and not c.sidecar else c.ready and not c.ephemeral
    st: dict = {"name": c.name, "image": image, "imageID": "", "ready": ready,
                "restartCount": c.restarts, "started": c.state == "running" and c.started,
                "lastState": c.last or _NO_LAST_STATE}
    if c.state == "running":
        st["state"] = _running_state(c.started_at if c.started_at is not None else 0)
    elif c.state == "terminated":
        st["state"] = {"terminated": terminated_state(c)["terminated"]}
    else:
        waiting = {"reason": c.reason}
        if c.message:
            waiting["message"] = c.message
        st["state"] = {"waiting": waiting}
    if c.container_id:
        st["containerID"] = c.container_id
        st["imageID"] = image_id
    return st


def terminated_state(c: Container) -> dict:
    """The container's last run as a `state`/`lastState` (`{"terminated": {...}}`)."""
    return {"terminated": {"containerID": c.container_id, "exitCode": c.exit_code, "reason": c.reason,
                           "startedAt": timestamp(c.started_at or 0), "finishedAt": timestamp(c.finished_at or 0),
                           **({"message": c.message} if c.message else {})}}
