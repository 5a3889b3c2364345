"""What CKAD exercises look at through `kubectl exec`: `ps` (PID 1 is the container's command,
then `ps` itself), the image's users (/etc/passwd), `df -h`, and the simulated internet."""

from __future__ import annotations

import pytest

from kubetui import Simulation


@pytest.fixture(scope="module")
def sim():
    s = Simulation()
    s.run("kubectl run web --image=nginx:1.25")
    s.run("kubectl run bb --image=busybox -- sleep 3600")
    s.step(20)
    return s


def run(sim, line: str, stdin: str | None = None):
    r = sim.run(line, stdin=stdin)
    return r.exit_code, r.stdout, r.stderr


PS = [
    ("kubectl exec bb -- ps", "PID   USER     TIME  COMMAND\n    1 root      0:00 sleep 3600\n    7 root      0:00 ps\n"),
    ("kubectl exec bb -- ps aux",
     "PID   USER     TIME  COMMAND\n    1 root      0:00 sleep 3600\n    7 root      0:00 ps aux\n"),
    ("kubectl exec bb -- sh -c 'ps | wc -l'", "4\n"),
    ("kubectl exec web -- ps",
     "PID   USER     TIME  COMMAND\n    1 root      0:00 /docker-entrypoint.sh nginx -g daemon off;\n"
     "    7 root      0:00 ps\n"),
]


@pytest.mark.parametrize("line,out", PS, ids=[p[0] for p in PS])
def test_ps_shows_the_containers_command_and_itself(sim, line, out):
    assert run(sim, line) == (0, out, "")


def test_exec_with_stdin_reads_it_and_without_does_not(sim):
    assert run(sim, "kubectl exec -i bb -- cat", "piped\n") == (0, "piped\n", "")
    assert run(sim, "kubectl exec bb -- cat", "piped\n") == (0, "", "")


def test_tar_round_trip_between_containers_through_stdin(sim):
    code, archive, err = run(sim, "kubectl exec bb -- tar cf - /etc/hostname")
    assert (code, err) == (0, "tar: removing leading '/' from member names\n")
    assert len(archive) == 2048 and archive.startswith("etc/hostname\0")
    assert run(sim, "kubectl exec -i web -- tar xmf - -C /tmp", archive) == (0, "", "")
    assert run(sim, "kubectl exec web -- cat /tmp/etc/hostname") == (0, "bb\n", "")
