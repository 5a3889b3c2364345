"""`kubectl api-resources`, `api-versions`, `cluster-info`, `version` and help."""

from __future__ import annotations

import json

from kubetui.kubectl.commands._base import CommandError, Context
from kubetui.kubectl.discovery import SERVER_VERSION
from kubetui.kubectl.flags import ROOT_COMMANDS, Parsed
from kubetui.kubectl.printers.output import to_yaml
from kubetui.kubectl.printers.tabwriter import tabwrite
from kubetui.model.version import KUBECTL_BUILD, KUBECTL_VERSION, KUBERNETES_VERSION, KUSTOMIZE_VERSION

SERVER = "https://control-plane:6443"

VERBS = {
    "Event": "create,delete,deletecollection,get,list,patch,update,watch",
    "ControllerRevision": "create,delete,deletecollection,get,list,patch,update,watch",
}
CATEGORIES = ("Pod", "ReplicationController", "Service", "DaemonSet", "Deployment", "ReplicaSet", "StatefulSet",
              "HorizontalPodAutoscaler", "CronJob", "Job")


def _sorted_kinds(ctx: Context):
    """kubectl's api-resources order: core group first, then groups alphabetically; names sorted.
    The custom kinds the cluster's CRDs serve are among them."""
    return sorted(ctx.store.kinds.values(), key=lambda k: (k.group != "", k.group, k.plural))


def api_resources(ctx: Context) -> int:
    fmt = ctx.flag("output") or ""
    kinds = _sorted_kinds(ctx)
    if ctx.given("namespaced"):
        kinds = [k for k in kinds if k.namespaced == bool(ctx.flag("namespaced"))]
    if ctx.flag("api-group") is not None and ctx.given("api-group"):
        kinds = [k for k in kinds if k.group == ctx.flag("api-group")]
    if fmt == "name":
        for k in kinds:
            ctx.print(k.plural + (f".{k.group}" if k.group else ""))
        return 0
    if fmt not in ("", "wide"):
        raise CommandError(f"error: --output {fmt} is not available, use one of: wide, name")
    header = ["NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED", "KIND"] + (["VERBS", "CATEGORIES"] if fmt == "wide" else [])
    rows = [] if ctx.flag("no-headers") else [header]
    for k in kinds:
        row = [k.plural, ",".join(k.short_names), k.api_version, "true" if k.namespaced else "false", k.kind]
        if fmt == "wide":
            verbs = VERBS.get(k.kind, "create,delete,deletecollection,get,list,patch,update,watch")
            row += [f"[{verbs.replace(',', ' ')}]", "all" if k.kind in CATEGORIES else ",".join(k.categories)]
        rows.append(row)
    ctx.write(tabwrite("".join("\t".join(r) + "\n" for r in rows), 6, 3))
    return 0


def api_versions(ctx: Context) -> int:
    versions = sorted({k.api_version for k in ctx.store.kinds.values()}, key=lambda v: ("/" in v, v))
    for v in sorted(versions):
        ctx.print(v)
    return 0


def cluster_info(ctx: Context) -> int:
    ctx.print(f"Kubernetes control plane is running at {SERVER}")
    if ctx.store.get("Service", "kube-system", "kube-dns") is not None:
        ctx.print(f"CoreDNS is running at {SERVER}/api/v1/namespaces/kube-system/services/kube-dns:dns/proxy")
    ctx.print("")
    ctx.print("To further debug and diagnose cluster problems, use 'kubectl cluster-info dump'.")
    return 0


def version(ctx: Context) -> int:
    from kubetui.kubectl import CONNECTION_REFUSED

    fmt = ctx.flag("output") or ""
    server_up = ctx.sim.api_available() and not ctx.flag("client") and not ctx.unreachable
    if fmt in ("json", "yaml"):
        doc: dict = {"clientVersion": KUBECTL_BUILD, "kustomizeVersion": KUSTOMIZE_VERSION}
        if server_up:
            doc["serverVersion"] = SERVER_VERSION
        # kubectl marshals this with a two-space indent in struct order; its YAML (keys sorted) ends in a blank line
        ctx.write(json.dumps(doc, indent=2) + "\n" if fmt == "json" else to_yaml(doc) + "\n")
    elif fmt:
        raise CommandError("error: --output must be 'yaml' or 'json'")
    else:
        ctx.print(f"Client Version: {KUBECTL_VERSION}")
        ctx.print(f"Kustomize Version: {KUSTOMIZE_VERSION}")
        if server_up:
            ctx.print(f"Server Version: {KUBERNETES_VERSION}")
    if not ctx.flag("client") and not ctx.sim.api_available():
        ctx.error(CONNECTION_REFUSED)
        return 1
    if not ctx.flag("client") and ctx.unreachable:
        ctx.error(ctx.unreachable)
        return 1
    return 0


def help_text(parsed: Parsed) -> str:
    """A short help: what kubectl prints for a bare command group, trimmed to what kubetui has."""
    from kubetui.kubectl import _COMMANDS

    path = " ".join(parsed.command)
    if not path:
        lines = ["kubectl controls the Kubernetes cluster manager.", "", "Commands available in kubetui:"]
        for name in ROOT_COMMANDS:
            if any(key == name or key.startswith(name + " ") for key in _COMMANDS):
                lines.append(f"  {name}")
        lines += ["", "Usage:", "  kubectl [flags] [options]", "",
                  "Use \"kubectl <command> --help\" for more information about a given command."]
        return "\n".join(lines) + "\n"
    subs = sorted(key[len(path) + 1:] for key in _COMMANDS if key.startswith(path + " "))
    lines = [f"Usage: kubectl {path} ..."]
    if subs:
        lines += ["", "Available Commands:"] + [f"  {s}" for s in subs]
    lines += ["", f"Use \"kubectl {path} <command> --help\" for more information about a given command."
              if subs else "See the kubectl reference for the flags this command takes."]
    return "\n".join(lines) + "\n"
