"""The learner cases of issue 14: containers run their command in the shell, over their own
filesystem and the pod's volumes, and the kubelet reports what happened as Kubernetes does."""

import pickle

from engine_kit import create, pod

from kubetui.engine.simulation import Simulation


def status(sim, name, i=0):
    return sim.get("Pod", name)["status"]["containerStatuses"][i]


def busybox(name, *command, restart="Never", **spec):
    return pod(name, restartPolicy=restart, containers=[{"name": name, "image": "busybox", "command": list(command)}],
               **spec)


def test_ls_of_a_missing_path_ends_in_error_with_busybox_message(sim):
    create(sim, busybox("bb", "/bin/sh", "-c", "ls /notexist"))
    sim.step(8)
    term = status(sim, "bb")["state"]["terminated"]
    assert (term["reason"], term["exitCode"]) == ("Error", 1)
    assert sim.kubelet.logs("default", "bb") == ["ls: /notexist: No such file or directory"]
    assert sim.get("Pod", "bb")["status"]["phase"] == "Failed"


def test_an_unknown_program_is_a_start_error_then_crash_loop(sim):
    create(sim, busybox("bb2", "notexist"))
    sim.step(8)
    term = status(sim, "bb2")["state"]["terminated"]
    assert (term["reason"], term["exitCode"]) == ("StartError", 128)
    assert 'exec: "notexist": executable file not found in $PATH: unknown' in term["message"]
    create(sim, busybox("bb3", "notexist", restart="Always"))
    sim.step(30)
    st = status(sim, "bb3")
    assert st["state"]["waiting"]["reason"] == "CrashLoopBackOff"
    assert st["lastState"]["terminated"]["reason"] == "StartError"


def test_a_loop_prints_a_line_every_five_simulated_seconds(sim):
    create(sim, busybox("loop", "sh", "-c", "i=0; while true; do echo tick $i; i=$((i+1)); sleep 5; done"))
    sim.step(8)
    first = len(sim.kubelet.logs("default", "loop"))
    sim.step(20)
    lines = sim.kubelet.logs("default", "loop")
    assert len(lines) - first == 4 and lines[:2] == ["tick 0", "tick 1"]


def test_a_sidecar_appends_to_a_shared_empty_dir_another_container_reads(sim):
    create(sim, pod("side", volumes=[{"name": "logs", "emptyDir": {}}], containers=[
        {"name": "writer", "image": "busybox:1.36", "command": ["sh", "-c",
                                                                "while true; do date >> /var/log/app.log; sleep 2; done"],
         "volumeMounts": [{"name": "logs", "mountPath": "/var/log"}]},
        {"name": "reader", "image": "busybox:1.36", "command": ["sh", "-c", "sleep 5; tail -f /data/app.log"],
         "volumeMounts": [{"name": "logs", "mountPath": "/data"}]},
    ]))
    sim.step(20)
    lines = sim.kubelet.logs("default", "side", "reader")
    assert len(lines) >= 5 and all(" UTC " in line for line in lines)


def test_a_config_map_file_and_an_env_var_are_read(sim):
    create(sim, {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "cfg", "namespace": "default"},
                 "data": {"app.conf": "mode=fast\n"}})
    create(sim, pod("cm", restartPolicy="Never", volumes=[{"name": "c", "configMap": {"name": "cfg"}}], containers=[
        {"name": "app", "image": "busybox", "env": [{"name": "GREETING", "value": "hello"}],
         "command": ["sh", "-c", "cat /etc/config/app.conf; echo $GREETING from $(hostname); cat /etc/resolv.conf | head -n 1"],
         "volumeMounts": [{"name": "c", "mountPath": "/etc/config"}]}]))
    sim.step(8)
    assert sim.kubelet.logs("default", "cm") == ["mode=fast", "hello from cm",
                                                 "search default.svc.cluster.local svc.cluster.local cluster.local"]
    assert status(sim, "cm")["state"]["terminated"]["reason"] == "Completed"


def test_a_running_script_survives_snapshot_and_restore_with_the_same_checksum():
    sim = Simulation(seed=3)
    create(sim, busybox("loop", "sh", "-c", "while true; do date; sleep 3; done", restart="Always"))
    sim.step(10)
    copy = pickle.loads(pickle.dumps(sim))
    sim.step(10)
    copy.step(10)
    assert sim.checksum() == copy.checksum()
    assert sim.kubelet.logs("default", "loop") == copy.kubelet.logs("default", "loop")


def test_old_style_commands_keep_their_fixed_programs(sim):
    create(sim, busybox("old", "sh", "-c", "echo hi; sleep 3600"))
    sim.step(5)
    rt = sim.kubelet.runtime("default", "old")
    assert rt.containers[0].script is None


def test_snapshot_restore_of_a_running_loop_keeps_the_checksum():
    sim = Simulation(seed=5)
    create(sim, busybox("loop", "sh", "-c", "while true; do date; sleep 5; done", restart="Always"))
    sim.step(12)
    other = Simulation.restore(sim.snapshot())
    sim.step(20)
    other.step(20)
    assert sim.checksum() == other.checksum()
    assert sim.kubelet.logs("default", "loop") == other.kubelet.logs("default", "loop")


def test_an_exec_liveness_probe_reads_the_container_files(sim):
    create(sim, pod("live", containers=[{
        "name": "app", "image": "busybox",
        "command": ["sh", "-c", "touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600"],
        "livenessProbe": {"exec": {"command": ["cat", "/tmp/healthy"]}, "initialDelaySeconds": 5,
                          "periodSeconds": 5}}]))
    sim.step(30)
    assert status(sim, "live")["restartCount"] == 0
    sim.step(30)
    msgs = [e["message"] for e in sim.events() if e["reason"] == "Unhealthy"]
    assert msgs[0] == "Liveness probe failed: cat: can't open '/tmp/healthy': No such file or directory\n"
    assert status(sim, "live")["restartCount"] == 1
