"""`kubectl create -f`, `create <generator>`, `run`, `expose` and `autoscale`."""

from __future__ import annotations

import copy
import re

from kubetui.kubectl import generators, rbac_generators
from kubetui.kubectl.commands._base import (
    CREATE_FORMATS,
    LAST_APPLIED,
    NO_RESOURCES,
    CommandError,
    Context,
    Failure,
    check_output_format,
    done_message,
    field_validation_mode,
    from_files,
    get_object,
    kind_for,
    load_manifests,
    manifest_kind,
    manifest_namespace,
    mapped_manifests,
    print_failures,
    print_objects,
    read_manifests,
    report_result,
    targets_from_args,
    unknown_fields_checked,
)
from kubetui.kubectl.commands.apply import with_last_applied
from kubetui.kubectl.commands.debug import attach_notice, reattach_notice
from kubetui.kubectl.commands.delete import deleted_message
from kubetui.kubectl.flags import dry_run_strategy
from kubetui.kubectl.printers.output import _compact_json
from kubetui.model import conversion
from kubetui.model.errors import ApiError
from kubetui.model.kinds import KINDS


def _dry_run(ctx: Context) -> str:
    strategy, warning = dry_run_strategy(ctx.parsed)
    if warning:
        ctx.error(f"W0101 00:00:00.000000       1 helpers.go:703] {warning}")
    return strategy


def with_typed_last_applied(obj: dict) -> dict:
    """`--save-config` on an object kubectl built: the annotation holds the object as kubectl
    encodes its Go type (struct field order, no empty `annotations`)."""
    clean = copy.deepcopy(obj)
    meta = clean.setdefault("metadata", {})
    annotations = {k: v for k, v in (meta.get("annotations") or {}).items() if k != LAST_APPLIED}
    if annotations:
        meta["annotations"] = annotations
    else:
        meta.pop("annotations", None)
    out = copy.deepcopy(obj)
    out["metadata"]["annotations"] = {**annotations, LAST_APPLIED: _compact_json(clean, typed=True) + "\n"}
    return out


def _store(ctx: Context, obj: dict, dry_run: str, *, typed: bool = False, save_config: bool = True) -> dict:
    """Send a generated object to the API server (or only validate it for a dry run)."""
    if ctx.flag("save-config") and save_config:
        obj = with_typed_last_applied(obj) if typed else with_last_applied(obj)
    if dry_run == "client":
        return obj
    return ctx.store.create(obj, dry_run=dry_run == "server")


def create(ctx: Context) -> int:
    """`kubectl create -f FILE`: every object must be new."""
    if not from_files(ctx):
        raise CommandError("error: must specify one of -f and -k")
    field_validation_mode(ctx)
    dry_run = _dry_run(ctx)
    fmt = str(ctx.flag("output") or "")
    check_output_format(fmt, CREATE_FORMATS)
    if ctx.flag("kustomize"):
        manifests, errors = load_manifests(ctx), []
    else:
        manifests, errors = read_manifests(ctx, validate=field_validation_mode(ctx) != "Ignore")
        if not manifests and not errors:
            raise CommandError("error: no objects passed to create")
    failures: list[Failure] = [(line, "", "") for line in errors]
    mapped = mapped_manifests(ctx, manifests, "creating", failures)
    printed = []
    for m, kind in mapped:
        try:
            ns = manifest_namespace(ctx, kind, m.obj)
            obj = dict(m.obj)
            obj["metadata"] = dict(obj.get("metadata") or {})
            if ns is not None:
                obj["metadata"]["namespace"] = ns
            obj.pop("status", None)
            with ctx.store.written_in(kind.api_version if conversion.converts(kind.kind, kind.api_version) else ""):
                created = _store(ctx, unknown_fields_checked(ctx, obj), dry_run)
        except ApiError as exc:
            failures.append((exc, m.source, "creating"))
            continue
        if fmt and fmt != "wide":
            printed.append(conversion.to_served(created, str(m.obj.get("apiVersion") or "")))
        else:
            ctx.print(done_message(created, "created", dry_run))
    if printed:
        ctx.write(print_objects(ctx, printed, fmt, single=len(printed) == 1))
    print_failures(ctx, failures)
    return 1 if failures else 0


