"""`kubectl config …`: the session's kubeconfig, read and changed as kubectl's clientcmd does.

The kubeconfig is the door's (`ctx.kubeconfig`); these commands need no API server. Messages
name the file kubectl would write, `/root/.kube/config`. Help texts printed on usage errors are
kubectl's own, kept as data (`config_help.json`, regenerated with the config goldens).
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from pathlib import Path

from kubetui.kubectl.commands._base import CommandError, Context, print_objects
from kubetui.kubectl.kubeconfig import (
    BYTES_FIELDS,
    CLUSTER_FIELDS,
    CONTEXT_FIELDS,
    PATH,
    USER_FIELDS,
    IdentityError,
    decode_bytes,
)
from kubetui.kubectl.printers.output import _go_json_escape, to_yaml
from kubetui.kubectl.printers.tabwriter import tabwrite


def _path(ctx: Context) -> str:
    """The kubeconfig file kubectl's messages name: `--kubeconfig`'s, KUBECONFIG's first existing one."""
    return ctx.kubeconfig_file or PATH


@lru_cache(maxsize=1)
def _help() -> dict[str, str]:
    return json.loads(resources.files("kubetui.kubectl").joinpath("config_help.json").read_text())


def _usage(ctx: Context, sub: str, message: str) -> CommandError:
    """kubectl prints the command's help on stdout, then the error."""
    ctx.write(_help()[sub])
    return CommandError(message)


def _args(ctx: Context) -> str:
    return "[" + " ".join(ctx.parsed.args) + "]"


def _view_error(exc: IdentityError) -> CommandError:
    return CommandError(str(exc))


# -- reading ---------------------------------------------------------------------------------------

def view(ctx: Context) -> int:
    if ctx.parsed.args:
        raise CommandError(f"error: unexpected arguments: {_args(ctx)}\nSee 'kubectl config view -h' for help "
                           "and examples")
    fmt = ctx.flag("output") or "yaml"
    config = ctx.config
    if ctx.flag("flatten"):
        config = _flattened(ctx)
    try:
        doc = config.view(minify=bool(ctx.flag("minify")), raw=bool(ctx.flag("raw")),
                                  flatten=bool(ctx.flag("flatten")), context=str(ctx.flag("context") or ""))
    except IdentityError as exc:
        raise _view_error(exc) from None
    if fmt == "yaml":
        ctx.write(to_yaml(doc))
    elif fmt == "json":
        ctx.write(_go_json_escape(json.dumps(doc, indent=4, ensure_ascii=False)) + "\n")
    else:
        ctx.write(print_objects(ctx, [doc], fmt, single=True))
    return 0


def _flattened(ctx: Context):
    """`--flatten`: files a cluster or user names read into their `-data` fields."""
    config = ctx.config.copy()
    for section, fields in ((config.clusters, ("certificate-authority",)),
                            (config.users, ("client-certificate", "client-key"))):
        for entry in section.values():
            for field in fields:
                if entry.get(field):
                    entry[f"{field}-data"] = _read(ctx, field, entry.pop(field))
    return config


def get_contexts(ctx: Context) -> int:
    config = ctx.kubeconfig
    fmt = ctx.flag("output") or ""
    if fmt not in ("", "name"):
        raise CommandError(f"error: --output {fmt} is not available in kubectl config get-contexts; "
                           "resetting to default output format")
    names = list(ctx.parsed.args) or sorted(config.contexts)
    if fmt == "name":
        for name in names:
            if name in config.contexts:
                ctx.print(name)
        return 0
    rows = [] if ctx.flag("no-headers") else [["CURRENT", "NAME", "CLUSTER", "AUTHINFO", "NAMESPACE"]]
    missing = []
    for name in names:
        entry = config.contexts.get(name)
        if entry is None:
            missing.append(name)
            continue
        rows.append(["*" if name == config.current_context else "", name, entry.get("cluster", ""),
                     entry.get("user", ""), entry.get("namespace", "")])
    if rows:
        ctx.write(tabwrite("".join("\t".join(r) + "\n" for r in rows), 6, 3))
    if missing:
        raise CommandError("error: " + "\n".join(f"context {n} not found" for n in missing))
    return 0


def current_context(ctx: Context) -> int:
    if not ctx.kubeconfig.current_context:
        raise CommandError("error: current-context is not set")
    ctx.print(ctx.kubeconfig.current_context)
    return 0


def get_clusters(ctx: Context) -> int:
    ctx.write("NAME\n" + "".join(f"{n}\n" for n in sorted(ctx.kubeconfig.clusters)))
    return 0


def get_users(ctx: Context) -> int:
    ctx.write("NAME\n" + "".join(f"{n}\n" for n in sorted(ctx.kubeconfig.users)))
    return 0


# -- contexts --------------------------------------------------------------------------------------

