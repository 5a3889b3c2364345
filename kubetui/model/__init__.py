"""The object model: kinds, quantities, manifests and the API server's validation.

Names are exported lazily so that importing `kubetui.model.kinds` stays cheap.
"""

from importlib import import_module

_EXPORTS = {
    "parse_quantity": "quantity", "cpu_millis": "quantity", "memory_bytes": "quantity",
    "format_cpu": "quantity", "format_memory": "quantity",
    "validate": "validation", "validate_template": "validation", "default_pod_spec": "defaults",
    "selector_matches": "labels", "DecodeError": "validation", "FieldInvalid": "validation",
    "NoKindMatch": "validation", "UndecodableObject": "validation",
    "Document": "manifest", "ManifestError": "manifest", "load_documents": "manifest",
    "line_of": "manifest",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        return getattr(import_module(f".{_EXPORTS[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
