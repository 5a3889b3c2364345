"""Patches as the API server applies them: JSON merge (RFC 7386), JSON patch (RFC 6902) and
strategic merge (Kubernetes' own, with patch directives), plus kubectl's client-side three-way
merge of `kubectl apply`.

Strategic merge knows which lists are merged item by item and by which key (`patchMergeKey`
in Kubernetes' types: containers by `name`, volumeMounts by `mountPath`, ...); every other list
is replaced whole. Those keys are data (MERGE_KEYS), shared by kubectl's apply and the API.
"""

from __future__ import annotations

import copy

MERGE_KEYS = {
    "containers": "name", "initContainers": "name", "ephemeralContainers": "name", "env": "name",
    "volumes": "name", "volumeMounts": "mountPath", "volumeDevices": "devicePath",
    "imagePullSecrets": "name", "hostAliases": "ip", "conditions": "type", "topologySpreadConstraints": "topologyKey",
}
"""Strategic-merge keys of the lists merged item by item (the rest are replaced)."""

MERGED_PRIMITIVE_LISTS = ("finalizers",)
"""Lists of plain values whose patch strategy is merge: a patch adds to them."""


def merge_key(name: str, items: list) -> str | None:
    """The key list `name` merges by, when every item has it (ports: containerPort or port)."""
    if name == "ports":
        if all(isinstance(i, dict) and "containerPort" in i for i in items):
            return "containerPort"
        if all(isinstance(i, dict) and "port" in i for i in items):
            return "port"
        return None
    key = MERGE_KEYS.get(name)
    if key and all(isinstance(i, dict) and key in i for i in items):
        return key
    return None


# -- JSON merge patch ---------------------------------------------------------------------------

def merge_patch(target, patch):
    """RFC 7386 JSON merge patch: objects merge, `null` deletes, everything else replaces."""
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    out = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            out.pop(key, None)
        else:
            out[key] = merge_patch(out.get(key), value)
    return out


# -- JSON patch ---------------------------------------------------------------------------------

class JsonPatchError(Exception):
    pass


def _pointer(path: str) -> list[str]:
    if path == "":
        return []
    if not path.startswith("/"):
        raise JsonPatchError(f'add operation does not apply: doc is missing path: "{path}": missing value')
    return [p.replace("~1", "/").replace("~0", "~") for p in path[1:].split("/")]


def _walk(doc, parts: list[str], path: str):
    node = doc
    for p in parts:
        if isinstance(node, dict) and p in node:
            node = node[p]
        elif isinstance(node, list) and p.isdigit() and int(p) < len(node):
            node = node[int(p)]
        else:
            raise JsonPatchError(f'doc is missing path: "{path}": missing value')
    return node


def json_patch(doc, ops: list) -> object:
    """RFC 6902 JSON patch: add, remove, replace, move, copy, test."""
    doc = copy.deepcopy(doc)
    if not isinstance(ops, list):
        raise JsonPatchError("json: cannot unmarshal object into Go value of type jsonpatch.Patch")
    for op in ops:
        if not isinstance(op, dict):
            raise JsonPatchError("json: cannot unmarshal into Go value of type jsonpatch.Operation")
        name, path = op.get("op"), op.get("path", "")
        parts = _pointer(path)
        if name == "test":
            if _walk(doc, parts, path) != op.get("value"):
                raise JsonPatchError(f"testing value {path} failed: test failed")
            continue
        if name in ("move", "copy"):
            src = _pointer(op.get("from", ""))
            value = copy.deepcopy(_walk(doc, src, op.get("from", "")))
            if name == "move":
                parent = _walk(doc, src[:-1], op.get("from", ""))
                if isinstance(parent, list):
                    parent.pop(int(src[-1]))
                else:
                    parent.pop(src[-1])
            name, op = "add", {"value": value}
        if not parts:
            doc = copy.deepcopy(op.get("value"))
            continue
        parent = _walk(doc, parts[:-1], path)
        last = parts[-1]
        if name == "add":
            if isinstance(parent, list):
                index = len(parent) if last == "-" else int(last) if last.isdigit() else -1
                if not 0 <= index <= len(parent):
                    raise JsonPatchError(f'add operation does not apply: doc is missing path: "{path}": missing value')
                parent.insert(index, copy.deepcopy(op.get("value")))
            elif isinstance(parent, dict):
                parent[last] = copy.deepcopy(op.get("value"))
            else:
                raise JsonPatchError(f'add operation does not apply: doc is missing path: "{path}": missing value')
        elif name in ("remove", "replace"):
            if isinstance(parent, list) and last.isdigit() and int(last) < len(parent):
                if name == "remove":
                    parent.pop(int(last))
                else:
                    parent[int(last)] = copy.deepcopy(op.get("value"))
            elif isinstance(parent, dict) and last in parent:
                if name == "remove":
                    del parent[last]
                else:
                    parent[last] = copy.deepcopy(op.get("value"))
            else:
                raise JsonPatchError(f'{name} operation does not apply: doc is missing key: {path}: missing value')
        else:
            raise JsonPatchError(f"Unexpected kind: {name}")
    return doc


# -- strategic merge patch ----------------------------------------------------------------------

DIRECTIVE = "$patch"
RETAIN_KEYS = "$retainKeys"
SET_ORDER = "$setElementOrder/"
DELETE_FROM = "$deleteFromPrimitiveList/"