def use_context(ctx: Context) -> int:
    if len(ctx.parsed.args) != 1:
        raise _usage(ctx, "use-context", f"error: Unexpected args: {_args(ctx)}")
    name = ctx.parsed.args[0]
    if name not in ctx.kubeconfig.contexts:
        raise CommandError(f'error: no context exists with the name: "{name}"')
    ctx.kubeconfig.current_context = name
    ctx.print(f'Switched to context "{name}".')
    return 0


def set_context(ctx: Context) -> int:
    config = ctx.kubeconfig
    args = ctx.parsed.args
    if len(args) > 1:
        raise _usage(ctx, "set-context", f"error: Unexpected args: {_args(ctx)}")
    current = bool(ctx.flag("current"))
    if current and args:
        raise CommandError("error: you cannot specify both a context name and --current")
    name = config.current_context if current else (args[0] if args else "")
    if not name:
        raise CommandError("error: you must specify a non-empty context name or --current")
    created = name not in config.contexts
    entry = config.contexts.setdefault(name, {})
    for flag in ("cluster", "user", "namespace"):
        if ctx.given(flag):
            entry[flag] = str(ctx.flag(flag))
    ctx.print(f'Context "{name}" {"created" if created else "modified"}.')
    return 0


def rename_context(ctx: Context) -> int:
    config = ctx.kubeconfig
    if len(ctx.parsed.args) != 2:
        raise _usage(ctx, "rename-context", f"error: Unexpected args: {_args(ctx)}")
    old, new = ctx.parsed.args
    if old not in config.contexts:
        raise CommandError(f'error: cannot rename the context "{old}", it\'s not in {_path(ctx)}')
    if new in config.contexts:
        raise CommandError(f'error: cannot rename the context "{old}", the context "{new}" already exists in {_path(ctx)}')
    config.contexts[new] = config.contexts.pop(old)
    if config.current_context == old:
        config.current_context = new
    ctx.print(f'Context "{old}" renamed to "{new}".')
    return 0


def delete_context(ctx: Context) -> int:
    if len(ctx.parsed.args) != 1:
        ctx.write(_help()["delete-context"])
        return 0
    name = ctx.parsed.args[0]
    config = ctx.kubeconfig
    if name not in config.contexts:
        raise CommandError(f"error: cannot delete context {name}, not in {_path(ctx)}")
    del config.contexts[name]
    if config.current_context == name:
        ctx.error('warning: this removed your active context, use "kubectl config use-context" to select a '
                  "different one")
    ctx.print(f"deleted context {name} from {_path(ctx)}")
    return 0


# -- clusters and users ----------------------------------------------------------------------------

def _read(ctx: Context, flag: str, path: str) -> bytes:
    full = Path(path) if Path(path).is_absolute() else Path(ctx.cwd) / path
    try:
        return full.read_bytes()
    except OSError:
        raise CommandError(f"error: could not stat {flag} file {path}: stat {path}: no such file or "
                           "directory") from None


def _absolute(ctx: Context, path: str) -> str:
    return path if Path(path).is_absolute() else str((Path(ctx.cwd) / path).resolve())


def set_cluster(ctx: Context) -> int:
    if len(ctx.parsed.args) != 1:
        raise _usage(ctx, "set-cluster", f"error: Unexpected args: {_args(ctx)}")
    name = ctx.parsed.args[0]
    entry = {"server": "", **ctx.kubeconfig.clusters.get(name, {})}
    if ctx.given("server"):
        entry["server"] = str(ctx.flag("server"))
        entry.pop("tls-server-name", None)  # a new server overrides the name kept for the old one
    if ctx.given("tls-server-name"):
        entry["tls-server-name"] = str(ctx.flag("tls-server-name"))
    if ctx.given("proxy-url"):
        entry["proxy-url"] = str(ctx.flag("proxy-url"))
    entry.pop("insecure-skip-tls-verify", None)  # clientcmd writes the flag's value, given or not
    if ctx.flag("insecure-skip-tls-verify"):
        entry["insecure-skip-tls-verify"] = True
        entry.pop("certificate-authority", None)
        entry.pop("certificate-authority-data", None)
    if ctx.given("certificate-authority"):
        path = str(ctx.flag("certificate-authority"))
        if ctx.flag("embed-certs"):
            entry["certificate-authority-data"] = _read(ctx, "certificate-authority", path)
            entry.pop("certificate-authority", None)
        else:
            entry["certificate-authority"] = _absolute(ctx, path)
            entry.pop("certificate-authority-data", None)
        entry.pop("insecure-skip-tls-verify", None)
    ctx.kubeconfig.clusters[name] = entry
    ctx.print(f'Cluster "{name}" set.')
    return 0


