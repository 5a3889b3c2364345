"""`kubectl delete`: by name, `-f`, `-l`, `--all`; graceful pods, cascading owners, and the wait
for each object to be gone that kubectl does by default (`--wait=true`)."""

from __future__ import annotations

from kubetui.engine.store import delete as api_delete
from kubetui.kubectl.commands._base import (
    CommandError,
    Context,
    check_names_and_selector,
    file_objects,
    from_files,
    list_objects,
    load_manifests,
    not_found,
    selector_from,
    targets_from_args,
    warn_deprecated,
)
from kubetui.kubectl.commands.get import field_filter
from kubetui.kubectl.flags import dry_run_strategy
from kubetui.kubectl.printers.output import name_of
from kubetui.model.errors import ApiError
from kubetui.model.kinds import Kind

NO_RESOURCES = ("error: You must provide one or more resources by argument or filename.\n"
                "Example resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n"
                "   '<resource> <name>'\n   '<resource>'")

FORCE_WARNING = ("Warning: Immediate deletion does not wait for confirmation that the running resource has "
                 "been terminated. The resource may continue to run on the cluster indefinitely.")

PROPAGATION = {"background": "Background", "foreground": "Foreground", "orphan": "Orphan"}


def _propagation(ctx: Context) -> str:
    raw = str(ctx.flag("cascade") or "background")
    if raw in ("true", "false"):
        new = "background" if raw == "true" else "orphan"
        ctx.error(f"warning: --cascade={raw} is deprecated (boolean value) and can be replaced with --cascade={new}.")
        raw = new
    if raw not in PROPAGATION:
        raise CommandError(f'error: invalid cascade value ({raw}). Must be "background", "foreground", or "orphan".')
    return PROPAGATION[raw]


def grace_period(ctx: Context) -> int | None:
    """kubectl's rules: `--now` is 1 s, `--grace-period=0` alone becomes 1, `--force` alone 0."""
    grace = int(ctx.flag("grace-period", -1))
    force = bool(ctx.flag("force"))
    if ctx.flag("now"):
        if grace != -1:
            raise CommandError("error: --now and --grace-period cannot be specified together")
        grace = 1
    if grace == 0 and not force:
        grace = 1
    if force and grace < 0:
        grace = 0
    return None if grace < 0 else grace


def deleted_message(ref: str, name: str, namespace: str | None, grace: int | None = None, dry_run: str = "none") -> str:
    """kubectl 1.33+'s line for a deleted object: `pod "web" deleted from dev namespace`; `force
    deleted` when the grace period is 0; `(dry run)` / `(server dry run)` at the end."""
    verb = "force deleted" if grace == 0 else "deleted"
    where = f" from {namespace} namespace" if namespace else ""
    dry = {"client": " (dry run)", "server": " (server dry run)"}.get(dry_run, "")
    return f'{ref} "{name}" {verb}{where}{dry}'


def _resolve(ctx: Context) -> tuple[list[tuple[Kind, str | None, str, dict | None]], list[str], bool]:
    """(kind, namespace, name, live object) to delete, the file each came from (with `-f`), and
    whether any were listed."""
    selector_text = ctx.flag("selector") or None
    delete_all = bool(ctx.flag("all"))
    out: list[tuple[Kind, str | None, str, dict | None]] = []
    missing: list[str] = []
    if from_files(ctx):
        sources = [m.source for m in load_manifests(ctx)] if not ctx.flag("kustomize") else []
        return file_objects(ctx), sources, True
    if not ctx.parsed.args:
        raise CommandError(NO_RESOURCES)
    targets = targets_from_args(ctx.parsed, kinds=ctx.store.kinds)
    warn_deprecated(ctx, (t.kind for t in targets))
    named = [t for t in targets if t.name is not None]
    check_names_and_selector(ctx, bool(named), bool(selector_text or delete_all))
    if not named and not selector_text and not delete_all and not ctx.flag("field-selector"):
        raise CommandError("error: resource(s) were provided, but no name was specified")
    listed = False
    selector = selector_from(ctx, selector_text, next((t.kind for t in targets if t.name is None), None))
    for t in targets:
        ns = ctx.namespace if t.kind.namespaced else None
        if t.name is not None:
            ctx.authorize("delete", t.kind.kind, ns, t.name)
            out.append((t.kind, ns, t.name, ctx.sim.store.get(t.kind.kind, ns, t.name)))
            continue
        listed = True
        objs = list_objects(ctx, t.kind, namespace=None if ctx.all_namespaces else ns, selector=selector)
        keep = field_filter(t.kind, ctx.flag("field-selector"), selector_text)
        for o in objs:
            if keep is None or keep(o):
                out.append((t.kind, o["metadata"].get("namespace"), o["metadata"]["name"], o))
    return out, missing, listed


def delete(ctx: Context):
    propagation = _propagation(ctx)
    grace = grace_period(ctx)
    dry_run, _ = dry_run_strategy(ctx.parsed)
    items, sources, listed = _resolve(ctx)
    if grace == 0 and ctx.flag("force"):
        ctx.error(FORCE_WARNING)
    if not items:
        if listed:
            ctx.print("No resources found")
        return 0
    failed = False
    gone: list[tuple[Kind, str | None, str, str]] = []
    for i, (kind, ns, name, live) in enumerate(items):
        if live is None and dry_run == "client":
            # kubectl's builder reads nothing before deleting (RequireObject(false)): a client dry run
            # never asks the server, so a missing object is "deleted" too
            ctx.print(f"{kind.ref}/{name}" if ctx.flag("output") == "name"
                      else deleted_message(kind.ref, name, ns, grace, dry_run))
            continue
        if live is None:
            if not ctx.flag("ignore-not-found"):
                missing = not_found(kind, name)
                ctx.error(f'Error from server (NotFound): error when deleting "{sources[i]}": {missing.message}'
                          if i < len(sources) else str(missing))
                failed = True
            continue
        if dry_run == "none":
            try:
                ctx.authorize("delete", kind.kind, ns, name)
                api_delete(ctx.sim.store, kind.kind, ns, name, grace=grace, propagation=propagation)
            except ApiError as exc:
                ctx.error(str(exc))
                failed = True
                continue
            gone.append((kind, ns, name, live["metadata"]["uid"]))
        if ctx.flag("output") == "name":
            ctx.print(name_of(live))
        else:
            ctx.print(deleted_message(kind.ref, name, ns, grace, dry_run))
    if gone and ctx.flag("wait") and dry_run == "none":
        timeout = float(ctx.flag("timeout") or 0)

        def all_gone() -> bool:
            return all(_gone(ctx, *g) for g in gone)

        ok = yield from ctx.wait_until(all_gone, timeout)
        if not ok and ctx.blocking:
            for kind, ns, name, uid in gone:
                if not _gone(ctx, kind, ns, name, uid):
                    ctx.error(f"error: timed out waiting for the condition on {kind.plural}/{name}")
            failed = True
    return 1 if failed else 0


def _gone(ctx: Context, kind: Kind, ns: str | None, name: str, uid: str) -> bool:
    obj = ctx.store.get(kind.kind, ns, name)
    return obj is None or obj["metadata"].get("uid") != uid

