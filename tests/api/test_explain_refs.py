"""`kubectl explain` of a field that refers to a type (the test extras' real kubectl, 1.37, on the
served OpenAPI, and kubetui's own): the field's description, then its type's, as a real API
server's OpenAPI (allOf-wrapped references) makes kubectl print."""

import pytest


@pytest.mark.parametrize(("path", "words"), [
    ("pod.spec.containers.livenessProbe.httpGet.port", ["Name or number of the port to access on the container."]),
    ("pod.spec.containers.livenessProbe.httpGet", ["HTTPGet specifies an HTTP GET request to perform.",
                                                   "HTTPGetAction describes an action based on HTTP Get requests."]),
    ("deploy.spec.template", ["Template describes the pods that will be created."]),
])
def test_field_words_then_type_words(shared, path, words):
    real = shared.kubectl("explain", path)
    own = shared.builtin(f"kubectl explain {path}")
    assert real.returncode == 0, real.stderr
    assert "<empty>" not in real.stdout
    desc = real.stdout.split("DESCRIPTION:\n", 1)[1]
    flat = " ".join(desc.split())
    for w in words:
        assert w in flat
    assert flat.index(words[0]) < (flat.index(words[-1]) if len(words) > 1 else len(flat))
    assert (own.exit_code, own.stdout) == (real.returncode, real.stdout)
