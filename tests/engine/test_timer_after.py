"""`Simulation.after` is `at(tick + seconds)` written out: same ticks, same sequence numbers."""

from kubetui.engine.simulation import Simulation


def test_after_schedules_like_at_in_one_sequence():
    sim = Simulation(seed=3, nodes=1)
    sim.step(2)
    ran: list[tuple[int, str]] = []
    mark = lambda name: ran.append((sim.tick, name))  # noqa: E731
    seq0 = sim._timer_seq
    sim.after(0, mark, "after0")
    sim.at(sim.tick + 1, mark, "at1")
    sim.after(1, mark, "after1")
    sim.after(-4, mark, "after-4")
    sim.after(3, mark, "after3")
    sim.at(sim.tick + 3, mark, "at3")
    sim.at(sim.tick, mark, "atnow")
    assert sim._timer_seq == seq0 + 7
    queued = [(t.tick, t.seq, t.args[0]) for due in sim._timers.values() for t in due if t.fn is mark]
    start = sim.tick
    assert sorted(queued, key=lambda q: q[1]) == [
        (start + 1, seq0 + 1, "after0"), (start + 1, seq0 + 2, "at1"), (start + 1, seq0 + 3, "after1"),
        (start + 1, seq0 + 4, "after-4"), (start + 3, seq0 + 5, "after3"), (start + 3, seq0 + 6, "at3"),
        (start + 1, seq0 + 7, "atnow")]
    sim.step(3)
    assert ran == [(start + 1, "after0"), (start + 1, "at1"), (start + 1, "after1"), (start + 1, "after-4"),
                   (start + 1, "atnow"), (start + 3, "after3"), (start + 3, "at3")]
