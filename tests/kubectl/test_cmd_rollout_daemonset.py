"""`kubectl rollout status|history|undo|restart` on a DaemonSet, and pause/resume refused."""

import pytest

from kubetui import Simulation

AGENT = """
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent}
spec:
  selector: {matchLabels: {app: agent}}
  template:
    metadata: {labels: {app: agent}}
    spec: {containers: [{name: agent, image: busybox:1.36, command: [sleep, "3600"]}]}
"""


@pytest.fixture
def sim():
    s = Simulation(seed=7)
    s.run("kubectl apply -f -", stdin=AGENT)
    assert s.run("kubectl rollout status ds/agent").exit_code == 0
    return s


def image_of(sim):
    return sim.get("DaemonSet", "agent")["spec"]["template"]["spec"]["containers"][0]["image"]


def new_image(sim, image, cause=None):
    if cause:
        sim.run(f"kubectl annotate ds agent kubernetes.io/change-cause={cause} --overwrite")
    sim.run(f"kubectl set image ds/agent agent={image}")
    assert sim.run("kubectl rollout status ds/agent").exit_code == 0


def test_status_lines_while_a_new_template_rolls_out(sim):
    sim.run("kubectl set image ds/agent agent=busybox:1.37")
    r = sim.run("kubectl rollout status daemonset/agent")
    assert r.exit_code == 0 and r.stderr == ""
    lines = r.stdout.splitlines()
    assert lines[0] == "Waiting for daemon set spec update to be observed..."
    assert 'Waiting for daemon set "agent" rollout to finish: 1 out of 3 new pods have been updated...' in lines
    assert lines[-1] == 'daemon set "agent" successfully rolled out'
    r = sim.run("kubectl rollout status ds/agent")
    assert r.stdout == 'daemon set "agent" successfully rolled out\n'


def test_history_table_and_one_revision(sim):
    new_image(sim, "busybox:1.37", cause="bump")
    r = sim.run("kubectl rollout history ds/agent")
    assert (r.exit_code, r.stdout) == (0, "daemonset.apps/agent \nREVISION  CHANGE-CAUSE\n1         <none>\n2         bump\n\n")
    r = sim.run("kubectl rollout history ds/agent --revision=1")
    assert r.stdout.startswith("daemonset.apps/agent with revision #1\nPod Template:\n  Labels:\tapp=agent\n"
                               "  Containers:\n   agent:\n    Image:\tbusybox:1.36\n")
    r = sim.run("kubectl rollout history ds/agent --revision=5")
    assert (r.exit_code, r.stderr) == (1, "error: unable to find the specified revision\n")


def test_undo_to_the_previous_revision_renumbers_it(sim):
    new_image(sim, "busybox:1.37")
    r = sim.run("kubectl rollout undo ds/agent")
    assert (r.exit_code, r.stdout) == (0, "daemonset.apps/agent rolled back\n")
    assert image_of(sim) == "busybox:1.36"
    assert sim.run("kubectl rollout status ds/agent").exit_code == 0
    pods = sim.list("Pod", "default")
    assert len(pods) == 3 and {p["spec"]["containers"][0]["image"] for p in pods} == {"busybox:1.36"}
    r = sim.run("kubectl rollout history ds/agent")
    assert r.stdout == "daemonset.apps/agent \nREVISION  CHANGE-CAUSE\n2         <none>\n3         <none>\n\n"


def test_undo_to_a_revision_and_its_refusals(sim):
    r = sim.run("kubectl rollout undo ds/agent")
    assert (r.exit_code, r.stderr) == (1, "error: no last revision to roll back to\n")
    new_image(sim, "busybox:1.37")
    new_image(sim, "nginx:1.25")
    r = sim.run("kubectl rollout undo ds/agent --to-revision=9")
    assert (r.exit_code, r.stderr) == (1, "error: unable to find specified revision 9 in history\n")
    r = sim.run("kubectl rollout undo ds/agent --to-revision=3")
    assert r.stdout == "daemonset.apps/agent skipped rollback (current template already matches revision 3)\n"
    r = sim.run("kubectl rollout undo ds/agent --to-revision=1 --dry-run=client")
    assert r.stdout.startswith("daemonset.apps/agent will roll back to Pod Template:\n")
    assert "busybox:1.36" in r.stdout and r.stdout.endswith("\n (dry run)\n")
    assert image_of(sim) == "nginx:1.25"
    assert sim.run("kubectl rollout undo ds/agent --to-revision=1").stdout == "daemonset.apps/agent rolled back\n"
    assert image_of(sim) == "busybox:1.36"


def test_restart_and_pause_resume_refused(sim):
    sim.step(5)
    assert sim.run("kubectl rollout restart ds/agent").stdout == "daemonset.apps/agent restarted\n"
    annotations = sim.get("DaemonSet", "agent")["spec"]["template"]["metadata"]["annotations"]
    assert annotations == {"kubectl.kubernetes.io/restartedAt": sim.now()}
    assert sim.run("kubectl rollout status ds/agent").exit_code == 0
    assert sim.run("kubectl rollout history ds/agent").stdout.splitlines()[-2] == "2         <none>"
    r = sim.run("kubectl rollout pause ds/agent")
    assert (r.exit_code, r.stderr) == (1, 'error: daemonsets.apps "agent" pausing is not supported\n')
    r = sim.run("kubectl rollout resume ds/agent")
    assert (r.exit_code, r.stderr) == (1, 'error: daemonsets.apps "agent" resuming is not supported\n')


def test_history_of_an_unsupported_kind(sim):
    sim.run("kubectl create job once --image=busybox:1.36 -- true")
    r = sim.run("kubectl rollout history job/once")
    assert (r.exit_code, r.stderr) == (1, 'error: no history viewer has been implemented for "Job"\n')
