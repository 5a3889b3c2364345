"""The field manager each kubectl command names in its writes (its `--field-manager` default),
so managedFields show kubetui's kubectl as a cluster shows the real one.

Commands without the flag send none: the API server takes the User-Agent's program name,
`kubectl`. `kubectl scale` writes through the scale subresource.
"""

FIELD_MANAGERS = {
    "apply": "kubectl-client-side-apply",
    "create": "kubectl-create",
    "run": "kubectl-run",
    "expose": "kubectl-expose",
    "autoscale": "kubectl-autoscale",
    "edit": "kubectl-edit",
    "patch": "kubectl-patch",
    "replace": "kubectl-replace",
    "label": "kubectl-label",
    "annotate": "kubectl-annotate",
    "set": "kubectl-set",
    "taint": "kubectl-taint",
    "rollout restart": "kubectl-rollout",
    "rollout pause": "kubectl-rollout",
    "rollout resume": "kubectl-rollout",
}

SUBRESOURCES = {"scale": "scale"}
"""Commands whose writes go through a subresource of the object they change."""

USER_AGENT = "kubectl"


def field_manager(command: str) -> tuple[str, str]:
    """(manager, subresource) of the writes of `command` ("create deployment", "set image")."""
    words = command.split()
    for n in (2, 1):
        manager = FIELD_MANAGERS.get(" ".join(words[:n]))
        if manager:
            return manager, SUBRESOURCES.get(command, "")
    return USER_AGENT, SUBRESOURCES.get(command, "")
