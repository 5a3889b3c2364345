"""nginx's start lines are kept once for every container of a tag started in the same second on
nodes of the same size (a big cluster holds tens of thousands): what one container prints later
(an access line, a reload, a script's output) must never show in another's log."""

from kubetui import Simulation


def _container(sim, pod):
    return sim.kubelet.runtime("default", pod).containers[0]


def _two_webs():
    sim = Simulation(seed=1)
    sim.run("kubectl create deployment web --image=nginx:1.27 --replicas=2")
    sim.run("kubectl run client --image=busybox -- sleep 3600")
    sim.step(12)
    names = sorted(p["metadata"]["name"] for p in sim.store.iter("Pod", "default")
                   if p["metadata"]["name"].startswith("web-"))
    return sim, names


def test_nginx_containers_started_together_share_one_start_log():
    sim, (a, b) = _two_webs()
    assert _container(sim, a).logs is _container(sim, b).logs
    assert _container(sim, a).log_ticks is _container(sim, b).log_ticks
    assert sim.run(f"kubectl logs {a}").stdout == sim.run(f"kubectl logs {b}").stdout
    assert "start worker process" in sim.run(f"kubectl logs {a}").stdout


def test_an_access_line_goes_to_one_container_only():
    sim, (a, b) = _two_webs()
    before = sim.run(f"kubectl logs {b} --timestamps").stdout
    ip = sim.store.get("Pod", "default", a)["status"]["podIP"]
    sim.run(f"kubectl exec client -- wget -qO /dev/null {ip}")
    assert '"GET / HTTP/1.1" 200' in sim.run(f"kubectl logs {a} --tail=1").stdout
    assert sim.run(f"kubectl logs {b} --timestamps").stdout == before


def test_a_reload_goes_to_one_container_only():
    sim, (a, b) = _two_webs()
    before = sim.run(f"kubectl logs {b}").stdout
    sim.run(f"kubectl exec {a} -- nginx -s reload")
    assert "reconfiguring" in sim.run(f"kubectl logs {a}").stdout
    assert sim.run(f"kubectl logs {b}").stdout == before


def test_a_shared_log_is_copied_before_a_script_prints_to_it():
    sim = Simulation(seed=1)
    sim.run("kubectl run one --image=busybox -- sh -c 'for i in 1 2 3; do sleep 5; echo \"round $i\"; done; sleep 3600'")
    sim.run("kubectl run two --image=busybox -- sh -c 'sleep 3600'")
    for _ in range(30):
        sim.step(1)
        rt = sim.kubelet.runtime("default", "one")
        if rt is not None and rt.containers[0].state == "running":
            break
    one, two = _container(sim, "one"), _container(sim, "two")
    assert one.script is not None and "round 3" not in one.logs
    shared = ("start",)
    one.logs = two.logs = shared
    one.log_ticks = two.log_ticks = (0,)
    sim.step(20)
    assert two.logs == ("start",) and shared == ("start",)
    assert list(one.logs)[0] == "start" and "round 3" in one.logs