def generate(ctx: Context) -> int:
    """`kubectl create deployment|job|cronjob|configmap|secret|service|namespace|quota|sa ...`."""
    dry_run = _dry_run(ctx)
    check_output_format(str(ctx.flag("output") or ""), CREATE_FORMATS)
    existing = None
    if ctx.parsed.command == ["create", "job"] and ctx.flag("from"):
        word, _, name = str(ctx.flag("from")).partition("/")
        if not name:
            raise CommandError("error: from must be of the form <resource>/<name>")
        existing = get_object(ctx, kind_for(word, ctx.store.kinds), name)
    if " ".join(ctx.parsed.command) in rbac_generators.COMMANDS:
        obj = rbac_generators.build(ctx.parsed, warn=ctx.error)
    else:
        obj = generators.build(ctx.parsed, base_dir=ctx.cwd, existing=existing,
                               stdin=ctx.stdin.encode(errors="surrogateescape") if ctx.stdin is not None else None)
    try:
        _finish(ctx, obj, "created", dry_run)
    except ApiError as exc:
        prefix = _refusal_prefix(obj)
        if prefix is None:
            raise
        raise CommandError(f"error: {prefix}{getattr(exc, 'server_message', exc.message)}") from None
    return 0


REFUSAL_PREFIXES = {
    "Deployment": "failed to create deployment: ", "ConfigMap": "failed to create configmap: ",
    "Job": "failed to create job: ", "CronJob": "failed to create cronjob: ",
    "ServiceAccount": "failed to create serviceaccount: ", "ResourceQuota": "failed to create quota: ",
    "PriorityClass": "failed to create priorityclass: ", "Ingress": "failed to create ingress: ",
    "PodDisruptionBudget": "failed to create poddisruptionbudgets: ",
    "RoleBinding": "failed to create rolebinding: ", "ClusterRoleBinding": "failed to create clusterrolebinding: ",
    "Secret": "failed to create secret ", "Service": "failed to create {type} service: ",
}
"""How each `kubectl create <generator>` words the server's refusal (kubectl 1.37); the generators
of Namespace, Role and ClusterRole print it as `Error from server (...)`."""


def _refusal_prefix(obj: dict) -> str | None:
    prefix = REFUSAL_PREFIXES.get(obj["kind"])
    return None if prefix is None else prefix.format(type=(obj.get("spec") or {}).get("type", "ClusterIP"))


def _finish(ctx: Context, obj: dict, verb: str, dry_run: str, *, save_config: bool = True,
            separate: bool = False) -> dict:
    """Store a generated object and print it; `separate`: a second object of the same command
    (`run --expose`'s Service), which YAML prints as a new document."""
    if dry_run == "none" and obj.get("metadata", {}).get("namespace") is None and obj["kind"] != "Namespace":
        if KINDS[obj["kind"]].namespaced:
            obj["metadata"]["namespace"] = ctx.namespace
    stored = _store(ctx, obj, dry_run, typed=True, save_config=save_config)
    if separate and str(ctx.flag("output") or "").partition("=")[0] == "yaml":
        ctx.write("---\n")
    report_result(ctx, stored, verb, dry_run, typed=True)
    return stored


