"""`kubectl attach` in kubetui's own kubectl, as kubectl 1.37 words and runs it: the output of the
container's process from the moment of attaching until ctrl+c or the container's end; with `-i -t`
the shell `kubectl run -it` opened, resumed after its session ended, through the same terminal
session `exec -it` uses (each typed line a door command)."""

import pytest

from kubetui.kubectl.commands.debug import PROMPT_HINT, RECORDED
from kubetui.kubectl.commands.exec import NO_TTY
from kubetui.shell import Simulation

NOTICES = RECORDED + "\n" + PROMPT_HINT + "\n"
TICKER = "i=0; while true; do i=$((i+1)); echo tick $i; sleep 2; done"


@pytest.fixture(scope="module")
def sim():
    s = Simulation(seed=3)
    for line in ("kubectl run ticker --image=busybox:1.36 -- sh -c '" + TICKER + "'",
                 "kubectl run web --image=nginx:1.27",
                 "kubectl run done --image=busybox:1.36 --restart=Never -- true"):
        assert s.run(line).exit_code == 0, line
    s.step(20)
    return s


def test_a_session_ended_by_run_it_resumes_with_the_command_kubectl_printed():
    sim = Simulation(seed=3)
    shell = sim.start("kubectl run -it bb --image=busybox:1.36 -- sh")
    sim.step(15)
    assert sim.send(shell.seq, "exit")
    resume = "kubectl attach bb -c bb -n default -i -t"
    assert shell.stdout.endswith(f"Session ended, resume using '{resume}' command\n")
    sim.step(12)
    assert sim.get("Pod", "bb")["status"]["containerStatuses"][0]["restartCount"] == 1
    attached = sim.start(resume)
    assert not attached.done and attached.stderr == NOTICES and attached.terminal is not None
    assert sim.send(attached.seq, "hostname; echo $((6*7))")
    assert attached.stdout == "/ # hostname; echo $((6*7))\nbb\n42\n"
    assert sim.send(attached.seq, "exit 3")
    assert attached.done and attached.exit_code == 0  # attach reports no exit code
    assert attached.stdout.endswith(f"/ # exit 3\nSession ended, resume using '{resume}' command\n")
    sim.step(12)
    status = sim.get("Pod", "bb")["status"]["containerStatuses"][0]
    assert status["lastState"]["terminated"]["exitCode"] == 3 and status["restartCount"] == 2
    assert [r["line"] for r in sim.command_log if "sends" in r] == ["exit", "hostname; echo $((6*7))", "exit 3"]
    quiet = sim.start("kubectl attach bb -iq")  # the container's tty makes -t implied
    assert quiet.stderr == "" and sim.send(quiet.seq, "exit")
    assert quiet.done and quiet.stdout == "/ # exit\n"


def test_without_stdin_it_streams_what_the_container_writes_from_now_until_ctrl_c(sim):
    before = sim.run("kubectl logs ticker").stdout
    attached = sim.start("kubectl attach ticker")
    assert not attached.done and attached.stdout == "" and attached.stderr == NOTICES
    sim.step(6)
    new = sim.run("kubectl logs ticker").stdout[len(before):]
    assert attached.stdout == new and new.count("tick") == 3
    assert sim.cancel(attached.seq).exit_code == 130


def test_the_stream_ends_with_the_container(sim):
    attached = sim.start("kubectl attach ticker -q")
    sim.step(2)
    assert sim.run("sim exit pod/ticker 0").exit_code == 0
    sim.step(1)
    assert attached.done and attached.exit_code == 0 and attached.stderr == ""
    assert attached.stdout.startswith("tick ")


def test_in_a_script_it_follows_as_long_as_logs_f_does_and_reads_a_here_document(sim):
    r = sim.run("kubectl attach web")
    assert (r.exit_code, r.stdout, r.stderr) == (0, "", NOTICES)
    s = Simulation(seed=4)
    s.run("kubectl run bb -it --image=busybox:1.36 -- sh")
    s.step(15)
    r = s.run("kubectl attach bb -i", stdin="echo $((6*7))\nexit 2\n")
    assert (r.exit_code, r.stdout, r.stderr) == (0, "/ # echo $((6*7))\n42\n/ # exit 2\n", NO_TTY + "\n" + NOTICES)
    s.step(1)
    assert s.get("Pod", "bb")["status"]["containerStatuses"][0]["restartCount"] == 1


def test_a_container_not_started_yet_is_refused_after_the_notices():
    s = Simulation(seed=3)
    s.run("kubectl apply -f -", stdin="{apiVersion: v1, kind: Pod, metadata: {name: stuck}, spec: "
                                     "{nodeSelector: {x: y}, containers: [{name: c, image: busybox:1.36}]}}")
    r = s.run("kubectl attach stuck")
    assert (r.exit_code, r.stdout) == (1, "")
    assert r.stderr == NOTICES + 'error: unable to upgrade connection: container "c" in pod "stuck" is waiting to ' \
                                 "start: ContainerCreating\n"


def test_a_tty_the_container_did_not_allocate_is_dropped_with_kubectls_words(sim):
    attached = sim.start("kubectl attach web -it")
    assert attached.terminal is None and not attached.done
    assert attached.stderr == "error: Unable to use a TTY - container web did not allocate one\n" + NOTICES
    sim.cancel(attached.seq)


@pytest.mark.parametrize(("line", "error"), [
    ("kubectl attach", "error: at least 1 argument is required for attach"),
    ("kubectl attach a b c", "error: expected POD, TYPE/NAME, or TYPE NAME, (at most 2 arguments) saw 3: [a b c]"),
    ("kubectl attach web --pod-running-timeout=0", "error: --pod-running-timeout must be higher than zero\n"
                                                   "See 'kubectl attach -h' for help and examples"),
    ("kubectl attach done", "error: cannot attach a container in a completed pod; current phase is Succeeded"),
    ("kubectl attach web -c nope", "error: cannot attach to the container: container nope is not valid for pod web "
                                   "out of: web"),
    ("kubectl attach nope", 'Error from server (NotFound): pods "nope" not found'),
    ("kubectl attach pod nope", 'Error from server (NotFound): pods "nope" not found'),
])
def test_errors_in_kubectls_words(sim, line, error):
    r = sim.run(line)
    assert (r.exit_code, r.stdout, r.stderr) == (1, "", error + "\n")
