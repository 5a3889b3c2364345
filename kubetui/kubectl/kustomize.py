"""kustomize as kubectl embeds it (`kubectl kustomize DIR`, `-k DIR`), for the common subset:
resources (files, and folders with their own kustomization: bases and overlays), the
ConfigMap and Secret generators, and the built-in transformers in kustomize's order —
patches (strategic merge and JSON 6902), namespace, name prefix and suffix, labels,
annotations, replicas, images — then the generated names' hash suffixes, the references to
renamed objects fixed, and the output in kustomize's legacy order (by kind).

The facts kept from kustomize (v5, as kubectl 1.37 ships it): a generated object's hash is
the SHA-256 of its JSON encoding `{"data":…,"kind":…,"name":""}` (Secrets add `type`), its
first ten hex digits with 0,1,3,a,e spelled g,h,k,m,t; namePrefix/nameSuffix leave
Namespaces and CRDs alone; cluster-scoped kinds keep no namespace.
"""

from __future__ import annotations

import base64
import copy
import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from kubetui.model.kinds import KINDS
from kubetui.model.manifest import ManifestError, load_documents
from kubetui.model.patch import json_patch, merge_key, strategic_merge
from kubetui.model.safe_yaml import InputError, load_yaml, read_bytes

KUSTOMIZATION_FILES = ("kustomization.yaml", "kustomization.yml", "Kustomization")

ORDER_FIRST = ("Namespace", "ResourceQuota", "StorageClass", "CustomResourceDefinition", "ServiceAccount",
               "PodSecurityPolicy", "Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding", "ConfigMap", "Secret",
               "Endpoints", "Service", "LimitRange", "PriorityClass", "PersistentVolume", "PersistentVolumeClaim",
               "Deployment", "StatefulSet", "CronJob", "PodDisruptionBudget")
ORDER_LAST = ("MutatingWebhookConfiguration", "ValidatingWebhookConfiguration")
"""kustomize's legacy output order: these kinds first (in this order), those last, others between."""

CLUSTER_SCOPED = frozenset({k.kind for k in KINDS.values() if not k.namespaced} | {
    "ClusterRole", "ClusterRoleBinding", "CustomResourceDefinition", "APIService", "MutatingWebhookConfiguration",
    "ValidatingWebhookConfiguration", "CertificateSigningRequest", "IngressClass", "RuntimeClass", "CSIDriver",
    "CSINode", "VolumeAttachment", "PodSecurityPolicy"})

NO_PREFIX = ("Namespace", "CustomResourceDefinition", "APIService")

WORKLOADS = ("Deployment", "ReplicaSet", "DaemonSet", "StatefulSet", "Job", "ReplicationController")
SELECTOR_KINDS = ("Deployment", "ReplicaSet", "DaemonSet", "StatefulSet")
REPLICA_KINDS = ("Deployment", "ReplicaSet", "StatefulSet", "ReplicationController")

DEPRECATED = {
    "commonLabels": "'commonLabels' is deprecated. Please use 'labels' instead.",
    "patchesStrategicMerge": "'patchesStrategicMerge' is deprecated. Please use 'patches' instead.",
    "patchesJson6902": "'patchesJson6902' is deprecated. Please use 'patches' instead.",
    "bases": "'bases' is deprecated. Please use 'resources' instead.",
    "vars": "'vars' is deprecated. Please use 'replacements' instead. [EXPERIMENTAL] Run 'kustomize edit fix' to "
            "update your Kustomization automatically.",
}
FIX_HINT = " Run 'kustomize edit fix' to update your Kustomization automatically."


class KustomizeError(Exception):
    """What kustomize refuses; printed as `error: …` by kubectl."""


@dataclass
class Resource:
    obj: dict
    original: tuple[str, str]
    """(kind, name) as first written: what references to it say."""
    needs_hash: bool = False
    repeated: list[str] = field(default_factory=list)
    """Keys its file repeats in one mapping (go-yaml v3's words): kustomize refuses it as it
    writes it out, so the first such resource in output order is the one named."""


