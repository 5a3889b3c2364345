"""kubectl's command-line grammar: cobra command lookup and pflag flag parsing.

A command line is split like a shell would, the optional `kubectl`/`k` word is dropped, the
command path is found the way cobra finds it (flags may come first), then the remaining
words are parsed with pflag's rules. Errors carry the exact text kubectl prints, so the
learner sees here what a real cluster's kubectl would tell them.
"""

from __future__ import annotations

import csv
import re
import shlex
from dataclasses import dataclass, field
from typing import Sequence

__all__ = [
    "Flag",
    "CommandSpec",
    "Parsed",
    "KubectlUsageError",
    "UnsupportedCommand",
    "COMMANDS",
    "GLOBAL_FLAGS",
    "ROOT_COMMANDS",
    "split_command_line",
    "strip_kubectl_prefix",
    "parse",
    "find_command",
    "suggestions_for",
    "dry_run_strategy",
    "parse_duration",
]


class KubectlUsageError(Exception):
    """A client-side refusal, raised before any request; kubectl exits 1.

    `message` is what kubectl writes to stderr without the final newline; `stderr` adds it.
    """

    exit_code = 1

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    @property
    def stderr(self) -> str:
        return self.message if self.message.endswith("\n") else self.message + "\n"

    def __str__(self) -> str:
        return self.message.rstrip("\n")


class UnsupportedCommand(KubectlUsageError):
    """A real kubectl command that kubetui does not simulate (`kubectl proxy`)."""

    def __init__(self, path: Sequence[str]):
        self.path = tuple(path)
        super().__init__(f'error: "kubectl {" ".join(path)}" is not available in kubetui')


# --------------------------------------------------------------------------- flag specs

@dataclass(frozen=True)
class Flag:
    """One flag as pflag declares it.

    `type` is `bool`, `str`, `int`, `duration` (value kept as seconds) or `list`
    (repeatable; `split` when pflag's StringSlice also splits each value on commas).
    `no_opt` is pflag's NoOptDefVal: the value a bare `--flag` takes (bools: "true").
    """

    name: str
    type: str
    default: object = None
    short: str | None = None
    split: bool = False
    no_opt: str | None = None
    bits: int = 64

    @property
    def display(self) -> str:
        """`-r, --replicas` / `--image`: how pflag names the flag in its errors."""
        return f"-{self.short}, --{self.name}" if self.short else f"--{self.name}"


_LINE = re.compile(r"^(?:-(?P<short>\w), )?--(?P<name>[\w-]+)=(?P<default>.*)$")
_DURATION_DEFAULT = re.compile(r"^\d+(\.\d+)?(ns|us|ms|s|m|h)([\d.]+(ns|us|ms|s|m|h))*$")

# pflag StringSlice flags (comma-separated); the other `[]` flags are StringArray.
_SPLIT = {"filename", "from-file", "from-env-file", "tcp", "image", "keys", "label-columns",
          "verbs", "categories", "prune-allowlist", "types", "verb", "resource", "non-resource-url",
          "aggregation-rule", "set-image"}
# Flags whose value is optional: a bare `--cascade` means `--cascade=background`.
_NO_OPT = {"dry-run": "unchanged", "cascade": "background", "validate": "strict"}
# Flags pflag marks deprecated: using one prints `Flag --NAME has been deprecated, MESSAGE`.
DEPRECATED_FLAGS = {
    "record": "--record will be removed in the future",
    "cpu-percent": "Use --cpu with percentage or resource quantity format (e.g., '70%' for utilization or "
                   "'500m' for milliCPU).",
}
# (command, flag) pairs declared as int32: bigger values are "out of range".
_INT32 = {("create deployment", "replicas"), ("create deployment", "port"),
          ("autoscale", "min"), ("autoscale", "max"), ("autoscale", "cpu-percent"),
          ("create service nodeport", "node-port"), ("create priorityclass", "value")}


def _flag_from_help(line: str, command: str = "") -> Flag:
    """Build a Flag from a line written as `kubectl <cmd> --help` shows it."""
    m = _LINE.match(line.strip())
    if not m:
        raise ValueError(f"bad flag spec: {line!r}")
    name, short, raw = m["name"], m["short"], m["default"]
    no_opt = _NO_OPT.get(name)
    if raw in ("true", "false"):
        return Flag(name, "bool", raw == "true", short, no_opt="true")
    if raw == "[]":
        return Flag(name, "list", [], short, split=name in _SPLIT)
    if raw.startswith("'") and raw.endswith("'") and len(raw) >= 2:
        return Flag(name, "str", raw[1:-1], short, no_opt=no_opt)
    if re.fullmatch(r"-?\d+", raw):
        bits = 32 if (command, name) in _INT32 else 64
        return Flag(name, "int", int(raw), short, bits=bits)
    if _DURATION_DEFAULT.match(raw):
        return Flag(name, "duration", parse_duration(raw), short)
    return Flag(name, "str", raw, short, no_opt=no_opt)


def _flags(command: str, text: str) -> dict[str, Flag]:
    flags = [_flag_from_help(line, command) for line in text.splitlines() if line.strip()]
    return {f.name: f for f in flags}


# `kubectl options`, plus the help flag cobra gives every command.
_GLOBAL_SPEC = """
    --as=''
    --as-group=[]
    --as-uid=''
    --cache-dir='/root/.kube/cache'
    --certificate-authority=''
    --client-certificate=''
    --client-key=''
    --cluster=''
    --context=''
    --disable-compression=false
    --insecure-skip-tls-verify=false
    --kubeconfig=''
    --log-flush-frequency=5s
    --match-server-version=false
    -n, --namespace=''
    --password=''
    --profile='none'
    --profile-output='profile.pprof'
    --request-timeout='0'
    -s, --server=''
    --tls-server-name=''
    --token=''
    --user=''
    --username=''
    -v, --v=0
    --vmodule=''
    --warnings-as-errors=false
    -h, --help=false
"""

