"""The simulation's random stream steps back over a refused create's draws by counting words,
not by saving the generator's state before every create."""

import random

import pytest

from kubetui import Simulation
from kubetui.engine import randomness
from kubetui.engine.randomness import Stream

ALPHABET = "bcdfghjklmnpqrstvwxz2456789"


def test_the_stream_draws_what_random_random_draws():
    plain, stream = random.Random(7), Stream(7)
    for _ in range(500):
        assert plain.getrandbits(128) == stream.getrandbits(128)
        assert plain.choice(ALPHABET) == stream.choice(ALPHABET)
        assert "".join(plain.choice(ALPHABET) for _ in range(5)) == stream.suffix(ALPHABET, 5)
        assert plain.randrange(10, 2000) == stream.randrange(10, 2000)
        assert plain.randint(30000, 32767) == stream.randint(30000, 32767)
        assert plain.random() == stream.random()
        assert plain.getrandbits(0) == stream.getrandbits(0)
        assert plain.getrandbits(33) == stream.getrandbits(33)
        assert plain.gauss(0, 1) == stream.gauss(0, 1)
    assert plain.getstate() == stream.getstate()


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_rewind_restores_the_whole_state_across_saves_and_twists(seed):
    pick = random.Random(seed)
    stream = Stream(seed)
    for _ in range(200):
        mark, state = stream.mark(), stream.getstate()
        for _ in range(pick.randrange(0, 1500)):  # past SAVE_EVERY and the 624-word twist
            kind = pick.randrange(4)
            if kind == 0:
                stream.getrandbits(pick.choice([0, 1, 5, 32, 33, 64, 128]))
            elif kind == 1:
                stream.suffix(ALPHABET, 5)
            elif kind == 2:
                stream.random()
            else:
                stream.gauss(0, 1)  # leaves `gauss_next` set half of the time
        stream.rewind(mark)
        assert stream.getstate() == state
        for _ in range(pick.randrange(0, 300)):
            stream.getrandbits(128)


def test_nested_marks_rewind_to_their_own_place():
    stream = Stream(5)
    outer, at_outer = stream.mark(), stream.getstate()
    for _ in range(randomness.SAVE_EVERY):
        stream.getrandbits(64)
    inner, at_inner = stream.mark(), stream.getstate()  # taken after a new saved state
    for _ in range(3000):
        stream.getrandbits(7)
    stream.rewind(inner)
    assert stream.getstate() == at_inner
    stream.getrandbits(128)
    stream.setstate(stream.getstate())  # a state set from outside forgets the count
    stream.rewind(outer)
    assert stream.getstate() == at_outer


def test_refused_creates_leave_the_stream_as_it_was_after_many_draws():
    """The pods created before the refusal drew far more words than SAVE_EVERY."""
    sim, same = Simulation(seed=3), Simulation(seed=3)
    for s in (sim, same):
        s.run("kubectl create deployment web --image=nginx --replicas=600")
        s.step(2)
    sim.run("kubectl create quota tight --hard=pods=600")
    same.run("kubectl create quota tight --hard=pods=600")
    assert sim.rng.getstate() == same.rng.getstate()
    r = sim.run("kubectl run p --image=nginx")
    assert r.exit_code == 1 and "exceeded quota: tight" in r.stderr
    assert sim.rng.getstate() == same.rng.getstate()
    assert sim.checksum() == same.checksum()
    for s in (sim, same):
        s.run("kubectl delete quota tight")
        s.run("kubectl run q --image=nginx")
        s.step(3)
    assert sim.get("Pod", "q")["metadata"]["uid"] == same.get("Pod", "q")["metadata"]["uid"]
    assert sim.checksum() == same.checksum()


def test_a_copied_simulation_carries_the_stream():
    sim = Simulation(seed=4)
    sim.run("kubectl create deployment web --image=nginx --replicas=3")
    sim.step(2)
    copy = sim.fork()
    assert type(copy.rng) is Stream and copy.rng.getstate() == sim.rng.getstate()
    for s in (sim, copy):
        s.run("kubectl scale deployment web --replicas=5")
        s.step(2)
    assert copy.checksum() == sim.checksum()
