"""`kubectl debug`: a node-debugger pod on a node, or a copy of a pod with a debug container.

`kubectl debug node/NAME --image=IMG` creates `node-debugger-NAME-xxxxx` on that node with the
host's namespaces and its root filesystem at /host (kubectl's `general` profile).
`kubectl debug POD --image=IMG --copy-to=NEW` creates a copy of the pod (no labels, probes or
node unless kept) that shares its process namespace, with a `debugger-xxxxx` container added;
`--set-image` changes the copy's images. With `-i` and a command after `--`, kubectl waits for
the pod and runs it there. kubectl's name suffixes are random; kubetui's come from the name and
the tick, so a replay makes the same ones.
`kubectl debug POD --image=IMG [--target=C]` adds an ephemeral container to the running pod
through its pods/ephemeralcontainers subresource (RBAC: `patch pods/ephemeralcontainers`); the
pod's kubelet starts it, in the target container's process namespace. With `-i` kubectl attaches:
at the command bar a shell (busybox's own, or `-- sh`) is a terminal session in the debug
container (exec.Terminal), its `exit` the container's end. Otherwise a command after `--` runs and
its output is shown (kubectl's fallback to the logs of a container that has exited), and without
one the container is left running for `kubectl exec POD -c NAME -- CMD`.
"""

from __future__ import annotations

import copy

from kubetui.kubectl.commands._base import (
    NO_RESOURCES,
    CommandError,
    Context,
    get_object,
    targets_from_args,
)
from kubetui.kubectl.generators import name_suffix
from kubetui.model.kinds import KINDS

PROFILES = ("legacy", "general", "baseline", "netadmin", "restricted", "sysadmin")
MANAGED_BY = {"app.kubernetes.io/managed-by": "kubectl-debug"}


def _suffix(ctx: Context, name: str, prefix: str) -> str:
    """Five characters from the name and the tick; the next ones if that pod name is taken."""
    for n in range(100):
        suffix = name_suffix(f"{name}@{ctx.sim.tick}#{n}")
        if ctx.sim.store.get("Pod", ctx.namespace, f"{prefix}{suffix}") is None:
            return suffix
    raise CommandError("error: no free name for the debugging pod")


def _debug_container(ctx: Context, name: str) -> dict:
    c: dict = {"name": name, "image": ctx.flag("image")}
    if ctx.parsed.after_dashdash:
        key = "args" if ctx.flag("arguments-only") else "command"
        c[key] = list(ctx.parsed.after_dashdash)
    if ctx.flag("env"):
        c["env"] = [{"name": k, "value": v} for k, _, v in (e.partition("=") for e in ctx.flag("env"))]
    if ctx.flag("image-pull-policy"):
        c["imagePullPolicy"] = ctx.flag("image-pull-policy")
    c["terminationMessagePolicy"] = "File"
    if ctx.flag("stdin"):
        c["stdin"] = True
    if ctx.flag("tty"):
        c["tty"] = True
    return c


def debug(ctx: Context):
    if ctx.flag("filename"):
        raise CommandError('error: "kubectl debug -f" is not available in kubetui')
    if not ctx.flag("image") and not ctx.flag("copy-to"):
        raise CommandError("error: you must specify --image when not using --copy-to.")
    if not ctx.parsed.args:
        raise CommandError(NO_RESOURCES)
    if ctx.flag("profile") not in PROFILES:
        raise CommandError(f"error: unknown profile: {ctx.flag('profile')}")
    if ctx.flag("profile") not in ("general", "legacy"):
        raise CommandError(f'error: "kubectl debug --profile={ctx.flag("profile")}" is not available in kubetui')
    if ctx.flag("tty") and not ctx.flag("stdin"):
        raise CommandError("error: -i/--stdin is required for containers with -t/--tty=true")
    if ctx.flag("target") and ctx.flag("copy-to"):
        raise CommandError("error: --target is incompatible with --copy-to. Use --share-processes instead.")
    interactive = bool(ctx.flag("stdin"))
    word, _, name = ctx.parsed.args[0].partition("/")
    if name and word in ("node", "nodes", "no"):
        pod, container = _node_debugger(ctx, name)
    else:
        target = targets_from_args(ctx.parsed, ctx.parsed.args[:1] if name else ["pod", ctx.parsed.args[0]],
                                   require_name=True)[0]
        if target.kind.kind != "Pod":
            raise CommandError(f'error: "kubectl debug {target.kind.plural}/NAME" is not available in kubetui')
        live = get_object(ctx, target.kind, target.name)
        if not ctx.flag("copy-to"):
            return (yield from _ephemeral(ctx, live))
        pod, container = _copy(ctx, live)
    created = ctx.store.create(pod)
    if not interactive:
        return 0
    ns, pod_name = created["metadata"]["namespace"], created["metadata"]["name"]

    def started() -> bool:
        p = ctx.store.get("Pod", ns, pod_name)
        return p is None or p.get("status", {}).get("phase") in ("Running", "Succeeded", "Failed")

    if not (yield from ctx.wait_until(started, 60)):
        ctx.error("error: timed out waiting for the condition")
        return 1
    from kubetui.kubectl.commands import exec as exec_cmd

    live = ctx.store.get("Pod", ns, pod_name)
    if live is None:
        return 1
    session = _session(ctx, ns, pod_name, container)
    if session is not None:
        return (yield from session)
    if not ctx.parsed.after_dashdash:
        _no_terminal(ctx, pod_name, container)
        return 0
    spec_container = next(c for c in live["spec"]["containers"] if c["name"] == container)
    return exec_cmd.simulate(ctx, live, spec_container, list(ctx.parsed.after_dashdash))


