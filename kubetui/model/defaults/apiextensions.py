"""Defaults of apiextensions.k8s.io/v1 (defaults.go) and of the CRD registry strategy."""

from __future__ import annotations


def _custom_resource_definition(obj: dict) -> None:
    spec = obj.setdefault("spec", {})
    spec.setdefault("conversion", {"strategy": "None"})
    names = spec.setdefault("names", {})
    if names.get("kind"):
        names.setdefault("singular", names["kind"].lower())
        names.setdefault("listKind", names["kind"] + "List")
    status = obj.setdefault("status", {})
    status.setdefault("acceptedNames", {"kind": "", "plural": ""})
    stored = status.setdefault("storedVersions", [])
    for v in spec.get("versions") or []:
        if v.get("storage") and v.get("name") and v["name"] not in stored:
            stored.append(v["name"])


DEFAULTS = {"CustomResourceDefinition": _custom_resource_definition}