_SPECS: dict[str, str] = {
    "get": """
        -A, --all-namespaces=false
        --allow-missing-template-keys=true
        --chunk-size=500
        --field-selector=''
        -f, --filename=[]
        --ignore-not-found=false
        -k, --kustomize=''
        -L, --label-columns=[]
        --no-headers=false
        -o, --output=''
        --output-watch-events=false
        --raw=''
        -R, --recursive=false
        -l, --selector=''
        --server-print=true
        --show-kind=false
        --show-labels=false
        --show-managed-fields=false
        --sort-by=''
        --subresource=''
        --template=''
        -w, --watch=false
        --watch-only=false
    """,
    "describe": """
        -A, --all-namespaces=false
        --chunk-size=500
        -f, --filename=[]
        -k, --kustomize=''
        -R, --recursive=false
        -l, --selector=''
        --show-events=true
    """,
    "apply": """
        --record=false
        --all=false
        --allow-missing-template-keys=true
        --cascade='background'
        --dry-run='none'
        --field-manager='kubectl-client-side-apply'
        -f, --filename=[]
        --force=false
        --force-conflicts=false
        --grace-period=-1
        -k, --kustomize=''
        --openapi-patch=true
        -o, --output=''
        --overwrite=true
        --prune=false
        --prune-allowlist=[]
        -R, --recursive=false
        -l, --selector=''
        --server-side=false
        --show-managed-fields=false
        --subresource=''
        --template=''
        --timeout=0s
        --validate='strict'
        --wait=false
    """,
    "create": """
        --record=false
        --allow-missing-template-keys=true
        --dry-run='none'
        --edit=false
        --field-manager='kubectl-create'
        -f, --filename=[]
        -k, --kustomize=''
        -o, --output=''
        --raw=''
        -R, --recursive=false
        --save-config=false
        -l, --selector=''
        --show-managed-fields=false
        --template=''
        --validate='strict'
        --windows-line-endings=false
    """,
    "create namespace": """
        --allow-missing-template-keys=true
        --dry-run='none'
        --field-manager='kubectl-create'
        -o, --output=''
        --save-config=false
        --show-managed-fields=false
        --template=''
        --validate='strict'
    """,
    "create deployment": """
        --allow-missing-template-keys=true
        --dry-run='none'
        --field-manager='kubectl-create'
        --image=[]
        -o, --output=''
        --port=-1
        -r, --replicas=1
        --save-config=false
        --show-managed-fields=false
        --template=''
        --validate='strict'
    """,
    "create job": """
        --allow-missing-template-keys=true
        --dry-run='none'
        --field-manager='kubectl-create'
        --from=''
        --image=''
        -o, --output=''
        --save-config=false
        --show-managed-fields=false
        --template=''
        --validate='strict'
    """,
    "create cronjob": """
        --allow-missing-template-keys=true
        --dry-run='none'
        --field-manager='kubectl-create'
        --image=''
        -o, --output=''
        --restart=''
        --save-config=false
        --schedule=''
        --show-managed-fields=false
        --template=''
        --validate='strict'
    """,
    "create configmap": """
        --allow-missing-template-keys=true
        --append-hash=false
        --dry-run='none'
        --field-manager='kubectl-create'
        --from-env-file=[]
        --from-file=[]
        --from-literal=[]
        -o, --output=''
        --save-config=false
        --show-managed-fields=false
        --template=''
        --validate='strict'
    """,
    "create secret": """
    """,
    "create secret generic": """
        --allow-missing-template-keys=true
        --append-hash=false
        --dry-run='none'
        --field-manager='kubectl-create'
        --from-env-file=[]
        --from-file=[]
        --from-literal=[]
        -o, --output=''
        --save-config=false
        --show-managed-fields=false
        --template=''
        --type=''
        --validate='strict'
    """,
    "create secret tls": """
        --allow-missing-template-keys=true
        --append-hash=false
        --cert=''
        --dry-run='none'
        --field-manager='kubectl-create'
        --key=''
        -o, --output=''
        --save-config=false
        --show-managed-fields=false
        --template=''
        --validate='strict'
    """,
    "create secret docker-registry": """
        --allow-missing-template-keys=true
        --append-hash=false
        --docker-email=''
        --docker-password=''
        --docker-server='https://index.docker.io/v1/'
        --docker-username=''
        --dry-run='none'
        --field-manager='kubectl-create'
        --from-file=[]
        -o, --output=''
        --save-config=false
        --show-managed-fields=false
        --template=''
        --validate='strict'
    """,
    "create quota": """
        --allow-missing-template-keys=true
        --dry-run='none'
        --field-manager='kubectl-create'
        --hard=''
        -o, --output=''
        --save-config=false
        --scopes=''
        --show-managed-fields=false
        --template=''
        --validate='strict'
    """,
    "create priorityclass": """
        --allow-missing-template-keys=true
        --description=''
        --dry-run='none'
        --field-manager='kubectl-create'
        --global-default=false
        -o, --output=''
        --preemption-policy='PreemptLowerPriority'
        --save-config=false
        --show-managed-fields=false
        --template=''
        --validate='strict'
        --value=0
    """,
    "create poddisruptionbudget": """
        --allow-missing-template-keys=true
        --dry-run='none'
        --field-manager='kubectl-create'
        --max-unavailable=''
        --min-available=''
        -o, --output=''
        --save-config=false
        --selector=''
        --show-managed-fields=false
        --template=''
        --validate='strict'
    """,
    "create service": """
    """,
    "create service clusterip": """
        --allow-missing-template-keys=true
        --clusterip=''
        --dry-run='none'
        --field-manager='kubectl-create'
        -o, --output=''
        --save-config=false
        --show-managed-fields=false
        --tcp=[]
        --template=''
        --validate='strict'
    """,
    "create service nodeport": """
        --allow-missing-template-keys=true
        --dry-run='none'
        --field-manager='kubectl-create'
        --node-port=0
        -o, --output=''
        --save-config=false
        --show-managed-fields=false
        --tcp=[]
        --template=''
        --validate='strict'
    """,
    "create role": """
        --allow-missing-template-keys=true
        --dry-run='none'
        --field-manager='kubectl-create'
        -o, --output=''
        --save-config=false
        --show-managed-fields=false
        --template=''
        --validate='strict'
        --resource=[]
        --resource-name=[]
        --verb=[]
    """,
    "create clusterrole": """
        --allow-missing-template-keys=true
        --dry-run='none'
        --field-manager='kubectl-create'
        -o, --output=''
        --save-config=false
        --show-managed-fields=false
        --template=''
        --validate='strict'
        --aggregation-rule=[]
        --non-resource-url=[]
        --resource=[]
        --resource-name=[]
        --verb=[]
    """,
    "create rolebinding": """
        --allow-missing-template-keys=true
        --dry-run='none'
        --field-manager='kubectl-create'
        -o, --output=''
        --save-config=false
        --show-managed-fields=false
        --template=''
        --validate='strict'
        --clusterrole=''
        --group=[]
        --role=''
        --serviceaccount=[]
        --user=[]
    """,
    "create clusterrolebinding": """
        --allow-missing-template-keys=true
        --dry-run='none'
        --field-manager='kubectl-create'
        -o, --output=''
        --save-config=false
        --show-managed-fields=false
        --template=''
        --validate='strict'
        --clusterrole=''
        --group=[]
        --serviceaccount=[]
        --user=[]
    """,
    "auth": """
    """,
    "auth can-i": """
        -A, --all-namespaces=false
        --list=false
        --no-headers=false
        -q, --quiet=false
        --subresource=''
    """,
    "auth reconcile": """
        --allow-missing-template-keys=true
        --dry-run='none'
        -f, --filename=[]
        -k, --kustomize=''
        -o, --output=''
        -R, --recursive=false
        --remove-extra-permissions=false
        --remove-extra-subjects=false
        --show-managed-fields=false
        --template=''
    """,
    "auth whoami": """
        --allow-missing-template-keys=true
        -o, --output=''
        --show-managed-fields=false
        --template=''
    """,
    "create service loadbalancer": """
        --allow-missing-template-keys=true
        --dry-run='none'
        --field-manager='kubectl-create'
        -o, --output=''
        --save-config=false
        --show-managed-fields=false
        --tcp=[]
        --template=''
        --validate='strict'
    """,
    "create service externalname": """
        --allow-missing-template-keys=true
        --dry-run='none'
        --external-name=''
        --field-manager='kubectl-create'
        -o, --output=''
        --save-config=false
        --show-managed-fields=false
        --tcp=[]
        --template=''
        --validate='strict'
    """,
    "create ingress": """
        --allow-missing-template-keys=true
        --annotation=[]
        --class=''
        --default-backend=''
        --dry-run='none'
        --field-manager='kubectl-create'
        -o, --output=''
        --rule=[]
        --save-config=false
        --show-managed-fields=false
        --template=''
        --validate='strict'
    """,
    "create serviceaccount": """
        --allow-missing-template-keys=true
        --dry-run='none'
        --field-manager='kubectl-create'
        -o, --output=''
        --save-config=false
        --show-managed-fields=false
        --template=''
        --validate='strict'
    """,
    "run": """
        --record=false
        --allow-missing-template-keys=true
        --annotations=[]
        --attach=false
        --cascade='background'
        --command=false
        --dry-run='none'
        --env=[]
        --expose=false
        --field-manager='kubectl-run'
        -f, --filename=[]
        --force=false
        --grace-period=-1
        --image=''
        --image-pull-policy=''
        -k, --kustomize=''
        -l, --labels=''
        --leave-stdin-open=false
        -o, --output=''
        --override-type='merge'
        --overrides=''
        --pod-running-timeout=1m0s
        --port=''
        --privileged=false
        -q, --quiet=false
        -R, --recursive=false
        --restart='Always'
        --rm=false
        --save-config=false
        --show-managed-fields=false
        -i, --stdin=false
        --template=''
        --timeout=0s
        -t, --tty=false
        --wait=false
    """,
    "expose": """
        --record=false
        --allow-missing-template-keys=true
        --cluster-ip=''
        --dry-run='none'
        --external-ip=''
        --field-manager='kubectl-expose'
        -f, --filename=[]
        -k, --kustomize=''
        -l, --labels=''
        --load-balancer-ip=''
        --name=''
        -o, --output=''
        --override-type='merge'
        --overrides=''
        --port=''
        --protocol=''
        -R, --recursive=false
        --save-config=false
        --selector=''
        --session-affinity=''
        --show-managed-fields=false
        --target-port=''
        --template=''
        --type=''
    """,
    "delete": """
        --all=false
        -A, --all-namespaces=false
        --cascade='background'
        --dry-run='none'
        --field-selector=''
        -f, --filename=[]
        --force=false
        --grace-period=-1
        --ignore-not-found=false
        -i, --interactive=false
        -k, --kustomize=''
        --now=false
        -o, --output=''
        --raw=''
        -R, --recursive=false
        -l, --selector=''
        --timeout=0s
        --wait=true
    """,
    "scale": """
        --record=false
        --all=false
        --allow-missing-template-keys=true
        --current-replicas=-1
        --dry-run='none'
        -f, --filename=[]
        -k, --kustomize=''
        -o, --output=''
        -R, --recursive=false
        --replicas=0
        --resource-version=''
        -l, --selector=''
        --show-managed-fields=false
        --template=''
        --timeout=0s
    """,
    "autoscale": """
        --record=false
        --allow-missing-template-keys=true
        --cpu=''
        --cpu-percent=-1
        --memory=''
        --dry-run='none'
        --field-manager='kubectl-autoscale'
        -f, --filename=[]
        -k, --kustomize=''
        --max=-1
        --min=-1
        --name=''
        -o, --output=''
        -R, --recursive=false
        --save-config=false
        --show-managed-fields=false
        --template=''
    """,
    "rollout": """
    """,
    "certificate": """
    """,
    "certificate approve": """
        --allow-missing-template-keys=true
        -f, --filename=[]
        --force=false
        -k, --kustomize=''
        -o, --output=''
        -R, --recursive=false
        --show-managed-fields=false
        --template=''
    """,
    "certificate deny": """
        --allow-missing-template-keys=true
        -f, --filename=[]
        --force=false
        -k, --kustomize=''
        -o, --output=''
        -R, --recursive=false
        --show-managed-fields=false
        --template=''
    """,
    "rollout status": """
        -f, --filename=[]
        -k, --kustomize=''
        -R, --recursive=false
        --revision=0
        -l, --selector=''
        --timeout=0s
        -w, --watch=true
    """,
    "rollout history": """
        --allow-missing-template-keys=true
        -f, --filename=[]
        -k, --kustomize=''
        -o, --output=''
        -R, --recursive=false
        --revision=0
        -l, --selector=''
        --show-managed-fields=false
        --template=''
    """,
    "rollout undo": """
        --allow-missing-template-keys=true
        --dry-run='none'
        -f, --filename=[]
        -k, --kustomize=''
        -o, --output=''
        -R, --recursive=false
        -l, --selector=''
        --show-managed-fields=false
        --template=''
        --to-revision=0
    """,
    "rollout pause": """
        --allow-missing-template-keys=true
        --field-manager='kubectl-rollout'
        -f, --filename=[]
        -k, --kustomize=''
        -o, --output=''
        -R, --recursive=false
        -l, --selector=''
        --show-managed-fields=false
        --template=''
    """,
    "rollout resume": """
        --allow-missing-template-keys=true
        --field-manager='kubectl-rollout'
        -f, --filename=[]
        -k, --kustomize=''
        -o, --output=''
        -R, --recursive=false
        -l, --selector=''
        --show-managed-fields=false
        --template=''
    """,
    "rollout restart": """
        --allow-missing-template-keys=true
        --field-manager='kubectl-rollout'
        -f, --filename=[]
        -k, --kustomize=''
        -o, --output=''
        -R, --recursive=false
        -l, --selector=''
        --show-managed-fields=false
        --template=''
    """,
    "set": """
    """,
    "set image": """
        --record=false
        --all=false
        --allow-missing-template-keys=true
        --dry-run='none'
        --field-manager='kubectl-set'
        -f, --filename=[]
        -k, --kustomize=''
        --local=false
        -o, --output=''
        -R, --recursive=false
        -l, --selector=''
        --show-managed-fields=false
        --template=''
    """,
    "set selector": """
        --all=false
        --allow-missing-template-keys=true
        --dry-run='none'
        --field-manager='kubectl-set'
        -f, --filename=[]
        --local=false
        -o, --output=''
        -R, --recursive=true
        --resource-version=''
        --show-managed-fields=false
        --template=''
    """,
    "set serviceaccount": """
        --all=false
        --allow-missing-template-keys=true
        --dry-run='none'
        --field-manager='kubectl-set'
        -f, --filename=[]
        -k, --kustomize=''
        --local=false
        -o, --output=''
        -R, --recursive=false
        --show-managed-fields=false
        --template=''
    """,
    "create token": """
        --allow-missing-template-keys=true
        --audience=[]
        --bound-object-kind=''
        --bound-object-name=''
        --bound-object-uid=''
        --duration=0s
        -o, --output=''
        --show-managed-fields=false
        --template=''
    """,
    "set env": """
        --all=false
        --allow-missing-template-keys=true
        -c, --containers='*'
        --dry-run='none'
        -e, --env=[]
        --field-manager='kubectl-set'
        -f, --filename=[]
        --from=''
        --keys=[]
        -k, --kustomize=''
        --list=false
        --local=false
        -o, --output=''
        --overwrite=true
        --prefix=''
        -R, --recursive=false
        --resolve=false
        -l, --selector=''
        --show-managed-fields=false
        --template=''
    """,
    "set resources": """
        --record=false
        --all=false
        --allow-missing-template-keys=true
        -c, --containers='*'
        --dry-run='none'
        --field-manager='kubectl-set'
        -f, --filename=[]
        -k, --kustomize=''
        --limits=''
        --local=false
        -o, --output=''
        -R, --recursive=false
        --requests=''
        -l, --selector=''
        --show-managed-fields=false
        --template=''
    """,
    "patch": """
        --record=false
        --allow-missing-template-keys=true
        --dry-run='none'
        --field-manager='kubectl-patch'
        -f, --filename=[]
        -k, --kustomize=''
        --local=false
        -o, --output=''
        -p, --patch=''
        --patch-file=''
        -R, --recursive=false
        --show-managed-fields=false
        --subresource=''
        --template=''
        --type='strategic'
    """,
    "label": """
        --record=false
        --all=false
        -A, --all-namespaces=false
        --allow-missing-template-keys=true
        --dry-run='none'
        --field-manager='kubectl-label'
        --field-selector=''
        -f, --filename=[]
        -k, --kustomize=''
        --list=false
        --local=false
        -o, --output=''
        --overwrite=false
        -R, --recursive=false
        --resource-version=''
        -l, --selector=''
        --show-managed-fields=false
        --template=''
    """,
    "annotate": """
        --record=false
        --all=false
        -A, --all-namespaces=false
        --allow-missing-template-keys=true
        --dry-run='none'
        --field-manager='kubectl-annotate'
        --field-selector=''
        -f, --filename=[]
        -k, --kustomize=''
        --list=false
        --local=false
        -o, --output=''
        --overwrite=false
        -R, --recursive=false
        --resource-version=''
        -l, --selector=''
        --show-managed-fields=false
        --template=''
    """,
    "taint": """
        --all=false
        --allow-missing-template-keys=true
        --dry-run='none'
        --field-manager='kubectl-taint'
        -o, --output=''
        --overwrite=false
        -l, --selector=''
        --show-managed-fields=false
        --template=''
        --validate='strict'
    """,
    "cordon": """
        --dry-run='none'
        -l, --selector=''
    """,
    "uncordon": """
        --dry-run='none'
        -l, --selector=''
    """,
    "drain": """
        --chunk-size=500
        --delete-emptydir-data=false
        --disable-eviction=false
        --dry-run='none'
        --force=false
        --grace-period=-1
        --ignore-daemonsets=false
        --pod-selector=''
        -l, --selector=''
        --skip-wait-for-delete-timeout=0
        --timeout=0s
    """,
    "logs": """
        --all-containers=false
        --all-pods=false
        -c, --container=''
        -f, --follow=false
        --ignore-errors=false
        --insecure-skip-tls-verify-backend=false
        --limit-bytes=0
        --max-log-requests=5
        --pod-running-timeout=20s
        --prefix=false
        -p, --previous=false
        -l, --selector=''
        --since=0s
        --since-time=''
        --tail=-1
        --timestamps=false
    """,
    "top": """
    """,
    "top node": """
        --no-headers=false
        -l, --selector=''
        --show-capacity=false
        --sort-by=''
        --use-protocol-buffers=true
    """,
    "top pod": """
        -A, --all-namespaces=false
        --containers=false
        --field-selector=''
        --no-headers=false
        -l, --selector=''
        --sort-by=''
        --sum=false
        --use-protocol-buffers=true
    """,
    "explain": """
        --api-version=''
        -o, --output='plaintext'
        --recursive=false
    """,
    "wait": """
        --all=false
        -A, --all-namespaces=false
        --allow-missing-template-keys=true
        --field-selector=''
        -f, --filename=[]
        --for=''
        --local=false
        -o, --output=''
        -R, --recursive=true
        -l, --selector=''
        --show-managed-fields=false
        --template=''
        --timeout=30s
    """,
    "attach": """
        -c, --container=''
        --detach-keys='ctrl-p,ctrl-q'
        --pod-running-timeout=1m0s
        -q, --quiet=false
        -i, --stdin=false
        -t, --tty=false
    """,
    "exec": """
        -c, --container=''
        -f, --filename=[]
        --pod-running-timeout=1m0s
        -q, --quiet=false
        -i, --stdin=false
        -t, --tty=false
    """,
    "kustomize": """
        --as-current-user=false
        --enable-alpha-plugins=false
        --enable-helm=false
        -e, --env=[]
        --helm-api-versions=[]
        --helm-command='helm'
        --helm-debug=false
        --helm-kube-version=''
        --load-restrictor='LoadRestrictionsRootOnly'
        --mount=[]
        --network=false
        --network-name='bridge'
        -o, --output=''
    """,
    "api-resources": """
        --api-group=''
        --cached=false
        --categories=[]
        --namespaced=true
        --no-headers=false
        -o, --output=''
        --sort-by=''
        --verbs=[]
    """,
    "api-versions": """
    """,
    "config": """
    """,
    "config view": """
        --allow-missing-template-keys=true
        --flatten=false
        --merge=true
        --minify=false
        -o, --output='yaml'
        --raw=false
        --show-managed-fields=false
        --template=''
    """,
    "config get-contexts": """
        --no-headers=false
        -o, --output=''
    """,
    "config current-context": """
    """,
    "debug": """
        --arguments-only=false
        --attach=false
        -c, --container=''
        --copy-to=''
        --custom=''
        --env=[]
        -f, --filename=[]
        --image=''
        --image-pull-policy=''
        --keep-annotations=false
        --keep-init-containers=true
        --keep-labels=false
        --keep-liveness=false
        --keep-readiness=false
        --keep-startup=false
        --profile='general'
        -q, --quiet=false
        --replace=false
        --same-node=false
        --set-image=[]
        --share-processes=true
        -i, --stdin=false
        --target=''
        -t, --tty=false
    """,
    "cp": """
        -c, --container=''
        --no-preserve=false
        --retries=0
    """,
    "port-forward": """
        --address=[]
        --pod-running-timeout=1m0s
    """,
    "diff": """
        --concurrency=1
        --field-manager='kubectl-client-side-apply'
        -f, --filename=[]
        --force-conflicts=false
        -k, --kustomize=''
        --prune=false
        --prune-allowlist=[]
        -R, --recursive=false
        -l, --selector=''
        --server-side=false
        --show-managed-fields=false
        --show-secrets=false
        --validate='strict'
    """,
    "replace": """
        --allow-missing-template-keys=true
        --cascade='background'
        --dry-run='none'
        --field-manager='kubectl-replace'
        -f, --filename=[]
        --force=false
        --grace-period=-1
        -k, --kustomize=''
        -o, --output=''
        --raw=''
        -R, --recursive=false
        --save-config=false
        --show-managed-fields=false
        --subresource=''
        --template=''
        --timeout=0s
        --validate='strict'
        --wait=false
    """,
    "config get-clusters": """
    """,
    "config get-users": """
    """,
    "config use-context": """
    """,
    "config set-context": """
        --cluster=''
        --current=false
        -n, --namespace=''
        --user=''
    """,
    "config rename-context": """
    """,
    "config delete-context": """
    """,
    "config delete-cluster": """
    """,
    "config delete-user": """
    """,
    "config set-cluster": """
        --certificate-authority=''
        --embed-certs=false
        --insecure-skip-tls-verify=false
        --proxy-url=''
        --server=''
        --tls-server-name=''
    """,
    "config set-credentials": """
        --auth-provider=''
        --auth-provider-arg=[]
        --client-certificate=''
        --client-key=''
        --embed-certs=false
        --exec-api-version=''
        --exec-arg=[]
        --exec-command=''
        --exec-env=[]
        --exec-interactive-mode=''
        --exec-provide-cluster-info=false
        --password=''
        --token=''
        --username=''
    """,
    "config set": """
        --set-raw-bytes=false
    """,
    "config unset": """
    """,
    "edit": """
        --record=false
        --allow-missing-template-keys=true
        --field-manager='kubectl-edit'
        -f, --filename=[]
        -k, --kustomize=''
        -o, --output=''
        --output-patch=false
        -R, --recursive=false
        --save-config=false
        --show-managed-fields=false
        --subresource=''
        --template=''
        --validate='strict'
        --windows-line-endings=false
    """,
    "version": """
        --client=false
        -o, --output=''
    """,
    "cluster-info": """
    """,
    "events": """
        -A, --all-namespaces=false
        --allow-missing-template-keys=true
        --chunk-size=500
        --for=''
        --no-headers=false
        -o, --output=''
        --show-managed-fields=false
        --template=''
        --types=[]
        -w, --watch=false
    """,
}