def run(ctx: Context):
    """`kubectl run NAME --image=...`; with `--rm -i` it waits for the pod and removes it."""
    from kubetui.kubectl.commands import exec as exec_cmd

    dry_run = _dry_run(ctx)
    check_output_format(str(ctx.flag("output") or ""), CREATE_FORMATS)
    generators.run_checks(ctx.parsed, dry_run)
    attach = bool(ctx.flag("stdin") or ctx.flag("tty") or ctx.flag("attach"))
    if ctx.flag("rm") and not attach:
        raise CommandError("error: --rm should only be used for attached containers")
    obj = generators.apply_overrides(generators.build(ctx.parsed), ctx.flag("overrides"),
                                     ctx.flag("override-type"))
    if not attach:
        pod = _finish(ctx, obj, "created", dry_run, save_config=dry_run != "client")
        if ctx.flag("expose"):
            _finish(ctx, generators.run_service(ctx.parsed, pod), "created", dry_run, separate=True)
        return 0
    if ctx.flag("expose"):
        raise CommandError('error: "kubectl run --expose" with an attached container is not available in '
                           "kubetui")
    no_shell = ("error: interactive shells are not available in kubetui: give the command to run "
                "after --, as in: kubectl run -it --rm tmp --image=busybox --restart=Never -- wget -qO- http://web")
    own = not ctx.parsed.after_dashdash and len(ctx.parsed.args) < 2
    if own and not exec_cmd.wants_terminal(ctx, ["sh"]):
        raise CommandError(no_shell)
    ns = obj["metadata"].setdefault("namespace", ctx.namespace)
    name = obj["metadata"]["name"]
    pod = ctx.store.create(obj)

    def started() -> bool:
        p = ctx.store.get("Pod", ns, name)
        return p is None or p.get("status", {}).get("phase") in ("Running", "Succeeded", "Failed")

    ok = yield from ctx.wait_until(started, ctx.flag("pod-running-timeout") or 60)
    pod = ctx.store.get("Pod", ns, name)
    code = failed = 0
    if not ok or pod is None:
        ctx.error("error: timed out waiting for the condition")
        code = 1
    else:
        words = list(ctx.parsed.args[1:]) + list(ctx.parsed.after_dashdash) or exec_cmd.main_command(ctx.sim, pod)
        first = pod["spec"]["containers"][0]
        session = exec_cmd.Terminal.open(ctx, pod, first, words[0], main=True, pty=bool(first.get("tty"))) \
            if exec_cmd.wants_terminal(ctx, words) and (pod.get("status") or {}).get("phase") == "Running" else None
        if session is not None:
            attach_notice(ctx)
            code = yield from session.run(ctx)
            reattach_notice(ctx, pod, pod["spec"]["containers"][0]["name"])
            if pod["spec"].get("restartPolicy", "Always") == "Always":
                code = 0  # kubectl waits for no exit code where the container is started again
        elif own:
            ctx.error(no_shell)
            code = 1
        else:
            if ctx.flag("stdin"):
                attach_notice(ctx)
            code = yield from exec_cmd.one_off(ctx, pod, pod["spec"]["containers"][0], words, attached=True)
            failed = code
    if ctx.flag("rm"):
        from kubetui.engine.store import delete as api_delete

        if ctx.store.get("Pod", ns, name) is not None:
            ctx.authorize("delete", "Pod", ns, name)
            api_delete(ctx.sim.store, "Pod", ns, name, grace=0)
        ctx.print(deleted_message("pod", name, ns))
    if failed:
        ctx.error(f"pod {ns}/{name} terminated (Error)")
    return code


def expose(ctx: Context) -> int:
    """`kubectl expose deploy/web --port=80`: a Service selecting what the target selects."""
    dry_run = _dry_run(ctx)
    check_output_format(str(ctx.flag("output") or ""), CREATE_FORMATS)
    if ctx.flag("filename"):
        m = load_manifests(ctx)[0]
        kind = manifest_kind(m, ctx.store.kinds)
        ns = manifest_namespace(ctx, kind, m.obj)
        target = get_object(ctx, kind, m.obj["metadata"]["name"], ns)
    else:
        if not ctx.parsed.args:
            raise CommandError(NO_RESOURCES)
        targets = targets_from_args(ctx.parsed, require_name=True, kinds=ctx.store.kinds)
        target = get_object(ctx, targets[0].kind, targets[0].name)
    obj = generators.build(ctx.parsed, existing=target)
    _finish(ctx, obj, "exposed", dry_run)
    return 0


