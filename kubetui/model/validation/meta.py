"""ObjectMeta, names, labels, annotations and label selectors, as apimachinery validates them."""

from __future__ import annotations

import re
from typing import Callable

from ..labels import LABEL_SELECTOR_OPERATORS, selector_matches
from .field import Errors, go_value

_DNS1123_LABEL = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
_DNS1123_SUBDOMAIN = re.compile(
    r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
_DNS1035_LABEL = re.compile(r"^[a-z]([-a-z0-9]*[a-z0-9])?$")
_LABEL_VALUE = re.compile(r"^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$")
_NAME_PART = re.compile(r"^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$")

DNS1123_LABEL_MSG = (
    "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', "
    "and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', "
    "regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')"
)
DNS1123_SUBDOMAIN_MSG = (
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' "
    "or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex "
    "used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')"
)
DNS1035_LABEL_MSG = (
    "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an "
    "alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or "
    "'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')"
)
LABEL_VALUE_MSG = (
    "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or "
    "'.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or "
    "'my_value',  or '12345', regex used for validation is "
    "'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')"
)
NAME_PART_MSG = (
    "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and "
    "end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex "
    "used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"
)


def dns1123_label(value: str) -> list[str]:
    out = []
    if len(value) > 63:
        out.append("must be no more than 63 characters")
    if not _DNS1123_LABEL.match(value):
        out.append(DNS1123_LABEL_MSG)
    return out


def dns1123_subdomain(value: str) -> list[str]:
    out = []
    if len(value) > 253:
        out.append("must be no more than 253 characters")
    if not _DNS1123_SUBDOMAIN.match(value):
        out.append(DNS1123_SUBDOMAIN_MSG)
    return out


def dns1035_label(value: str) -> list[str]:
    out = []
    if len(value) > 63:
        out.append("must be no more than 63 characters")
    if not _DNS1035_LABEL.match(value):
        out.append(DNS1035_LABEL_MSG)
    return out


def qualified_name(value: str) -> list[str]:
    """A label or annotation key: optional DNS subdomain prefix, then a 63-char name part."""
    prefix, _, name = value.rpartition("/")
    out = []
    if prefix or value.startswith("/"):
        if not prefix:
            out.append("prefix part must be non-empty")
        else:
            out += ["prefix part " + m for m in dns1123_subdomain(prefix)]
    if not name:
        out.append("name part must be non-empty")
    elif len(name) > 63:
        out.append("name part must be no more than 63 characters")
    elif not _NAME_PART.match(name):
        out.append(NAME_PART_MSG)
    return out


def label_value(value: str) -> list[str]:
    out = []
    if len(value) > 63:
        out.append("must be no more than 63 characters")
    if not _LABEL_VALUE.match(value):
        out.append(LABEL_VALUE_MSG)
    return out


def validate_labels(errs: Errors, path: str, labels: dict | None) -> None:
    for key, value in (labels or {}).items():
        for msg in qualified_name(key):
            errs.invalid(path, key, msg)
        for msg in label_value(value):
            errs.invalid(path, value, msg)


TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024


def validate_annotations(errs: Errors, path: str, annotations: dict | None) -> None:
    total = 0
    for key, value in (annotations or {}).items():
        for msg in qualified_name(key.lower()):
            errs.invalid(path, key, msg)
        total += len(key.encode()) + len(str(value).encode())
    if total > TOTAL_ANNOTATION_SIZE_LIMIT:
        errs.items.append((path, f"Too long: may not be more than {TOTAL_ANNOTATION_SIZE_LIMIT} bytes"))


def _owner_references(errs: Errors, refs: list) -> None:
    """apimachinery's ValidateOwnerReferences (its errors name the list, not the item)."""
    path = "metadata.ownerReferences"
    controller = ""
    for ref in refs:
        api_version = ref.get("apiVersion") or ""
        group, slash, version = api_version.partition("/")
        if not slash:
            version = group
        if not version or "/" in version:
            errs.invalid(f"{path}.apiVersion", api_version, "version must not be empty")
        if not ref.get("kind"):
            errs.invalid(f"{path}.kind", ref.get("kind") or "", "kind must not be empty")
        if not ref.get("name"):
            errs.invalid(f"{path}.name", ref.get("name") or "", "name must not be empty")
        if not ref.get("uid"):
            errs.invalid(f"{path}.uid", ref.get("uid") or "", "uid must not be empty")
        if ref.get("controller"):
            current = f"{ref.get('kind') or ''}/{ref.get('name') or ''}"
            if controller:
                errs.items.append((path, "Invalid value: \"[]v1.OwnerReference\": Only one reference can have "
                                         f'Controller set to true. Found "true" in references for {controller} '
                                         f"and {current}"))
            else:
                controller = current


def path_segment_name(name: str) -> list[str]:
    """path.IsValidPathSegmentName: RBAC names (`system:basic-user`) need only be one URL segment."""
    if name in (".", ".."):
        return [f"may not be '{name}'"]
    return [f"may not contain '{c}'" for c in "/%" if c in name]


_NAME_RULES: dict[str, Callable[[str], list[str]]] = {
    "Namespace": dns1123_label,
    "Service": dns1035_label,
    "Role": path_segment_name,
    "ClusterRole": path_segment_name,
    "RoleBinding": path_segment_name,
    "ClusterRoleBinding": path_segment_name,
}


def object_meta(errs: Errors, kind: str, meta: dict) -> None:
    name = meta.get("name")
    if not name and not meta.get("generateName"):
        errs.required("metadata.name", "name or generateName is required")
    elif name:
        for msg in _NAME_RULES.get(kind, dns1123_subdomain)(name):
            errs.invalid("metadata.name", name, msg)
    generate_name = meta.get("generateName")
    if generate_name:
        prefix = generate_name[:-1] if generate_name.endswith("-") and len(generate_name) > 1 else generate_name
        for msg in _NAME_RULES.get(kind, dns1123_subdomain)(prefix):
            errs.invalid("metadata.generateName", generate_name, msg)
    if name:
        if kind == "CronJob" and len(name) > 52:
            errs.invalid("metadata.name", name, "must be no more than 52 characters")
    validate_labels(errs, "metadata.labels", meta.get("labels"))
    validate_annotations(errs, "metadata.annotations", meta.get("annotations"))
    _owner_references(errs, meta.get("ownerReferences") or [])


def template_selected(selector: dict | None, labels: dict | None) -> bool:
    """Whether the selector picks the template's labels, leaving out the expressions whose operator
    is already reported invalid (one mistake, one message)."""
    if selector is not None and selector.get("matchExpressions"):
        exprs = [e for e in selector["matchExpressions"] if e.get("operator") in LABEL_SELECTOR_OPERATORS]
        selector = {**selector, "matchExpressions": exprs}
    return selector_matches(selector, labels)


def validate_label_selector(errs: Errors, path: str, selector: dict) -> None:
    validate_labels(errs, f"{path}.matchLabels", selector.get("matchLabels"))
    for i, req in enumerate(selector.get("matchExpressions") or ()):
        p = f"{path}.matchExpressions[{i}]"
        op = req.get("operator")
        if op in ("In", "NotIn"):
            if not req.get("values"):
                errs.required(f"{p}.values", "must be specified when `operator` is 'In' or 'NotIn'")
        elif op in ("Exists", "DoesNotExist"):
            if req.get("values"):
                errs.forbidden(f"{p}.values",
                               "may not be specified when `operator` is 'Exists' or 'DoesNotExist'")
        else:
            errs.invalid(f"{p}.operator", op or "", "not a valid selector operator")
        for msg in qualified_name(req.get("key") or ""):
            errs.invalid(f"{p}.key", req.get("key") or "", msg)


def empty_selector(selector: dict) -> bool:
    return not selector.get("matchLabels") and not selector.get("matchExpressions")


def go_selector(selector: dict) -> str:
    ml = selector.get("matchLabels")
    labels = "map[string]string(nil)" if ml is None else go_value(ml)
    me = selector.get("matchExpressions")
    exprs = "[]v1.LabelSelectorRequirement(nil)" if me is None else "[]v1.LabelSelectorRequirement{}"
    return f"v1.LabelSelector{{MatchLabels:{labels}, MatchExpressions:{exprs}}}"


def workload_selector(errs: Errors, spec: dict, noun: str, template_path: str = "spec.template") -> None:
    """Selector required, non-empty, and matching the template's labels."""
    selector = spec.get("selector")
    if selector is None:
        errs.required("spec.selector")
    elif empty_selector(selector):
        errs.invalid("spec.selector", None, f"empty selector is invalid for {noun}",
                     raw=go_selector(selector))
    else:
        validate_label_selector(errs, "spec.selector", selector)
    labels = ((spec.get("template") or {}).get("metadata") or {}).get("labels")
    if selector is None or not empty_selector(selector):
        if not template_selected(selector, labels):
            shown = "map[string]string(nil)" if labels is None else go_value(labels)
            errs.invalid(f"{template_path}.metadata.labels", labels,
                         "`selector` does not match template `labels`", raw=shown)