class StrategicPatchError(Exception):
    pass


def strategic_merge(original, patch):
    """Apply a strategic merge patch: maps merge, `null` deletes, keyed lists merge by their key,
    and the directives `$patch` (replace, delete, merge), `$retainKeys`, `$setElementOrder/…` and
    `$deleteFromPrimitiveList/…` do what kubectl's three-way patches ask of them."""
    if not isinstance(patch, dict):
        return copy.deepcopy(patch)
    original = original if isinstance(original, dict) else {}
    directive = patch.get(DIRECTIVE)
    if directive == "replace":
        return {k: copy.deepcopy(v) for k, v in patch.items() if k != DIRECTIVE}
    if directive == "delete":
        return None
    if directive not in (None, "merge"):
        raise StrategicPatchError(f"unknown patch type: {directive} in map: {patch}")
    out = dict(original)
    retain = patch.get(RETAIN_KEYS)
    if isinstance(retain, list):
        out = {k: v for k, v in out.items() if k in retain}
    orders: dict[str, list] = {}
    for key, value in patch.items():
        if key in (DIRECTIVE, RETAIN_KEYS):
            continue
        if key.startswith(SET_ORDER):
            orders[key[len(SET_ORDER):]] = value if isinstance(value, list) else []
            continue
        if key.startswith(DELETE_FROM):
            field = key[len(DELETE_FROM):]
            if isinstance(out.get(field), list) and isinstance(value, list):
                out[field] = [v for v in out[field] if v not in value]
            continue
        if value is None:
            out.pop(key, None)
        elif isinstance(value, dict):
            merged = strategic_merge(out.get(key), value)
            if merged is None:
                out.pop(key, None)
            else:
                out[key] = merged
        elif isinstance(value, list):
            out[key] = _merge_list(key, out.get(key), value)
        else:
            out[key] = copy.deepcopy(value)
    for field, order in orders.items():
        if isinstance(out.get(field), list):
            out[field] = _ordered(field, out[field], order)
    return out


def _merge_list(name: str, original, patch: list) -> list:
    original = original if isinstance(original, list) else []
    if any(isinstance(i, dict) and i.get(DIRECTIVE) == "replace" for i in patch):
        return [copy.deepcopy(i) for i in patch if not (isinstance(i, dict) and DIRECTIVE in i)]
    items = [i for i in patch if not (isinstance(i, dict) and set(i) == {DIRECTIVE})]
    if name in MERGED_PRIMITIVE_LISTS and all(not isinstance(i, (dict, list)) for i in items):
        return list(original) + [i for i in items if i not in original]
    key = merge_key(name, [i for i in items if not (isinstance(i, dict) and i.get(DIRECTIVE) == "delete")]
                    or [{MERGE_KEYS.get(name, ""): None}])
    if key is None or (original and merge_key(name, original) != key):
        return [copy.deepcopy(i) for i in items]
    out = [copy.deepcopy(i) for i in original]
    for item in items:
        index = next((n for n, o in enumerate(out) if o.get(key) == item.get(key)), None)
        if item.get(DIRECTIVE) == "delete":
            if index is not None:
                out.pop(index)
            continue
        if index is None:
            out.append({k: copy.deepcopy(v) for k, v in item.items() if k != DIRECTIVE})
        else:
            out[index] = strategic_merge(out[index], item)
    return out


def _ordered(name: str, items: list, order: list) -> list:
    """`$setElementOrder`: the patch's order for the items it names, the others after them."""
    key = merge_key(name, items) if items and isinstance(items[0], dict) else None

    def ident(i):
        return i.get(key) if key is not None and isinstance(i, dict) else i

    wanted = [ident(o) if isinstance(o, dict) and key is not None else o for o in order]
    rank = {w: n for n, w in enumerate(wanted) if not isinstance(w, (dict, list))}
    named = sorted((i for i in items if ident(i) in rank), key=lambda i: rank[ident(i)])
    return named + [i for i in items if ident(i) not in rank]


# -- kubectl apply's client-side merge ----------------------------------------------------------

def three_way(live: dict, last: dict | None, new: dict) -> dict:
    """Merge `new` (the manifest) into `live`, deleting what `last` set and `new` dropped."""
    result = dict(live)
    last = last if isinstance(last, dict) else {}
    for key, value in new.items():
        current = live.get(key)
        if value is None:
            result.pop(key, None)
        elif isinstance(value, dict) and isinstance(current, dict):
            result[key] = three_way(current, last.get(key), value)
        elif isinstance(value, list) and isinstance(current, list):
            result[key] = _three_way_list(key, current, last.get(key), value)
        else:
            result[key] = copy.deepcopy(value)
    for key in last:
        if key not in new:
            result.pop(key, None)
    return result


def _three_way_list(name: str, live: list, last: list | None, new: list) -> list:
    last = last if isinstance(last, list) else []
    key = merge_key(name, new)
    if key is None or merge_key(name, live) != key or (last and merge_key(name, last) != key):
        return copy.deepcopy(new)
    live_by = {i[key]: i for i in live}
    last_by = {i[key]: i for i in last}
    out = [three_way(live_by[i[key]], last_by.get(i[key]), i) if i[key] in live_by else copy.deepcopy(i)
           for i in new]
    wanted = {i[key] for i in new}
    out += [copy.deepcopy(i) for i in live if i[key] not in wanted and i[key] not in last_by]
    return out