def set_credentials(ctx: Context) -> int:
    if len(ctx.parsed.args) != 1:
        raise _usage(ctx, "set-credentials", f"error: unexpected args: {_args(ctx)}")
    name = ctx.parsed.args[0]
    methods = [label for label, flags in (("--token", ("token",)), ("--username/--password", ("username", "password")))
               if any(ctx.given(f) and ctx.flag(f) for f in flags)]
    if len(methods) > 1:
        raise CommandError("error: you cannot specify more than one authentication method at the same time: "
                           + ", ".join(methods))
    entry = dict(ctx.kubeconfig.users.get(name, {}))
    embed = bool(ctx.flag("embed-certs"))
    for flag in ("client-certificate", "client-key"):
        if not ctx.given(flag):
            continue
        path = str(ctx.flag(flag))
        if embed:
            entry[f"{flag}-data"] = _read(ctx, flag, path)
            entry.pop(flag, None)
        else:
            entry[flag] = _absolute(ctx, path)
            entry.pop(f"{flag}-data", None)
    for flag in ("token", "username", "password"):
        if ctx.given(flag):
            if ctx.flag(flag):
                entry[flag] = str(ctx.flag(flag))
            else:
                entry.pop(flag, None)
    ctx.kubeconfig.users[name] = entry
    ctx.print(f'User "{name}" set.')
    return 0


def delete_cluster(ctx: Context) -> int:
    return _delete(ctx, "cluster", ctx.kubeconfig.clusters)


def delete_user(ctx: Context) -> int:
    if len(ctx.parsed.args) != 1:
        raise CommandError("error: user to delete is required\nSee 'kubectl config delete-user -h' for help "
                           "and examples")
    return _delete(ctx, "user", ctx.kubeconfig.users)


def _delete(ctx: Context, what: str, section: dict) -> int:
    if len(ctx.parsed.args) != 1:
        ctx.write(_help()[f"delete-{what}"])
        return 0
    name = ctx.parsed.args[0]
    if name not in section:
        raise CommandError(f"error: cannot delete {what} {name}, not in {_path(ctx)}")
    del section[name]
    ctx.print(f"deleted {what} {name} from {_path(ctx)}")
    return 0


# -- set / unset -----------------------------------------------------------------------------------

_SECTIONS = {"clusters": ("clusters", CLUSTER_FIELDS), "users": ("users", USER_FIELDS),
             "contexts": ("contexts", CONTEXT_FIELDS)}


def _property(ctx: Context, prop: str) -> tuple[str, str, str]:
    """(section, name, field) of `clusters.NAME.FIELD`; ("", "", "current-context") for that one."""
    parts = prop.split(".")
    if parts == ["current-context"]:
        return "", "", "current-context"
    if parts[0] in _SECTIONS and len(parts) == 2:
        return parts[0], parts[1], ""
    if parts[0] in _SECTIONS and len(parts) == 3 and parts[2] in _SECTIONS[parts[0]][1]:
        return parts[0], parts[1], parts[2]
    if parts[0] in _SECTIONS and len(parts) == 3:
        raise CommandError(f"error: unable to locate path {parts[2]} under {_struct(parts[0])}")
    raise CommandError(f"error: unable to parse {prop} after [] at api.Config")


def _struct(section: str) -> str:
    return {"clusters": "api.Cluster", "users": "api.AuthInfo", "contexts": "api.Context"}[section]


def set_(ctx: Context) -> int:
    if len(ctx.parsed.args) != 2:
        raise _usage(ctx, "set", f"error: Unexpected args: {_args(ctx)}")
    prop, value = ctx.parsed.args
    section, name, field = _property(ctx, prop)
    config = ctx.kubeconfig
    if field == "current-context":
        config.current_context = value
    elif not field:
        raise CommandError(f"error: can't set a map to a value: map[{name}:{value}]")
    else:
        if field in BYTES_FIELDS:
            stored: object = value.encode() if ctx.flag("set-raw-bytes") else _decode(value)
        elif field == "insecure-skip-tls-verify":
            stored = value.lower() in ("1", "t", "true")
        else:
            stored = value
        getattr(config, section).setdefault(name, {})[field] = stored
    ctx.print(f'Property "{prop}" set.')
    return 0


def _decode(value: str) -> bytes:
    try:
        return decode_bytes(value)
    except IdentityError as exc:
        raise CommandError(str(exc)) from None


def unset(ctx: Context) -> int:
    if len(ctx.parsed.args) != 1:
        raise _usage(ctx, "unset", f"error: Unexpected args: {_args(ctx)}")
    prop = ctx.parsed.args[0]
    section, name, field = _property(ctx, prop)
    config = ctx.kubeconfig
    if field == "current-context":
        config.current_context = ""
    else:
        items = getattr(config, section)
        if name not in items or (field and field not in items[name]):
            raise CommandError(f"error: current map key `{name if not field or name not in items else field}` "
                               "is invalid")
        if field:
            del items[name][field]
        else:
            del items[name]
    ctx.print(f'Property "{prop}" unset.')
    return 0
