"""A terminal's size: what the client's window says (Simulation.resize, recorded and replayed) is
what `stty size` answers in the shell; a command without a terminal has none."""

from __future__ import annotations

from click.testing import CliRunner

from kubetui.cli import main
from kubetui.replay.writer import EventLog
from kubetui.shell import Simulation


def boxed(seed: int) -> Simulation:
    sim = Simulation(seed=seed)
    sim.run("kubectl run box --image=busybox -- sleep 3600")
    sim.step(15)
    return sim


def test_stty_size_answers_the_size_the_client_gave():
    sim = boxed(1)
    shell = sim.start("kubectl exec -it box -- sh")
    sim.send(shell.seq, "stty size")
    assert shell.stdout.endswith("/ # stty size\n24 80\n")
    assert sim.resize(shell.seq, 132, 43)
    assert not sim.resize(shell.seq, 132, 43)  # no news: nothing recorded
    sim.send(shell.seq, "stty size; stty rows 30 cols 90; stty size")
    assert shell.stdout.endswith("\n43 132\n30 90\n")
    assert shell.terminal.size == (90, 30)
    assert [r["line"] for r in sim.command_log if r.get("resizes") == shell.seq] == ["132x43"]
    sim.send(shell.seq, "exit")
    assert not sim.resize(shell.seq, 100, 40)


def test_without_a_terminal_stty_has_none_to_ask():
    sim = boxed(2)
    r = sim.run("kubectl exec box -- stty size")
    assert (r.exit_code, r.stderr) == (1, "stty: standard input: Not a tty\ncommand terminated with exit code 1\n")


def test_a_resized_session_replays(tmp_path):
    path = tmp_path / "run.jsonl"
    sim = Simulation(seed=3)
    log = EventLog(path, {"seed": 3, "nodes": 3})
    log.attach(sim)
    sim.run("kubectl run box --image=busybox -- sleep 3600")
    sim.step(15)
    shell = sim.start("kubectl exec -it box -- sh")
    sim.resize(shell.seq, 100, 40)
    sim.send(shell.seq, "stty size > /tmp/size")
    sim.send(shell.seq, "exit")
    assert sim.run("kubectl exec box -- cat /tmp/size").stdout == "40 100\n"
    sim.step(2)
    log.end({"passed": True, "score": None})
    log.close()
    r = CliRunner().invoke(main, ["replay", str(path), "--verify"])
    assert r.exit_code == 0, r.output
