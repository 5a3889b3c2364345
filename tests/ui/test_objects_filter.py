"""`/filter` on the objects table: the text it matches is kept per object and follows the
change feed, a growing filter narrows the list it has, a shorter one widens again."""

import re

from kubetui.bench_ui import build
from kubetui.ui.widgets.objects import ListStats, ObjectTable


def listed(table):
    return [f"{ns}/{name}" for ns, name in table._order]


def pods_where(sim, test):
    return sorted(f"{p['metadata']['namespace']}/{p['metadata']['name']}" for p in sim.store.iter("Pod") if test(p))


async def test_filter_narrows_widens_and_follows_changes(sandbox_app):
    sim, _ = build(2, 240, per_deployment=60)
    app = sandbox_app(sim=sim)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.play_screen
        table = screen.query_one(ObjectTable)
        screen.submit("/app-1")
        await pilot.pause()
        assert listed(table) == pods_where(sim, lambda p: "app-1" in p["metadata"]["name"])
        assert table.border_title.endswith("/app-1") and table.total == 60
        screen.submit("/app-1-")
        assert listed(table) == pods_where(sim, lambda p: "app-1-" in p["metadata"]["name"])
        screen.submit("/node-2")
        assert listed(table) == pods_where(sim, lambda p: p["spec"].get("nodeName") == "node-2")
        assert 0 < table.total < 240
        screen.submit("/APP-2")
        assert table.filter_text == "app-2" and table.total == 60

        screen.run_command("kubectl scale deployment/app-2 --replicas=70")
        screen.run_command("kubectl scale deployment/app-3 --replicas=70")
        app.advance(3)
        await pilot.pause()
        assert listed(table) == pods_where(sim, lambda p: "app-2" in p["metadata"]["name"])
        assert table.total == 70
        screen.run_command("kubectl delete deployment app-2")
        app.advance(40)
        await pilot.pause()
        assert table.total == 0 and table.row_count == 0

        screen.submit("/pending")
        pending = pods_where(sim, lambda p: p["status"].get("phase") == "Pending")
        assert listed(table) == pending
        screen.submit("/")
        assert listed(table) == pods_where(sim, lambda p: True) and table.filter_text == ""
        # the whole list's stats, kept through the changes made while filtered, not counted again
        assert table._stats is table._all_stats and table._stats.value() == ListStats(table._all).value()
        assert re.search(r"pods(\((all|\w[\w-]*)\))?$", table.border_title), table.border_title


async def test_filter_before_the_background_pass_and_after_it(sandbox_app, monkeypatch):
    from kubetui.ui.widgets import objects

    monkeypatch.setattr(objects, "FILL_BUDGET", 0.0)
    sim, _ = build(1, 90, per_deployment=30)
    app = sandbox_app(sim=sim)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.play_screen
        table = screen.query_one(ObjectTable)
        assert table._untexted
        screen.submit("/running")
        assert not table._untexted
        assert listed(table) == pods_where(sim, lambda p: p["status"].get("phase") == "Running")
        screen.submit("/")
        screen.run_command("kubectl scale deployment/app-0 --replicas=40")
        app.advance(1)
        await pilot.pause()
        assert table._untexted
        monkeypatch.setattr(objects, "FILL_BUDGET", 1.0)
        table._fill()
        assert not table._untexted
        screen.submit("/app-0")
        assert table.total == 40


async def test_the_table_follows_the_filter_as_it_is_typed(sandbox_app, monkeypatch):
    from kubetui.ui.screens import play
    from kubetui.ui.widgets.command_bar import CommandBar

    sim, _ = build(1, 90, per_deployment=30)
    app = sandbox_app(sim=sim)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.play_screen
        table = screen.query_one(ObjectTable)
        bar = screen.query_one(CommandBar)
        monkeypatch.setattr(play, "FILTER_DEBOUNCE", 60.0)
        table.focus()
        await pilot.press("slash", *"app-1")
        await pilot.pause()
        assert table.filter_text == "" and table.total > 90
        await pilot.press("enter")
        assert table.filter_text == "app-1" and table.total == 30 and app.focused is table

        await pilot.press("slash")
        assert bar.value == "/app-1" and app.focused is bar
        await pilot.press("backspace")
        assert table.filter_text == "app-1" and screen._filter_timer is not None
        screen._live_filter()
        assert table.filter_text == "app-" and table.total == 90 and app.focused is bar

        monkeypatch.setattr(play, "FILTER_DEBOUNCE", 0.01)
        await pilot.press(*"2-")
        for _ in range(100):
            if table.filter_text == "app-2-":
                break
            await pilot.pause(0.02)
        assert table.filter_text == "app-2-" and table.total == 30
        assert table.border_title.endswith("/app-2-")


def test_list_stats_follow_objects_as_they_come_and_go():
    """The longest NAME/NAMESPACE and the namespaces, kept as rows are added and removed,
    equal those counted afresh."""
    import random

    rng = random.Random(7)
    keys = sorted({(rng.choice(["default", "kube-system", "shop"]), "p" * rng.randint(1, 30)) for _ in range(200)})
    stats, present = ListStats(keys[:50]), set(keys[:50])
    for _ in range(400):
        key = rng.choice(keys)
        if key in present:
            present.discard(key)
            stats.remove(key)
        else:
            present.add(key)
            stats.add(key)
        fresh = ListStats(present)
        assert stats.value() == fresh.value()
    assert stats.value()[2] == frozenset(ns for ns, _ in present)
    for key in list(present):
        stats.remove(key)
    assert stats.value() == (0, 0, frozenset())


async def test_a_filter_before_the_pass_answers_at_once_and_the_pass_completes_it(sandbox_app, monkeypatch):
    from kubetui.ui.widgets import objects

    for name in ("FILL_BUDGET", "FILL_BUDGET_FILTERING", "FILTER_BUDGET"):
        monkeypatch.setattr(objects, name, 0.0)
    sim, _ = build(2, 480, per_deployment=60)
    app = sandbox_app(sim=sim)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.play_screen
        table = screen.query_one(ObjectTable)
        screen.submit("/app-")
        await pilot.pause()
        assert table.filter_text == "app-" and not table.filter_complete
        assert table.total == objects.FILL_BATCH  # one batch prepared in the handler, every pod matches
        apps = pods_where(sim, lambda p: "app-" in p["metadata"]["name"])
        assert set(listed(table)) < set(apps) and len(apps) == 480

        monkeypatch.setattr(objects, "FILL_BUDGET_FILTERING", 1.0)
        table._fill()
        await pilot.pause()
        assert table.filter_complete and not table._untexted
        assert listed(table) == apps and table.total == 480
        assert table.row_count == min(objects.WINDOW, 480)