@dataclass
class Build:
    """One `kustomize build`: its resources and the warnings kubectl prints on stderr."""

    resources: list[Resource] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def build(root: Path, shown: str | None = None) -> Build:
    """Build the kustomization in folder `root` (`shown` is the path as the user typed it)."""
    out = Build()
    out.resources = _accumulate(root.resolve(), out, set())
    for r in out.resources:
        if r.needs_hash:
            meta = r.obj["metadata"]
            meta["name"] = f"{meta['name']}-{content_hash(r.obj)}"
    _fix_references(out.resources)
    out.resources.sort(key=_legacy_key)
    for r in out.resources:
        if r.repeated:
            raise KustomizeError("map[string]interface {}(nil): yaml: unmarshal errors:\n  " + "\n  ".join(r.repeated))
    return out


def to_yaml(result: Build) -> str:
    """The documents as `kubectl kustomize` prints them."""
    from kubetui.kubectl.printers.output import to_yaml as dump

    return "---\n".join(dump(r.obj) for r in result.resources)


# --------------------------------------------------------------------------- accumulation

KUSTOMIZATION_FIELDS = frozenset({
    "apiVersion", "kind", "metadata", "openapi", "namePrefix", "nameSuffix", "namespace", "commonLabels", "labels",
    "commonAnnotations", "patchesStrategicMerge", "patchesJson6902", "patches", "images", "imageTags", "replacements",
    "replicas", "vars", "sortOptions", "resources", "components", "crds", "bases", "configMapGenerator",
    "secretGenerator", "helmGlobals", "helmCharts", "helmChartInflationGenerator", "generatorOptions",
    "configurations", "generators", "transformers", "validators", "buildMetadata"})
"""The fields of a Kustomization (kustomize's types.Kustomization)."""


def _kustomization(root: Path) -> dict:
    for name in KUSTOMIZATION_FILES:
        path = root / name
        if path.is_file():
            text = _read(path)
            if not text.strip():
                raise KustomizeError(f"{name} is empty")
            try:
                data = load_yaml(text, str(path))
            except InputError as exc:
                raise KustomizeError(f"invalid Kustomization: {exc}") from None
            if not isinstance(data, dict):
                raise KustomizeError(f"invalid Kustomization: json: cannot unmarshal {type(data).__name__} into Go "
                                     "value of type types.Kustomization")
            unknown = [k for k in data if k not in KUSTOMIZATION_FIELDS]
            if unknown:
                raise KustomizeError(f'invalid Kustomization: json: unknown field "{unknown[0]}"')
            return data
    raise KustomizeError(f"unable to find one of 'kustomization.yaml', 'kustomization.yml' or 'Kustomization' "
                         f"in directory '{root}'")


def _read(path: Path) -> str:
    try:
        return read_bytes(path, str(path)).decode("utf-8", errors="replace")
    except InputError as exc:
        raise KustomizeError(str(exc)) from None
    except OSError as exc:
        raise KustomizeError(str(exc)) from None


def _accumulate(root: Path, out: Build, seen: set[Path]) -> list[Resource]:
    if root in seen:
        raise KustomizeError(f"cycle detected: {root} is a base of itself")
    seen = seen | {root}
    k = _kustomization(root)
    for key, text in DEPRECATED.items():
        if key in k:
            out.warnings.append(f"# Warning: {text}" + ("" if key == "vars" else FIX_HINT))
    resources: list[Resource] = []
    for entry in [*(k.get("bases") or []), *(k.get("resources") or [])]:
        path = Path(os.path.normpath(root / str(entry)))
        if path.is_dir():
            resources += _accumulate(path.resolve(), out, seen)
        elif path.is_file():
            for obj, repeated in _objects(path):
                if any(_id(r.obj) == _id(obj) for r in resources):
                    raise KustomizeError(
                        f"accumulating resources: accumulation err='merging resources from '{entry}': may not add "
                        f"resource with an already registered id: {_id(obj)}': must build at directory: "
                        f"'{path}': file is not directory")
                resources.append(Resource(obj, _orig(obj), repeated=repeated))
        else:
            lstat = f"evalsymlink failure on '{path}' : lstat {path}: no such file or directory"
            raise KustomizeError(f"accumulating resources: accumulation err='accumulating resources from "
                                 f"'{entry}': {lstat}': must build at directory: not a valid directory: {lstat}")
    _generate(root, k, resources)
    _transform(root, k, resources)
    return resources


