"""`kubectl set image|env|resources|serviceaccount`: change the pod template (or a pod) in
place; `kubectl set selector`: replace a Service's selector."""

from __future__ import annotations

from kubetui.kubectl.commands._base import (
    NO_RESOURCES,
    RESOURCES_REQUIRED,
    CommandError,
    Context,
    file_objects,
    help_error,
    report_result,
    selector_from,
    targets_from_args,
    writable,
)
from kubetui.kubectl.flags import dry_run_strategy
from kubetui.model.errors import ApiError, not_found
from kubetui.model.kinds import Kind


def pod_spec_of(obj: dict) -> dict | None:
    """The pod spec a workload stamps out (or a pod's own), for editing in place."""
    kind = obj["kind"]
    if kind == "Pod":
        return obj.get("spec")
    if kind == "CronJob":
        return obj["spec"]["jobTemplate"]["spec"]["template"]["spec"]
    template = (obj.get("spec") or {}).get("template")
    return template.get("spec") if template else None


def _objects(ctx: Context, args: list[str]) -> list[tuple[Kind, dict]]:
    out = []
    if ctx.flag("filename"):
        for kind, _ns, name, live in file_objects(ctx):
            if live is None:
                raise not_found(kind.resource, name)
            out.append((kind, live))
        return out
    if not args:
        raise CommandError("error: You must provide one or more resources by argument or filename.\n"
                           "Example resource specifications include:\n   '-f rsrc.yaml'\n   "
                           "'--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'")
    selector = selector_from(ctx, ctx.flag("selector"))
    for t in targets_from_args(ctx.parsed, args, kinds=ctx.store.kinds):
        ns = ctx.namespace if t.kind.namespaced else None
        if t.name is None:
            if selector is None and not ctx.flag("all"):
                raise CommandError("error: resource(s) were provided, but no name was specified")
            out += [(t.kind, o) for o in ctx.store.list(t.kind.kind, ns, selector)]
            continue
        live = ctx.store.get(t.kind.kind, ns, t.name)
        if live is None:
            raise not_found(t.kind.resource, t.name)
        out.append((t.kind, live))
    return out


def _selected(spec: dict, pattern: str) -> list[dict]:
    from fnmatch import fnmatchcase

    return [c for c in (spec.get("initContainers") or []) + (spec.get("containers") or [])
            if fnmatchcase(c["name"], pattern or "*")]


def _save(ctx: Context, kind: Kind, obj: dict, verb: str, dry_run: str) -> bool:
    if dry_run == "none":
        try:
            obj = ctx.store.update(obj)
        except ApiError as exc:
            ctx.error(str(exc))
            return False
    report_result(ctx, obj, verb, dry_run)
    return True


def image(ctx: Context) -> int:
    dry_run, _ = dry_run_strategy(ctx.parsed)
    args = [a for a in ctx.parsed.args if "=" not in a]
    specs = [a for a in ctx.parsed.args if "=" in a]
    if not args and not ctx.flag("filename"):
        raise CommandError(NO_RESOURCES)
    if not specs:
        raise help_error(ctx.parsed, "at least one image update is required")
    images: dict[str, str] = {}
    for s in specs:
        name, _, img = s.partition("=")
        if not name or not img:
            raise help_error(ctx.parsed, f"invalid image update: {s}")
        images[name] = img
    ok = True
    for kind, live in _objects(ctx, args):
        obj = writable(live)
        spec = pod_spec_of(obj)
        if spec is None:
            ctx.error(f"error: {kind.ref}/{live['metadata']['name']} has no pod template")
            ok = False
            continue
        containers = (spec.get("initContainers") or []) + (spec.get("containers") or [])
        for cname, img in images.items():
            if cname == "*":
                for c in containers:
                    c["image"] = img
                continue
            match = [c for c in containers if c["name"] == cname]
            if not match:
                ctx.error(f'error: unable to find container named "{cname}"')
                ok = False
                break
            match[0]["image"] = img
        else:
            ok = _save(ctx, kind, obj, "image updated", dry_run) and ok
    return 0 if ok else 1