# --------------------------------------------------------------------------- value parsing

def _go_quote(s: str) -> str:
    """Go's %q for the plain strings a learner types."""
    out = s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    return f'"{out}"'


_TRUE = {"1", "t", "T", "TRUE", "true", "True"}
_FALSE = {"0", "f", "F", "FALSE", "false", "False"}


def _parse_bool(s: str) -> bool:
    if s in _TRUE:
        return True
    if s in _FALSE:
        return False
    raise ValueError(f"strconv.ParseBool: parsing {_go_quote(s)}: invalid syntax")


def _parse_int(s: str, bits: int = 64) -> int:
    """strconv.ParseInt(s, 0, bits): base prefixes, `_` separators, range checks."""
    syntax = ValueError(f"strconv.ParseInt: parsing {_go_quote(s)}: invalid syntax")
    body = s[1:] if s[:1] in "+-" else s
    if not body:
        raise syntax
    base, digits = 10, body
    low = body.lower()
    if low.startswith(("0x", "0o", "0b")):
        base, digits = {"x": 16, "o": 8, "b": 2}[low[1]], body[2:]
    elif len(body) > 1 and body[0] == "0":
        base, digits = 8, body[1:]
    if base == 10 and "_" in digits or digits.startswith("_") or digits.endswith("_") \
            or "__" in digits or not digits:
        raise syntax
    try:
        value = int(digits.replace("_", ""), base)
    except ValueError:
        raise syntax from None
    if s.startswith("-"):
        value = -value
    if not -(1 << (bits - 1)) <= value < (1 << (bits - 1)):
        raise ValueError(f"strconv.ParseInt: parsing {_go_quote(s)}: value out of range")
    return value


