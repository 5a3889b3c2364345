"""`kubectl rollout status|history|undo|pause|resume|restart` for Deployments; status, history,
undo and restart for DaemonSets and StatefulSets (both keep ControllerRevisions)."""

from __future__ import annotations

import copy

from kubetui.kubectl.commands._base import (
    CommandError,
    Context,
    no_resources,
    report_result,
    targets_with_files,
    writable,
)
from kubetui.kubectl.flags import dry_run_strategy
from kubetui.kubectl.printers.describe import _pod_template, _Writer
from kubetui.kubectl.printers.output import name_of
from kubetui.model.errors import not_found
from kubetui.model.kinds import Kind

REVISION = "deployment.kubernetes.io/revision"
CHANGE_CAUSE = "kubernetes.io/change-cause"
RESTARTED_AT = "kubectl.kubernetes.io/restartedAt"
HASH_LABEL = "pod-template-hash"
ROLLBACK_SKIPPED_ANNOTATIONS = (REVISION, "deployment.kubernetes.io/revision-history",
                                "deployment.kubernetes.io/desired-replicas",
                                "deployment.kubernetes.io/max-replicas", "kubectl.kubernetes.io/last-applied-configuration")


def _one(ctx: Context, verb: str) -> list[tuple[Kind, dict]]:
    if not ctx.parsed.args and not ctx.flag("filename"):
        raise CommandError("error: required resource not specified")
    out = []
    for kind, live, _ns, name in targets_with_files(ctx):
        if live is None:
            raise not_found(kind.resource, name)
        out.append((kind, live))
    return out


# -- status -------------------------------------------------------------------------------------

def status_of(obj: dict) -> tuple[str, bool]:
    """(kubectl's status line, done) for a Deployment, DaemonSet or StatefulSet; raises when failed."""
    kind, meta, spec, st = obj["kind"], obj["metadata"], obj.get("spec") or {}, obj.get("status") or {}
    name = meta["name"]
    observed = meta.get("generation", 0) <= st.get("observedGeneration", 0)
    if kind == "Deployment":
        if not observed:
            return "Waiting for deployment spec update to be observed...", False
        for cond in st.get("conditions") or ():
            if cond.get("type") == "Progressing" and cond.get("reason") == "ProgressDeadlineExceeded":
                raise CommandError(f'error: deployment "{name}" exceeded its progress deadline')
        replicas = spec.get("replicas", 1)
        updated = st.get("updatedReplicas", 0)
        if updated < replicas:
            return (f'Waiting for deployment "{name}" rollout to finish: {updated} out of {replicas} new replicas '
                    "have been updated..."), False
        if st.get("replicas", 0) > updated:
            return (f'Waiting for deployment "{name}" rollout to finish: {st.get("replicas", 0) - updated} old '
                    "replicas are pending termination..."), False
        available = st.get("availableReplicas", 0)
        if available < updated:
            return (f'Waiting for deployment "{name}" rollout to finish: {available} of {updated} updated replicas '
                    "are available..."), False
        return f'deployment "{name}" successfully rolled out', True
    if kind == "DaemonSet":
        if (spec.get("updateStrategy") or {}).get("type", "RollingUpdate") != "RollingUpdate":
            raise CommandError("error: rollout status is only available for RollingUpdate strategy type")
        if not observed:
            return "Waiting for daemon set spec update to be observed...", False
        desired, updated = st.get("desiredNumberScheduled", 0), st.get("updatedNumberScheduled", 0)
        if updated < desired:
            return (f'Waiting for daemon set "{name}" rollout to finish: {updated} out of {desired} new pods have '
                    "been updated..."), False
        available = st.get("numberAvailable", 0)
        if available < desired:
            return (f'Waiting for daemon set "{name}" rollout to finish: {available} of {desired} updated pods are '
                    "available..."), False
        return f'daemon set "{name}" successfully rolled out', True
    if kind == "StatefulSet":
        strategy = spec.get("updateStrategy") or {}
        if strategy.get("type", "RollingUpdate") != "RollingUpdate":
            raise CommandError("error: rollout status is only available for RollingUpdate strategy type")
        if not st.get("observedGeneration") or not observed:
            return "Waiting for statefulset spec update to be observed...", False
        replicas, ready = spec.get("replicas", 1), st.get("readyReplicas", 0)
        if ready < replicas:
            return f"Waiting for {replicas - ready} pods to be ready...", False
        if strategy.get("rollingUpdate") is not None:
            partition = strategy["rollingUpdate"].get("partition")
            if partition is not None and st.get("updatedReplicas", 0) < replicas - partition:
                return (f"Waiting for partitioned roll out to finish: {st.get('updatedReplicas', 0)} out of "
                        f"{replicas - partition} new pods have been updated..."), False
            return f"partitioned roll out complete: {st.get('updatedReplicas', 0)} new pods have been updated...", True
        if st.get("updateRevision") != st.get("currentRevision"):
            return (f"waiting for statefulset rolling update to complete {st.get('updatedReplicas', 0)} pods at "
                    f"revision {st.get('updateRevision')}..."), False
        return (f"statefulset rolling update complete {st.get('currentReplicas', 0)} pods at revision "
                f"{st.get('currentRevision')}..."), True
    raise CommandError(f"error: no status viewer has been implemented for {kind}")


