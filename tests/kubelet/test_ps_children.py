"""`ps` in a container whose main process is a shell script lists the program the script is in
now under PID 1, as a real container's process table does: the `sleep 5` of a `while true` loop
(a new pid each round, as each round forks a new one), the `sleep 3600` after an `echo`, both
stages of `tail -f … | grep …`, and a `while read` stage as a copy of the shell."""

import pytest

from kubetui import Simulation

PODS = {
    "loop": "sh -c 'while true; do date; sleep 5; done'",
    "once": "sh -c 'echo hi; sleep 3600'",
    "plain": "sleep 3600",
    "tailer": "sh -c 'touch /x; tail -f /x | grep \"hi there\"'",
    "adapter": "sh -c 'touch /x; tail -f /x | while read l; do echo $l; done'",
}


@pytest.fixture(scope="module")
def booted():
    sim = Simulation(seed=2)
    for name, command in PODS.items():
        sim.run(f"kubectl run {name} --image=busybox:1.36 -- {command}")
    sim.run("kubectl run deb --image=debian:bookworm -- sh -c 'while true; do sleep 10; done'")
    sim.step(33)
    return sim


def table(sim, pod: str, ps: str = "ps") -> list[tuple[str, str]]:
    lines = sim.run(f"kubectl exec {pod} -- {ps}").stdout.splitlines()[1:]
    return [(line.split()[0], line.split(None, 3)[3]) for line in lines]


def test_a_loop_shows_its_current_sleep_with_a_pid_that_grows_each_round(booted):
    sim = booted.fork()
    first = table(sim, "loop")
    assert [cmd for _, cmd in first] == ["sh -c while true; do date; sleep 5; done", "sleep 5", "ps"]
    sim.step(10)
    later = table(sim, "loop")
    assert later[1][1] == "sleep 5" and int(later[1][0]) > int(first[1][0])


def test_the_program_a_script_ends_in_and_a_plain_program(booted):
    sim = booted.fork()
    assert table(sim, "once") == [("1", "sh -c echo hi; sleep 3600"), ("2", "sleep 3600"), ("10", "ps")]
    assert table(sim, "plain") == [("1", "sleep 3600"), ("7", "ps")]


def test_a_pipeline_shows_each_stage(booted):
    sim = booted.fork()
    assert [cmd for _, cmd in table(sim, "tailer")] == ['sh -c touch /x; tail -f /x | grep "hi there"',
                                                         "tail -f /x", "grep hi there", "ps"]
    main = "sh -c touch /x; tail -f /x | while read l; do echo $l; done"
    assert [cmd for _, cmd in table(sim, "adapter")] == [main, "tail -f /x", main, "ps"]


def test_procps_shows_the_sleep_as_a_child_of_pid_1(booted):
    sim = booted.fork()
    assert sim.run("kubectl exec deb -- sh -c 'apt-get update -qq && apt-get install -y -qq procps'").exit_code == 0
    rows = [line.split(None, 7) for line in sim.run("kubectl exec deb -- ps -ef").stdout.splitlines()[1:]]
    assert [(r[2], r[7]) for r in rows[:2]] == [("0", "sh -c while true; do sleep 10; done"), ("1", "sleep 10")]