def _env_pairs(words: list[str]) -> tuple[list[tuple[str, str]], list[str]]:
    add, remove = [], []
    for w in words:
        if w.endswith("-") and "=" not in w:
            remove.append(w[:-1])
        elif "=" in w:
            k, _, v = w.partition("=")
            if not k:
                raise CommandError(f"error: invalid env: {w}")
            add.append((k, v))
        else:
            raise CommandError(f"error: environment variables must be of the form key=value: {w}")
    return add, remove


def env(ctx: Context) -> int:
    dry_run, _ = dry_run_strategy(ctx.parsed)
    args = [a for a in ctx.parsed.args if "=" not in a and not a.endswith("-")]
    words = [a for a in ctx.parsed.args if a not in args] + list(ctx.flag("env") or [])
    add, remove = _env_pairs(words)
    source = ctx.flag("from") or ""
    if not args and not ctx.flag("filename"):
        raise CommandError(RESOURCES_REQUIRED)
    if not add and not remove and not source and not ctx.flag("list"):
        raise CommandError("error: at least one environment variable must be provided")
    ok = True
    for kind, live in _objects(ctx, args):
        obj = writable(live)
        spec = pod_spec_of(obj) or {}
        containers = _selected(spec, ctx.flag("containers") or "*")
        if ctx.flag("list"):
            for c in containers:
                ctx.print(f"# {kind.ref}/{live['metadata']['name']}, container {c['name']}")
                for var in c.get("env") or []:
                    if "value" in var:
                        ctx.print(f"{var['name']}={var['value']}")
                    else:
                        ref = var.get("valueFrom", {})
                        what = next(iter(ref), "")
                        ctx.print(f"# {var['name']} from {_describe_ref(what, ref.get(what, {}))}")
            continue
        if not containers:
            ctx.error(f'warning: {kind.ref}/{live["metadata"]["name"]} does not have any containers matching '
                      f'"{ctx.flag("containers")}"')
            continue
        for c in containers:
            current = [v for v in c.get("env") or [] if v["name"] not in remove]
            for k, v in add:
                for var in current:
                    if var["name"] == k:
                        var.clear()
                        var.update({"name": k, "value": v})
                        break
                else:
                    current.append({"name": k, "value": v})
            if source:
                current = _env_from_source(ctx, source, live["metadata"].get("namespace"), current)
            if current:
                c["env"] = current
            else:
                c.pop("env", None)
        ok = _save(ctx, kind, obj, "env updated", dry_run) and ok
    return 0 if ok else 1


def _env_from_source(ctx: Context, source: str, namespace: str | None, current: list[dict]) -> list[dict]:
    """`--from=configmap/x`: one variable per key, each read from the object by reference
    (kubectl reads the keys, upper-cases them into names and adds `--prefix`)."""
    import re

    word, _, name = source.partition("/")
    kind = {"cm": "ConfigMap", "configmap": "ConfigMap", "configmaps": "ConfigMap",
            "secret": "Secret", "secrets": "Secret"}.get(word)
    if kind is None or not name:
        raise CommandError(f"error: unsupported resource specified in --from: {source}")
    obj = ctx.sim.store.get(kind, namespace, name)
    if obj is None:
        raise CommandError(f'Error from server (NotFound): {kind.lower()}s "{name}" not found')
    wanted = list(ctx.flag("keys") or [])
    ref = "configMapKeyRef" if kind == "ConfigMap" else "secretKeyRef"
    for key in sorted(obj.get("data") or {}):
        if wanted and key not in wanted:
            continue
        var_name = (ctx.flag("prefix") or "") + re.sub(r"[^A-Za-z0-9_]", "_", key).upper()
        var = {"name": var_name, "valueFrom": {ref: {"name": name, "key": key}}}
        current = [v for v in current if v["name"] != var_name] + [var]
    return current


def _describe_ref(what: str, ref: dict) -> str:
    if what == "configMapKeyRef":
        return f"configmap {ref.get('name')}, key {ref.get('key')}"
    if what == "secretKeyRef":
        return f"secret {ref.get('name')}, key {ref.get('key')}"
    if what == "fieldRef":
        return f"field path {ref.get('fieldPath')}"
    return what


