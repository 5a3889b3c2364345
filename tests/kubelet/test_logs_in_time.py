"""A container's log shows a line only once it is printed: `echo hello; sleep 30; echo world`
logs `hello` at once and `world` 30 simulated seconds later, for `logs`, `--timestamps` and `-f`
(a CKAD drill: "follow the logs; you will wait 30 seconds")."""

from kubetui import Simulation

JOB = "kubectl create job greet --image=busybox -- /bin/sh -c 'echo hello;sleep 30;echo world'"


def test_a_line_shows_when_it_is_printed():
    sim = Simulation(seed=0, nodes=1)
    assert sim.run(JOB).exit_code == 0
    sim.step(8)
    assert sim.run("kubectl logs job/greet").stdout == "hello\n"
    stamped = sim.run("kubectl logs job/greet --timestamps").stdout.splitlines()
    assert len(stamped) == 1 and stamped[0].endswith(" hello")
    sim.step(30)
    assert sim.run("kubectl logs job/greet").stdout == "hello\nworld\n"


def test_follow_waits_for_the_later_line():
    sim = Simulation(seed=0, nodes=1)
    sim.run(JOB)
    sim.step(8)
    follow = sim.start("kubectl logs -f job/greet")
    assert follow.stdout == "hello\n"
    while "world" not in follow.stdout:
        assert sim.tick < 60, follow.stdout
        sim.step(1)
    assert 30 <= sim.tick - 4 <= 32  # printed 30 seconds after hello