def atoi(s: str) -> int:
    """Go's strconv.Atoi: decimal only, 64-bit, its own error words."""
    body = s[1:] if s[:1] in "+-" else s
    if not body or not body.isascii() or not body.isdigit():
        raise ValueError(f"strconv.Atoi: parsing {_go_quote(s)}: invalid syntax")
    value = int(s)
    if not -(1 << 63) <= value < (1 << 63):
        raise ValueError(f"strconv.Atoi: parsing {_go_quote(s)}: value out of range")
    return value


_UNITS = {"ns": 1e-9, "us": 1e-6, "µs": 1e-6, "μs": 1e-6, "ms": 1e-3, "s": 1.0,
          "m": 60.0, "h": 3600.0}
_DURATION_PART = re.compile(r"(\d*\.?\d*)(ns|us|µs|μs|ms|s|m|h)?")


def parse_duration(s: str) -> float:
    """Go's time.ParseDuration, in seconds (`1m30s` -> 90.0), with Go's error text."""
    invalid = ValueError(f"time: invalid duration {_go_quote(s)}")
    text = s[1:] if s[:1] in "+-" else s
    if text == "0":
        return 0.0
    if not text:
        raise invalid
    total, pos = 0.0, 0
    while pos < len(text):
        m = _DURATION_PART.match(text, pos)
        number, unit = m.group(1), m.group(2)
        if number in ("", "."):
            raise invalid
        if unit is None:
            if m.end() == len(text):
                raise ValueError(f"time: missing unit in duration {_go_quote(s)}")
            raise ValueError(f"time: unknown unit {_go_quote(text[m.end():m.end() + 1])} "
                             f"in duration {_go_quote(s)}")
        total += float(number) * _UNITS[unit]
        pos = m.end()
    return -total if s.startswith("-") else total


