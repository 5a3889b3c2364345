"""`kubectl run -i/-it --rm … -- CMD` and `kubectl debug -i … -- CMD` show the command's output as
it prints it, its sleeps taking their simulated time (as a non-interactive `exec` does), then
`--rm`'s deletion; not all of it at the end."""

from kubetui import Simulation

ATTACHING = ("All commands and output from this session will be recorded in container logs, including credentials "
             "and sensitive information passed through the command prompt.\n"
             "If you don't see a command prompt, try pressing enter.\n")
"""What kubectl 1.37 says on stderr as `run -i` attaches (the real binary on `kubetui serve`)."""
NO_TTY = "Unable to use a TTY - input is not a terminal or the right kind of file\n"
LOOP = "sh -c 'for i in 1 2 3; do echo $i; sleep 2; done'"


def _lines_by_tick(sim, invocation, limit=120):
    """{line: tick it first showed} until the command ends."""
    seen: dict[str, int] = {}
    while not invocation.done:
        assert sim.tick < limit, invocation.stdout
        for line in invocation.stdout.splitlines():
            seen.setdefault(line, sim.tick)
        sim.step(1)
    for line in invocation.stdout.splitlines():
        seen.setdefault(line, sim.tick)
    return seen


def test_run_it_rm_streams_then_deletes():
    sim = Simulation(seed=0, nodes=1)
    run = sim.start(f"kubectl run t -it --rm --image=busybox --restart=Never -- {LOOP}")
    seen = _lines_by_tick(sim, run)
    result = run.poll()
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ATTACHING
    assert result.stdout == '1\n2\n3\npod "t" deleted from default namespace\n'
    assert seen["2"] - seen["1"] == 2 and seen["3"] - seen["2"] == 2
    assert seen['pod "t" deleted from default namespace'] - seen["3"] >= 2
    assert sim.get("Pod", "t") is None


def test_run_i_keeps_the_exit_code_and_stderr_apart():
    sim = Simulation(seed=0, nodes=1)
    run = sim.start("kubectl run f -i --rm --image=busybox --restart=Never -- sh -c 'echo out; sleep 3; "
                    "echo err >&2; exit 4'")
    seen = _lines_by_tick(sim, run)
    result = run.poll()
    assert (result.exit_code, result.stdout) == (4, 'out\npod "f" deleted from default namespace\n')
    assert result.stderr == ATTACHING + "err\npod default/f terminated (Error)\n"
    assert seen['pod "f" deleted from default namespace'] - seen["out"] >= 3


def test_a_command_that_ends_at_once_is_unchanged():
    sim = Simulation(seed=0, nodes=1)
    r = sim.run("kubectl run tmp --image=busybox -it --rm --restart=Never -- /bin/sh -c 'echo hello world'")
    assert (r.exit_code, r.stdout, r.stderr) == (0, 'hello world\npod "tmp" deleted from default namespace\n',
                                                 NO_TTY + ATTACHING)


def test_debug_i_streams_the_debug_containers_output():
    sim = Simulation(seed=0, nodes=1)
    sim.run("kubectl run web --image=nginx")
    sim.step(10)
    debug = sim.start(f"kubectl debug web -i --image=busybox -- {LOOP}")
    seen = _lines_by_tick(sim, debug)
    result = debug.poll()
    assert result.exit_code == 0, result.stderr
    assert [line for line in result.stdout.splitlines() if line in ("1", "2", "3")] == ["1", "2", "3"]
    assert seen["2"] - seen["1"] == 2 and seen["3"] - seen["2"] == 2
