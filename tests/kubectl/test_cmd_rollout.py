"""`scale`, `set image|env|resources` and `rollout status|history|undo|pause|resume|restart`."""

import pytest

from kubetui import Simulation
from kubetui.kubectl import start_kubectl


@pytest.fixture
def sim():
    s = Simulation(seed=7)
    s.run("kubectl create deployment web --image=nginx:1.25 --replicas=3")
    assert s.run("kubectl rollout status deploy/web").exit_code == 0
    return s


def image_of(sim):
    return sim.get("Deployment", "web")["spec"]["template"]["spec"]["containers"][0]["image"]


def test_status_waits_in_simulated_time_and_prints_kubectls_lines():
    sim = Simulation(seed=7)
    sim.run("kubectl create deployment web --image=nginx:1.25 --replicas=3")
    r = sim.run("kubectl rollout status deployment/web")
    assert r.exit_code == 0 and r.stderr == ""
    lines = r.stdout.splitlines()
    assert lines[-1] == 'deployment "web" successfully rolled out'
    assert 'Waiting for deployment "web" rollout to finish: 0 of 3 updated replicas are available...' in lines
    assert sim.tick > 0


def test_status_after_an_image_change(sim):
    assert sim.run("kubectl set image deployment/web nginx=nginx:1.26").stdout == "deployment.apps/web image updated\n"
    r = sim.run("kubectl rollout status deploy/web")
    lines = r.stdout.splitlines()
    assert any("out of 3 new replicas have been updated..." in line for line in lines)
    assert any("old replicas are pending termination..." in line for line in lines)
    assert lines[-1] == 'deployment "web" successfully rolled out'
    assert image_of(sim) == "nginx:1.26"


def test_status_timeout(sim):
    sim.run("kubectl set image deploy/web nginx=nginx:1.26")
    start = sim.tick
    r = sim.run("kubectl rollout status deploy/web --timeout=2s")
    assert (r.exit_code, r.stderr) == (1, "error: timed out waiting for the condition\n")
    assert sim.tick - start == 2


def test_status_of_a_bad_image_until_the_timeout(sim):
    sim.run("kubectl set image deploy/web nginx=nginx:9.99")
    r = sim.run("kubectl rollout status deploy/web --timeout=60s")
    assert r.exit_code == 1
    assert r.stdout.splitlines()[-1].startswith('Waiting for deployment "web" rollout to finish: 1 out of 3 new')


def test_history_and_undo(sim):
    sim.run("kubectl set image deploy/web nginx=nginx:1.26")
    sim.run("kubectl rollout status deploy/web")
    r = sim.run("kubectl rollout history deploy/web")
    assert r.stdout == "deployment.apps/web \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n\n"
    assert sim.run("kubectl rollout undo deploy/web").stdout == "deployment.apps/web rolled back\n"
    assert image_of(sim) == "nginx:1.25"
    sim.run("kubectl rollout status deploy/web")
    assert sim.run("kubectl rollout history deploy/web").stdout.splitlines()[2:4] == ["2         <none>", "3         <none>"]
    assert len(sim.list("ReplicaSet", "default")) == 2
    detail = sim.run("kubectl rollout history deploy/web --revision=3").stdout
    assert detail.startswith("deployment.apps/web with revision #3\nPod Template:\n")
    assert "nginx:1.25" in detail


def test_undo_errors(sim):
    r = sim.run("kubectl rollout undo deploy/web")
    assert (r.exit_code, r.stderr) == (1, 'error: no rollout history found for deployment "web"\n')
    r = sim.run("kubectl rollout undo deploy/web --to-revision=7")
    assert r.stderr == "error: unable to find specified revision 7 in history\n"
    r = sim.run("kubectl rollout undo deploy/nope")
    assert r.stderr == 'Error from server (NotFound): deployments.apps "nope" not found\n'


def test_undo_to_the_current_template_is_skipped(sim):
    r = sim.run("kubectl rollout undo deploy/web --to-revision=1")
    assert r.stdout == "deployment.apps/web skipped rollback (current template already matches revision 1)\n"


