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
`--profile` applies kubectl's debugging profiles (its profiles.go) to the debug container's
securityContext and, for a node debugger, the host's namespaces and root; for a copy, what of
the original it keeps. `--custom=FILE` then merges a partial container spec over the debug
container (debug_custom.py); kubectl warns when a non-root pod's debug container is given
capabilities it cannot use.
"""

from __future__ import annotations

import copy
from collections.abc import Callable

from kubetui.kubectl.commands import debug_custom
from kubetui.kubectl.commands._base import (
    NO_RESOURCES,
    CommandError,
    Context,
    get_object,
    targets_from_args,
)
from kubetui.kubectl.commands._pods import container_status
from kubetui.kubectl.commands.exec import NO_TTY
from kubetui.kubectl.commands.logs import FOLLOW_SECONDS
from kubetui.kubectl.generators import name_suffix
from kubetui.model.kinds import KINDS

PROFILES = ("legacy", "general", "baseline", "netadmin", "restricted", "sysadmin")
MANAGED_BY = {"app.kubernetes.io/managed-by": "kubectl-debug"}
LEGACY_DEPRECATED = ('--profile=legacy is deprecated and planned to be removed in v1.39. It is recommended to '
                     'specify other profile, for example "--profile=general".')
RECORDED = ("All commands and output from this session will be recorded in container logs, including credentials "
            "and sensitive information passed through the command prompt.")
PROMPT_HINT = "If you don't see a command prompt, try pressing enter."
NON_ROOT_WARNING = ("Warning: Non-root user is configured for the entire target Pod, and some capabilities granted by "
                    'debug profile may not work. Please consider using "--custom" with a custom profile that specifies '
                    '"securityContext.runAsUser: 0".')
HOST_ROOT_PROFILES = ("legacy", "general", "sysadmin")
"""The profiles whose node debugger mounts the host's `/` at /host."""
HOST_NAMESPACES_PROFILES = ("legacy", "general", "netadmin", "sysadmin")
"""The profiles whose node debugger shares the host's network, PID and IPC namespaces."""


def _add_capabilities(container: dict, *capabilities: str) -> None:
    sc = container.setdefault("securityContext", {})
    sc.setdefault("capabilities", {}).setdefault("add", []).extend(capabilities)


def apply_profile(ctx: Context, pod: dict, container: dict, style: str) -> None:
    """kubectl's debugging profile on the debug `container` of `pod`; `style` is how kubectl
    debugs: "ephemeral" (a container added to the pod), "copy" (a copy of the pod) or "node"."""
    profile = ctx.flag("profile")
    spec = pod["spec"]
    if profile in ("baseline", "restricted") or (profile == "general" and style == "node"):
        container.pop("securityContext", None)
    if profile == "restricted":
        container["securityContext"] = {"capabilities": {"drop": ["ALL"]}, "runAsNonRoot": True,
                                        "allowPrivilegeEscalation": False,
                                        "seccompProfile": {"type": "RuntimeDefault"}}
    elif profile == "general" and style != "node":
        _add_capabilities(container, "SYS_PTRACE")
    elif profile == "netadmin":
        _add_capabilities(container, "NET_ADMIN", "NET_RAW")
    elif profile == "sysadmin":
        container.setdefault("securityContext", {})["privileged"] = True
    if style == "node":
        if profile in HOST_ROOT_PROFILES:
            spec.setdefault("volumes", []).append({"name": "host-root", "hostPath": {"path": "/"}})
            container.setdefault("volumeMounts", []).append({"name": "host-root", "mountPath": "/host"})
        if profile in HOST_NAMESPACES_PROFILES:
            spec.update(hostNetwork=True, hostPID=True, hostIPC=True)
    elif style == "copy":
        meta = pod["metadata"]
        if profile == "legacy" or not ctx.flag("keep-labels"):
            meta.pop("labels", None)
        if profile == "legacy":
            return
        if not ctx.flag("keep-annotations"):
            meta.pop("annotations", None)
        for c in spec.get("containers", []):
            for probe, keep in (("livenessProbe", "keep-liveness"), ("readinessProbe", "keep-readiness"),
                                ("startupProbe", "keep-startup")):
                if not ctx.flag(keep):
                    c.pop(probe, None)
        if not ctx.flag("keep-init-containers"):
            spec.pop("initContainers", None)
        spec.setdefault("shareProcessNamespace", True)


