"""A few hundred pods, more than the objects table holds: the mouse wheel, PageUp/PageDown and
Home/End move through the whole sorted list, sliding the held window, and the cursor stays on
screen."""

import pytest
from settle_kit import settle
from textual import events

from kubetui.bench_ui import build
from kubetui.ui.widgets.objects import WINDOW, ObjectTable


@pytest.fixture(scope="module")
def built():
    return build(2, 400, per_deployment=100)


def all_pods(sim):
    return sorted(f"{p['metadata']['namespace']}/{p['metadata']['name']}" for p in sim.store.iter("Pod"))


def on_screen(table):
    """The pod names the view shows, top to bottom."""
    top = int(table.scroll_y)
    return [r.key.value for r in table.ordered_rows[top:top + table._body_height()]]


def under_cursor(table):
    _, ns, name = table.selected()
    return f"{ns or ''}/{name}"


async def wheel(pilot, table, notches: int) -> None:
    cls = events.MouseScrollDown if notches > 0 else events.MouseScrollUp
    for _ in range(abs(notches)):
        table.post_message(cls(table, 10, 5, 0, 1 if notches > 0 else -1, 0, False, False, False))
        await pilot.pause()


def assert_consistent(table, keys):
    held = [r.key.value for r in table.ordered_rows]
    assert len(held) == WINDOW
    start = keys.index(held[0])
    assert held == keys[start:start + WINDOW]
    assert table.border_subtitle == f"{start + 1:,}–{start + WINDOW:,} / {len(keys):,}"
    assert under_cursor(table) in on_screen(table)


async def test_the_wheel_scrolls_the_whole_list(sandbox_app, built):
    sim, _ = built
    keys = all_pods(sim)
    app = sandbox_app(sim=sim)
    async with app.run_test(size=(120, 40)) as pilot:
        table = app.play_screen.query_one(ObjectTable)
        table.focus()
        await settle(pilot)
        assert len(keys) > 2 * WINDOW and table.row_count == WINDOW
        height = table._body_height()
        app.scroll_sensitivity_y = step = 9
        await wheel(pilot, table, 2)
        assert on_screen(table)[0] == keys[2 * step]
        assert under_cursor(table) == keys[2 * step]
        await wheel(pilot, table, 50)
        assert on_screen(table) == keys[-height:]
        assert_consistent(table, keys)
        await wheel(pilot, table, -5)
        assert on_screen(table)[0] == keys[len(keys) - height - 5 * step]
        assert_consistent(table, keys)
        await wheel(pilot, table, -50)
        assert on_screen(table)[0] == keys[0]
        assert_consistent(table, keys)


async def test_page_keys_and_home_end_walk_the_whole_list(sandbox_app, built):
    sim, _ = built
    keys = all_pods(sim)
    app = sandbox_app(sim=sim)
    async with app.run_test(size=(120, 40)) as pilot:
        table = app.play_screen.query_one(ObjectTable)
        table.focus()
        await settle(pilot)
        height = table._body_height()
        await pilot.press("down", "down")
        seen = [under_cursor(table)]
        for _ in range(len(keys) // height + 2):
            await pilot.press("pagedown")
            seen.append(under_cursor(table))
            assert_consistent(table, keys)
        assert seen[:4] == [keys[2], keys[2 + height], keys[2 + 2 * height], keys[2 + 3 * height]]
        assert seen[-1] == keys[-1]
        await pilot.press("pageup")
        assert under_cursor(table) == keys[-1 - height]
        assert_consistent(table, keys)
        await pilot.press("home")
        assert under_cursor(table) == keys[0] and on_screen(table)[0] == keys[0]
        assert_consistent(table, keys)
        await pilot.press("end")
        assert under_cursor(table) == keys[-1] and on_screen(table)[-1] == keys[-1]
        assert_consistent(table, keys)
        await pilot.press("up")
        assert under_cursor(table) == keys[-2]


async def test_a_short_list_keeps_the_plain_wheel(sandbox_app):
    from kubetui.shell import Simulation

    sim = Simulation(seed=1, nodes=2)
    app = sandbox_app(sim=sim)
    async with app.run_test(size=(120, 40)) as pilot:
        app.play_screen.run_command("kubectl create deployment web --image=nginx:1.25 --replicas=5")
        app.advance(10)
        await pilot.pause()
        table = app.play_screen.query_one(ObjectTable)
        table.focus()
        await wheel(pilot, table, 3)
        assert table.cursor_row == 0 and table.row_count == table.total
        await pilot.press("end")
        assert table.cursor_row == table.row_count - 1