def _split_csv(value: str) -> list[str]:
    """pflag's StringSlice reads one value as a CSV record (`a,"b,c"` -> a, b,c)."""
    if value == "":
        return []
    return next(csv.reader([value]))


@dataclass(frozen=True)
class CommandSpec:
    """A kubectl command: its canonical path, aliases and flags (globals excluded)."""

    path: tuple[str, ...]
    flags: dict[str, Flag]
    aliases: tuple[str, ...] = ()
    subcommands: tuple[str, ...] = ()
    """Every subcommand real kubectl has, simulated or not, in kubectl's order."""
    runnable: bool = True
    """False for pure groups (`rollout`, `set`): a stray word is an unknown command."""

    @property
    def command_path(self) -> str:
        return " ".join(("kubectl",) + self.path)


_ALIASES: dict[str, tuple[str, ...]] = {
    "create configmap": ("cm",),
    "create cronjob": ("cj",),
    "create deployment": ("deploy",),
    "create namespace": ("ns",),
    "create poddisruptionbudget": ("pdb",),
    "create priorityclass": ("pc",),
    "create quota": ("resourcequota",),
    "create service": ("svc",),
    "create serviceaccount": ("sa",),
    "create ingress": ("ing",),
    "set serviceaccount": ("sa",),
    "top node": ("nodes", "no"),
    "config use-context": ("use",),
    "top pod": ("pods", "po"),
}

