"""Finding the pod and container a `logs` or `exec` talks to, as kubectl does."""

from __future__ import annotations

from kubetui.kubectl.commands._base import CommandError, Context, get_object, kind_for
from kubetui.model.errors import ApiError
from kubetui.model.labels import from_label_selector


def pod_for(ctx: Context, word: str, *, verb: str) -> dict:
    """`web-x`, `pod/web-x`, or `deploy/web` (its first pod, as kubectl picks one)."""
    if "/" not in word:
        return get_object(ctx, kind_for("pod", ctx.store.kinds), word)
    kind_word, _, name = word.partition("/")
    kind = kind_for(kind_word, ctx.store.kinds)
    obj = get_object(ctx, kind, name)
    if kind.kind == "Pod":
        return obj
    selector = (obj.get("spec") or {}).get("selector")
    if kind.kind in ("Service", "ReplicationController"):
        selector = {"matchLabels": selector or {}}
    if not selector:
        raise CommandError(f"error: cannot attach to {kind.kind}: selector for {kind.ref}/{name} not implemented")
    sel = from_label_selector(selector)
    pods = [p for p in ctx.store.list("Pod", obj["metadata"].get("namespace"), sel)
            if not p["metadata"].get("deletionTimestamp")]
    if not pods:
        raise CommandError(f"error: no pods found for {kind.ref}/{name}" if verb == "exec"
                           else "error: timed out waiting for the condition")
    pods.sort(key=lambda p: ((p.get("status") or {}).get("phase") != "Running", p["metadata"]["creationTimestamp"],
                             p["metadata"]["name"]))
    if len(pods) > 1 and verb == "logs":
        ctx.error(f"Found {len(pods)} pods, using pod/{pods[0]['metadata']['name']}")
    return pods[0]


def container_for(ctx: Context, pod: dict, name: str | None) -> dict:
    """The `-c` container, or the default one (announced when there is a choice), checked on the
    client as kubectl 1.37 does."""
    containers = pod["spec"].get("containers") or []
    init = pod["spec"].get("initContainers") or []
    ephemeral = pod["spec"].get("ephemeralContainers") or []
    names = ", ".join([c["name"] for c in containers] + [f"{c['name']} (ephem)" for c in ephemeral]
                      + [f"{c['name']} (init)" for c in init])
    if name:
        for c in containers + init + ephemeral:
            if c["name"] == name:
                return c
        raise CommandError(f"error: container {name} is not valid for pod {pod['metadata']['name']} out of: {names}")
    default = (pod["metadata"].get("annotations") or {}).get("kubectl.kubernetes.io/default-container")
    chosen = next((c for c in containers if c["name"] == default), containers[0])
    if len(containers) + len(init) + len(ephemeral) > 1 and default is None:
        ctx.error(f'Defaulted container "{chosen["name"]}" out of: {names}')
    return chosen


def container_status(pod: dict, name: str) -> dict | None:
    st = pod.get("status") or {}
    for cs in ((st.get("containerStatuses") or []) + (st.get("initContainerStatuses") or [])
               + (st.get("ephemeralContainerStatuses") or [])):
        if cs.get("name") == name:
            return cs
    return None


WAITING_REASONS = {"ErrImagePull": "trying and failing to pull image", "ImagePullBackOff": "image can't be pulled"}


def waiting_error(pod: dict, container: str) -> ApiError | None:
    """kubectl's refusal when a container has not started yet (`is waiting to start: ...`)."""
    cs = container_status(pod, container)
    name = pod["metadata"]["name"]
    if cs is None:
        return ApiError("BadRequest", f'container "{container}" in pod "{name}" is waiting to start: ContainerCreating')
    state = cs.get("state") or {}
    if "waiting" in state and not cs.get("lastState", {}).get("terminated"):
        reason = state["waiting"].get("reason") or "ContainerCreating"
        return ApiError("BadRequest", f'container "{container}" in pod "{name}" is waiting to start: '
                                      f"{WAITING_REASONS.get(reason, reason)}")
    return None

