"""`kubectl debug --custom=FILE`: the partial container spec merged over the profile (the usage
errors are goldens in test_cka_goldens.py; the merge against the real kubectl in
tests/api/test_debug_profiles.py)."""

import pytest

from kubetui import Simulation
from kubetui.kubectl.commands.debug import NON_ROOT_WARNING

NONROOT = """apiVersion: v1
kind: Pod
metadata: {name: app}
spec:
  securityContext: {runAsUser: 1000}
  containers: [{name: app, image: nginx, env: [{name: KEEP, value: "1"}]}]
"""


@pytest.fixture
def sim(tmp_path):
    s = Simulation(seed=3)
    assert s.run("kubectl create -f -", stdin=NONROOT).exit_code == 0
    s.step(20)
    (tmp_path / "root.yaml").write_text("securityContext: {runAsUser: 0}\nenv: [{name: MODE, value: x}]\n")
    (tmp_path / "off.json").write_text('{"stdin": false, "unknownField": 1, "TTY": false}')
    return s


def _container(sim, pod, name):
    spec = sim.get("Pod", pod)["spec"]
    return next(c for key in ("containers", "ephemeralContainers") for c in spec.get(key) or [] if c["name"] == name)


def test_a_non_root_pod_warns_that_a_profiles_capabilities_may_not_work(sim, tmp_path):
    r = sim.run("kubectl debug app --image=busybox --profile=netadmin -c d1")
    assert (r.exit_code, r.stderr) == (0, NON_ROOT_WARNING + "\n")
    r = sim.run("kubectl debug app --image=busybox --profile=netadmin -c d2 --custom=root.yaml", cwd=str(tmp_path))
    assert (r.exit_code, r.stderr) == (0, "")
    assert _container(sim, "app", "d2")["securityContext"] == {
        "capabilities": {"add": ["NET_ADMIN", "NET_RAW"]}, "runAsUser": 0}
    assert sim.run("kubectl debug app --image=busybox --profile=baseline -c d3").stderr == ""


def test_lists_merge_by_their_key_and_false_or_unknown_fields_change_nothing(sim, tmp_path):
    r = sim.run("kubectl debug app --image=busybox --copy-to=c1 --container=app --custom=root.yaml -i",
                cwd=str(tmp_path))
    assert r.exit_code == 0, r.stderr
    assert [e["name"] for e in _container(sim, "c1", "app")["env"]] == ["KEEP", "MODE"]
    r = sim.run("kubectl debug app --image=busybox -c d4 -i --custom=off.json --attach=false", cwd=str(tmp_path))
    assert r.exit_code == 0, r.stderr
    c = _container(sim, "app", "d4")
    assert c["stdin"] is True and "unknownField" not in c