def _metric_target(value: str, resource: str) -> dict:
    """`--cpu`/`--memory`: `70%` is a utilization, a quantity an average value, and a bare number
    a quantity in millicores (cpu) or mebibytes (memory), as kubectl reads them."""
    from kubetui.model.quantity import parse_quantity

    value = value.strip()
    if value.endswith("%"):
        number = value[:-1]
        if not re.fullmatch(r"[+-]?\d+", number) or int(number) < 0 or int(number) > 2**31 - 1:
            raise CommandError(f"error: invalid percentage value: {number}")
        return {"type": "Utilization", "averageUtilization": int(number)}
    try:
        number = float(value)
    except ValueError:
        number = None
    if number is not None:
        value = f"{generators.go_g(number)}{'m' if resource == 'cpu' else 'Mi'}"
    try:
        parse_quantity(value)
    except ValueError:
        raise CommandError(f"error: invalid resource {resource} value: {value}") from None
    return {"type": "AverageValue", "averageValue": value}


def autoscale(ctx: Context) -> int:
    """`kubectl autoscale deploy/web --min=2 --max=10 --cpu=80%`: an autoscaling/v2 HPA."""
    if not ctx.given("max"):
        raise CommandError('error: required flag(s) "max" not set')
    dry_run = _dry_run(ctx)
    check_output_format(str(ctx.flag("output") or ""), CREATE_FORMATS)
    if not ctx.parsed.args and not ctx.flag("filename"):
        raise CommandError(NO_RESOURCES)
    if ctx.flag("max") < 1:
        raise CommandError(f"error: --max=MAXPODS is required and must be at least 1, max: {ctx.flag('max')}")
    if ctx.flag("min") > ctx.flag("max"):
        raise CommandError(f"error: --max=MAXPODS must be larger or equal to --min=MINPODS, max: "
                           f"{ctx.flag('max')}, min: {ctx.flag('min')}")
    if ctx.given("cpu-percent") and ctx.flag("cpu"):
        raise CommandError("error: --cpu-percent and --cpu are mutually exclusive")
    metrics = []
    if ctx.flag("cpu-percent") > 0:
        metrics.append(("cpu", {"type": "Utilization", "averageUtilization": ctx.flag("cpu-percent")}))
    for resource in ("cpu", "memory"):
        if ctx.flag(resource):
            metrics.append((resource, _metric_target(str(ctx.flag(resource)), resource)))
    targets = targets_from_args(ctx.parsed, require_name=True, kinds=ctx.store.kinds)
    target = get_object(ctx, targets[0].kind, targets[0].name)
    if target["kind"] not in ("Deployment", "ReplicaSet", "StatefulSet", "ReplicationController"):
        group = target["apiVersion"].rpartition("/")[0]
        raise CommandError(f"error: cannot autoscale a {target['kind']}{'.' + group if group else ''}: "
                           "no scale subresource")
    meta: dict = {"name": ctx.flag("name") or target["metadata"]["name"]}
    if ctx.given("namespace"):
        meta["namespace"] = ctx.namespace
    spec: dict = {"maxReplicas": ctx.flag("max"),
                  "scaleTargetRef": {"apiVersion": target["apiVersion"], "kind": target["kind"],
                                     "name": target["metadata"]["name"]}}
    if ctx.flag("min") > 0:
        spec["minReplicas"] = ctx.flag("min")
    if metrics:
        spec["metrics"] = [{"type": "Resource", "resource": {"name": name, "target": t}} for name, t in metrics]
    hpa = {"apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler", "metadata": meta,
           "spec": spec, "status": {"currentMetrics": None, "desiredReplicas": 0}}
    _finish(ctx, hpa, "created" if dry_run == "client" else "autoscaled", dry_run)
    return 0
