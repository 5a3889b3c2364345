"""A broken control-plane component crash-loops like a static pod does: it logs why it exits
(`kubectl logs`, `--previous`), and the kubelet restarts it with back-off and BackOff Events."""

from kubetui import Simulation

POD = "kube-scheduler-control-plane"


def test_a_healthy_scheduler_logs_its_start():
    sim = Simulation(seed=1)
    sim.step(3)
    lines = sim.run(f"kubectl logs -n kube-system {POD}").stdout.splitlines()
    assert lines[0].startswith("I0101 00:00:00.") and lines[-1].endswith("successfully acquired lease kube-system/kube-scheduler")


def test_a_stopped_scheduler_crash_loops_and_logs_why():
    sim = Simulation(seed=1)
    sim.step(5)
    sim.run("sim stop scheduler")
    sim.step(40)
    st = sim.get("Pod", POD, "kube-system")["status"]["containerStatuses"][0]
    assert st["state"]["waiting"]["reason"] == "CrashLoopBackOff" and st["restartCount"] >= 3
    assert st["lastState"]["terminated"]["exitCode"] == 1
    crash = 'run.go:72] "command failed" err="stat /etc/kubernetes/scheduler.conf: no such file or directory"'
    for flags in ("", " --previous"):
        out = sim.run(f"kubectl logs -n kube-system {POD}{flags}").stdout
        assert out.splitlines()[-1].startswith("E0101 ") and out.splitlines()[-1].endswith(crash)
    reasons = [e["reason"] for e in sim.store.list("Event", "kube-system") if e["involvedObject"]["name"] == POD]
    assert "BackOff" in reasons
    sim.run("sim start scheduler")
    sim.step(5)
    st = sim.get("Pod", POD, "kube-system")["status"]["containerStatuses"][0]
    assert "running" in st["state"] and st["ready"] is True


def test_a_reason_names_the_crash_and_an_unknown_one_is_refused():
    sim = Simulation(seed=1)
    sim.step(2)
    assert sim.run("sim stop controller-manager --reason certificate").exit_code == 0
    sim.step(5)
    out = sim.run("kubectl logs -n kube-system kube-controller-manager-control-plane").stdout
    assert "open /etc/kubernetes/pki/ca.crt: no such file or directory" in out
    r = sim.run("sim stop scheduler --reason nope")
    assert r.exit_code == 1 and "kubeconfig, unknown-flag, config" in r.stderr
