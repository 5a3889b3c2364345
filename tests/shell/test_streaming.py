"""Output in simulated time everywhere: a pipeline stage or `$(...)` that sleeps holds its
command, not the tick; a streaming filter (`| tee`, `| grep`) prints each line as it arrives;
`kubectl exec` without a terminal shows what the shell prints when it prints it."""

import pickle

import pytest

from kubetui import Simulation
from kubetui.engine.kubelet.shell import FileSystem, Machine


def tmp_fs() -> FileSystem:
    fs = FileSystem()
    fs.mkdir("/tmp", parents=True)
    return fs


def printed(script: str, ticks: int = 12) -> list[tuple[int, str]]:
    m = Machine.for_script(script, tmp_fs(), {})
    out = []
    for tick in range(ticks):
        m.advance(tick)
        out += [(tick, text) for _, text in m.console]
        m.console.clear()
    return out


@pytest.mark.parametrize("script, expected", [
    ("echo $(sleep 3; echo x) y", [(3, "x y\n")]),
    ("echo a; x=$(sleep 2; echo b); echo $x", [(0, "a\n"), (2, "b\n")]),
    ("for i in 1 2 3; do echo $i; sleep 2; done | cat", [(0, "1\n"), (2, "2\n"), (4, "3\n")]),
    ("for i in 1 2 3; do echo l$i; sleep 2; done | grep -v 2 | tee /tmp/o", [(0, "l1\n"), (4, "l3\n")]),
    ("for i in 1 2 3; do echo $i; sleep 2; done | wc -l", [(6, "3\n")]),
    ("sh -c 'echo a; sleep 2; echo b'; echo c", [(0, "a\n"), (2, "b\n"), (2, "c\n")]),
    ("sleep 5 | echo first", [(0, "first\n")]),
    ("eval 'echo e; sleep 1'; echo f", [(0, "e\n"), (1, "f\n")]),
])
def test_nested_sleeps_take_their_time_and_output_comes_when_printed(script, expected):
    assert printed(script) == expected


def test_a_redirected_nested_shell_keeps_what_it_wrote_before_it_slept():
    fs = tmp_fs()
    m = Machine.for_script("sh -c 'echo a; sleep 2; echo b' > /tmp/o; cat /tmp/o", fs, {})
    for tick in range(4):
        m.advance(tick)
    assert m.done and "".join(t for _, t in m.console) == "a\nb\n"


def test_a_machine_waiting_in_a_pipeline_pickles_and_resumes():
    m = Machine.for_script("for i in 1 2 3; do echo $i; sleep 2; done | tee /tmp/o; echo end", tmp_fs(), {})
    m.advance(0)
    copy = pickle.loads(pickle.dumps(m))
    for tick in range(1, 8):
        copy.advance(tick)
    assert copy.done and "".join(t for _, t in copy.console) == "1\n2\n3\nend\n"
    assert copy.fs.read("/tmp/o") == "1\n2\n3\n"


def test_tail_f_through_grep_follows_the_file():
    fs = tmp_fs()
    fs.write("/tmp/app.log", "ok\n")
    m = Machine.for_script("tail -f /tmp/app.log | grep ERR", fs, {})
    m.advance(0)
    fs.write("/tmp/app.log", "ERR one\nok\n", append=True)
    m.advance(1)
    m.advance(2)
    assert "".join(t for _, t in m.console) == "ERR one\n" and not m.done


def busybox_pod() -> Simulation:
    sim = Simulation(seed=1)
    sim.run("kubectl run bb --image=busybox -- sleep 3600")
    sim.step(10)
    return sim


def test_exec_without_a_terminal_streams_its_output_in_simulated_time():
    sim = busybox_pod()
    inv = sim.start("kubectl exec bb -- sh -c 'echo a; sleep 2; echo b; exit 3'")
    start, seen = sim.tick, []
    while not inv.done:
        seen.append((sim.tick - start, inv.stdout))
        sim.step(1)
    assert seen == [(0, "a\n"), (1, "a\n")]
    assert (sim.tick - start, inv.stdout, inv.stderr, inv.exit_code) == (
        2, "a\nb\n", "command terminated with exit code 3\n", 3)


def test_exec_run_to_its_end_waits_its_sleeps():
    sim = busybox_pod()
    start = sim.tick
    r = sim.run("kubectl exec bb -- sh -c 'echo $(sleep 3; echo x); echo y'")
    assert (r.stdout, sim.tick - start) == ("x\ny\n", 3)
    r = sim.run("kubectl exec bb -- sh -c 'while true; do :; done'")
    assert r.exit_code == 130 and "ran too long" in r.stderr


def test_logs_of_a_loop_piped_through_tee_arrive_every_five_seconds():
    sim = Simulation(seed=1)
    sim.run("kubectl run loop --image=busybox -- sh -c 'while true; do date +%S; sleep 5; done | tee /tmp/log'")
    sim.run("kubectl run sub --image=busybox -- sh -c 'echo start; echo $(sleep 3; echo x); sleep 3600'")
    sim.step(22)
    stamped = sim.run("kubectl logs loop --timestamps").stdout.splitlines()
    assert [s.split(" ", 1)[0][11:19] for s in stamped] == ["00:00:05", "00:00:10", "00:00:15", "00:00:20"]
    assert sim.run("kubectl exec loop -- cat /tmp/log").stdout.count("\n") == 4
    stamped = sim.run("kubectl logs sub --timestamps").stdout.splitlines()
    assert [(s[11:19], s.split(" ", 1)[1]) for s in stamped] == [("00:00:05", "start"), ("00:00:08", "x")]
    follow = sim.start("kubectl logs -f loop --tail=0")
    sim.step(5)
    assert follow.stdout.count("\n") == 1
    sim.cancel(follow.seq)


def test_a_running_exec_without_a_terminal_reads_no_typed_lines():
    sim = busybox_pod()
    inv = sim.start("kubectl exec bb -- sh -c 'sleep 5; echo done'")
    assert inv.terminal is None and not sim.send(inv.seq, "echo typed")
    sim.step(6)
    assert inv.done and inv.stdout == "done\n"
