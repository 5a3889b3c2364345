"""`kubectl edit` in a script: the editor named by KUBE_EDITOR (or EDITOR) runs on kubectl's buffer."""

import pytest

from kubetui import Simulation
from kubetui.kubectl.editor import EditorError, run_editor
from kubetui.scenario.script import parse_script


@pytest.fixture
def sim():
    s = Simulation(seed=1)
    s.run("kubectl create deployment web --image=nginx:1.25")
    return s


def test_sed_editor_changes_the_object(sim):
    r = sim.run("""KUBE_EDITOR="sed -i 's/replicas: 1/replicas: 3/'" kubectl edit deploy/web""")
    assert (r.exit_code, r.stdout, r.stderr) == (0, "deployment.apps/web edited\n", "")
    assert sim.get("Deployment", "web")["spec"]["replicas"] == 3


def test_kube_editor_wins_over_editor_and_a_no_op_editor_cancels(sim):
    r = sim.run("EDITOR=\"sed -i 's/replicas: 1/replicas: 5/'\" KUBE_EDITOR=true kubectl edit deploy web")
    assert (r.exit_code, r.stderr) == (0, "Edit cancelled, no changes made.\n")
    assert sim.get("Deployment", "web")["spec"]["replicas"] == 1


def test_editors_kubetui_cannot_launch(sim):
    assert sim.run("KUBE_EDITOR=nano kubectl edit deploy/web").stderr == 'error: unable to launch the editor "nano"\n'
    assert sim.run("kubectl edit deploy/web").stderr == 'error: unable to launch the editor "vi"\n'


def test_sed_subset():
    text = "a: 1\nimage: nginx:1.25\nkeep: x\n"
    assert run_editor("sed -i -E 's/(image: nginx):1\\.25/\\1:1.26/g'", text) == "a: 1\nimage: nginx:1.26\nkeep: x\n"
    assert run_editor("sed -i 's/\\(a\\): 1/\\1: 2/;/keep/d'", text) == "a: 2\nimage: nginx:1.25\n"
    assert run_editor("sed -i -e '2s|nginx|httpd|' -e '$d'", text) == "a: 1\nimage: httpd:1.25\n"
    assert run_editor("sed -i 's/A/&&/I'", text).startswith("aa: 1\n")
    with pytest.raises(EditorError, match="without -i"):
        run_editor("sed 's/a/b/'", text)


def test_scripts_accept_an_environment_before_kubectl():
    steps = parse_script("KUBE_EDITOR=\"sed -i 's/a/b/'\" kubectl edit deploy/web\n")
    assert steps[0].command.startswith("KUBE_EDITOR=")
