"""Files in a `medium: Memory` emptyDir are tmpfs pages charged to the container that wrote them:
past its memory limit the container is OOMKilled (exit 137), as the kernel's OOM killer does."""

from kubetui import Simulation

POD = """apiVersion: v1
kind: Pod
metadata: {name: cache}
spec:
  restartPolicy: %s
  containers:
  - name: app
    image: busybox:1.36
    command: ["sh", "-c", "echo filling; dd if=/dev/zero of=/cache/blob bs=1M count=%d; echo filled; sleep 3600"]
    resources: {limits: {memory: 64Mi}}
    volumeMounts: [{name: cache, mountPath: /cache}]
  volumes:
  - name: cache
    emptyDir: {medium: %s}
"""


def _pod(policy: str, mib: int, medium: str = "Memory") -> Simulation:
    sim = Simulation(seed=9)
    assert sim.run("kubectl apply -f -", stdin=POD % (policy, mib, medium)).exit_code == 0
    sim.step(20)
    return sim


def test_writing_past_the_limit_into_a_memory_empty_dir_is_oom_killed():
    sim = _pod("Never", 100)
    status = sim.get("Pod", "cache")["status"]
    term = status["containerStatuses"][0]["state"]["terminated"]
    assert (term["reason"], term["exitCode"], status["phase"]) == ("OOMKilled", 137, "Failed")
    assert sim.run("kubectl logs cache").stdout.startswith("filling\n")
    assert "filled" not in sim.run("kubectl logs cache").stdout


def test_describe_shows_the_last_state_after_a_restart():
    sim = _pod("Always", 100)
    text = sim.run("kubectl describe pod cache").stdout
    last = text[text.index("Last State:"):]
    assert "Reason:       OOMKilled" in last and "Exit Code:    137" in last


def test_within_the_limit_or_on_disk_it_runs():
    for sim in (_pod("Never", 30), _pod("Never", 100, "\"\"")):
        status = sim.get("Pod", "cache")["status"]
        assert "running" in status["containerStatuses"][0]["state"], status
        assert sim.run("kubectl logs cache").stdout.endswith("filled\n")


def test_an_exec_that_fills_the_memory_volume_ends_the_container():
    sim = _pod("Never", 1)
    r = sim.run("kubectl exec cache -- dd if=/dev/zero of=/cache/more bs=1M count=80")
    assert r.exit_code == 137 and r.stderr.endswith("command terminated with exit code 137\n")
    sim.step(2)
    term = sim.get("Pod", "cache")["status"]["containerStatuses"][0]["state"]["terminated"]
    assert (term["reason"], term["exitCode"]) == ("OOMKilled", 137)


def test_filling_it_at_an_exec_it_prompt_ends_the_session():
    sim = _pod("Never", 1)
    shell = sim.start("kubectl exec -it cache -- sh")
    sim.send(shell.seq, "dd if=/dev/zero of=/cache/more bs=1M count=80")
    sim.step(3)
    assert shell.done and shell.exit_code == 137
    term = sim.get("Pod", "cache")["status"]["containerStatuses"][0]["state"]["terminated"]
    assert term["reason"] == "OOMKilled"