def _profile(ctx: Context, pod: dict, container: dict, style: str, custom: dict | None) -> None:
    """The profile, then the --custom partial container spec over it, as kubectl applies them."""
    apply_profile(ctx, pod, container, style)
    if custom is not None:
        debug_custom.apply(custom, container)
    if style != "node" and _capabilities_lost(pod, container):
        ctx.error(NON_ROOT_WARNING)


def _capabilities_lost(pod: dict, container: dict) -> bool:
    """kubectl's displayWarning: the pod runs as a non-root user and the debug container, not
    made root itself, is given capabilities (a non-root process holds none of them)."""
    if ((pod["spec"].get("securityContext") or {}).get("runAsUser") or 0) == 0:
        return False
    sc = container.get("securityContext")
    if not sc or sc.get("runAsUser") == 0:
        return False
    return bool(sc.get("privileged") or (sc.get("capabilities") or {}).get("add"))


def _suffix(ctx: Context, name: str, prefix: str) -> str:
    """Five characters from the name and the tick; the next ones if that pod name is taken."""
    for n in range(100):
        suffix = name_suffix(f"{name}@{ctx.sim.tick}#{n}")
        if ctx.sim.store.get("Pod", ctx.namespace, f"{prefix}{suffix}") is None:
            return suffix
    raise CommandError("error: no free name for the debugging pod")


def _default_name(ctx: Context, taken: set[str], seed: Callable[[int], str]) -> str:
    """kubectl's `debugger-XXXXX` for a debug container given no name: the first of 100 draws
    that no container of the pod already has, said unless -q."""
    for n in range(100):
        name = f"debugger-{name_suffix(seed(n))}"
        if name not in taken:
            break
    if not ctx.flag("quiet"):
        ctx.print(f"Defaulting debug container name to {name}.")
    return name


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
    custom = debug_custom.load(ctx, ctx.flag("custom")) if ctx.flag("custom") else None
    if ctx.flag("target") and ctx.flag("copy-to"):
        raise CommandError("error: --target is incompatible with --copy-to. Use --share-processes instead.")
    if ctx.flag("tty") and not ctx.flag("stdin"):
        raise CommandError("error: -i/--stdin is required for containers with -t/--tty=true")
    debug_custom.validate(custom)
    if ctx.flag("profile") == "legacy":
        ctx.error(LEGACY_DEPRECATED)
    interactive = bool(ctx.flag("stdin"))
    word, _, name = ctx.parsed.args[0].partition("/")
    if name and word in ("node", "nodes", "no"):
        pod, container = _node_debugger(ctx, name, custom)
    else:
        target = targets_from_args(ctx.parsed, ctx.parsed.args[:1] if name else ["pod", ctx.parsed.args[0]],
                                   require_name=True)[0]
        if target.kind.kind != "Pod":
            raise CommandError(f'error: "kubectl debug {target.kind.plural}/NAME" is not available in kubetui')
        live = get_object(ctx, target.kind, target.name)
        if not ctx.flag("copy-to"):
            return (yield from _ephemeral(ctx, live, custom))
        pod, container = _copy(ctx, live, custom)
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
    if "running" in ((container_status(live, container) or {}).get("state") or {}):
        attach_notice(ctx)
        attached = _attach_stdin(ctx, ns, pod_name, container)
        if attached is not None:
            return (yield from attached)
    if not ctx.parsed.after_dashdash:
        if ctx.interactive:
            _no_terminal(ctx, pod_name, container)
        return 0
    spec_container = next(c for c in live["spec"]["containers"] if c["name"] == container)
    return (yield from exec_cmd.one_off(ctx, live, spec_container, list(ctx.parsed.after_dashdash)))


