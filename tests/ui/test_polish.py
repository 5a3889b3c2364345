"""Polish a new player noticed: `?` on the home screen, the command bar's keys after the lesson
and the briefing, the exam's rules at 80 columns, key bars that fit, the NAMESPACE column,
finishing a run at once, and the control plane called by its current name."""

from pathlib import Path

import pytest
from settle_kit import wait_for
from textual.widgets import OptionList

from kubetui.progress import Progress
from kubetui.ui.app import KubetuiApp
from kubetui.ui.screens.detail import HelpScreen
from kubetui.ui.screens.home import HomeScreen
from kubetui.ui.screens.lesson import BriefingScreen, LessonScreen
from kubetui.ui.widgets.command_bar import CommandBar
from kubetui.ui.widgets.objects import ObjectTable

SCENARIOS = Path(__file__).parents[2] / "scenarios"


def home_app(tmp_path, **kwargs):
    kwargs.setdefault("lesson", False)
    kwargs.setdefault("record", False)
    return KubetuiApp(start="home", clock=False, lang=kwargs.pop("lang", "en"),
                      progress=Progress(path=tmp_path / "p.json"), **kwargs)


async def test_question_mark_on_home_lists_the_keys(tmp_path):
    app = home_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        assert isinstance(app.screen.focused, OptionList)
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        body = str(app.screen.query_one("#help-body").render())
        assert "On this screen" in body and "In a game" in body
        assert "English / 한국어" in body and "pause / resume time" in body
        await pilot.press("escape")
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        keys = {b.action for _, b, _, _ in app.screen.active_bindings.values() if b.show}
        assert "help" in keys, keys


async def test_question_mark_on_home_in_korean(tmp_path):
    app = home_app(tmp_path, lang="ko")
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        await pilot.press("question_mark")
        await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen))
        body = str(app.screen.query_one("#help-body").render())
        assert "이 화면에서" in body and "게임 중에는" in body


async def test_the_command_bar_has_the_keys_after_the_lesson_and_the_briefing(tmp_path):
    """Whatever had the keys on the play screen while the dialogs were up, closing them gives
    the keys to the command bar: the first letters typed are a command."""
    app = KubetuiApp(scenario=SCENARIOS / "10-first-pod", clock=False, lesson=True, lang="en", record=False,
                     progress=Progress(path=tmp_path / "p.json"))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, LessonScreen))
        play = app.play_screen
        play.query_one(ObjectTable).focus()  # e.g. a click that reached the table
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, BriefingScreen))
        play.query_one(ObjectTable).focus()
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is play)
        await wait_for(pilot, lambda: isinstance(play.focused, CommandBar))
        await pilot.press("g", "e", "t")
        assert play.query_one(CommandBar).value == "get"


async def test_the_command_bar_has_the_keys_after_the_sandbox_lesson(tmp_path):
    app = KubetuiApp(start="sandbox", clock=False, lesson=True, lang="en", record=False,
                     progress=Progress(path=tmp_path / "p.json"))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, LessonScreen))
        app.play_screen.query_one(ObjectTable).focus()
        await pilot.press("space")
        await wait_for(pilot, lambda: app.screen is app.play_screen)
        await wait_for(pilot, lambda: isinstance(app.play_screen.focused, CommandBar))



