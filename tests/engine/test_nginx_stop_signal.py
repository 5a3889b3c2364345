"""Deleting a pod that runs nginx stops it with the image's STOPSIGNAL: SIGQUIT (nginx's graceful
shutdown) for the tags built since docker-nginx switched to it (1.19.5, and the rebuilt 1.18),
SIGTERM (fast shutdown) before. `kubectl logs` of the Terminating pod shows nginx's lines, the
same ones a liveness kill leaves in `logs --previous`."""

from kubetui import Simulation


def deleted(image: str) -> list[str]:
    sim = Simulation(seed=0, nodes=1)
    assert sim.run(f"kubectl run web --image={image}").exit_code == 0
    sim.step(20)
    assert sim.run("kubectl delete pod web --wait=false").exit_code == 0
    assert "Terminating" in sim.run("kubectl get pod web").stdout
    return sim.run("kubectl logs web").stdout.splitlines()


def test_a_deleted_nginx_pod_logs_its_graceful_shutdown_while_terminating():
    log = deleted("nginx:1.27")
    quit_at = next(i for i, line in enumerate(log) if line.endswith(" [notice] 1#1: signal 3 (SIGQUIT) received, "
                                                                     "shutting down"))
    assert log[quit_at + 1].endswith(" [notice] 29#29: gracefully shutting down")
    assert log[quit_at + 2].endswith(" [notice] 29#29: exiting")
    assert any(line.endswith(" [notice] 1#1: worker process 29 exited with code 0") for line in log[quit_at:])
    assert log[-1].endswith(" [notice] 1#1: exit")


def test_an_image_built_before_the_switch_gets_sigterm_and_exits_fast():
    log = deleted("nginx:1.19.4")
    assert any(line.endswith(" [notice] 1#1: signal 15 (SIGTERM) received, exiting") for line in log)
    assert not any("gracefully shutting down" in line for line in log)
    assert log[-1].endswith(" [notice] 1#1: exit")
    assert any(line.endswith(" [notice] 1#1: signal 3 (SIGQUIT) received, shutting down") for line in deleted("nginx:1.18"))
