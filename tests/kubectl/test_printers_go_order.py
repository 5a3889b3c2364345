"""Go struct field order for objects kubectl builds (`-o json` of generators)."""

from kubetui.kubectl.printers.go_order import go_ordered
from kubetui.kubectl.printers.output import to_json


def test_structs_keep_declaration_order_and_maps_sort():
    obj = {"status": {}, "spec": {"template": {"spec": {"containers": [{"resources": {}, "image": "x", "name": "c"}]},
                                               "metadata": {"labels": {"b": "1", "a": "2"}}},
                                  "replicas": 1},
           "metadata": {"labels": {"name": "x", "image": "y"}, "name": "web"}, "kind": "Deployment",
           "apiVersion": "apps/v1"}
    out = go_ordered(obj)
    assert list(out) == ["kind", "apiVersion", "metadata", "spec", "status"]
    assert list(out["metadata"]) == ["name", "labels"]
    assert list(out["metadata"]["labels"]) == ["image", "name"]  # a map, even with struct-like keys
    assert list(out["spec"]["template"]["spec"]["containers"][0]) == ["name", "image", "resources"]
    assert list(out["spec"]["template"]["metadata"]["labels"]) == ["a", "b"]


def test_the_smallest_covering_struct_wins():
    ref = go_ordered({"name": "web", "apiVersion": "apps/v1", "kind": "Deployment"})
    assert list(ref) == ["kind", "name", "apiVersion"]  # CrossVersionObjectReference
    owner = go_ordered({"uid": "u", "name": "n", "kind": "CronJob", "apiVersion": "batch/v1", "controller": True})
    assert list(owner) == ["apiVersion", "kind", "name", "uid", "controller"]


def test_typed_json_differs_from_sorted_json_only_in_order():
    obj = {"metadata": {"name": "c"}, "kind": "ConfigMap", "apiVersion": "v1", "data": {"k": "<v>"}}
    typed, plain = to_json(obj, typed=True), to_json(obj)
    assert typed.index('"kind"') < typed.index('"apiVersion"') and plain.index('"apiVersion"') < plain.index('"kind"')
    assert sorted(typed.splitlines()) == sorted(plain.splitlines()) and "\\u003cv\\u003e" in typed