def status(ctx: Context):
    """Print the status on every change of the object until it is rolled out (or time is up)."""
    found = _one(ctx, "status")
    if not found:
        ctx.error(no_resources(ctx))  # kubectl visits what the builder found: nothing to watch
        return 0
    kind, live = found[0]
    ns, name = live["metadata"].get("namespace"), live["metadata"]["name"]
    last_version = None
    state = {"done": False}

    def check() -> bool:
        nonlocal last_version
        obj = ctx.store.get(kind.kind, ns, name)
        if obj is None:
            raise CommandError('error: object has been deleted')
        version = obj["metadata"].get("resourceVersion")
        if version == last_version:
            return False
        last_version = version
        line, done = status_of(obj)
        ctx.print(line)
        state["done"] = done
        return done

    if check() or not ctx.flag("watch", True):
        return 0
    ok = yield from ctx.wait_until(check, float(ctx.flag("timeout") or 0) or None)
    if not ok and ctx.blocking:
        raise CommandError("error: timed out waiting for the condition")
    return 0


# -- history ------------------------------------------------------------------------------------

def replica_sets_of(ctx: Context, deployment: dict) -> list[dict]:
    uid = deployment["metadata"]["uid"]
    rss = [rs for rs in ctx.store.owned(uid, "ReplicaSet")
           if any(r.get("uid") == uid and r.get("controller") for r in rs["metadata"].get("ownerReferences", ()))]
    return sorted(rss, key=_revision)


def _revision(rs: dict) -> int:
    try:
        return int((rs["metadata"].get("annotations") or {}).get(REVISION, "0"))
    except ValueError:
        return 0


def revisions_of(ctx: Context, kind: Kind, obj: dict, what: str) -> list[tuple[int, dict, dict]]:
    """(revision, pod template, annotations) of every recorded version, oldest first: a
    Deployment's ReplicaSets, a DaemonSet's ControllerRevisions."""
    if kind.kind == "Deployment":
        return [(_revision(rs), rs["spec"]["template"], rs["metadata"].get("annotations") or {})
                for rs in replica_sets_of(ctx, obj) if _revision(rs) > 0]
    if kind.kind in ("DaemonSet", "StatefulSet"):
        uid = obj["metadata"]["uid"]
        out = []
        for cr in ctx.store.owned(uid, "ControllerRevision"):
            if not any(r.get("uid") == uid and r.get("controller") for r in cr["metadata"].get("ownerReferences", ())):
                continue
            template = {k: v for k, v in ((cr.get("data") or {}).get("spec") or {}).get("template", {}).items()
                        if k != "$patch"}
            out.append((cr.get("revision", 0), template, cr["metadata"].get("annotations") or {}))
        return sorted(out, key=lambda r: r[0])
    raise CommandError(f'error: no {what} has been implemented for "{kind.kind}"')


def _template_text(template: dict, aligned: bool = True) -> str:
    """The pod template as describe prints it; `rollout history --revision` prints it unaligned
    (raw tabs, then a blank line), as kubectl does."""
    w = _Writer()
    _pod_template(w, copy.deepcopy(template))
    return w.render() if aligned else "".join(w.parts) + "\n"


def history(ctx: Context) -> int:
    out: list[str] = []
    for kind, obj in _one(ctx, "history"):
        revisions = revisions_of(ctx, kind, obj, "history viewer")
        wanted = int(ctx.flag("revision") or 0)
        if not revisions:
            out.append(f"{name_of(obj)} \nNo rollout history found.\n")
            continue
        if wanted:
            match = [template for number, template, _ in revisions if number == wanted]
            if not match:
                raise CommandError("error: unable to find the specified revision")
            out.append(f"{name_of(obj)} with revision #{wanted}\n" + _template_text(match[-1], aligned=False))
            continue
        causes: dict[int, str] = {}
        for number, _, notes in revisions:
            causes[number] = notes.get(CHANGE_CAUSE) or "<none>"
        rows = [("REVISION", "CHANGE-CAUSE")] + [(str(n), causes[n]) for n in sorted(causes)]
        width = max(len(r[0]) for r in rows) + 2
        text = "".join(f"{r[0].ljust(width)}{r[1]}\n" for r in rows)
        out.append(f"{name_of(obj)} \n{text}\n")
    ctx.write("".join(out))
    return 0


# -- undo, pause, resume, restart ---------------------------------------------------------------

def _strip_hash(template: dict) -> dict:
    t = copy.deepcopy(template)
    labels = (t.get("metadata") or {}).get("labels")
    if labels:
        labels.pop(HASH_LABEL, None)
    return t