async def test_the_ui_says_control_plane_not_master(tmp_path):
    """The briefing, the debrief, the title and the concepts use Kubernetes' current word; only
    the line quoted from the user's notes keeps "Master"."""
    from kubetui.scenario.loader import load_scenario

    for folder in ("10-first-pod", "110-control-plane-down"):
        s = load_scenario(SCENARIOS / folder / "scenario.yaml")
        for lang in ("en", "ko"):
            for text in (s.title, s.briefing, s.debrief):
                assert "Master" not in text.get(lang), (folder, lang, text.get(lang))
        assert "Master" in s.seedLine.get("en")
    app = home_app(tmp_path)
    async with app.run_test(size=(160, 50)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        home = app.screen
        for oid in ("scenario:first-pod", "scenario:control-plane-down"):
            ol = home.query_one(OptionList)
            ol.highlighted = ol.get_option_index(oid)
            await pilot.pause()
            shown = str(home.query_one("#home-detail").render())
            lines = [line for line in shown.splitlines() if "Master" in line]
            seed = home.items[oid][1].seedLine.get("en")
            assert all(line.strip() in seed for line in lines), lines
            assert "control-plane" in shown
            assert "When the Master" not in str(ol.get_option(oid).prompt)


# -- key bars that fit ---------------------------------------------------------------------------

def shown_actions(screen) -> list[str]:
    from textual.widgets._footer import FooterKey

    return [k.action for k in screen.query(FooterKey) if k.display and k.region.width]


def footer_fits(screen) -> tuple[list[str], tuple[str, ...]]:
    """The actions the key bar shows, after checking that each key lies whole inside the bar and
    no two overlap (the palette's key docks at the right, over whatever runs under it)."""
    from textual.widgets._footer import FooterKey

    from kubetui.ui.widgets.footer import LocalFooter

    footer = screen.query_one(LocalFooter)
    keys = [k for k in footer.query(FooterKey) if k.display]
    assert footer.virtual_size.width <= footer.size.width, (footer.virtual_size, footer.size)
    regions = sorted((k.region for k in keys), key=lambda r: r.x)
    for region in regions:
        assert region.width > 0 and footer.region.contains_region(region), (region, footer.region)
    for a, b in zip(regions, regions[1:]):
        assert a.right <= b.x, (a, b)
    return [k.action for k in keys], footer.left_out


def record_sandbox_run(path):
    from kubetui.replay.writer import EventLog
    from kubetui.shell import Simulation

    sim = Simulation(seed=5, nodes=3)
    log = EventLog(path, {"seed": 5, "nodes": 3}).attach(sim)
    sim.step(3)
    assert sim.run("kubectl create deployment web --image=nginx:1.25 --replicas=2").exit_code == 0
    sim.step(20)
    log.end({"passed": None})


async def replay_ready(pilot):
    from kubetui.ui.screens.replay import ReplayScreen

    for _ in range(500):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        screen = pilot.app.screen
        if isinstance(screen, ReplayScreen) and screen.ready:
            return screen
        await pilot.pause(0.01)
    raise AssertionError("the replay never got ready")


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_the_replay_key_bar_fits(tmp_path, lang):
    """At 120 columns every key the replay's bar shows fits whole (it was cut after `o nex`);
    at 80 it keeps the timeline's keys, help and leave, and leaves the rest to `?`."""
    from kubetui.replay.session import ReplaySession

    path = tmp_path / "run.jsonl"
    record_sandbox_run(path)
    app = KubetuiApp(replay=ReplaySession(path), clock=False, lang=lang, progress=Progress(path=tmp_path / "p.json"))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await replay_ready(pilot)
        screen.set_focus(None)
        await pilot.pause()
        await wait_for(pilot, lambda: "help" in shown_actions(screen))
        shown, left_out = footer_fits(screen)
        assert not left_out, left_out
        assert {"step(1)", "toggle_pause", "go_to", "next_warning", "next_objective", "describe", "help",
                "quit_game"} <= set(shown), shown
        await pilot.resize_terminal(80, 24)
        await wait_for(pilot, lambda: "logs" not in shown_actions(screen))
        shown, left_out = footer_fits(screen)
        assert {"step(1)", "toggle_pause", "help", "quit_game"} <= set(shown), shown
        assert "logs" in left_out
        await pilot.resize_terminal(200, 50)
        await wait_for(pilot, lambda: "logs" in shown_actions(screen))
        assert not footer_fits(screen)[1]


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_every_key_bar_fits(tmp_path, size, sandbox_app):
    """The home screen, the sandbox, a scenario and an exercise: no key is cut at the right,
    and help and quit are always there."""
    from shipped import catalog

    from kubetui.ui.screens.practice import PracticeApp, PracticeScreen

    app = home_app(tmp_path)
    async with app.run_test(size=size) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen) and "help" in shown_actions(app.screen))
        shown, _ = footer_fits(app.screen)
        assert {"help", "app.quit", "language"} <= set(shown)
    app = sandbox_app()
    async with app.run_test(size=size) as pilot:
        app.play_screen.set_focus(None)
        await wait_for(pilot, lambda: "help" in shown_actions(app.play_screen))
        shown, left_out = footer_fits(app.play_screen)
        assert {"help", "quit_game", "describe"} <= set(shown), shown
        assert size[0] < 120 or not left_out, left_out
    app = KubetuiApp(scenario=SCENARIOS / "10-first-pod", paused=True, clock=False, lesson=False, lang="en",
                     record=False, progress=Progress(path=tmp_path / "p2.json"))
    async with app.run_test(size=size) as pilot:
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is app.play_screen)
        app.play_screen.set_focus(None)
        await wait_for(pilot, lambda: "hint" in shown_actions(app.play_screen))
        shown, _ = footer_fits(app.play_screen)
        assert {"help", "quit_game", "hint"} <= set(shown), shown
    app = PracticeApp(catalog(), "core-run-pod", clock=False, record=False, lang="en",
                      progress=Progress(path=tmp_path / "p3.json"))
    async with app.run_test(size=size) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, PracticeScreen) and "check" in shown_actions(app.screen))
        shown, _ = footer_fits(app.screen)
        assert {"check", "hint", "solution"} <= set(shown), shown


