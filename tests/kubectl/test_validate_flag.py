"""`--validate=strict|true|warn|ignore|false`: what happens to fields a kind does not have."""

import pytest

from kubetui import Simulation

MANIFEST = """apiVersion: v1
kind: ConfigMap
metadata:
  name: NAME
  bogus: 1
data:
  x: y
extra: 2
"""
STRICT = ('Error from server (BadRequest): error when creating "STDIN": ConfigMap in version "v1" cannot be '
          'handled as a ConfigMap: strict decoding error: unknown field "extra", unknown field "metadata.bogus"\n')


@pytest.mark.parametrize("verb", ["apply", "create"])
@pytest.mark.parametrize("flag", ["", "--validate=strict", "--validate=true", "--validate"])
def test_strict_refuses_unknown_fields(verb, flag):
    sim = Simulation(seed=1)
    r = sim.run(f"kubectl {verb} -f - {flag}", stdin=MANIFEST.replace("NAME", "c"))
    assert (r.exit_code, r.stderr) == (1, STRICT)
    assert sim.get("ConfigMap", "c") is None


@pytest.mark.parametrize("verb", ["apply", "create"])
def test_warn_drops_them_with_a_warning(verb):
    sim = Simulation(seed=1)
    r = sim.run(f"kubectl {verb} -f - --validate=warn", stdin=MANIFEST.replace("NAME", "c"))
    assert (r.exit_code, r.stdout) == (0, "configmap/c created\n")
    assert r.stderr == 'Warning: unknown field "extra"\nWarning: unknown field "metadata.bogus"\n'
    cm = sim.get("ConfigMap", "c")
    assert cm["data"] == {"x": "y"} and "extra" not in cm and "bogus" not in cm["metadata"]


@pytest.mark.parametrize("value", ["ignore", "false", "IGNORE"])
def test_ignore_drops_them_silently(value):
    sim = Simulation(seed=1)
    r = sim.run(f"kubectl create -f - --validate={value}", stdin=MANIFEST.replace("NAME", "c"))
    assert (r.exit_code, r.stdout, r.stderr) == (0, "configmap/c created\n", "")


def test_replace_honours_validate_too():
    sim = Simulation(seed=1)
    sim.run("kubectl create configmap c")
    r = sim.run("kubectl replace -f - --validate=false", stdin=MANIFEST.replace("NAME", "c"))
    assert (r.exit_code, r.stdout) == (0, "configmap/c replaced\n")
    assert sim.get("ConfigMap", "c")["data"] == {"x": "y"}


def test_a_bad_value_is_kubectls_error():
    r = Simulation(seed=1).run("kubectl apply -f - --validate=bogus", stdin=MANIFEST)
    assert (r.exit_code, r.stderr) == (1, 'error: invalid - validate option "bogus"; must be one of: strict '
                                          "(or true), warn, ignore (or false)\n")
