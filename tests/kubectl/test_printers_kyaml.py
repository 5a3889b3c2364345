"""`-o kyaml`'s rules beyond what the differential corpus covers (server objects sort their keys)."""

from kubetui import Simulation
from kubetui.kubectl.printers.kyaml import to_kyaml


def test_server_objects_print_sorted_and_typed_ones_in_struct_order():
    obj = {"metadata": {"name": "a"}, "kind": "ConfigMap", "apiVersion": "v1", "data": {"b": "1", "a": ""}}
    assert to_kyaml(obj).splitlines()[2] == '  apiVersion: "v1",'
    assert to_kyaml(obj, typed=True).splitlines()[2] == '  kind: "ConfigMap",'
    assert '    a: "",\n    b: "1",' in to_kyaml(obj)


def test_values_of_every_type():
    text = to_kyaml({"a": [1, 2.5, True, None, "x"], "b": [], "c": {}, "d": "tab\there \u0001"})
    assert text == ('---\n{\n  a: [\n    1,\n    2.5,\n    true,\n    null,\n    "x",\n  ],\n  b: [],\n  c: {},\n'
                    '  d: "tab\there \\u0001",\n}\n')


def test_get_prints_kyaml():
    r = Simulation(seed=1).run("kubectl get ns default -o kyaml")
    assert r.exit_code == 0 and r.stdout.startswith('---\n{\n  apiVersion: "v1",\n  kind: "Namespace",\n')
    assert "    labels: {\n      kubernetes.io/metadata.name: \"default\",\n    }," in r.stdout