def _ephemeral(ctx: Context, live: dict):
    """kubectl's debugByEphemeralContainer: the pod with one more ephemeral container."""
    from kubetui.engine import ephemeralcontainers

    ns, pod_name = live["metadata"]["namespace"], live["metadata"]["name"]
    if ctx.flag("target") and not ctx.flag("quiet"):
        ctx.print(f'Targeting container "{ctx.flag("target")}". If you don\'t see processes from this container it may '
                  "be because the container runtime doesn't support this feature.")
    name = ctx.flag("container") or ""
    if not name:
        taken = {c["name"] for key in ("containers", "initContainers", "ephemeralContainers")
                 for c in live["spec"].get(key) or []}
        for n in range(100):
            name = f"debugger-{name_suffix(f'{pod_name}@{ctx.sim.tick}#{n}')}"
            if name not in taken:
                break
        if not ctx.flag("quiet"):
            ctx.print(f"Defaulting debug container name to {name}.")
    container = _debug_container(ctx, name)
    if ctx.flag("target"):
        container["targetContainerName"] = ctx.flag("target")
    if ctx.flag("profile") == "general":
        container["securityContext"] = {"capabilities": {"add": ["SYS_PTRACE"]}}
    ctx.authorize("patch", "Pod", ns, pod_name, "ephemeralcontainers")
    ephemeralcontainers.update(ctx.sim.store, live, [*(live["spec"].get("ephemeralContainers") or []), container])
    if not (ctx.flag("stdin") or ctx.flag("attach")):
        return 0

    def status() -> dict | None:
        pod = ctx.sim.store.get("Pod", ns, pod_name)
        return next((s for s in ((pod or {}).get("status") or {}).get("ephemeralContainerStatuses") or []
                     if s.get("name") == name), None)

    def started() -> bool:
        st = status()
        pod = ctx.sim.store.get("Pod", ns, pod_name)
        return pod is None or st is not None and ("running" in st["state"] or "terminated" in st["state"])

    if not (yield from ctx.wait_until(started, 60)):
        ctx.error("error: timed out waiting for the condition")
        return 1
    st = status()
    if st is None:
        return 1
    if "running" in st["state"]:
        session = _session(ctx, ns, pod_name, name)
        if session is not None:
            return (yield from session)
    if ctx.parsed.after_dashdash and "running" in st["state"]:
        yield from ctx.wait_until(lambda: "terminated" in ((status() or {}).get("state") or {}), 5)
        st = status() or st
    if "terminated" in st["state"]:
        ctx.write("".join(line + "\n" for line in ctx.sim.kubelet.logs(ns, pod_name, name) or []))
        return 0
    _no_terminal(ctx, pod_name, name)
    return 0


def _session(ctx: Context, ns: str, pod_name: str, name: str):
    """`debug -it` at the command bar: a shell session in the debug container, its own process
    (`exit` ends the container), as kubectl attaches to it; None when it runs no shell."""
    from kubetui.kubectl.commands import exec as exec_cmd

    pod = ctx.sim.store.get("Pod", ns, pod_name)
    spec = next((c for key in ("containers", "ephemeralContainers") for c in (pod or {}).get("spec", {}).get(key) or []
                 if c["name"] == name), None)
    if pod is None or spec is None:
        return None
    words = list(ctx.parsed.after_dashdash) or exec_cmd.main_command(ctx.sim, pod, name)
    if not exec_cmd.wants_terminal(ctx, words):
        return None
    session = exec_cmd.Terminal.open(ctx, pod, spec, words[0], main=True)
    if session is None:
        return None
    ctx.error("If you don't see a command prompt, try pressing enter.")
    return session.run(ctx)


