"""Regenerate kubetui/kubectl/descriptions.json: `python tests/api/make_descriptions.py [VERSION]`.

The field descriptions `kubectl explain` prints come from the API server's OpenAPI, which
Kubernetes writes from its Go types' comments. They are taken here, as data, from the JSON
schemas of the `kubernetes-validate` wheel (a test extra) for the version `/version` reports
(v1.36.0 by default), for the definitions kubetui's models produce (kubetui/kubectl/schemas.py),
and stored with that version. Kubernetes' API documentation is Apache-2.0.
"""

import json
import sys
from pathlib import Path

import kubernetes_validate

from kubetui.kubectl import schemas

VERSION = sys.argv[1] if len(sys.argv) > 1 else "v1.36.0"
ROOT = Path(__file__).resolve().parents[2]
SOURCE = Path(kubernetes_validate.__file__).parent / "kubernetes-json-schema" / f"{VERSION}-local" / "_definitions.json"
RENAMED = {"io.k8s.kubetui.rbac.": "io.k8s.api.rbac.v1.", "io.k8s.kubetui.certificates.": "io.k8s.api.certificates.v1."}


def source_name(name: str, defs: dict) -> str | None:
    for ours, theirs in RENAMED.items():
        name = name.replace(ours, theirs)
    if name in defs:
        return name
    short = "." + name.rsplit(".", 1)[1]
    found = sorted(k for k in defs if k.endswith(short) and ".v1." in k)
    return found[0] if len(found) == 1 else None


def main() -> None:
    defs = json.loads(SOURCE.read_text())["$defs"]
    out: dict = {}
    for name, schema in schemas.definitions("#/definitions/").items():
        theirs = source_name(name, defs)
        if theirs is None:
            continue
        entry: dict = {}
        if defs[theirs].get("description"):
            entry["description"] = defs[theirs]["description"]
        props = {}
        for prop in schema.get("properties", {}):
            text = (defs[theirs].get("properties", {}).get(prop) or {}).get("description")
            if text:
                props[prop] = text
        entry["properties"] = props
        required = [r for r in defs[theirs].get("required", []) if r in schema.get("properties", {})]
        if required:
            entry["required"] = required
        out[name] = entry
    doc = {"kubernetesVersion": VERSION, "source": "kubernetes-validate " + SOURCE.parent.name,
           "definitions": dict(sorted(out.items()))}
    (ROOT / "kubetui" / "kubectl" / "descriptions.json").write_text(json.dumps(doc, indent=0, sort_keys=False) + "\n")


if __name__ == "__main__":
    main()
