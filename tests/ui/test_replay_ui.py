"""A recorded run on the play screen, read-only, with a timeline: keys move the playhead and the
panes show what a straight run of the same commands shows at that tick; a real cluster's
Events play back along the same timeline.

Regenerate the snapshot after an intended change with
`pytest tests/ui/test_replay_ui.py --snapshot-update`.
"""

import json
from pathlib import Path

import pytest
from settle_kit import settle

from kubetui.kubectl.printers.table import table_rows
from kubetui.progress import Progress
from kubetui.replay.session import ReplaySession
from kubetui.replay.writer import EventLog
from kubetui.shell import Simulation
from kubetui.ui.app import KubetuiApp
from kubetui.ui.screens.detail import DetailScreen, PromptScreen
from kubetui.ui.screens.home import HomeScreen
from kubetui.ui.screens.replay import SPEEDS, EventsTimeline, EventsTimelineScreen, ReplayScreen
from kubetui.ui.widgets.command_bar import CommandBar
from kubetui.ui.widgets.events import EventsPane
from kubetui.ui.widgets.namespaces import NamespaceTree
from kubetui.ui.widgets.objects import ObjectTable
from kubetui.ui.widgets.output import OutputPane
from kubetui.ui.widgets.scrubber import Scrubber

EVENTS_FIXTURE = Path(__file__).parent.parent / "replay" / "fixtures" / "cluster-events.json"
CHECKED = (0, 3, 60, 100, 118, 119, 120, 200, 240, 330, 360, 390)
"""Ticks at which the straight run's pods table is kept (none of them a command's tick)."""
FAIL_AT = 25


def pods_table(sim) -> dict[str, list[str]]:
    """`kubectl get pods -A` with the NODE column, as the objects table shows it, by row key."""
    pods = sim.list("Pod")
    _, rows = table_rows("Pod", pods, sim, now_tick=sim.tick)
    return {f"{p['metadata']['namespace']}/{p['metadata']['name']}":
            [p["metadata"]["namespace"], *map(str, row), (p.get("spec") or {}).get("nodeName") or "<none>"]
            for p, row in zip(pods, rows)}


def record(path: Path) -> dict[int, dict[str, list[str]]]:
    """A sandbox run: a deployment, a pod whose image tag does not exist, a node that fails (its
    pods evicted), a scale-down."""
    sim = Simulation(seed=5, nodes=3)
    log = EventLog(path, {"seed": 5, "nodes": 3}).attach(sim)
    tables = {}

    def step_to(tick: int) -> None:
        while sim.tick < tick:
            if sim.tick in CHECKED:
                tables[sim.tick] = pods_table(sim)
            sim.step(1)

    step_to(5)
    assert sim.run("kubectl create deployment web --image=nginx:1.25 --replicas=4").exit_code == 0
    step_to(8)
    assert sim.run("kubectl run typo --image=nginx:1.255").exit_code == 0
    step_to(FAIL_AT)
    assert sim.run("sim fail-node node-2").exit_code == 0
    step_to(370)
    assert sim.run("kubectl scale deployment web --replicas=2").exit_code == 0
    step_to(400)
    log.end({"passed": None})
    assert set(tables) == set(CHECKED)
    return tables


@pytest.fixture(scope="module")
def recorded(tmp_path_factory):
    path = tmp_path_factory.mktemp("replay-ui") / "sandbox-run.jsonl"
    return path, record(path)


def replay_app(path: Path, tmp_path: Path, **kwargs) -> KubetuiApp:
    return KubetuiApp(replay=ReplaySession(path), clock=False, lang="en",
                      progress=Progress(path=tmp_path / "progress.json"), **kwargs)


async def ready(pilot) -> ReplayScreen:
    """The replay screen once its keyframes are prepared (a worker, then a message: wait for both)."""
    for _ in range(500):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        screen = pilot.app.screen
        if isinstance(screen, ReplayScreen) and screen.ready:
            return screen
        await pilot.pause(0.01)
    assert isinstance(screen, ReplayScreen) and screen.ready
    return screen


