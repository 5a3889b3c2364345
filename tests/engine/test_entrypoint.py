"""`command` and `args` against the image's ENTRYPOINT and CMD, as the container runtime combines them:
the image's own program started with other arguments runs as that program, not as a shell script."""

import pytest

from kubetui import Simulation


def run(line: str, ticks: int = 30) -> tuple[str, str]:
    sim = Simulation(seed=2)
    assert sim.run(line).exit_code == 0
    sim.step(ticks)
    pod = sim.store.list("Pod", "default")[0]
    status = pod["status"]["containerStatuses"][0]
    state = next(iter(status["state"]))
    return state, sim.run(f"kubectl logs {pod['metadata']['name']}").stdout


@pytest.mark.parametrize("line", [
    "kubectl run r --image=redis:7 --command -- redis-server --port 6380",   # the image's program by name
    "kubectl run r --image=redis:7 -- --port 6380",                          # flags to docker-entrypoint.sh
    "kubectl run r --image=redis:7 -- redis-server --appendonly yes",        # the entrypoint execs its args
    "kubectl run n --image=nginx:1.27 --command -- nginx -g 'daemon off;'",
])
def test_the_images_own_program_with_other_arguments_keeps_running(line):
    state, logs = run(line)
    assert state == "running"
    assert "not found" not in logs


def test_args_replace_cmd_when_the_image_has_no_entrypoint():
    """busybox's CMD is `sh`: `-- sleep 3600` replaces it."""
    state, _ = run("kubectl run b --image=busybox:1.36 -- sleep 3600")
    assert state == "running"


def test_an_entrypoint_wrapper_execs_a_command_given_as_args():
    """nginx's docker-entrypoint.sh runs `sleep 5` instead of nginx: the container ends and restarts."""
    sim = Simulation(seed=2)
    sim.run("kubectl run n --image=nginx:1.27 -- sleep 5")
    sim.step(30)
    status = sim.store.get("Pod", "default", "n")["status"]["containerStatuses"][0]
    assert status["restartCount"] >= 1


def test_a_program_the_image_lacks_is_still_not_found():
    state, logs = run("kubectl run r --image=redis:7 --command -- no-such-program")
    assert state != "running" or "not found" in logs