def _ephemeral(ctx: Context, live: dict, custom: dict | None):
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
        name = _default_name(ctx, taken, lambda n: f"{pod_name}@{ctx.sim.tick}#{n}")
    container = _debug_container(ctx, name)
    if ctx.flag("target"):
        container["targetContainerName"] = ctx.flag("target")
    _profile(ctx, live, container, "ephemeral", custom)
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
        attach_notice(ctx)
        attached = _attach_stdin(ctx, ns, pod_name, name)
        if attached is not None:
            return (yield from attached)
    shown = 0

    def show() -> bool:
        """The debug container's output printed since last look; True once it has ended."""
        nonlocal shown
        lines = ctx.sim.kubelet.logs(ns, pod_name, name) or []
        ctx.write("".join(line + "\n" for line in lines[shown:]))
        shown = len(lines)
        return "terminated" in ((status() or {}).get("state") or {})

    if ctx.parsed.after_dashdash and "running" in st["state"]:
        yield from ctx.wait_until(show, None if ctx.interactive else FOLLOW_SECONDS)
        st = status() or st
    if "terminated" in st["state"]:
        show()
        return 0
    if ctx.interactive:
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
    session = exec_cmd.Terminal.open(ctx, pod, spec, words[0], main=True, pty=bool(spec.get("tty")))
    if session is None:
        return None
    attach_notice(ctx)
    return _attached(ctx, session, pod, name)


def _attached(ctx: Context, session, pod: dict, container: str):
    code = yield from session.run(ctx)
    reattach_notice(ctx, pod, container)
    return code


def reattach_notice(ctx: Context, pod: dict, container: str) -> None:
    """What kubectl 1.37 prints once an attached terminal session ends (`run -it`, `debug -it`,
    `attach -it`) where the container will be started again: only on a raw terminal (`-i -t` at
    the command bar), without `--quiet`, for a pod whose restartPolicy is Always."""
    if ctx.flag("quiet") or not (ctx.flag("stdin") and ctx.flag("tty") and ctx.interactive) \
            or (pod.get("spec") or {}).get("restartPolicy", "Always") != "Always":
        return
    ctx.print(session_ended(pod, container))


def session_ended(pod: dict, container: str) -> str:
    """kubectl's words once an attached terminal session ends: how to attach again."""
    meta = pod["metadata"]
    command = f"kubectl attach {meta['name']} -c {container} -n {meta['namespace']} -i -t"
    if any(c["name"] == container for c in (pod.get("spec") or {}).get("ephemeralContainers") or []):
        return (f"Session ended, the ephemeral container will not be restarted but may be reattached using "
                f"'{command}' if it is still running")
    return f"Session ended, resume using '{command}' command"


def attach_notice(ctx: Context) -> None:
    """What kubectl prints as it attaches with `-i` (`debug`, `run`; in a script, `-t` finds no
    terminal)."""
    if ctx.flag("quiet"):
        return
    if ctx.flag("tty") and not ctx.interactive:
        ctx.error(NO_TTY)
    ctx.error(RECORDED)
    ctx.error(PROMPT_HINT)


def _attach_stdin(ctx: Context, ns: str, pod_name: str, name: str):
    """`debug -i` in a script (no terminal): kubectl attaches the script's stdin to the debug
    container's shell, which runs its lines (shown after its prompt when the container has a
    tty); `exit` ends the container. Where kubectl would then wait for the container, kubetui
    returns and the shell keeps running. None when the container runs no bare shell."""
    import posixpath

    from kubetui.kubectl.commands import exec as exec_cmd

    if ctx.interactive:
        return None
    pod = ctx.sim.store.get("Pod", ns, pod_name)
    spec = next((c for key in ("containers", "ephemeralContainers") for c in (pod or {}).get("spec", {}).get(key) or []
                 if c["name"] == name), None)
    if pod is None or spec is None:
        return None
    words = list(ctx.parsed.after_dashdash) or exec_cmd.main_command(ctx.sim, pod, name)
    if len(words) != 1 or posixpath.basename(words[0]) not in ("sh", "ash", "bash"):
        return None
    session = exec_cmd.Terminal.open(ctx, pod, spec, words[0], main=True, pty=bool(spec.get("tty")))
    if session is None:
        return None
    session.echo = bool(spec.get("tty"))
    if ctx.stdin:
        session.feed(ctx.stdin.removesuffix("\n"))
    return session.run(ctx, detach=True)


