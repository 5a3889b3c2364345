"""A cluster larger than the screen: the objects table holds a window of the sorted list around
the cursor, the keys walk the whole list, and the panes follow changes without a full redraw."""

import pytest

from kubetui.bench_ui import build
from kubetui.ui.widgets import objects
from kubetui.ui.widgets.objects import ObjectTable

WINDOW = 40


@pytest.fixture
def built(monkeypatch):
    monkeypatch.setattr(objects, "WINDOW", WINDOW)
    return build(1, 120, per_deployment=60)


def all_pods(sim):
    return sorted(f"{p['metadata']['namespace']}/{p['metadata']['name']}" for p in sim.store.iter("Pod"))


def held(table):
    return [r.key.value for r in table.ordered_rows]


def under_cursor(table):
    kind, ns, name = table.selected()
    return f"{ns or ''}/{name}"


def assert_window(table, sim):
    keys = all_pods(sim)
    rows = held(table)
    assert len(rows) == min(WINDOW, len(keys))
    start = keys.index(rows[0])
    assert rows == keys[start:start + len(rows)]
    assert table.border_subtitle == f"{start + 1:,}–{start + len(rows):,} / {len(keys):,}"


async def test_the_table_holds_a_window_and_the_keys_walk_the_whole_list(sandbox_app, built):
    sim, _ = built
    app = sandbox_app(sim=sim)
    async with app.run_test(size=(120, 40)) as pilot:
        table = app.play_screen.query_one(ObjectTable)
        table.focus()
        await pilot.pause()
        keys = all_pods(sim)
        assert table.total == len(keys) > WINDOW
        assert_window(table, sim)
        seen = [under_cursor(table)]
        for _ in range(WINDOW + 30):
            table.action_cursor_down()
            seen.append(under_cursor(table))
        assert seen == keys[:WINDOW + 31]
        await pilot.press("down", "down")
        assert under_cursor(table) == keys[WINDOW + 32]
        assert_window(table, sim)
        assert held(table)[0] != keys[0]
        row = table.cursor_row
        assert table.scroll_y <= row < table.scroll_y + table.size.height
        await pilot.press("ctrl+end")
        assert under_cursor(table) == keys[-1]
        assert held(table)[-1] == keys[-1]
        await pilot.press("up")
        assert under_cursor(table) == keys[-2]
        await pilot.press("ctrl+home")
        assert under_cursor(table) == keys[0]
        for _ in range(8):
            await pilot.press("pagedown")
        assert keys.index(under_cursor(table)) > WINDOW
        assert_window(table, sim)


async def test_the_window_follows_pods_coming_and_going(sandbox_app, built):
    sim, _ = built
    app = sandbox_app(sim=sim)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.play_screen
        table = screen.query_one(ObjectTable)
        table.focus()
        await pilot.press("ctrl+end")
        screen.run_command("kubectl scale deployment/app-1 --replicas=15")
        app.advance(40)
        await pilot.pause()
        assert table.total == len(all_pods(sim)) < 120
        assert_window(table, sim)
        screen.run_command("kubectl scale deployment/app-0 --replicas=80")
        app.advance(5)
        await pilot.pause()
        assert_window(table, sim)
        screen.submit("/app-1-")
        await pilot.pause()
        assert table.total == 15 and all("/app-1-" in k for k in held(table))
        assert table.border_subtitle == ""


async def test_namespace_tree_counts_pods_from_the_change_feed(sandbox_app, built):
    from kubetui.ui.widgets.namespaces import NamespaceTree

    sim, _ = built
    app = sandbox_app(sim=sim)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.play_screen
        screen.run_command("kubectl run lone --image=nginx:1.25")
        screen.run_command("kubectl scale deployment/app-0 --replicas=10")
        app.advance(40)
        screen.request_tree_rebuild()
        await pilot.pause()
        tree = screen.query_one(NamespaceTree)
        default = next(n for n in tree.root.children if n.data == ("Namespace", None, "default"))
        assert f"  {len(sim.list('Pod', 'default'))} pods" in str(default.label) and "71 pods" in str(default.label)
        assert [c.data for c in default.children if c.data and c.data[0] == "Pod"] == [("Pod", "default", "lone")]
        app0 = next(c for c in default.children if c.data == ("Deployment", "default", "app-0"))
        assert str(app0.children[0].children[0].label) == "10 pods"
        screen.run_command("kubectl delete pod lone")
        app.advance(40)
        screen.request_tree_rebuild()
        await pilot.pause()
        default = next(n for n in tree.root.children if n.data == ("Namespace", None, "default"))
        assert "70 pods" in str(default.label)
        assert not [c for c in default.children if c.data and c.data[0] == "Pod"]


async def test_the_nodes_pane_fills_in_chunks_and_follows_changes(sandbox_app, monkeypatch):
    from kubetui.shell import Simulation
    from kubetui.ui.widgets import nodes as nodes_module
    from kubetui.ui.widgets.nodes import NodesPane

    monkeypatch.setattr(nodes_module, "CHUNK", 3)
    sim = Simulation(seed=1, nodes=8)
    app = sandbox_app(sim=sim)
    async with app.run_test(size=(120, 40)) as pilot:
        pane = app.play_screen.query_one(NodesPane)
        for _ in range(20):
            if len(pane.table.rows) == 9:
                break
            await pilot.pause(0.02)
        names = [r.key.value for r in pane.table.ordered_rows]
        assert names == sorted(sim.scheduler.nodes) and len(names) == 9
        app.play_screen.run_command("sim fail-node node-7")
        app.advance(60)
        await pilot.pause()
        assert str(pane.table.get_cell("node-7", "STATUS")) == "NotReady"
        assert str(pane.table.get_cell("node-1", "STATUS")) == "Ready"