# -- the NAMESPACE column --------------------------------------------------------------------------

@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_pods_of_several_namespaces_show_the_namespace_column(sandbox_app, size):
    """`kubectl get pods -A` prints NAMESPACE first; the Objects pane listing pods of several
    namespaces does too (it dropped it for room, the title saying `(all)`), cutting NAME in
    the middle instead. One namespace listed needs no such column on a narrow pane."""
    app = sandbox_app()
    async with app.run_test(size=size) as pilot:
        screen = app.play_screen
        screen.run_command("kubectl create deployment web --image=nginx:1.25 --replicas=3")
        screen.run_command("kubectl run typo --image=nginx:1.255")
        app.advance(40)
        screen.submit(":pods")
        table = screen.query_one(ObjectTable)
        await wait_for(pilot, lambda: table.row_count == 14 and table.scrollable_content_region.width > 0)
        await pilot.pause()
        labels = [str(c.label) for c in table.columns.values()]
        assert labels[:2] == ["NAMESPACE", "NAME"], labels
        assert table.hidden_namespace is None and "(all)" not in str(table.border_title)
        column = [str(table.get_row_at(i)[0]) for i in range(table.row_count)]
        # kube-system: 4 control-plane pods, 2 coredns, 4 kube-proxy (the sandbox runs kubeadm's add-ons)
        assert column.count("default") == 4 and column.count("kube-system") == 10
        used = sum(c.get_render_width(table) for c in table.columns.values())
        assert used <= table.scrollable_content_region.width
        names = [str(table.get_row_at(i)[1]) for i in range(table.row_count)]
        assert "typo" in names and len(set(names)) == 14
        screen.submit("/web")
        await wait_for(pilot, lambda: table.row_count == 3)
        await pilot.pause()
        labels = [str(c.label) for c in table.columns.values()]
        assert labels[0] == "NAMESPACE" or table.hidden_namespace == "default"


# -- finishing now ----------------------------------------------------------------------------------

FIXTURES = Path(__file__).parent / "fixtures"


