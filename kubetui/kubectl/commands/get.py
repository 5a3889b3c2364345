"""`kubectl get` (and `kubectl events`): tables, -o formats, selectors, sorting, `-w`."""

from __future__ import annotations

import json

from kubetui.kubectl.commands._base import (
    CommandError,
    Context,
    Target,
    check_names_and_selector,
    check_output_format,
    file_objects,
    from_files,
    list_objects,
    no_resources,
    not_found,
    print_objects,
    selector_from,
    selector_refused,
    targets_from_args,
    warn_deprecated,
)
from kubetui.kubectl.printers import output
from kubetui.kubectl.printers.table import print_table, print_tables
from kubetui.model import conversion, fields
from kubetui.model.kinds import Kind

NO_TYPE = ("You must specify the type of resource to get. Use \"kubectl api-resources\" for a complete list "
           "of supported resources.\n\nerror: Required resource not specified.\nUse \"kubectl explain "
           "<resource>\" for a detailed description of that resource (e.g. kubectl explain pods).\n"
           "See 'kubectl get -h' for help and examples")


def field_filter(kind: Kind, text: str | None, label_text: str | None = None):
    """A predicate for `--field-selector`, or None; unsupported fields fail as the server says."""
    if not text:
        return None
    try:
        terms = fields.parse(kind.kind, text)
    except fields.FieldSelectorError as exc:
        raise selector_refused(kind, label_text, text, str(exc)) from None

    return lambda obj: fields.matches(terms, obj)


def sort_objects(objs: list[dict], expr: str) -> list[dict]:
    """`--sort-by=.metadata.name`: numbers numerically, text lexically, missing values first."""
    template = output.relaxed(expr)
    try:
        keys = [output.jsonpath(template, o) for o in objs]
    except Exception:
        raise CommandError(f"error: couldn't find any field with path \"{template}\" in the list of objects") from None

    def key(pair):
        text = pair[0]
        try:
            return (1, float(text), "")
        except ValueError:
            return (0 if text == "" else 2, 0.0, text)

    return [o for _, o in sorted(zip(keys, objs), key=lambda p: key(p))]


def _collect(ctx: Context) -> tuple[list[tuple[Kind, list[dict]]], list[str], bool, bool]:
    """(kind, objects) groups in request order, error lines, whether names were asked, kinds > 1."""
    label_text = ctx.flag("selector") or None
    namespace = None if ctx.all_namespaces else ctx.namespace
    groups: list[tuple[Kind, list[dict]]] = []
    errors: list[str] = []

    def add(kind: Kind, obj: dict) -> None:
        if groups and groups[-1][0] == kind:
            groups[-1][1].append(obj)
        else:
            groups.append((kind, [obj]))

    if from_files(ctx):
        if ctx.parsed.args:
            raise CommandError("error: when paths, URLs, or stdin is provided as input, you may not specify "
                               "resource arguments as well")
        for kind, _ns, name, obj in file_objects(ctx):
            if obj is None:
                errors.append(str(not_found(kind, name)))
            else:
                add(kind, obj)
        return groups, errors, True, len({k.kind for k, _ in groups}) > 1
    if not ctx.parsed.args:
        raise CommandError(NO_TYPE)
    targets: list[Target] = targets_from_args(ctx.parsed, kinds=ctx.store.kinds)
    warn_deprecated(ctx, (t.kind for t in targets))
    named = any(t.name is not None for t in targets)
    check_names_and_selector(ctx, named, bool(label_text))
    listed = [t.kind for t in targets if t.name is None]
    try:
        selector = selector_from(ctx, label_text)
    except CommandError as exc:
        if not listed:
            raise
        reason = exc.message.removeprefix("error: ")
        raise CommandError("\n".join(selector_refused(k, label_text, ctx.flag("field-selector"), reason).message
                                     for k in listed)) from None
    multi = len({t.kind.kind for t in targets}) > 1 or ctx.parsed.args[0] == "all" or "," in ctx.parsed.args[0]
    for t in targets:
        if t.name is not None:
            ns = ctx.namespace if t.kind.namespaced else None
            obj = ctx.store.get(t.kind.kind, ns, t.name)
            if obj is None:
                if not ctx.flag("ignore-not-found"):
                    errors.append(str(not_found(t.kind, t.name)))
                continue
            add(t.kind, obj)
            continue
        objs = list_objects(ctx, t.kind, namespace=namespace, selector=selector)
        keep = field_filter(t.kind, ctx.flag("field-selector"), label_text)
        if keep is not None:
            objs = [o for o in objs if keep(o)]
        groups.append((t.kind, objs))
    return groups, errors, named, multi