_SUBCOMMANDS: dict[str, tuple[str, ...]] = {
    "create": ("clusterrole", "clusterrolebinding", "configmap", "cronjob", "deployment",
               "ingress", "job", "namespace", "poddisruptionbudget", "priorityclass", "quota",
               "role", "rolebinding", "secret", "service", "serviceaccount", "token"),
    "create secret": ("docker-registry", "generic", "tls"),
    "create service": ("clusterip", "externalname", "loadbalancer", "nodeport"),
    "rollout": ("history", "pause", "restart", "resume", "status", "undo"),
    "certificate": ("approve", "deny"),
    "set": ("env", "image", "resources", "selector", "serviceaccount", "subject"),
    "top": ("node", "pod"),
    "config": ("current-context", "delete-cluster", "delete-context", "delete-user",
               "get-clusters", "get-contexts", "get-users", "rename-context", "set",
               "set-cluster", "set-context", "set-credentials", "unset", "use-context", "view"),
    "apply": ("edit-last-applied", "set-last-applied", "view-last-applied"),
    "cluster-info": ("dump",),
    "auth": ("can-i", "reconcile", "whoami"),
}

_GROUPS_ONLY = {"create secret", "create service", "rollout", "set", "top", "config", "auth", "certificate"}

ROOT_COMMANDS: tuple[str, ...] = (
    "create", "expose", "run", "set", "explain", "get", "edit", "delete", "rollout", "scale",
    "autoscale", "certificate", "cluster-info", "top", "cordon", "uncordon", "drain", "taint",
    "describe", "logs", "attach", "exec", "port-forward", "proxy", "cp", "auth", "debug",
    "events", "diff", "apply", "patch", "replace", "wait", "kustomize", "label", "annotate",
    "completion", "config", "plugin", "version", "api-versions", "api-resources", "options",
)
"""kubectl's top-level commands in the order cobra registers them (the order of its hints)."""