def _requirements(text: str) -> dict[str, str]:
    from kubetui.model.quantity import parse_quantity

    out = {}
    for part in text.split(","):
        if not part:
            continue
        k, sep, v = part.partition("=")
        if not sep or not k or not v:
            raise CommandError(f"error: invalid resource requirement: {part}")
        try:
            parse_quantity(v)
        except Exception:
            raise CommandError("error: quantities must match the regular expression "
                               "'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'") from None
        out[k] = v
    return out


def resources(ctx: Context) -> int:
    dry_run, _ = dry_run_strategy(ctx.parsed)
    limits = _requirements(ctx.flag("limits") or "")
    requests = _requirements(ctx.flag("requests") or "")
    if not ctx.parsed.args and not ctx.flag("filename"):
        raise CommandError(NO_RESOURCES)
    if not limits and not requests:
        raise CommandError("error: you must specify an update to requests or limits (in the form of "
                           "--requests/--limits)")
    ok = True
    for kind, live in _objects(ctx, list(ctx.parsed.args)):
        obj = writable(live)
        spec = pod_spec_of(obj) or {}
        containers = _selected(spec, ctx.flag("containers") or "*")
        if not containers:
            ctx.error(f'warning: {kind.ref}/{live["metadata"]["name"]} does not have any containers matching '
                      f'"{ctx.flag("containers")}"')
            continue
        for c in containers:
            res = c.setdefault("resources", {})
            if limits:
                res["limits"] = {**(res.get("limits") or {}), **limits}
            if requests:
                res["requests"] = {**(res.get("requests") or {}), **requests}
        ok = _save(ctx, kind, obj, "resource requirements updated", dry_run) and ok
    return 0 if ok else 1





def serviceaccount(ctx: Context) -> int:
    """`kubectl set serviceaccount TYPE/NAME SA`: the ServiceAccount the pod template runs as."""
    dry_run, _ = dry_run_strategy(ctx.parsed)
    args = list(ctx.parsed.args)
    if not args:
        raise CommandError("error: serviceaccount is required")
    account = args.pop()
    ok = True
    for kind, live in _objects(ctx, args):
        obj = writable(live)
        spec = pod_spec_of(obj)
        if spec is None:
            ctx.error(f"error: {kind.ref}/{live['metadata']['name']} has no pod template")
            ok = False
            continue
        spec["serviceAccountName"] = account
        if dry_run == "none":
            try:
                obj = ctx.store.update(obj)
            except ApiError as exc:
                ctx.error(f"error: failed to patch ServiceAccountName {exc.message.removeprefix('The ')}")
                ok = False
                continue
        report_result(ctx, obj, "serviceaccount updated", dry_run)
    return 0 if ok else 1


def _selector_labels(expression: str) -> dict[str, str]:
    """`app=web,tier=front` as a Service selector: equality only, as kubectl allows there."""
    out: dict[str, str] = {}
    for part in filter(None, expression.split(",")):
        if "!=" in part:
            raise CommandError('error: "!=" is not a valid label selector operator')
        key, sep, value = part.replace("==", "=").partition("=")
        if not sep or not key:
            raise CommandError(f"error: match expression {part} not supported on this object")
        out[key.strip()] = value.strip()
    return out


def selector(ctx: Context) -> int:
    """`kubectl set selector svc/NAME k=v`: the new selector replaces the old one (Services only)."""
    dry_run, _ = dry_run_strategy(ctx.parsed)
    args = list(ctx.parsed.args)
    if not args:
        raise CommandError(NO_RESOURCES)
    labels = _selector_labels(args.pop())
    ok = True
    for kind, live in _objects(ctx, args):
        if kind.kind != "Service":
            ctx.error("error: setting a selector is only supported for Services")
            ok = False
            continue
        obj = writable(live)
        obj.setdefault("spec", {})["selector"] = dict(labels)
        ok = _save(ctx, kind, obj, "selector updated", dry_run) and ok
    return 0 if ok else 1