def _no_terminal(ctx: Context, pod: str, container: str) -> None:
    """Where kubectl would attach a terminal: kubetui has none, the container keeps running."""
    ctx.error(f"kubetui: no terminal to attach to: {container} keeps running; run commands in it with "
              f"kubectl exec {pod} -c {container} -- CMD")


def _node_debugger(ctx: Context, node: str, custom: dict | None) -> tuple[dict, str]:
    """The pod kubectl makes to debug a node, its profile applied."""
    get_object(ctx, KINDS["Node"], node)
    name = f"node-debugger-{node}-{_suffix(ctx, node, f'node-debugger-{node}-')}"
    container = _debug_container(ctx, ctx.flag("container") or "debugger")
    pod = {"apiVersion": "v1", "kind": "Pod",
           "metadata": {"name": name, "namespace": ctx.namespace, "labels": dict(MANAGED_BY)},
           "spec": {"containers": [container], "restartPolicy": "Never", "nodeName": node,
                    "tolerations": [{"operator": "Exists"}]}}
    _profile(ctx, pod, container, "node", custom)
    if not ctx.flag("quiet"):
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


def _copy(ctx: Context, live: dict, custom: dict | None) -> tuple[dict, str]:
    """kubectl's copy of a pod to debug: its labels, annotations and spec, without ephemeral
    containers (nor its node, unless --same-node), with the debug container added or changed and
    the profile applied; a --set-image only copy keeps the rest as it was."""
    spec = copy.deepcopy(live["spec"])
    spec.pop("ephemeralContainers", None)
    if ctx.given("share-processes"):
        spec["shareProcessNamespace"] = bool(ctx.flag("share-processes"))
    if not ctx.flag("same-node"):
        spec.pop("nodeName", None)
    _set_images(ctx, spec.get("containers", []))
    meta: dict = {"name": ctx.flag("copy-to"), "namespace": live["metadata"].get("namespace")}
    for key in ("labels", "annotations"):
        if live["metadata"].get(key):
            meta[key] = dict(live["metadata"][key])
    pod = {"apiVersion": "v1", "kind": "Pod", "metadata": meta, "spec": spec}
    name = ctx.flag("container") or ""
    container = next((c for key in ("containers", "initContainers") for c in spec.get(key) or []
                      if name and c["name"] == name), None)
    if container is None:
        if not ctx.flag("image"):
            if not ctx.flag("set-image"):
                raise CommandError("error: you must specify --image or --set-image with --copy-to")
            _replace(ctx, live)
            return pod, spec["containers"][0]["name"]
        if not name:
            taken = {c["name"] for key in ("containers", "initContainers") for c in spec.get(key) or []}
            name = _default_name(ctx, taken, lambda n: f"{meta['name']}@{ctx.sim.tick}" + (f"#{n}" if n else ""))
        container = _debug_container(ctx, name)
        spec["containers"] = [*spec.get("containers", []), container]
    else:
        _change_container(ctx, container)
    _profile(ctx, pod, container, "copy", custom)
    _replace(ctx, live)
    return pod, name


def _change_container(ctx: Context, c: dict) -> None:
    """`--container` naming one of the copy's containers: kubectl changes it in place."""
    if ctx.parsed.after_dashdash:
        if ctx.flag("arguments-only"):
            c["args"] = list(ctx.parsed.after_dashdash)
        else:
            c["command"] = list(ctx.parsed.after_dashdash)
            c.pop("args", None)
    if ctx.flag("env"):
        c["env"] = [{"name": k, "value": v} for k, _, v in (e.partition("=") for e in ctx.flag("env"))]
    if ctx.flag("image"):
        c["image"] = ctx.flag("image")
    if ctx.flag("image-pull-policy"):
        c["imagePullPolicy"] = ctx.flag("image-pull-policy")
    for key, flag in (("stdin", "stdin"), ("tty", "tty")):
        if ctx.flag(flag):
            c[key] = True
        else:
            c.pop(key, None)


def _replace(ctx: Context, live: dict) -> None:
    if ctx.flag("replace"):
        from kubetui.engine.store import delete as api_delete

        api_delete(ctx.store, "Pod", live["metadata"].get("namespace"), live["metadata"]["name"], grace=None)