def _objects(path: Path) -> list[tuple[dict, list[str]]]:
    """A resource file's objects, each with its repeated keys in go-yaml v3's words."""
    try:
        docs = load_documents(_read(path), str(path))
    except ManifestError as exc:
        raise KustomizeError(str(exc)) from None
    return [(copy.deepcopy(d.obj), d.repeated) for d in docs if isinstance(d.obj, dict)]


def _orig(obj: dict) -> tuple[str, str]:
    return obj.get("kind") or "", (obj.get("metadata") or {}).get("name") or ""


# --------------------------------------------------------------------------- generators

def _literal(text: str) -> tuple[str, str]:
    key, sep, value = str(text).partition("=")
    if not sep:
        raise KustomizeError(f"invalid literal source {text}, expected key=value")
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        value = value[1:-1]
    return key, value


def _env_file(root: Path, name: str) -> list[tuple[str, str]]:
    out = []
    for line in _read(root / name).splitlines():
        line = line.lstrip()
        if not line or line.startswith("#"):
            continue
        key, sep, value = line.partition("=")
        if not sep:
            continue
        out.append((key, value))
    return out


def _file_source(root: Path, entry: str) -> tuple[str, str]:
    key, sep, path = str(entry).partition("=")
    if not sep:
        path, key = key, Path(key).name
    return key, _read(root / path)


def _generated(root: Path, spec: dict, kind: str, options: dict) -> dict:
    pairs: list[tuple[str, str]] = []
    for name in spec.get("envs") or ([spec["env"]] if spec.get("env") else []):
        pairs += _env_file(root, name)
    pairs += [_literal(x) for x in spec.get("literals") or []]
    pairs += [_file_source(root, x) for x in spec.get("files") or []]
    data = dict(pairs)
    meta: dict = {"name": spec.get("name") or ""}
    if spec.get("namespace"):
        meta["namespace"] = spec["namespace"]
    obj: dict = {"apiVersion": "v1", "kind": kind, "metadata": meta}
    if kind == "Secret":
        obj["type"] = spec.get("type") or "Opaque"
        obj["data"] = {k: base64.b64encode(v.encode()).decode() for k, v in data.items()}
    else:
        obj["data"] = data
    merged = {**(options or {}), **(spec.get("options") or {})}
    labels = {**((options or {}).get("labels") or {}), **((spec.get("options") or {}).get("labels") or {})}
    annotations = {**((options or {}).get("annotations") or {}),
                   **((spec.get("options") or {}).get("annotations") or {})}
    if labels:
        meta["labels"] = labels
    if annotations:
        meta["annotations"] = annotations
    if merged.get("immutable"):
        obj["immutable"] = True
    return obj


def _generate(root: Path, k: dict, resources: list[Resource]) -> None:
    options = k.get("generatorOptions") or {}
    for field_name, kind in (("configMapGenerator", "ConfigMap"), ("secretGenerator", "Secret")):
        for spec in k.get(field_name) or []:
            obj = _generated(root, spec, kind, options)
            hashed = not ({**options, **(spec.get("options") or {})}).get("disableNameSuffixHash")
            behavior = spec.get("behavior") or "create"
            found = next((r for r in resources if r.original == (kind, obj["metadata"]["name"])), None)
            if behavior == "create":
                if found is not None:
                    raise KustomizeError(
                        f'merging from generator &{{0xc000010000 <nil>}}: id resid.ResId{{Gvk:resid.Gvk{{Group:"", '
                        f'Version:"v1", Kind:"{kind}", isClusterScoped:false}}, Name:"{obj["metadata"]["name"]}", '
                        f"Namespace:\"{obj['metadata'].get('namespace', '')}\"}} exists; can not use behavior: "
                        f"'{spec.get('behavior') or 'unspecified'}', behavior must be merge or replace")
                resources.append(Resource(obj, (kind, obj["metadata"]["name"]), hashed))
                continue
            if found is None:
                raise KustomizeError(
                    f'merging from generator &{{0xc000010000 <nil>}}: id resid.ResId{{Gvk:resid.Gvk{{Group:"", '
                    f'Version:"v1", Kind:"{kind}", isClusterScoped:false}}, Name:"{obj["metadata"]["name"]}", '
                    f'Namespace:"{obj["metadata"].get("namespace", "")}"}} does not exist; cannot merge or replace')
            if behavior == "replace":
                found.obj["data"] = obj["data"]
            else:
                found.obj["data"] = {**(found.obj.get("data") or {}), **obj["data"]}
            for key in ("labels", "annotations"):
                if obj["metadata"].get(key):
                    found.obj["metadata"][key] = {**(found.obj["metadata"].get(key) or {}), **obj["metadata"][key]}
            found.needs_hash = found.needs_hash and hashed