def shown(screen) -> dict[str, list[str]]:
    table = screen.query_one(ObjectTable)
    return {row.key.value: table.cells(row.key.value) for row in table.ordered_rows}


def warning_ticks(path: Path) -> list[int]:
    recs = [json.loads(line) for line in path.read_text().splitlines()]
    return sorted({r["tick"] for r in recs if r.get("record") == "event" and r.get("type") == "Warning"})


async def seek(pilot, tick: int) -> None:
    """What a click on the timeline does (the `g` prompt is tested on its own)."""
    pilot.app.screen.move_to(tick)
    await pilot.pause()


async def go_to(pilot, tick: int) -> None:
    await pilot.press("g")
    await pilot.pause()
    assert isinstance(pilot.app.screen, PromptScreen)
    await pilot.press("ctrl+a", "ctrl+k", *str(tick), "enter")
    await pilot.pause()


async def test_keys_seek_forward_and_back_to_the_straight_runs_state(recorded, tmp_path):
    path, tables = recorded
    async with replay_app(path, tmp_path).run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        assert screen.position == 0 and screen.end == 400
        assert shown(screen) == tables[0]
        await pilot.press("full_stop", "full_stop", "right")
        assert screen.position == 3 and shown(screen) == tables[3]
        await go_to(pilot, 120)
        assert screen.position == 120 and shown(screen) == tables[120]
        await pilot.press("comma")
        assert screen.position == 119 and shown(screen) == tables[119]
        await pilot.press("left")
        assert screen.position == 118 and shown(screen) == tables[118]
        for tick in (360, 60, 390, 200, 240, 100, 330):
            await seek(pilot, tick)
            assert screen.position == tick and shown(screen) == tables[tick], tick
        await pilot.press("home")
        assert screen.position == 0 and shown(screen) == tables[0]
        await pilot.press("end")
        assert screen.position == 400


async def test_the_panes_follow_the_node_failure(recorded, tmp_path):
    path, tables = recorded
    async with replay_app(path, tmp_path).run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await seek(pilot, 200)
        nodes = screen.query_one("#nodes-table")
        status = {row.key.value: str(nodes.get_row(row.key)[1]) for row in nodes.ordered_rows}
        assert status["node-2"] == "NotReady" and status["node-1"] == "Ready"
        await seek(pilot, 20)
        status = {row.key.value: str(nodes.get_row(row.key)[1]) for row in nodes.ordered_rows}
        assert status["node-2"] == "Ready"
        assert not any(row[-1] == "node-2" and "Terminating" in row for row in shown(screen).values())
        await seek(pilot, 390)
        assert any(row[-1] == "node-2" and "Terminating" in row for row in shown(screen).values())
        tree = screen.query_one(NamespaceTree)
        default = next(n for n in tree.root.children if n.data == ("Namespace", None, "default"))
        pods = len(screen.session.sim.list("Pod", namespace="default"))
        assert str(default.label).endswith(f"  {pods} pods") and pods == 4


async def test_playing_moves_the_playhead_at_the_chosen_speed(recorded, tmp_path):
    path, tables = recorded
    async with replay_app(path, tmp_path).run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await seek(pilot, 50)
        await pilot.press("plus", "plus")
        assert screen.speed == 5
        await pilot.press("space")
        assert screen.playing
        screen.play_for(1.0)
        screen.play_for(1.0)
        await pilot.pause()
        assert screen.position == 60 and shown(screen) == tables[60]
        await pilot.press("space")
        assert not screen.playing
        assert screen.play_for(5.0) == 0 and screen.position == 60
        await pilot.press(*["plus"] * 5)
        assert screen.speed == SPEEDS[-1] == 100
        await pilot.press("space")
        screen.play_for(0.5)
        await pilot.pause()
        assert screen.position == 110
        screen.play_for(1.0)
        screen.play_for(1.0)
        screen.play_for(1.0)
        await pilot.pause()
        assert screen.position == 400 and not screen.playing, "playing stops at the end of the run"