async def test_finish_now_runs_the_rest_of_a_scenario_at_once_and_replays(tmp_path):
    """ctrl+f asks first; yes goes through the door (recorded), the remaining ticks run at once
    (the verdicts are those of the end, not of now), and the results show; the log replays."""
    from kubetui.replay.reader import read_log
    from kubetui.replay.replayer import Replay, verify
    from kubetui.ui.screens.detail import ConfirmScreen
    from kubetui.ui.screens.results import ResultsScreen

    log = tmp_path / "run.jsonl"
    app = KubetuiApp(scenarios_root=FIXTURES, scenario=FIXTURES / "two-replicas", paused=True, clock=False,
                     lesson=False, lang="en", log=str(log), progress=Progress(path=tmp_path / "p.json"))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter")
        screen = app.play_screen
        await wait_for(pilot, lambda: app.screen is screen and isinstance(screen.focused, CommandBar))
        await wait_for(pilot, lambda: "finish" in shown_actions(screen))
        footer_fits(screen)
        screen.run_command("kubectl create deployment web --image=nginx:1.25 --replicas=2")
        game = app.game
        start = game.sim.tick
        await pilot.press("ctrl+f")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert f"from tick {start} to the end (tick 90)" in str(app.screen.query_one("Label").render())
        await pilot.press("n")
        await wait_for(pilot, lambda: app.screen is screen)
        assert not any(c.get("finishes") for c in game.sim.command_log) and game.sim.tick == start
        await pilot.press("ctrl+f")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await wait_for(pilot, lambda: isinstance(app.screen, ResultsScreen), tries=1000)
        assert game.sim.tick == 90
        finishes = [c for c in game.sim.command_log if c.get("finishes")]
        assert [(c["tick"], c["source"], c["line"]) for c in finishes] == [(start, "player", "finish")]
        body = str(app.screen.query_one("#results-body").render())
        assert "Passed" in body and f"You chose to finish at tick {start}" in body
        assert "kubectl create deployment web" in body and "  finish" not in body
    replay = Replay(read_log(log))
    assert [c["line"] for c in replay.log.commands if c.get("finishes")] == ["finish"]
    assert verify(replay).ok


async def test_finish_now_in_korean_asks_in_korean(tmp_path):
    from kubetui.ui.screens.detail import ConfirmScreen

    app = KubetuiApp(scenarios_root=FIXTURES, scenario=FIXTURES / "two-replicas", paused=True, clock=False,
                     lesson=False, lang="ko", record=False, progress=Progress(path=tmp_path / "p.json"))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is app.play_screen)
        await wait_for(pilot, lambda: "finish" in shown_actions(app.play_screen))
        footer_fits(app.play_screen)
        await pilot.press("ctrl+f")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert "지금 마칠까요?" in str(app.screen.query_one("Label").render())
        await pilot.press("escape")
        await wait_for(pilot, lambda: app.screen is app.play_screen)


async def test_finish_now_ends_an_exercise_with_its_verdict(tmp_path):
    """An exercise has no clock: finishing checks the cluster as it is and shows the verdict
    and the explanation over the home screen; the check is saved to the progress."""
    from kubetui.ui.screens.detail import ConfirmScreen, DetailScreen
    from kubetui.ui.screens.practice import PracticeScreen

    app = home_app(tmp_path, record=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        ol = app.screen.query_one(OptionList)
        ol.highlighted = ol.get_option_index("exercises:core")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, PracticeScreen))
        screen = app.screen
        exercise = screen.exercise
        for line in exercise.solution.strip().splitlines():
            screen.run_command(line)
        app.advance(30)
        await wait_for(pilot, lambda: "finish" in shown_actions(screen))
        session = app.game.session
        await pilot.press("ctrl+f")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        assert "checked as it is" in str(app.screen.query_one("Label").render())
        await pilot.press("y")
        await wait_for(pilot, lambda: isinstance(app.screen, DetailScreen))
        assert isinstance(app.screen_stack[-2], HomeScreen) and app.game is None
        body = app.screen.body_text()
        assert "PASS" in body and "Why:" in body and "You chose to finish at tick" in body
        assert app.progress.solved(exercise.id)
        assert [c["line"] for c in session.sim.command_log if c.get("finishes")] == ["finish"]
        home = app.screen_stack[-2]
        assert "1/" in str(ol.get_option("exercises:core").prompt)
        assert f"kubetui exercise {exercise.id}" not in str(home.query_one("#home-detail").render())