def get(ctx: Context):
    fmt = str(ctx.flag("output") or "")
    if ctx.flag("raw"):
        return raw(ctx)
    check_output_format(fmt)
    if ctx.flag("watch") or ctx.flag("watch-only"):
        return (yield from _watch(ctx, fmt))
    groups, errors, named, multi = _collect(ctx)
    if ctx.flag("sort-by"):
        groups = [(k, sort_objects(objs, ctx.flag("sort-by"))) for k, objs in groups]
    objs = [o for _, group in groups for o in group]
    implied = named and not multi and len(objs) + len(errors) == 1
    quiet = fmt not in ("", "wide") and not objs and bool(ctx.flag("ignore-not-found"))
    if not (implied and errors) and not quiet:
        _print(ctx, fmt, groups, objs, implied and not errors, multi)
    if not objs and not errors and fmt in ("", "wide") and not named:
        namespaced = any(k.namespaced for k, _ in groups) if groups else True
        ctx.error(no_resources(ctx, namespaced))
    for line in errors:
        ctx.error(line)
    return 1 if errors else 0


def _print(ctx: Context, fmt: str, groups, objs: list[dict], single: bool, multi: bool) -> None:
    if fmt in ("", "wide"):
        options = dict(wide=fmt == "wide", all_namespaces=ctx.all_namespaces,
                       show_labels=bool(ctx.flag("show-labels")), label_columns=list(ctx.flag("label-columns") or []),
                       no_headers=bool(ctx.flag("no-headers")), now_tick=ctx.sim.tick)
        text = print_tables([(k, o) for k, o in groups], ctx.sim,
                            show_kind=multi or bool(ctx.flag("show-kind")), **options)
        ctx.write(text)
        return
    if not objs and fmt.split("=")[0] == "name":
        return
    objs = [conversion.to_served(o, k.api_version) for k, group in groups for o in group]
    ctx.write(print_objects(ctx, objs, fmt, single=single))


SINGLE_TYPE = "error: you may only specify a single resource type"


def _one_resource_type(ctx: Context) -> None:
    """`get -w` watches one resource type: kubectl's builder refuses `get pods,svc -w`, `get
    po/x svc/y -w` and `get all -w` (a category is several types) before it reads anything
    (checked with kubectl 1.37: `pods,pods` and `po/x pods/y` are one type, `pods,po` two)."""
    args = ctx.parsed.args
    if not args or from_files(ctx):
        return
    if "/" not in args[0] and len(set(args[0].split(","))) > 1:
        raise CommandError(SINGLE_TYPE)  # as typed: `pods,po` too, `pods,pods` is one
    if len({t.kind.kind for t in targets_from_args(ctx.parsed, kinds=ctx.store.kinds)}) > 1:
        raise CommandError(SINGLE_TYPE)


def _watch(ctx: Context, fmt: str):
    """`get -w`: the table, then a row each time a listed object changes (until cancelled)."""
    _one_resource_type(ctx)
    groups, errors, named, _ = _collect(ctx)
    multi = False  # one type (`pods,pods` is one): rows without `pod/`, as kubectl prints them
    for line in errors:
        ctx.error(line)
    if errors:
        return 1
    objs = [o for _, group in groups for o in group]
    if not ctx.flag("watch-only"):
        _print(ctx, fmt, groups, objs, False, multi)
        if not objs:
            ctx.error(no_resources(ctx, any(k.namespaced for k, _ in groups)))
    if not ctx.blocking or not ctx.interactive:
        return 0
    seen = {(o["kind"], o["metadata"].get("namespace"), o["metadata"]["name"]): o["metadata"].get("resourceVersion")
            for o in objs}
    while True:
        yield
        fresh, _, _, _ = _collect(ctx)
        changed = []
        for kind, group in fresh:
            rows = []
            for o in group:
                key = (o["kind"], o["metadata"].get("namespace"), o["metadata"]["name"])
                rv = o["metadata"].get("resourceVersion")
                if seen.get(key) != rv:
                    seen[key] = rv
                    rows.append(o)
            if rows:
                changed.append((kind, rows))
        for kind, rows in changed:
            if fmt in ("", "wide"):
                ctx.write(print_table(kind, rows, ctx.sim, wide=fmt == "wide", all_namespaces=ctx.all_namespaces,
                                      no_headers=True, show_kind=multi, now_tick=ctx.sim.tick))
            else:
                for o in rows:
                    ctx.write(print_objects(ctx, [o], fmt, single=True))


_HEALTH = ("/healthz", "/livez", "/readyz")
NOT_FOUND = "the server could not find the requested resource"
_RAW_FILTERS = ("selector", "field-selector", "all-namespaces", "watch", "watch-only", "sort-by", "chunk-size",
                "label-columns", "show-labels", "no-headers", "show-kind", "filename")