async def test_w_jumps_to_the_next_warning_and_W_back(recorded, tmp_path):
    path, tables = recorded
    warnings = warning_ticks(path)
    assert len(warnings) >= 2
    async with replay_app(path, tmp_path).run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await pilot.press("w")
        assert screen.position == warnings[0]
        await pilot.press("w")
        assert screen.position == warnings[1]
        lines = screen.query_one(EventsPane).plain_lines()
        assert any(" Warning " in line for line in lines)
        assert screen.session.sim.tick == warnings[1]
        await pilot.press("W")
        assert screen.position == warnings[0]
        await pilot.press("o")
        assert screen.position == warnings[0], "a sandbox has no objectives to jump to"


async def test_a_command_is_shown_at_its_tick(recorded, tmp_path):
    path, _ = recorded
    async with replay_app(path, tmp_path).run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        scrubber = screen.query_one(Scrubber)
        assert scrubber.commands == [5, 8, FAIL_AT, 370]
        marks = scrubber.render().plain.split("\n")[0]
        assert marks[scrubber.column_of(FAIL_AT)] == "▾"
        await go_to(pilot, FAIL_AT - 1)
        assert "sim fail-node node-2" not in scrubber.status.plain
        await pilot.press("right")
        assert screen.position == FAIL_AT
        assert "$ sim fail-node node-2" in scrubber.status.plain
        out = screen.query_one(OutputPane).text().splitlines()
        assert out[-2:] == ["$ sim fail-node node-2", "node/node-2 failed"], "the command and what it printed"
        await pilot.press("right")
        assert "sim fail-node" not in scrubber.status.plain


async def test_clicking_the_timeline_seeks_there(recorded, tmp_path):
    path, tables = recorded
    async with replay_app(path, tmp_path).run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        scrubber = screen.query_one(Scrubber)
        column = scrubber.column_of(200)
        await pilot.click(Scrubber, offset=(column + 1, 1))
        await pilot.pause()
        assert screen.position == scrubber.tick_at(column)
        assert abs(screen.position - 200) <= 400 / (scrubber.bar_width - 1)
        assert shown(screen) == pods_table(screen.session.sim)


async def test_typing_a_command_is_refused(recorded, tmp_path):
    path, _ = recorded
    async with replay_app(path, tmp_path).run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await seek(pilot, 100)
        before = screen.session.sim.checksum()
        await pilot.press("i")
        assert isinstance(screen.focused, CommandBar)
        await pilot.press(*"get po")
        screen.focused.value = "kubectl delete deployment web"
        await pilot.press("enter")
        await pilot.pause()
        out = screen.query_one(OutputPane).text().splitlines()
        assert out[-2:] == ["$ kubectl delete deployment web", "this is a replay: read-only"]
        assert screen.session.sim.get("Deployment", "web", namespace="default") is not None
        assert screen.session.sim.checksum() == before
        await pilot.press(*":deploy", "enter")
        await pilot.pause()
        assert screen.query_one(ObjectTable).kind == "Deployment"
        await pilot.press("s")
        await pilot.pause()
        assert not isinstance(pilot.app.screen, PromptScreen)
        assert screen.session.sim.checksum() == before


async def test_describe_and_yaml_read_the_replayed_state(recorded, tmp_path):
    path, _ = recorded
    async with replay_app(path, tmp_path).run_test(size=(120, 40)) as pilot:
        screen = await ready(pilot)
        await seek(pilot, 390)
        table = screen.query_one(ObjectTable)
        keys = [r.key.value for r in table.ordered_rows]
        on_dead = next(k for k, row in shown(screen).items() if row[-1] == "node-2")
        table.move_cursor(row=keys.index(on_dead))
        table.focus()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(pilot.app.screen, DetailScreen)
        body = pilot.app.screen.body_text()
        assert "deletionTimestamp" in body and on_dead.split("/")[1] in body
        await pilot.press("escape")
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(pilot.app.screen, DetailScreen)
        assert "Terminating" in pilot.app.screen.body_text() or "Status:" in pilot.app.screen.body_text()
        await pilot.press("escape")
        await pilot.press("q")
        await pilot.pause()
    assert pilot.app.return_code == 0