async def test_no_finish_in_a_sandbox_a_replay_or_an_exam(tmp_path, sandbox_app):
    from shipped import catalog

    from kubetui.replay.session import ReplaySession
    from kubetui.ui.screens.practice import ExamSession, PracticeApp, PracticeScreen

    app = sandbox_app()
    async with app.run_test(size=(160, 48)) as pilot:
        app.play_screen.set_focus(None)
        await wait_for(pilot, lambda: "help" in shown_actions(app.play_screen))
        assert "finish" not in shown_actions(app.play_screen)
        await pilot.press("ctrl+f")
        await pilot.pause()
        assert app.screen is app.play_screen
    path = tmp_path / "run.jsonl"
    record_sandbox_run(path)
    app = KubetuiApp(replay=ReplaySession(path), clock=False, lang="en", progress=Progress(path=tmp_path / "p.json"))
    async with app.run_test(size=(160, 48)) as pilot:
        screen = await replay_ready(pilot)
        await wait_for(pilot, lambda: "help" in shown_actions(screen))
        assert "finish" not in shown_actions(screen)
    session = ExamSession([catalog().get("core-run-pod")], minutes=5, seed=1, report=str(tmp_path / "exam.md"))
    app = PracticeApp(catalog(), exam=session, clock=False, record=False, lang="en",
                      progress=Progress(path=tmp_path / "p2.json"))
    async with app.run_test(size=(160, 48)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, PracticeScreen) and "check" in shown_actions(app.screen))
        assert "finish" not in shown_actions(app.screen)


async def test_finish_now_in_kubetui_exercise_shows_the_verdict_then_leaves(tmp_path):
    from shipped import catalog

    from kubetui.ui.screens.detail import ConfirmScreen, DetailScreen
    from kubetui.ui.screens.practice import PracticeApp, PracticeScreen

    app = PracticeApp(catalog(), "core-run-pod", clock=False, record=False, lang="en",
                      progress=Progress(path=tmp_path / "p.json"))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, PracticeScreen))
        await pilot.press("ctrl+f")
        await wait_for(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await wait_for(pilot, lambda: isinstance(app.screen, DetailScreen))
        body = app.screen.body_text()
        assert "FAIL" in body and "Why:" in body, body
        assert not app.progress.solved("core-run-pod")
        await pilot.press("escape")
        await wait_for(pilot, lambda: not app.is_running)


async def test_a_replay_tells_where_the_player_finished(tmp_path):
    """The finish record replays as a note at its tick, not as a command that was typed."""
    from kubetui.replay.session import ReplaySession
    from kubetui.ui.screens.results import ResultsScreen
    from kubetui.ui.widgets.output import OutputPane

    log = tmp_path / "run.jsonl"
    app = KubetuiApp(scenarios_root=FIXTURES, scenario=FIXTURES / "two-replicas", paused=True, clock=False,
                     lesson=False, lang="en", log=str(log), progress=Progress(path=tmp_path / "p.json"))
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.screen is app.play_screen)
        app.advance(3)
        tick = app.game.sim.tick
        app.finish_game()
        await wait_for(pilot, lambda: isinstance(app.screen, ResultsScreen), tries=1000)
    app = KubetuiApp(replay=ReplaySession(log), clock=False, lang="en", progress=Progress(path=tmp_path / "p2.json"))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await replay_ready(pilot)
        screen.move_to(tick + 1)
        await pilot.pause()
        text = screen.query_one(OutputPane).text()
        assert f"# tick {tick}: the player chose to finish" in text and "$ finish" not in text


async def test_the_home_screen_names_its_keys_as_typed_and_describes_the_language_row(tmp_path):
    """The keys line says `l` and `q` (the bindings; `L` would be shift+l), and the Language
    row's detail says what Enter does there instead of staying empty."""
    app = home_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen))
        home = app.screen
        assert "l language" in str(home.query_one("#home-help").render())
        ol = home.query_one(OptionList)
        ol.highlighted = ol.get_option_index("language")
        await wait_for(pilot, lambda: "한국어" in str(home.query_one("#home-detail").render()))
        await pilot.press("enter")
        await wait_for(pilot, lambda: app.lang == "ko")
