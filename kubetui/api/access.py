"""Authorization of API requests against a scenario's allowedCommands.

A scenario that lets the player run only some kubectl commands must not be sidestepped through
the API: a request is allowed when one of the kubectl commands that send it is allowed, and is
refused otherwise with the Forbidden Status an RBAC denial gives.
"""

from __future__ import annotations

from kubetui.engine import rest
from kubetui.model.errors import ApiError

COMMANDS: dict[tuple[str, str | None], tuple[str, ...]] = {
    ("get", None): ("get", "describe", "top", "explain", "wait", "rollout status", "rollout history", "events",
                    "diff", "apply", "edit", "label", "annotate", "scale", "set", "patch", "delete", "expose",
                    "drain", "cordon", "uncordon", "taint", "autoscale", "create", "run", "replace", "logs",
                    "exec", "attach", "port-forward", "cp", "rollout"),
    ("list", None): ("get", "describe", "top", "wait", "rollout", "events", "delete", "drain", "logs",
                     "port-forward", "exec", "label", "annotate", "scale", "set", "apply"),
    ("watch", None): ("get", "describe", "wait", "rollout status", "events", "delete", "drain", "logs", "run",
                      "exec"),
    ("create", None): ("create", "apply", "run", "expose", "autoscale", "replace"),
    ("update", None): ("replace", "edit", "apply", "rollout", "set", "scale"),
    ("patch", None): ("patch", "apply", "edit", "label", "annotate", "scale", "set", "rollout", "cordon",
                      "uncordon", "drain", "taint", "autoscale"),
    ("delete", None): ("delete", "replace", "drain", "run"),
    ("deletecollection", None): ("delete",),
    ("get", "log"): ("logs",),
    ("get", "status"): ("get", "describe", "wait", "rollout status"),
    ("get", "scale"): ("get", "scale"),
    ("update", "scale"): ("scale",),
    ("patch", "scale"): ("scale",),
    ("update", "status"): ("replace", "edit", "apply", "patch"),
    ("patch", "status"): ("patch", "apply", "edit"),
    ("create", "eviction"): ("drain",),
    ("create", "binding"): (),
    ("get", "exec"): ("exec",),
    ("create", "exec"): ("exec",),
}
"""(Kubernetes verb, subresource) -> the kubectl commands that send it."""


def verb(method: str, info: rest.RequestInfo | None, *, watch: bool = False) -> str:
    """The Kubernetes verb of an HTTP request (get/list/watch/create/update/patch/delete)."""
    named = info is not None and info.name is not None
    return {"GET": "watch" if watch else "get" if named else "list", "POST": "create", "PUT": "update",
            "PATCH": "patch", "DELETE": "delete" if named else "deletecollection"}.get(method, method.lower())


def refusal(scenario, k8s_verb: str, info: rest.RequestInfo | None, *, user: str,
            resource: str | None = None, group: str | None = None, namespace: str | None = None,
            name: str | None = None, subresource: str | None = None,
            commands: tuple[str, ...] | None = None) -> ApiError | None:
    """The Forbidden error for a request this scenario's allowedCommands rule out (None when allowed)."""
    if scenario is None:
        return None
    if info is not None:
        resource, group = info.kind.plural, info.group
        namespace, name, subresource = info.namespace, info.name, info.subresource
    if commands is None:
        commands = COMMANDS.get((k8s_verb, subresource), COMMANDS.get((k8s_verb, None), ()))
    if any(scenario.command_allowed(f"kubectl {c}".strip()) for c in ("", *commands)):
        return None
    full = f"{resource}/{subresource}" if subresource else resource
    what = f'{resource}{"." + group if group else ""}' + (f' "{name}"' if name else "")
    where = f'in the namespace "{namespace}"' if namespace else "at the cluster scope"
    allowed = ", ".join(scenario.allowedCommands) or "nothing"
    return ApiError("Forbidden", f'{what} is forbidden: User "{user}" cannot {k8s_verb} resource "{full}" in API group '
                                f'"{group or ""}" {where}: this {scenario.mode} allows only {allowed}', 403)
