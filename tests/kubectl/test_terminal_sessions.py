"""One terminal session for every shell kubectl attaches to at the command bar: `exec -it`,
`run -it` and `debug -it` start through the door, each typed line is `Simulation.send`, the
shell's state lasts between lines, a `sleep` takes simulated seconds, and a replay in a fresh
process types the same lines into the same shell."""

from __future__ import annotations

import subprocess
import sys

import pytest

from kubetui.replay.writer import EventLog
from kubetui.shell import Simulation


def _until_terminal(sim: Simulation, shell, ticks: int = 60) -> None:
    for _ in range(ticks):
        if shell.terminal is not None or shell.done:
            break
        sim.step(1)
    assert shell.terminal is not None, shell.stdout + shell.stderr


def _logged(tmp_path, seed: int) -> tuple[Simulation, EventLog]:
    sim = Simulation(seed=seed)
    log = EventLog(tmp_path / "run.jsonl", {"scenario": None, "seed": seed, "nodes": 3})
    log.attach(sim)
    return sim, log


def _verify_in_a_fresh_process(tmp_path, sim: Simulation, log: EventLog) -> None:
    log.end({"passed": None, "score": None})
    log.close()
    out = subprocess.run([sys.executable, "-m", "kubetui.cli", "replay", "--verify", str(tmp_path / "run.jsonl")],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "replay matches" in out.stdout


@pytest.mark.slow
def test_run_it_rm_is_a_session_in_the_pods_own_shell_and_the_pod_goes_after_exit(tmp_path):
    sim, log = _logged(tmp_path, 11)
    shell = sim.start("kubectl run -it --rm tmp --image=busybox --restart=Never -- sh")
    assert not shell.done
    _until_terminal(sim, shell)
    assert shell.stderr == ("All commands and output from this session will be recorded in container logs, including "
                            "credentials and sensitive information passed through the command prompt.\n"
                            "If you don't see a command prompt, try pressing enter.\n")
    assert sim.get("Pod", "tmp")["status"]["phase"] == "Running"
    assert sim.send(shell.seq, "n=6; twice() { echo $((n * 2)); }")
    assert sim.send(shell.seq, "twice; echo pid $$; hostname")
    assert "/ # twice; echo pid $$; hostname\n12\npid 1\ntmp\n" in shell.stdout
    assert sim.send(shell.seq, "exit 0")
    assert shell.done and shell.exit_code == 0
    assert shell.stdout.endswith('/ # exit 0\npod "tmp" deleted from default namespace\n')
    sim.step(40)
    assert sim.get("Pod", "tmp") is None
    assert sim.background == {}
    assert [r["line"] for r in sim.command_log if r.get("sends") == shell.seq] == [
        "n=6; twice() { echo $((n * 2)); }", "twice; echo pid $$; hostname", "exit 0"]
    _verify_in_a_fresh_process(tmp_path, sim, log)


def test_run_it_without_rm_ends_the_container_with_the_shells_exit_code():
    sim = Simulation(seed=3)
    shell = sim.start("kubectl run -it keep --image=busybox --restart=Never -- sh")
    _until_terminal(sim, shell)
    sim.send(shell.seq, "exit 5")
    assert shell.exit_code == 5
    sim.step(2)
    pod = sim.get("Pod", "keep")
    assert pod["status"]["phase"] == "Failed"
    assert pod["status"]["containerStatuses"][0]["state"]["terminated"]["exitCode"] == 5


@pytest.mark.slow
def test_debug_it_is_a_session_in_the_ephemeral_container_sharing_the_targets_processes(tmp_path):
    sim, log = _logged(tmp_path, 12)
    sim.run("kubectl run web --image=busybox -- sleep 3600")
    sim.step(15)
    shell = sim.start("kubectl debug -it web --image=busybox --target=web")
    _until_terminal(sim, shell)
    name = sim.get("Pod", "web")["spec"]["ephemeralContainers"][0]["name"]
    assert sim.send(shell.seq, "ps")
    assert "PID   USER     TIME  COMMAND\n    1 root      0:00 sleep 3600\n    7 root      0:00 sh\n" in shell.stdout
    assert sim.send(shell.seq, "cd /tmp && echo kept > note; V=1")
    assert sim.send(shell.seq, "cat note; echo v=$V")
    assert "/tmp # cat note; echo v=$V\nkept\nv=1\n" in shell.stdout
    assert sim.send(shell.seq, "exit 2")
    assert shell.done and shell.exit_code == 2
    [st] = sim.get("Pod", "web")["status"]["ephemeralContainerStatuses"]
    assert st["name"] == name and st["state"]["terminated"]["exitCode"] == 2
    assert sim.get("Pod", "web")["status"]["phase"] == "Running"
    sim.step(3)
    _verify_in_a_fresh_process(tmp_path, sim, log)


def test_a_line_that_sleeps_takes_its_simulated_seconds_and_holds_the_next_line_back():
    sim = Simulation(seed=4)
    sim.run("kubectl run box --image=busybox -- sleep 3600")
    sim.step(15)
    shell = sim.start("kubectl exec -it box -- sh")
    tick = sim.tick
    sim.send(shell.seq, "sleep 3; echo woke")
    sim.send(shell.seq, "echo next")
    assert shell.terminal.busy and "next\n" not in shell.stdout.replace("echo next", "")
    sim.step(2)
    assert shell.terminal.busy
    sim.step(1)
    assert sim.tick == tick + 3 and not shell.terminal.busy
    assert shell.stdout.endswith("/ # sleep 3; echo woke\nwoke\n/ # echo next\nnext\n")
    sim.send(shell.seq, "exit")
    assert shell.done


def test_a_session_idle_for_long_stays_open():
    sim = Simulation(seed=5)
    sim.run("kubectl run box --image=busybox -- sleep 36000")
    sim.step(15)
    shell = sim.start("kubectl exec -it box -- sh")
    sim.step(900)
    assert not shell.done and sim.send(shell.seq, "echo still")
    assert shell.stdout.endswith("still\n")


def test_run_it_without_a_command_opens_the_images_own_shell():
    sim = Simulation(seed=6)
    shell = sim.start("kubectl run -it --rm tmp --image=busybox --restart=Never")
    _until_terminal(sim, shell)
    sim.send(shell.seq, "echo pid $$")
    sim.send(shell.seq, "exit")
    assert shell.exit_code == 0 and shell.stdout == '/ # echo pid $$\npid 1\n/ # exit\npod "tmp" deleted from default namespace\n'
    not_a_shell = sim.start("kubectl run -it --rm web --image=nginx --restart=Never")
    for _ in range(40):
        if not_a_shell.done:
            break
        sim.step(1)
    assert not_a_shell.exit_code == 1 and "interactive shells are not available" in not_a_shell.stderr
    assert sim.run("kubectl run -it --rm tmp --image=busybox").stderr.startswith(
        "error: interactive shells are not available in kubetui")


def test_ctrl_c_stops_the_running_line_and_the_shell_stays(tmp_path):
    """^C (INTR, 0x03) typed into `exec -it`'s terminal: SIGINT to the foreground line — sleep,
    a loop, `tail -f` stop (`$?` 130, the rest of the line dropped), ping prints its statistics
    and the line goes on; at the prompt it drops what was typed. Only `exit` or ^D ends the
    shell. Typed through the door, so a fresh process replays it to the same checksum."""
    sim, log = _logged(tmp_path, 21)
    sim.run("kubectl run web --image=busybox -- sleep 3600")
    sim.step(15)
    shell = sim.start("kubectl exec -it web -- sh")
    _until_terminal(sim, shell)

    def typed(line: str, ticks: int = 0) -> str:
        at = len(shell.stdout)
        assert sim.send(shell.seq, line)
        sim.step(ticks) if ticks else None
        return shell.stdout[at:]

    assert typed("sleep 100; echo never", 3) == "/ # sleep 100; echo never\n"
    assert shell.terminal.busy
    assert typed("\x03") == "^C\n"
    assert not shell.terminal.busy and not shell.done
    assert typed("echo $?") == "/ # echo $?\n130\n"
    assert typed("while true; do echo tick; sleep 1; done", 2) == \
        "/ # while true; do echo tick; sleep 1; done\ntick\ntick\ntick\n"
    assert typed("\x03") + typed("echo $?") == "^C\n/ # echo $?\n130\n"
    assert typed("tail -f /etc/hostname", 5) == "/ # tail -f /etc/hostname\nweb\n"
    assert shell.terminal.busy, "tail -f follows until ^C"
    assert typed("\x03") == "^C\n"
    out = typed("ping web; echo after $?", 2) + typed("\x03")
    assert out.startswith("/ # ping web; echo after $?\nPING web (")
    assert out.count("64 bytes from") == 3
    assert out.endswith("^C\n--- web ping statistics ---\n3 packets transmitted, 3 packets received, 0% packet loss\n"
                        "round-trip min/avg/max = 0.060/0.080/0.097 ms\nafter 0\n")
    assert typed("ech\x03") + typed("echo $?") == "/ # ech^C\n/ # echo $?\n130\n"
    assert typed("sleep 5", 1) + typed("echo typed ahead") + typed("\x03", 10) == "/ # sleep 5\n^C\n"
    assert typed("\x04") == "/ # \n"
    assert shell.done and shell.exit_code == 130, "^D exits as `exit` does: with the last status, the ^C's"
    assert shell.stderr.endswith("command terminated with exit code 130\n")
    assert sim.get("Pod", "web")["status"]["phase"] == "Running"
    _verify_in_a_fresh_process(tmp_path, sim, log)


def test_without_a_terminal_ctrl_c_is_kubectls_and_ends_the_session():
    """`exec -i` without `-t`: the client's terminal is not raw, so ^C stops kubectl itself; a
    0x03 typed into the shell's stdin is no interrupt."""
    sim = Simulation(seed=4)
    sim.run("kubectl run web --image=busybox -- sleep 3600")
    sim.step(15)
    shell = sim.start("kubectl exec -i web -- sh")
    _until_terminal(sim, shell)
    assert not shell.terminal.tty
    sim.send(shell.seq, "sleep 100")
    sim.send(shell.seq, "\x03")
    assert shell.terminal.busy
    assert sim.cancel(shell.seq).exit_code == 130


def _session_of(sim: Simulation, line: str, typed: str = "exit 4"):
    shell = sim.start(line)
    _until_terminal(sim, shell)
    sim.send(shell.seq, typed)
    assert shell.done
    return shell


def test_an_attached_session_that_ends_tells_how_to_reattach_where_the_pod_runs_on():
    """kubectl 1.37's reattach message, on a raw terminal only, for restartPolicy Always (with
    or without --rm; its exit code is then 0, kubectl waiting for none), never with --quiet or
    Never; an ephemeral container's has its own wording."""
    sim = Simulation(seed=5)
    shell = _session_of(sim, "kubectl run -it keep --image=busybox -- sh")
    assert shell.stdout == "/ # exit 4\nSession ended, resume using 'kubectl attach keep -c keep -n default -i -t' command\n"
    assert shell.exit_code == 0
    shell = _session_of(sim, "kubectl run -it --rm tmp -n kube-public --image=busybox -- sh")
    assert shell.stdout == ("/ # exit 4\nSession ended, resume using 'kubectl attach tmp -c tmp -n kube-public -i -t' "
                            "command\npod \"tmp\" deleted from kube-public namespace\n")
    for line in ("kubectl run -it never --image=busybox --restart=Never -- sh",
                 "kubectl run -it quiet -q --image=busybox -- sh", "kubectl run -i plain --image=busybox -- sh"):
        assert "Session ended" not in _session_of(sim, line).stdout, line
    sim.run("kubectl run web --image=busybox -- sleep 3600")
    sim.step(15)
    shell = _session_of(sim, "kubectl debug -it web --image=busybox -c dbg", "exit")
    assert shell.stdout.endswith("/ # exit\nSession ended, the ephemeral container will not be restarted but may be "
                                 "reattached using 'kubectl attach web -c dbg -n default -i -t' if it is still running\n")


def test_exec_i_without_t_is_a_pipe_not_a_terminal():
    """`kubectl exec -i POD -- sh` without `-t`: the shell reads a pipe, not a terminal: no
    prompt and no echo, `ls` one name per line, `tty` says "not a tty" (exit 1), `stty` finds no
    terminal and a window size reaches none. With `-t` the same lines see a terminal."""
    sim = Simulation(seed=4)
    sim.run("kubectl run web --image=busybox -- sleep 3600")
    sim.step(15)
    shell = sim.start("kubectl exec -i web -- sh")
    _until_terminal(sim, shell)
    assert not sim.resize(shell.seq, 120, 40), "no terminal to size"
    for line in ("ls /", "tty; echo $?", "stty size", "echo TERM=$TERM", "exit 3"):
        sim.send(shell.seq, line)
    assert shell.done and shell.exit_code == 3
    assert shell.stdout == "bin\ndev\netc\nhome\nproc\nroot\nsys\ntmp\nusr\nvar\nnot a tty\n1\nTERM=\n"
    assert shell.stderr == "stty: standard input: Not a tty\ncommand terminated with exit code 3\n"

    shell = sim.start("kubectl exec -it web -- sh")
    _until_terminal(sim, shell)
    for line in ("tty; echo $?", "echo TERM=$TERM", "exit"):
        sim.send(shell.seq, line)
    assert shell.stdout == "/ # tty; echo $?\n/dev/pts/0\n0\n/ # echo TERM=$TERM\nTERM=xterm\n/ # exit\n"


def test_run_i_without_t_reads_a_pipe_too():
    """`kubectl run -i` without `-t`: the container has no terminal (`tty` unset), so its shell
    prints no prompt and echoes nothing, as `exec -i`'s."""
    sim = Simulation(seed=4)
    shell = sim.start("kubectl run -i plain --image=busybox --restart=Never -- sh")
    _until_terminal(sim, shell)
    for line in ("tty", "echo hi", "exit 0"):
        sim.send(shell.seq, line)
    assert shell.done
    assert shell.stdout == "not a tty\nhi\n"


def test_bash_reading_a_pipe_counts_its_lines_in_its_messages():
    """bash is interactive only on a terminal: reading `exec -i`'s pipe it names the line."""
    sim = Simulation(seed=1)
    sim.run("kubectl run web --image=nginx:1.25")
    sim.step(20)
    for flags, said in (("-i", "bash: line 1: nope: command not found\nbash: line 2: nope2: command not found\n"),
                        ("-it", "bash: nope: command not found\nbash: nope2: command not found\n")):
        shell = sim.start(f"kubectl exec {flags} web -- bash")
        _until_terminal(sim, shell)
        for line in ("nope", "nope2", "exit"):
            sim.send(shell.seq, line)
        assert shell.stderr == said + "command terminated with exit code 127\n"


@pytest.mark.slow
def test_exec_i_without_a_terminal_runs_whole_commands_as_lines_arrive(tmp_path):
    """`exec -i POD -- sh` (what `kubetui serve` starts for the real kubectl): no prompt, no echo;
    a line that starts a compound command or a here-document waits for the rest, as sh reading
    a pipe does; ^D ends it with the last status; a replay types the same lines."""
    sim, log = _logged(tmp_path, 5)
    sim.run("kubectl run bb --image=busybox -- sleep 3600")
    sim.step(15)
    shell = sim.start("kubectl exec -i bb -- sh", source="api")
    _until_terminal(sim, shell)
    for line in ["x=7", "for i in 1 2; do", "echo $i$x", "done", "cat <<EOF", "doc $x", "EOF", "tty"]:
        sim.send(shell.seq, line, source="api")
    assert shell.stdout == "17\n27\ndoc 7\nnot a tty\n" and shell.stderr == ""
    sim.send(shell.seq, "if true; then\n\x04", source="api")
    assert shell.done and shell.exit_code == 2
    assert shell.stderr == ('sh: syntax error: unexpected end of file (expecting "fi")\n'
                            "command terminated with exit code 2\n")
    _verify_in_a_fresh_process(tmp_path, sim, log)