def _authorize_raw(ctx: Context, route: str, query: str) -> None:
    """The API server's authorization of the GET: the resource verb (get, list or watch) for a
    resource path, `get` of the path for the others (/healthz, discovery)."""
    from urllib.parse import parse_qs

    from kubetui.engine import rest
    from kubetui.engine.authorization import Attributes, authorize, forbidden
    from kubetui.kubectl import discovery
    from kubetui.model.errors import ApiError

    if ctx.user.is_admin:
        return
    attrs = Attributes(ctx.user, "get", path=route)
    if route.startswith(("/api/", "/apis/")) and not discovery.is_discovery(route):
        try:
            info = rest.resolve_path(route, ctx.sim.store.kinds)
        except ApiError:
            return
        watch = (parse_qs(query).get("watch") or [""])[0] in ("1", "true")
        verb = "watch" if watch else "get" if info.name else "list"
        attrs = Attributes(ctx.user, verb, info.kind.plural, info.group, info.subresource or "",
                           info.namespace or "", info.name or "")
    if not authorize(ctx.sim.store, attrs).allowed:
        raise forbidden(attrs)


def raw(ctx: Context) -> int:
    """`kubectl get --raw /api/v1/...`: one GET to the API server, its body printed as is."""
    from kubetui.engine import rest
    from kubetui.kubectl import discovery, openapi
    from kubetui.kubectl.printers.go_order import go_ordered

    path = str(ctx.flag("raw"))
    if ctx.parsed.args:
        raise CommandError("error: arguments may not be passed when --raw is specified")
    if ctx.flag("output"):
        raise CommandError("error: --raw and --output are mutually exclusive")
    if any(ctx.given(f) for f in _RAW_FILTERS):
        raise CommandError("error: --raw may not be specified with other flags that filter the server request "
                           "or alter the output")
    if not path.startswith("/"):
        raise CommandError(f'error: --raw must be a valid URL path: parse "{path}": invalid URI for request')
    route, _, query = path.partition("?")
    _authorize_raw(ctx, route, query)
    if route.rstrip("/") in _HEALTH:
        ctx.write("ok")
        return 0
    if discovery.is_discovery(route) or not route.startswith(("/api/", "/apis/")):
        document = (openapi.served(route, ctx.sim.store.kinds) if route.startswith("/openapi/")
                    else issuer_document(ctx.sim, route, f"https://{discovery.SERVER_ADDRESS}")
                    or discovery.document(route, ctx.sim.store.kinds))
        if document is None:
            raise CommandError(f"Error from server (NotFound): {NOT_FOUND}")
        ctx.write(raw_body(route, document))
        return 0
    log = _raw_log(ctx, route, query)
    if log is not None:
        ctx.write(log)
        return 0
    response = rest.handle(ctx.sim, rest.Request("GET", route, query, "", "", ctx.user))
    for text in response.warnings:
        ctx.error(f"Warning: {text}")
    body = go_ordered(response.body)
    if response.code >= 400:
        reason = body.get("reason") or "Unknown"
        raise CommandError(f"Error from server ({reason}): {body.get('message', '')}")
    ctx.write(_raw_json(body))
    return 0


def _raw_log(ctx: Context, route: str, query: str) -> str | None:
    """The plain-text body of GET pods/NAME/log (None: `route` is not a log), read as the API
    server reads it. kubectl never steps the clock, so `follow=true` gives what is written so far."""
    from kubetui.engine import rest
    from kubetui.kubectl.podlog import LogRequest
    from kubetui.model.errors import ApiError

    try:
        info = rest.resolve_path(route, ctx.sim.store.kinds)
    except ApiError:
        return None
    if info.kind.kind != "Pod" or info.subresource != "log" or not info.name:
        return None
    try:
        return "".join(LogRequest(ctx.sim, info, rest.first_values(query)).lines())
    except ApiError as exc:
        raise CommandError(f"Error from server ({exc.reason}): {exc.message}") from None


ISSUER_PATHS = ("/.well-known/openid-configuration", "/openid/v1/jwks")
"""ServiceAccount issuer discovery (OIDC): what a relying party reads to verify the cluster's tokens."""


def issuer_document(sim, route: str, server: str) -> dict | None:
    """The issuer discovery document at `route` (None: not one), its keys at `server`."""
    from kubetui.engine import serviceaccount

    route = route.rstrip("/")
    if route == ISSUER_PATHS[0]:
        return serviceaccount.openid_configuration(server + ISSUER_PATHS[1])
    return serviceaccount.jwks(sim) if route == ISSUER_PATHS[1] else None


def raw_body(route: str, body: dict) -> str:
    """The bytes a real API server writes for `route`, as `get --raw` copies them: /version is
    `json.MarshalIndent`, the OpenAPI and issuer documents `json.Marshal` (no newline), every other document
    the API machinery's JSON encoder (`json.Encoder.Encode`: a newline after); all with Go's
    escapes of <, > and &."""
    route = route.rstrip("/") or "/"
    if route in ISSUER_PATHS:
        return output._go_json_escape(json.dumps(body, separators=(",", ":"), ensure_ascii=False))
    if route == "/version":
        return output._go_json_escape(json.dumps(body, indent=2, ensure_ascii=False))
    text = output._go_json_escape(json.dumps(body, separators=(",", ":"), ensure_ascii=False))
    return text if route.startswith("/openapi/") else text + "\n"


def _raw_json(body: dict) -> str:
    return raw_body("/api", body)