def _no_terminal(ctx: Context, pod: str, container: str) -> None:
    """Where kubectl would attach a terminal: kubetui has none, the container keeps running."""
    ctx.error(f"kubetui: no terminal to attach to: {container} keeps running; run commands in it with "
              f"kubectl exec {pod} -c {container} -- CMD")


def _node_debugger(ctx: Context, node: str) -> tuple[dict, str]:
    """The pod kubectl's `general` profile makes to debug a node."""
    get_object(ctx, KINDS["Node"], node)
    name = f"node-debugger-{node}-{_suffix(ctx, node, f'node-debugger-{node}-')}"
    container = _debug_container(ctx, ctx.flag("container") or "debugger")
    container["volumeMounts"] = [{"name": "host-root", "mountPath": "/host"}]
    pod = {"apiVersion": "v1", "kind": "Pod",
           "metadata": {"name": name, "namespace": ctx.namespace, "labels": dict(MANAGED_BY)},
           "spec": {"volumes": [{"name": "host-root", "hostPath": {"path": "/"}}],
                    "containers": [container], "restartPolicy": "Never", "nodeName": node,
                    "hostNetwork": True, "hostPID": True, "hostIPC": True,
                    "tolerations": [{"operator": "Exists"}]}}
    ctx.print(f"Creating debugging pod {name} with container {container['name']} on node {node}.")
    return pod, container["name"]


def _set_images(ctx: Context, containers: list[dict]) -> None:
    images: dict[str, str] = {}
    for item in ctx.flag("set-image") or []:
        cname, eq, image = item.partition("=")
        if not eq or not cname or not image:
            raise CommandError(f"error: invalid image update: {item}")
        images[cname] = image
    for c in containers:
        if c["name"] in images or "*" in images:
            c["image"] = images.get(c["name"], images.get("*"))


def _copy(ctx: Context, live: dict) -> tuple[dict, str]:
    """kubectl's copy of a pod to debug: the spec kept, identity and scheduling cleared."""
    spec = copy.deepcopy(live["spec"])
    spec.pop("ephemeralContainers", None)
    if not ctx.flag("same-node"):
        spec.pop("nodeName", None)
    if not ctx.flag("keep-init-containers"):
        spec.pop("initContainers", None)
    for c in spec.get("containers", []):
        for probe, keep in (("livenessProbe", "keep-liveness"), ("readinessProbe", "keep-readiness"),
                            ("startupProbe", "keep-startup")):
            if not ctx.flag(keep):
                c.pop(probe, None)
    spec["shareProcessNamespace"] = bool(ctx.flag("share-processes"))
    _set_images(ctx, spec.get("containers", []))
    meta: dict = {"name": ctx.flag("copy-to"), "namespace": live["metadata"].get("namespace")}
    if ctx.flag("keep-labels") and live["metadata"].get("labels"):
        meta["labels"] = dict(live["metadata"]["labels"])
    if ctx.flag("keep-annotations") and live["metadata"].get("annotations"):
        meta["annotations"] = dict(live["metadata"]["annotations"])
    container = ""
    if ctx.flag("image"):
        container = ctx.flag("container") or ""
        if not container:
            container = f"debugger-{name_suffix(str(meta['name']) + '@' + str(ctx.sim.tick))}"
            ctx.print(f"Defaulting debug container name to {container}.")
        debug = _debug_container(ctx, container)
        debug["securityContext"] = {"capabilities": {"add": ["SYS_PTRACE"]}}
        spec["containers"] = [c for c in spec.get("containers", []) if c["name"] != container] + [debug]
    elif not ctx.flag("set-image"):
        raise CommandError("error: you must specify --image or --set-image with --copy-to")
    else:
        container = ctx.flag("container") or spec["containers"][0]["name"]
    if ctx.flag("replace"):
        from kubetui.engine.store import delete as api_delete

        api_delete(ctx.store, "Pod", live["metadata"].get("namespace"), live["metadata"]["name"], grace=None)
    return {"apiVersion": "v1", "kind": "Pod", "metadata": meta, "spec": spec}, container
