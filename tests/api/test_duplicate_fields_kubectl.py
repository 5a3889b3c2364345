"""A body sent straight to the API (`kubectl create --raw -f`, a client library) with a field
twice: the API server's strict decoder (sigs.k8s.io/json for JSON, YAMLToJSONStrict for YAML)
finds it, and `fieldValidation` says what happens, as for unknown fields: Strict refuses the
request (`strict decoding error: duplicate field "data.a"`), Warn (the default) answers with
a warning per field, Ignore says nothing; both keep the last value (a repeated object of a
built-in kind merges, as Go decodes it into the struct or map already filled). kubectl's own
`create -f`/`apply -f` decode the manifest first, so duplicates never reach the server that way."""

from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.slow  # the real kubectl against `kubetui serve`

BODY = ('{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"NAME","labels":{"x":"1"},"labels":{"y":"2"}},'
        '"data":{"a":"1","a":"2"},"extra":1}')


@pytest.mark.parametrize("mode", ["", "Strict", "Warn", "Ignore"])
def test_create_raw_with_duplicate_fields(shared, tmp_path, mode):
    name = f"dup-{mode.lower() or 'default'}"
    path = tmp_path / "body.json"
    path.write_text(BODY.replace("NAME", name))
    query = f"?fieldValidation={mode}" if mode else ""
    r = shared.kubectl("create", "--raw", f"/api/v1/namespaces/default/configmaps{query}", "-f", str(path))
    if mode == "Strict":
        assert r.returncode == 1
        assert r.stderr == ('Error from server (BadRequest): ConfigMap in version "v1" cannot be handled as a '
                            'ConfigMap: strict decoding error: duplicate field "metadata.labels", duplicate field '
                            '"data.a", unknown field "extra"\n')
        return
    assert r.returncode == 0
    warned = mode in ("", "Warn")
    assert r.stderr == ('Warning: duplicate field "metadata.labels"\nWarning: duplicate field "data.a"\n'
                        'Warning: unknown field "extra"\n' if warned else "")
    stored = json.loads(shared.kubectl("get", "cm", name, "-o", "json").stdout)
    assert stored["data"] == {"a": "2"}
    assert stored["metadata"]["labels"] == {"x": "1", "y": "2"}


YAML_BODY = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: NAME\ndata:\n  a: '1'\n  b: '2'\n  a: '3'\n"


def test_yaml_body_with_a_duplicate_key(shared):
    path = "/api/v1/namespaces/default/configmaps?fieldValidation="
    code, out, _ = shared.http("POST", path + "Strict", YAML_BODY.replace("NAME", "ydup-strict"),
                               content_type="application/yaml")
    assert code == 400
    assert out["message"] == ('ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: '
                              'yaml: unmarshal errors:\n  line 8: key "a" already set in map')
    code, out, headers = shared.http("POST", path + "Warn", YAML_BODY.replace("NAME", "ydup-warn"),
                                     content_type="application/yaml")
    assert code == 201 and out["data"] == {"a": "3", "b": "2"}
    assert headers.get("Warning") == '299 - "line 8: key \\"a\\" already set in map"'