GLOBAL_FLAGS: dict[str, Flag] = _flags("", _GLOBAL_SPEC)

COMMANDS: dict[str, CommandSpec] = {
    name: CommandSpec(
        path=tuple(name.split()),
        flags=_flags(name, text),
        aliases=_ALIASES.get(name, ()),
        subcommands=_SUBCOMMANDS.get(name, ()),
        runnable=name not in _GROUPS_ONLY,
    )
    for name, text in _SPECS.items()
}
"""Simulated commands by canonical path (`"create deployment"`)."""

_ROOT = CommandSpec(path=(), flags={}, subcommands=ROOT_COMMANDS, runnable=False)



# --------------------------------------------------------------------------- command lines

def split_command_line(line: str) -> list[str]:
    """Split a line into words as a POSIX shell would (quotes, backslashes; no expansion)."""
    try:
        return shlex.split(line, comments=False, posix=True)
    except ValueError as exc:
        raise KubectlUsageError(f"error: cannot parse command line: {exc}") from None


def strip_kubectl_prefix(words: Sequence[str]) -> list[str]:
    """Drop a leading `kubectl` or `k` (the usual alias); the word is optional."""
    words = list(words)
    if words and words[0] in ("kubectl", "k"):
        return words[1:]
    return words


@dataclass
class Parsed:
    """One parsed kubectl invocation.

    `command` is the canonical path (`["create", "deployment"]` even when typed `deploy`);
    `flags` holds every flag of the command and every global flag, keyed by long name, with
    the default when not given; `set_flags` names the flags the user actually gave
    (pflag's "changed"), so `-n` given can be told from the default namespace.
    """

    command: list[str]
    args: list[str] = field(default_factory=list)
    flags: dict[str, object] = field(default_factory=dict)
    after_dashdash: list[str] = field(default_factory=list)
    set_flags: frozenset[str] = frozenset()
    typed_flags: list[tuple[str, str]] = field(default_factory=list)
    """(long name, value as typed) of every flag given, in order: what `--record` writes down."""

    def given(self, name: str) -> bool:
        return name in self.set_flags

    @property
    def deprecation_warnings(self) -> list[str]:
        """pflag's notes for deprecated flags the line used, printed to stderr before anything else."""
        return [f"Flag --{name} has been deprecated, {DEPRECATED_FLAGS[name]}"
                for name in dict.fromkeys(n for n, _ in self.typed_flags) if name in DEPRECATED_FLAGS]

    def change_cause(self) -> str:
        """The `kubernetes.io/change-cause` `--record` sets: kubectl, the words, then each flag
        as `--name=value`."""
        words = [*self.command, *self.args, *self.after_dashdash]
        return " ".join(["kubectl", *words]) + "".join(f" --{n}={v}" for n, v in self.typed_flags)

    @property
    def command_path(self) -> str:
        return " ".join(["kubectl", *self.command])


def _lookup(flags: dict[str, Flag], name: str) -> Flag | None:
    return flags.get(name) or GLOBAL_FLAGS.get(name)


def _lookup_short(flags: dict[str, Flag], c: str) -> Flag | None:
    for table in (flags, GLOBAL_FLAGS):
        for f in table.values():
            if f.short == c:
                return f
    return None


def _takes_next(word: str, flags: dict[str, Flag]) -> bool:
    """Cobra's guess, before parsing, whether `word` is a flag that eats the next word."""
    if word.startswith("--") and "=" not in word:
        f = _lookup(flags, word[2:])
        return f is None or f.no_opt is None
    if word.startswith("-") and "=" not in word and len(word) == 2:
        f = _lookup_short(flags, word[1])
        return f is None or f.no_opt is None
    return False


def _strip_flags(words: list[str], flags: dict[str, Flag]) -> list[str]:
    out, i = [], 0
    while i < len(words):
        w = words[i]
        i += 1
        if w == "--":
            break
        if _takes_next(w, flags):
            if i >= len(words):
                break
            i += 1
        elif w and not w.startswith("-"):
            out.append(w)
    return out


def _remove_first(words: list[str], x: str, flags: dict[str, Flag]) -> list[str]:
    i = 0
    while i < len(words):
        w = words[i]
        if w == "--":
            break
        if _takes_next(w, flags):
            i += 2
            continue
        if not w.startswith("-") and w == x:
            return words[:i] + words[i + 1:]
        i += 1
    return words


def _child(parent: CommandSpec, word: str) -> tuple[str, CommandSpec | None] | None:
    """The subcommand `word` names under `parent`: (canonical name, spec or None if unsimulated)."""
    for name in parent.subcommands:
        key = " ".join(parent.path + (name,))
        spec = COMMANDS.get(key)
        if word == name or (spec is not None and word in spec.aliases):
            return name, spec
    return None


def _levenshtein(a: str, b: str) -> int:
    a, b = a.lower(), b.lower()
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def suggestions_for(typed: str) -> list[str]:
    """Cobra's "Did you mean this?" list: edit distance <= 2 or a prefix, in kubectl's order."""
    return [name for name in ROOT_COMMANDS
            if _levenshtein(typed, name) <= 2 or name.lower().startswith(typed.lower())]