async def test_the_home_screen_opens_a_logged_run_as_a_replay(recorded, tmp_path):
    path, _ = recorded
    logs = tmp_path / "data" / "logs"
    logs.mkdir(parents=True)
    (logs / "sandbox-run.jsonl").write_bytes(path.read_bytes())
    app = KubetuiApp(clock=False, lesson=False, lang="en", progress=Progress(path=tmp_path / "p.json"),
                     scenarios_root=tmp_path / "none")
    async with app.run_test(size=(120, 40)) as pilot:
        home = app.screen
        assert isinstance(home, HomeScreen)
        home._play("replay:sandbox-run.jsonl")
        screen = await ready(pilot)
        assert "sandbox-run.jsonl" in screen.title_text
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)


async def test_a_broken_log_from_the_home_screen_is_a_message(tmp_path):
    logs = tmp_path / "data" / "logs"
    logs.mkdir(parents=True)
    (logs / "broken.jsonl").write_text("not json\n")
    app = KubetuiApp(clock=False, lesson=False, lang="en", progress=Progress(path=tmp_path / "p.json"),
                     scenarios_root=tmp_path / "none")
    async with app.run_test(size=(120, 40)) as pilot:
        app.screen._play("replay:broken.jsonl")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert any("broken.jsonl" in str(n.message) for n in app._notifications)


async def test_a_real_clusters_events_play_back_along_the_timeline(tmp_path):
    timeline = EventsTimeline(EVENTS_FIXTURE)
    app = KubetuiApp(replay=timeline, clock=False, lang="en", progress=Progress(path=tmp_path / "p.json"))
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, EventsTimelineScreen)
        pane = screen.query_one(EventsPane)
        known = sorted(e.tick for e in timeline.events if e.tick is not None)
        assert screen.position == 0 and screen.end == known[-1]
        assert len(pane.plain_lines()) == known.count(0)
        await pilot.press("w")
        first_warning = min(e.tick for e in timeline.events if e.type == "Warning" and e.tick is not None)
        assert screen.position == first_warning
        lines = pane.plain_lines()
        assert len(lines) == sum(1 for tick in known if tick <= first_warning)
        assert " Warning " in lines[-1] and "BackOff" in lines[-1]
        assert timeline.events[[e.tick for e in timeline.events].index(first_warning)].time in \
            screen.query_one(Scrubber).status.plain
        await pilot.press("end")
        assert len(pane.plain_lines()) == len(timeline.events)
        untimed = [e for e in timeline.events if e.tick is None]
        assert untimed and pane.plain_lines()[-1].endswith("(the file gives this Event no time)")
        await pilot.press("comma")
        assert screen.position == known[-1] - 1
        assert len(pane.plain_lines()) == sum(1 for tick in known if tick < known[-1])
        await pilot.press("space")
        screen.play_for(1.0)
        assert screen.position == known[-1] and not screen.playing


def test_replay_screen_snapshot(snap_compare, recorded, tmp_path):
    path, _ = recorded

    async def before(pilot):
        await ready(pilot)
        await go_to(pilot, 60)
        await pilot.press("w")
        table = pilot.app.screen.query_one(ObjectTable)
        table.focus()
        await settle(pilot)
        # The cursor follows its object: where it rests depends on whether tick 0's rows were
        # drawn before the seek (a busy machine draws them first), so put it on the top row.
        table.move_cursor(row=0)
        await settle(pilot)

    assert snap_compare(replay_app(path, tmp_path), terminal_size=(120, 40), run_before=before)
