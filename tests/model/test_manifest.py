import pytest

from kubetui.model.manifest import ManifestError, line_of, load_documents

MULTI = """\
# a comment
apiVersion: v1
kind: ConfigMap
metadata:
  name: a
  creationTimestamp: 2026-01-01T00:00:00Z
---
---
apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: Pod
  metadata:
    name: p
  spec:
    containers:
    - name: c
      imagee: x
- apiVersion: v1
  kind: Secret
  metadata:
    name: s
"""


def test_multi_document_and_list_expansion():
    docs = load_documents(MULTI, "m.yaml")
    assert [d.obj["kind"] for d in docs] == ["ConfigMap", "Pod", "Secret"]
    assert [d.line for d in docs] == [2, 12, 20]
    assert {d.source for d in docs} == {"m.yaml"}


def test_timestamps_stay_strings():
    docs = load_documents(MULTI, "m.yaml")
    assert docs[0].obj["metadata"]["creationTimestamp"] == "2026-01-01T00:00:00Z"


def test_line_of_field_paths():
    pod = load_documents(MULTI, "m.yaml")[1]
    assert line_of(pod, "spec.containers[0].imagee") == 19
    assert line_of(pod, "metadata.name") == 15
    assert line_of(pod, "spec.missing") == 16  # nearest known parent


def test_typed_list_kind_expands():
    text = "apiVersion: v1\nkind: PodList\nitems:\n- {apiVersion: v1, kind: Pod, metadata: {name: a}}\n"
    assert [d.obj["metadata"]["name"] for d in load_documents(text, "l.yaml")] == ["a"]


def test_json_documents():
    text = '{"apiVersion": "v1",\n\t"kind": "Namespace", "metadata": {"name": "dev"}}'
    (doc,) = load_documents(text, "ns.json")
    assert doc.obj["metadata"]["name"] == "dev"


def test_empty_input():
    assert load_documents("", "e.yaml") == []
    assert load_documents("---\n---\n", "e.yaml") == []


@pytest.mark.parametrize("text,expected", [
    ("apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n    b: c\n",
     "web.yaml:5: mapping values are not allowed here"),
    ("- a\n- b\n", "web.yaml:1: json: cannot unmarshal array into Go value of type "
                   "map[string]interface {}"),
])
def test_errors_carry_file_and_line(text, expected):
    with pytest.raises(ManifestError) as e:
        load_documents(text, "web.yaml")
    assert str(e.value) == expected


def test_a_repeated_key_takes_its_last_value_as_kubectl_reads_it():
    """The real kubectl 1.37 (sigs.k8s.io/yaml over go-yaml v2) keeps the last value, silently;
    go-yaml v3's words for the repeat stay on the document, for kustomize, which refuses it."""
    text = "apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\nspec:\n  replicas: 1\n  replicas: 2\n"
    (doc,) = load_documents(text, "web.yaml")
    assert doc.obj["spec"] == {"replicas": 2}
    assert line_of(doc, "spec.replicas") == 7
    assert doc.repeated == ['line 7: mapping key "replicas" already defined at line 6']
    (doc,) = load_documents(text, "patch", first_value=True)
    assert doc.obj["spec"] == {"replicas": 1}
    (doc,) = load_documents('{"kind": "Pod", "a": 1, "a": 2}', "p.json")
    assert doc.obj["a"] == 2 and doc.repeated == ['line 1: mapping key "a" already defined at line 1']