def _unknown_root_command(word: str) -> KubectlUsageError:
    msg = f'error: unknown command {_go_quote(word)} for "kubectl"'
    hints = suggestions_for(word)
    if hints:
        msg += "\n\nDid you mean this?\n" + "".join(f"\t{h}\n" for h in hints)
    return KubectlUsageError(msg)


def find_command(words: Sequence[str]) -> tuple[CommandSpec, list[str]]:
    """Walk the command tree as cobra's Find does; return the spec and the words left over.

    Raises UnsupportedCommand for real kubectl commands kubetui does not simulate and
    kubectl's `unknown command` error (with hints) for words that name no command.
    """
    spec, rest = _ROOT, list(words)
    while True:
        positional = _strip_flags(rest, spec.flags)
        if not positional:
            return spec, rest
        found = _child(spec, positional[0])
        if found is None:
            if spec is _ROOT and words and words[0].startswith("-"):
                # kubectl tries an unknown first word as a plugin, which flags may not precede.
                raise KubectlUsageError(
                    f"Error: flags cannot be placed before plugin name: {words[0]}")
            if spec is _ROOT:
                raise _unknown_root_command(positional[0])
            return spec, rest
        name, child = found
        if child is None:
            raise UnsupportedCommand(spec.path + (name,))
        rest = _remove_first(rest, positional[0], spec.flags)
        spec = child


def _flag_error(spec: CommandSpec, text: str) -> KubectlUsageError:
    return KubectlUsageError(f"error: {text}\nSee '{spec.command_path} --help' for usage.")


class _Values:
    def __init__(self, spec: CommandSpec):
        self.spec = spec
        self.values: dict[str, object] = {}
        for f in (*GLOBAL_FLAGS.values(), *spec.flags.values()):
            self.values[f.name] = list(f.default) if f.type == "list" else f.default
        self.changed: set[str] = set()

    def set(self, f: Flag, raw: str) -> None:
        try:
            if f.type == "bool":
                value: object = _parse_bool(raw)
            elif f.type == "int":
                value = _parse_int(raw, f.bits)
            elif f.type == "duration":
                value = parse_duration(raw)
            elif f.type == "list":
                items = _split_csv(raw) if f.split else [raw]
                value = (self.values[f.name] if f.name in self.changed else []) + items
            else:
                value = raw
        except ValueError as exc:
            raise _flag_error(self.spec, f"invalid argument {_go_quote(raw)} for "
                                         f"{_go_quote(f.display)} flag: {exc}") from None
        self.values[f.name] = value
        self.changed.add(f.name)


def _parse_flags(spec: CommandSpec, words: list[str]) -> Parsed:
    values = _Values(spec)
    args: list[str] = []
    after: list[str] = []
    typed: list[tuple[str, str]] = []
    i = 0
    while i < len(words):
        w = words[i]
        i += 1
        if len(w) < 2 or w[0] != "-":
            args.append(w)
            continue
        if w == "--":
            after = words[i:]
            break
        if w.startswith("--"):
            name, eq, value = w[2:].partition("=")
            if not name or name[0] in "-=":
                raise _flag_error(spec, f"bad flag syntax: {w}")
            f = _lookup(spec.flags, name)
            if f is None:
                raise _flag_error(spec, f"unknown flag: --{name}")
            if not eq:
                if f.no_opt is not None:
                    value = f.no_opt
                elif i < len(words):
                    value = words[i]
                    i += 1
                else:
                    raise _flag_error(spec, f"flag needs an argument: {w}")
            values.set(f, value)
            typed.append((f.name, value))
            continue
        shorts = w[1:]
        while shorts:
            c = shorts[0]
            f = _lookup_short(spec.flags, c)
            if f is None:
                raise _flag_error(spec, f"unknown shorthand flag: '{c}' in -{shorts}")
            if len(shorts) > 2 and shorts[1] == "=":
                value, shorts = shorts[2:], ""
            elif f.no_opt is not None:
                value, shorts = f.no_opt, shorts[1:]
            elif len(shorts) > 1:
                value, shorts = shorts[1:], ""
            elif i < len(words):
                value, shorts = words[i], ""
                i += 1
            else:
                raise _flag_error(spec, f"flag needs an argument: '{c}' in -{shorts}")
            values.set(f, value)
            typed.append((f.name, value))
    return Parsed(list(spec.path), args, values.values, list(after), frozenset(values.changed), typed)


def parse(line: str | Sequence[str]) -> Parsed:
    """Parse a kubectl command line (a string, or words already split).

    A group typed without a subcommand (`kubectl rollout`, bare `kubectl`) parses to that
    group with no args: kubectl prints the group's help there.
    """
    words = strip_kubectl_prefix(split_command_line(line) if isinstance(line, str) else line)
    spec, rest = find_command(words)
    parsed = _parse_flags(spec, rest)
    if parsed.flags.get("template") and not parsed.flags.get("output") and "output" in spec.flags:
        parsed.flags["output"] = "go-template"  # kubectl's printer flags: a template alone means -o go-template
    if parsed.args and spec.subcommands and spec.path:
        if not spec.runnable:
            raise KubectlUsageError(
                f"error: unknown command {_go_quote(parsed.args[0])}\n"
                f"See '{spec.command_path} -h' for help and examples")
        raise KubectlUsageError(
            f"error: Unexpected args: [{' '.join(parsed.args)}]\n"
            f"See '{spec.command_path} -h' for help and examples")
    return parsed


def dry_run_strategy(parsed: Parsed) -> tuple[str, str | None]:
    """`none`, `client` or `server` from `--dry-run`, and kubectl's deprecation warning if any."""
    raw = parsed.flags.get("dry-run", "none")
    if raw in ("", "none", "false"):
        return "none", None
    if raw in ("unchanged", "true"):
        return "client", "--dry-run is deprecated and can be replaced with --dry-run=client."
    if raw in ("client", "server"):
        return str(raw), None
    raise KubectlUsageError(
        f'error: Invalid dry-run value ({raw}). Must be "none", "server", or "client".')