def undo(ctx: Context) -> int:
    dry_run, _ = dry_run_strategy(ctx.parsed)
    for kind, d in _one(ctx, "undo"):
        if kind.kind in ("DaemonSet", "StatefulSet"):
            _undo_daemon_set(ctx, kind, d, dry_run)
            continue
        revisions_of(ctx, kind, d, "rollbacker")
        name = d["metadata"]["name"]
        if d["spec"].get("paused"):
            raise CommandError("error: you cannot rollback a paused deployment; resume it first with 'kubectl "
                               "rollout resume' and try again")
        rss = [rs for rs in replica_sets_of(ctx, d) if _revision(rs) > 0]
        wanted = int(ctx.flag("to-revision") or 0)
        if wanted:
            match = [rs for rs in rss if _revision(rs) == wanted]
            if not match:
                raise CommandError(f"error: unable to find specified revision {wanted} in history")
            target = match[0]
        else:
            if len(rss) <= 1:
                raise CommandError(f'error: no rollout history found for deployment "{name}"')
            target = rss[-2]
        template = _strip_hash(target["spec"]["template"])
        if template == _strip_hash(d["spec"]["template"]):
            ctx.print(f"{name_of(d)} skipped rollback (current template already matches revision {_revision(target)})")
            continue
        obj = writable(d)
        obj["spec"]["template"] = template
        annotations = dict(obj["metadata"].get("annotations") or {})
        for key, value in (target["metadata"].get("annotations") or {}).items():
            if key not in ROLLBACK_SKIPPED_ANNOTATIONS:
                annotations[key] = value
        if annotations:
            obj["metadata"]["annotations"] = annotations
        if dry_run == "none":
            obj = ctx.store.update(obj)
        report_result(ctx, obj, "rolled back", dry_run)
    return 0


def _undo_daemon_set(ctx: Context, kind: Kind, ds: dict, dry_run: str) -> None:
    """kubectl's DaemonSet rollbacker: the chosen ControllerRevision's template replaces the
    DaemonSet's; without --to-revision, the one before the newest."""
    wanted = int(ctx.flag("to-revision") or 0)
    if wanted < 0:
        raise CommandError(f"error: unable to find specified revision {wanted} in history")
    revisions = revisions_of(ctx, kind, ds, "rollbacker")
    if wanted == 0 and len(revisions) <= 1:
        raise CommandError("error: no last revision to roll back to")
    if wanted == 0:
        template = revisions[-2][1]
    else:
        match = [t for number, t, _ in revisions if number == wanted]
        if not match:
            raise CommandError(f"error: unable to find specified revision {wanted} in history")
        template = match[0]
    if dry_run == "client":
        report_result(ctx, ds, "will roll back to " + _template_text(template), dry_run)
        return
    if template == ds["spec"].get("template"):
        report_result(ctx, ds, f"skipped rollback (current template already matches revision {wanted})")
        return
    obj = writable(ds)
    obj["spec"]["template"] = copy.deepcopy(template)
    if dry_run == "none":
        obj = ctx.store.update(obj)
    report_result(ctx, obj, "rolled back", dry_run)


def _toggle(ctx: Context, *, pause: bool) -> int:
    for kind, d in _one(ctx, "pause" if pause else "resume"):
        if kind.kind != "Deployment":
            raise CommandError(f'error: {kind.resource} "{d["metadata"]["name"]}" '
                               f"{'pausing' if pause else 'resuming'} is not supported")
        if bool(d["spec"].get("paused")) == pause:
            state = "already paused" if pause else "not paused"
            raise CommandError(f'error: {kind.resource} "{d["metadata"]["name"]}" is {state}')
        obj = writable(d)
        if pause:
            obj["spec"]["paused"] = True
        else:
            obj["spec"].pop("paused", None)
        obj = ctx.store.update(obj)
        report_result(ctx, obj, "paused" if pause else "resumed")
    return 0


def pause(ctx: Context) -> int:
    return _toggle(ctx, pause=True)


def resume(ctx: Context) -> int:
    return _toggle(ctx, pause=False)


def restart(ctx: Context) -> int:
    for kind, d in _one(ctx, "restart"):
        if kind.kind not in ("Deployment", "DaemonSet", "StatefulSet"):
            raise CommandError(f'error: {kind.resource} "{d["metadata"]["name"]}" restarting is not supported')
        if d["spec"].get("paused"):
            raise CommandError(f'error: {kind.resource} "{d["metadata"]["name"]}" can\'t restart paused deployment '
                               "(run rollout resume first)")
        obj = writable(d)
        template_meta = obj["spec"].setdefault("template", {}).setdefault("metadata", {})
        template_meta["annotations"] = {**(template_meta.get("annotations") or {}), RESTARTED_AT: ctx.now()}
        obj = ctx.store.update(obj)
        report_result(ctx, obj, "restarted")
    return 0