def content_hash(obj: dict) -> str:
    """kustomize's name suffix for a generated ConfigMap or Secret."""
    encoded: dict = {"kind": obj["kind"], "name": "", "data": obj.get("data") or {}}
    if obj["kind"] == "Secret":
        encoded["type"] = obj.get("type") or ""
    if obj.get("binaryData"):
        encoded["binaryData"] = obj["binaryData"]
    if obj.get("immutable"):
        encoded["immutable"] = True
    text = json.dumps(encoded, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    digest = hashlib.sha256(text.encode()).hexdigest()
    return digest[:10].translate(str.maketrans({"0": "g", "1": "h", "3": "k", "a": "m", "e": "t"}))


# --------------------------------------------------------------------------- transformers

def _transform(root: Path, k: dict, resources: list[Resource]) -> None:
    for entry in k.get("patchesStrategicMerge") or []:
        for patch in _patch_documents(root, entry):
            _strategic(resources, patch, None)
    for entry in k.get("patches") or []:
        _patch(root, entry, resources)
    if k.get("namespace"):
        for r in resources:
            if r.obj.get("kind") not in CLUSTER_SCOPED:
                r.obj.setdefault("metadata", {})["namespace"] = k["namespace"]
    prefix, suffix = k.get("namePrefix") or "", k.get("nameSuffix") or ""
    if prefix or suffix:
        for r in resources:
            if r.obj.get("kind") not in NO_PREFIX:
                meta = r.obj.setdefault("metadata", {})
                meta["name"] = f"{prefix}{meta.get('name', '')}{suffix}"
    if k.get("commonLabels"):
        for r in resources:
            _labels(r.obj, {str(a): str(b) for a, b in k["commonLabels"].items()}, selectors=True, templates=True)
    for entry in k.get("labels") or []:
        pairs = {str(a): str(b) for a, b in (entry.get("pairs") or {}).items()}
        for r in resources:
            _labels(r.obj, pairs, selectors=bool(entry.get("includeSelectors")),
                    templates=bool(entry.get("includeSelectors") or entry.get("includeTemplates")))
    if k.get("commonAnnotations"):
        for r in resources:
            _annotations(r.obj, {str(a): str(b) for a, b in k["commonAnnotations"].items()})
    for entry in k.get("patchesJson6902") or []:
        ops = _json_ops(root, entry)
        for r in _targets(resources, entry.get("target") or {}):
            r.obj = _apply_json(r.obj, ops)
    for entry in k.get("replicas") or []:
        for r in resources:
            if r.obj.get("kind") in REPLICA_KINDS and entry.get("name") in (r.original[1], _name(r.obj)):
                r.obj.setdefault("spec", {})["replicas"] = entry.get("count")
    for entry in k.get("images") or []:
        for r in resources:
            _images(r.obj, entry)


def _name(obj: dict) -> str:
    return (obj.get("metadata") or {}).get("name") or ""


def _patch_documents(root: Path, entry) -> list[dict]:
    text = str(entry)
    path = root / text
    if "\n" not in text and path.is_file():
        text = _read(path)
    try:
        return [d.obj for d in load_documents(text, "patch", first_value=True)]
    except ManifestError as exc:
        raise KustomizeError(str(exc)) from None


def _patch(root: Path, entry: dict, resources: list[Resource]) -> None:
    if entry.get("path"):
        text = _read(root / entry["path"])
    else:
        text = entry.get("patch") or ""
    import yaml

    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise KustomizeError(f"unable to parse patch: {exc}") from None
    target = entry.get("target")
    if isinstance(data, list):
        if not target:
            raise KustomizeError("must specify a target for JSON patch " + json.dumps(data, separators=(",", ":")))
        for r in _targets(resources, target):
            r.obj = _apply_json(r.obj, data)
        return
    for doc in _patch_documents(root, text) if data is not None else []:
        _strategic(resources, doc, target)


def _strategic(resources: list[Resource], patch: dict, target: dict | None) -> None:
    if target:
        matched = _targets(resources, target)
    else:
        kind, name = patch.get("kind"), _name(patch)
        ns = (patch.get("metadata") or {}).get("namespace")
        matched = [r for r in resources if r.obj.get("kind") == kind and name in (r.original[1], _name(r.obj))
                   and (ns is None or (r.obj.get("metadata") or {}).get("namespace") in (None, ns))]
        if not matched:
            ident = _id(patch)
            raise KustomizeError(f'no resource matches strategic merge patch "{ident}": no matches for Id {ident}; '
                                 f"failed to find unique target for patch {ident}")
    for r in matched:
        body = copy.deepcopy(patch)
        if target:
            meta = body.get("metadata") or {}
            meta.pop("name", None)
            meta.pop("namespace", None)
        merged = strategic_merge(r.obj, body)
        if isinstance(merged, dict):
            _patch_order(merged, body)
            r.obj = merged


def _patch_order(result, patch) -> None:
    """kyaml's merge order for keyed lists: the patch's items first, in its order, then the
    items only the original had (the API server's merge appends new items instead)."""
    if isinstance(result, dict) and isinstance(patch, dict):
        for key, value in patch.items():
            if key in result and isinstance(value, (dict, list)):
                if isinstance(value, list) and isinstance(result[key], list):
                    result[key] = _ordered_list(key, result[key], value)
                _patch_order(result[key], value)


def _ordered_list(name: str, items: list, patch: list) -> list:
    wanted = [p for p in patch if isinstance(p, dict)]
    key = merge_key(name, wanted) if wanted else None
    if key is None or not all(isinstance(i, dict) for i in items):
        return items
    order = [p.get(key) for p in wanted]
    first = sorted((i for i in items if i.get(key) in order), key=lambda i: order.index(i.get(key)))
    for item in first:
        _patch_order(item, next(p for p in wanted if p.get(key) == item.get(key)))
    return first + [i for i in items if i.get(key) not in order]


def _id(obj: dict) -> str:
    """kustomize's ResId text: `ConfigMap.v1.[noGrp]/name.[noNs]`, `Deployment.v1.apps/web.prod`."""
    group, _, version = (obj.get("apiVersion") or "").rpartition("/")
    meta = obj.get("metadata") or {}
    return (f"{obj.get('kind') or ''}.{version}.{group or '[noGrp]'}/{meta.get('name') or ''}."
            f"{meta.get('namespace') or '[noNs]'}")


def _json_ops(root: Path, entry: dict) -> list:
    import yaml

    text = _read(root / entry["path"]) if entry.get("path") else entry.get("patch") or "[]"
    try:
        ops = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise KustomizeError(f"unable to parse patch: {exc}") from None
    if not isinstance(ops, list):
        raise KustomizeError("json6902 patch must be a list of operations")
    return ops


def _apply_json(obj: dict, ops: list) -> dict:
    try:
        result = json_patch(copy.deepcopy(obj), ops)
    except Exception as exc:
        raise KustomizeError(f"failed to apply json patch '{json.dumps(ops, separators=(',', ':'))}': {exc}") from None
    return result if isinstance(result, dict) else obj


def _targets(resources: list[Resource], target: dict) -> list[Resource]:
    """kustomize's patch target selector: group, version, kind, name and namespace as anchored
    regular expressions, plus label and annotation selectors."""
    from kubetui.model.labels import parse as parse_selector

    def matches(pattern, value) -> bool:
        if not pattern:
            return True
        try:
            return re.fullmatch(str(pattern), value or "") is not None
        except re.error:
            return pattern == value

    label = parse_selector(target["labelSelector"]) if target.get("labelSelector") else None
    note = parse_selector(target["annotationSelector"]) if target.get("annotationSelector") else None
    out = []
    for r in resources:
        obj = r.obj
        meta = obj.get("metadata") or {}
        group, _, version = (obj.get("apiVersion") or "").rpartition("/")
        if not (matches(target.get("group"), group) and matches(target.get("version"), version)
                and matches(target.get("kind"), obj.get("kind"))
                and (matches(target.get("name"), meta.get("name")) or matches(target.get("name"), r.original[1]))
                and matches(target.get("namespace"), meta.get("namespace"))):
            continue
        if label is not None and not label.matches(meta.get("labels") or {}):
            continue
        if note is not None and not note.matches(meta.get("annotations") or {}):
            continue
        out.append(r)
    return out


def _set_map(node: dict, path: tuple[str, ...], pairs: dict, create: bool) -> None:
    for part in path[:-1]:
        child = node.get(part)
        if not isinstance(child, dict):
            if not create:
                return
            child = node[part] = {}
        node = child
    target = node.get(path[-1])
    if not isinstance(target, dict):
        if not create:
            return
        target = node[path[-1]] = {}
    target.update(pairs)


def _labels(obj: dict, pairs: dict, *, selectors: bool, templates: bool) -> None:
    kind = obj.get("kind")
    _set_map(obj, ("metadata", "labels"), pairs, True)
    if templates:
        if kind in WORKLOADS:
            _set_map(obj, ("spec", "template", "metadata", "labels"), pairs, True)
        if kind == "CronJob":
            _set_map(obj, ("spec", "jobTemplate", "metadata", "labels"), pairs, True)
            _set_map(obj, ("spec", "jobTemplate", "spec", "template", "metadata", "labels"), pairs, True)
        if kind == "StatefulSet":
            for claim in (obj.get("spec") or {}).get("volumeClaimTemplates") or []:
                _set_map(claim, ("metadata", "labels"), pairs, True)
    if selectors:
        if kind in ("Service", "ReplicationController"):
            _set_map(obj, ("spec", "selector"), pairs, True)
        if kind in SELECTOR_KINDS:
            _set_map(obj, ("spec", "selector", "matchLabels"), pairs, True)
        if kind in ("Job", "PodDisruptionBudget"):
            _set_map(obj, ("spec", "selector", "matchLabels"), pairs, False)
        if kind == "NetworkPolicy":
            _set_map(obj, ("spec", "podSelector", "matchLabels"), pairs, False)


def _annotations(obj: dict, pairs: dict) -> None:
    kind = obj.get("kind")
    _set_map(obj, ("metadata", "annotations"), pairs, True)
    if kind in WORKLOADS:
        _set_map(obj, ("spec", "template", "metadata", "annotations"), pairs, True)
    if kind == "CronJob":
        _set_map(obj, ("spec", "jobTemplate", "metadata", "annotations"), pairs, True)
        _set_map(obj, ("spec", "jobTemplate", "spec", "template", "metadata", "annotations"), pairs, True)


def split_image(image: str) -> tuple[str, str, str]:
    """(name, ":tag" or "", "@digest" or "") of an image reference."""
    name, at, digest = image.partition("@")
    slash = name.rfind("/")
    colon = name.rfind(":")
    tag = ""
    if colon > slash:
        name, tag = name[:colon], name[colon:]
    return name, tag, at + digest if at else ""


def _images(obj, entry: dict) -> None:
    """The images transformer: every container image named `entry.name`, anywhere in the object."""
    if isinstance(obj, list):
        for item in obj:
            _images(item, entry)
        return
    if not isinstance(obj, dict):
        return
    for key, value in obj.items():
        if key in ("containers", "initContainers", "ephemeralContainers") and isinstance(value, list):
            for c in value:
                if isinstance(c, dict) and isinstance(c.get("image"), str):
                    c["image"] = _new_image(c["image"], entry)
        elif isinstance(value, (dict, list)):
            _images(value, entry)


def _new_image(image: str, entry: dict) -> str:
    name, tag, digest = split_image(image)
    if name != entry.get("name"):
        return image
    name = entry.get("newName") or name
    if entry.get("digest"):
        return f"{name}@{entry['digest']}"
    if entry.get("newTag") is not None and str(entry.get("newTag")) != "":
        return f"{name}:{entry['newTag']}"
    return name + tag + digest


# --------------------------------------------------------------------------- references

CONFIGMAP_REFS = ("configMap", "configMapRef", "configMapKeyRef")
SECRET_REFS = ("secretRef", "secretKeyRef")


def _fix_references(resources: list[Resource]) -> None:
    """Point references at the renamed objects they meant (their names as first written)."""
    renamed: dict[tuple[str, str, str | None], str] = {}
    for r in resources:
        if r.original[1] != _name(r.obj):
            ns = (r.obj.get("metadata") or {}).get("namespace")
            renamed[(r.original[0], r.original[1], ns)] = _name(r.obj)
            renamed.setdefault((r.original[0], r.original[1], None), _name(r.obj))
    if not renamed:
        return
    for r in resources:
        ns = (r.obj.get("metadata") or {}).get("namespace")

        def new(kind: str, name, ns=ns):
            if not isinstance(name, str):
                return name
            return renamed.get((kind, name, ns)) or renamed.get((kind, name, None)) or name

        _walk_refs(r.obj, new)
        kind = r.obj.get("kind")
        spec = r.obj.get("spec") or {}
        if kind == "HorizontalPodAutoscaler" and isinstance(spec.get("scaleTargetRef"), dict):
            ref = spec["scaleTargetRef"]
            ref["name"] = new(ref.get("kind") or "", ref.get("name"))
        if kind == "Ingress":
            _ingress_refs(spec, new)
        if kind in ("RoleBinding", "ClusterRoleBinding"):
            for s in r.obj.get("subjects") or []:
                if s.get("kind") == "ServiceAccount":
                    s["name"] = new("ServiceAccount", s.get("name"))
            ref = r.obj.get("roleRef") or {}
            if ref.get("kind") in ("Role", "ClusterRole"):
                ref["name"] = new(ref["kind"], ref.get("name"))
        if kind == "StatefulSet" and isinstance(spec.get("serviceName"), str):
            spec["serviceName"] = new("Service", spec["serviceName"])


def _walk_refs(node, new) -> None:
    if isinstance(node, list):
        for item in node:
            _walk_refs(item, new)
        return
    if not isinstance(node, dict):
        return
    for key, value in node.items():
        if key in CONFIGMAP_REFS and isinstance(value, dict):
            value["name"] = new("ConfigMap", value.get("name"))
        elif key == "secret" and isinstance(value, dict) and "secretName" in value:
            value["secretName"] = new("Secret", value.get("secretName"))
        elif key in SECRET_REFS and isinstance(value, dict):
            value["name"] = new("Secret", value.get("name"))
        elif key == "imagePullSecrets" and isinstance(value, list):
            for s in value:
                if isinstance(s, dict):
                    s["name"] = new("Secret", s.get("name"))
        elif key == "persistentVolumeClaim" and isinstance(value, dict):
            value["claimName"] = new("PersistentVolumeClaim", value.get("claimName"))
        elif key in ("serviceAccountName", "serviceAccount") and isinstance(value, str):
            node[key] = new("ServiceAccount", value)
        elif key == "priorityClassName" and isinstance(value, str):
            node[key] = new("PriorityClass", value)
        if isinstance(value, (dict, list)):
            _walk_refs(value, new)


def _ingress_refs(spec: dict, new) -> None:
    backends = [spec.get("defaultBackend")]
    for rule in spec.get("rules") or []:
        backends += [p.get("backend") for p in ((rule.get("http") or {}).get("paths") or [])]
    for b in backends:
        if isinstance(b, dict) and isinstance(b.get("service"), dict):
            b["service"]["name"] = new("Service", b["service"].get("name"))
    for tls in spec.get("tls") or []:
        if isinstance(tls.get("secretName"), str):
            tls["secretName"] = new("Secret", tls["secretName"])


# --------------------------------------------------------------------------- output order

def _gvk_text(obj: dict) -> str:
    group, _, version = (obj.get("apiVersion") or "").rpartition("/")
    return "_".join([group or "~G", version or "~V", obj.get("kind") or "~K"])


def _legacy_key(r: Resource) -> tuple:
    kind = r.obj.get("kind") or ""
    if kind in ORDER_FIRST:
        rank = ORDER_FIRST.index(kind) - len(ORDER_FIRST)
    elif kind in ORDER_LAST:
        rank = ORDER_LAST.index(kind) + 1
    else:
        rank = 0
    meta = r.obj.get("metadata") or {}
    return rank, _gvk_text(r.obj), meta.get("namespace") or "~X", meta.get("name") or "~N"
