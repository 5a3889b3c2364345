"""A player's game draws its seed (each game's twists fall elsewhere) and records it, so that
the same seed plays the same run again; headless runs keep seed 0 unless told."""

import secrets
from pathlib import Path
from types import SimpleNamespace

from click.testing import CliRunner
from shipped import discovered

from kubetui.cli import drawn_seed, main
from kubetui.replay.reader import read_log
from kubetui.ui.game import Game
from kubetui.ui.screens.results import results_text

SCENARIOS = {s.id: s for s in discovered(Path(__file__).resolve().parents[1] / "scenarios")}


def _capture(monkeypatch, name: str) -> list:
    calls = []
    monkeypatch.setattr(f"kubetui.ui.app.{name}", lambda *a, **kw: calls.append(kw["seed"]))
    return calls


def test_play_and_sandbox_without_a_seed_draw_one(monkeypatch):
    monkeypatch.setattr(secrets, "randbelow", lambda n: 4242)
    played, boxed = _capture(monkeypatch, "run_play"), _capture(monkeypatch, "run_sandbox")
    runner = CliRunner()
    assert runner.invoke(main, ["play", "first-pod"]).exit_code == 0
    assert runner.invoke(main, ["play", "first-pod", "--seed", "7"]).exit_code == 0
    assert runner.invoke(main, ["sandbox"]).exit_code == 0
    assert runner.invoke(main, ["sandbox", "--seed", "0"]).exit_code == 0
    assert played == [4242, 7] and boxed == [4242, 0]


def test_the_draw_comes_from_the_operating_system_and_a_given_seed_wins(monkeypatch):
    asked = []
    monkeypatch.setattr(secrets, "randbelow", lambda n: asked.append(n) or n - 1)
    assert drawn_seed(None) == 999_999 and asked == [1_000_000]
    assert drawn_seed(0) == 0 and drawn_seed(31) == 31 and len(asked) == 1


def test_headless_commands_keep_seed_0():
    for command in ("run", "serve", "exam"):
        seed = next(p for p in main.commands[command].params if p.name == "seed")
        assert seed.default == 0, command
    assert "drawn at random" in CliRunner().invoke(main, ["play", "--help"]).output


def test_the_seed_moves_the_twist_and_is_in_the_log_to_replay_it(tmp_path):
    scenario = SCENARIOS["on-call-rollback"]
    ticks = {seed: scenario.timeline_ticks(seed)[1] for seed in (0, 4242)}
    assert ticks[0] != ticks[4242]
    game = Game.begin(scenario, seed=4242, log_path=str(tmp_path / "run.jsonl"), lang="en")
    game.sim.step(ticks[4242] + 1 - game.sim.tick)
    game.close()
    log = read_log(tmp_path / "run.jsonl")
    assert log.header["seed"] == 4242
    release = [c for c in log.commands if c.get("source") == "timeline" and "set image" in c.get("line", "")]
    assert [c["tick"] for c in release] == [ticks[4242]]


def test_the_results_screen_shows_the_seed_and_how_to_play_it_again():
    scenario = SCENARIOS["on-call-rollback"]
    game = SimpleNamespace(scenario=scenario, seed=4242, log_path=None,
                           session=SimpleNamespace(debrief=lambda lang: "debrief"))
    breakdown = SimpleNamespace(allRequiredPassed=False, stars=0, points=0, maxPoints=350, lines=[])
    for lang, word in (("en", "Seed: 4242"), ("ko", "시드: 4242")):
        text = results_text(game, breakdown, [], lang).plain
        assert word in text and "kubetui play on-call-rollback --seed 4242" in text
