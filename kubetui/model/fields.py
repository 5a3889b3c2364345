"""Field selectors: which fields each kind can be selected by, and how a term matches.

The API server supports `metadata.name` and `metadata.namespace` for every kind and a few
fields per kind (its field label conversion functions); anything else is a BadRequest.
"""

from __future__ import annotations

ANY_KIND = ("metadata.name", "metadata.namespace")
FIELD_LABELS: dict[str, tuple[str, ...]] = {
    "Pod": ("spec.nodeName", "spec.restartPolicy", "spec.schedulerName", "spec.serviceAccountName",
            "spec.hostNetwork", "status.phase", "status.podIP", "status.nominatedNodeName"),
    "Node": ("spec.unschedulable",),
    "Event": ("involvedObject.kind", "involvedObject.namespace", "involvedObject.name",
              "involvedObject.uid", "involvedObject.apiVersion", "involvedObject.resourceVersion",
              "involvedObject.fieldPath", "reason", "reportingComponent", "source", "type"),
    "Secret": ("type",),
    "Namespace": ("status.phase",),
    "ReplicaSet": ("status.replicas",),
    "ReplicationController": ("status.replicas",),
    "Job": ("status.successful",),
}
"""Field selectors the API server supports per kind, beyond metadata.name/namespace."""

BOOLEAN_FIELDS = ("spec.unschedulable", "spec.hostNetwork")


class FieldSelectorError(ValueError):
    """`field` is the field label the kind does not support (None: the text is malformed)."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


def field_value(obj: dict, path: str) -> str:
    """The value a field selector compares with: text, `true`/`false`, "" when absent."""
    value: object = obj
    for part in path.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    if value is None:
        return "false" if path in BOOLEAN_FIELDS else ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def parse(kind: str, text: str) -> list[tuple[str, bool, str]]:
    """The terms of `text` as (field, equals, value); raises FieldSelectorError."""
    terms = []
    for raw in text.split(","):
        raw = raw.strip()
        if not raw:
            continue
        for op in ("!=", "==", "="):
            if op in raw:
                key, _, value = raw.partition(op)
                break
        else:
            raise FieldSelectorError(f"invalid selector: '{text}'; can't understand '{raw}'")
        key = key.strip()
        if key not in ANY_KIND and key not in FIELD_LABELS.get(kind, ()):
            raise FieldSelectorError(f"field label not supported: {key}", key)
        terms.append((key, op != "!=", value.strip()))
    return terms


def matches(terms: list[tuple[str, bool, str]], obj: dict) -> bool:
    return all((field_value(obj, k) == v) == eq for k, eq, v in terms)