def test_pause_resume_restart(sim):
    assert sim.run("kubectl rollout pause deploy/web").stdout == "deployment.apps/web paused\n"
    r = sim.run("kubectl rollout pause deploy/web")
    assert (r.exit_code, r.stderr) == (1, 'error: deployments.apps "web" is already paused\n')
    r = sim.run("kubectl rollout restart deploy/web")
    assert r.stderr == ('error: deployments.apps "web" can\'t restart paused deployment (run rollout resume first)\n')
    assert sim.run("kubectl rollout resume deploy/web").stdout == "deployment.apps/web resumed\n"
    assert sim.run("kubectl rollout resume deploy/web").stderr == 'error: deployments.apps "web" is not paused\n'
    sim.step(90)
    assert sim.run("kubectl rollout restart deploy/web").stdout == "deployment.apps/web restarted\n"
    annotations = sim.get("Deployment", "web")["spec"]["template"]["metadata"]["annotations"]
    assert annotations == {"kubectl.kubernetes.io/restartedAt": sim.now()}


def test_scale(sim):
    assert sim.run("kubectl scale deploy/web --replicas=5").stdout == "deployment.apps/web scaled\n"
    sim.step(10)
    assert sim.get("Deployment", "web")["status"]["availableReplicas"] == 5
    r = sim.run("kubectl scale deploy web --replicas=2 --current-replicas=3")
    assert (r.exit_code, r.stderr) == (1, "error: Expected replicas to be 3, was 5\n")
    r = sim.run("kubectl scale deploy web")
    assert (r.exit_code, r.stderr) == (1, 'error: required flag(s) "replicas" not set\n')
    r = sim.run("kubectl scale deploy nope --replicas=1")
    assert r.stderr == 'Error from server (NotFound): deployments.apps "nope" not found\n'


def test_set_env_and_resources(sim):
    assert sim.run("kubectl set env deploy/web MODE=fast LEVEL=2").stdout == "deployment.apps/web env updated\n"
    assert sim.run("kubectl set env deploy/web LEVEL-").exit_code == 0
    c = sim.get("Deployment", "web")["spec"]["template"]["spec"]["containers"][0]
    assert c["env"] == [{"name": "MODE", "value": "fast"}]
    assert sim.run("kubectl set env deploy/web --list").stdout == "# deployment.apps/web, container nginx\nMODE=fast\n"
    r = sim.run("kubectl set resources deploy/web --limits=cpu=200m,memory=128Mi --requests=cpu=100m")
    assert r.stdout == "deployment.apps/web resource requirements updated\n"
    c = sim.get("Deployment", "web")["spec"]["template"]["spec"]["containers"][0]
    assert c["resources"] == {"limits": {"cpu": "200m", "memory": "128Mi"}, "requests": {"cpu": "100m"}}


def test_set_image_unknown_container(sim):
    r = sim.run("kubectl set image deploy/web php=php:8")
    assert (r.exit_code, r.stderr) == (1, 'error: unable to find container named "php"\n')
    assert image_of(sim) == "nginx:1.25"


def test_non_blocking_invocation_is_stepped_by_its_caller(sim):
    sim.run("kubectl set image deploy/web nginx=nginx:1.26")
    inv = start_kubectl(sim, ["kubectl", "rollout", "status", "deploy/web"])
    start = sim.tick
    assert inv.poll() is None
    assert sim.tick == start
    assert inv.stdout.startswith("Waiting for")
    while (result := inv.poll()) is None:
        sim.step(1)
    assert result.exit_code == 0 and result.stdout.endswith('deployment "web" successfully rolled out\n')
    assert sim.tick > start


def test_cancel_is_ctrl_c(sim):
    sim.run("kubectl set image deploy/web nginx=nginx:1.26")
    inv = start_kubectl(sim, ["rollout", "status", "deploy/web"])
    assert inv.poll() is None
    result = inv.cancel()
    assert result.exit_code == 130 and inv.done


def test_scheduled_commands_never_block(sim):
    sim.run("kubectl set image deploy/web nginx=nginx:1.26")
    sim.schedule(sim.tick + 1, "kubectl rollout status deploy/web")
    before = sim.tick
    sim.step(1)
    assert sim.tick == before + 1
