"""Tables that never cut what matters, at the four sizes a learner plays at, in both languages:
NAME, READY, STATUS, RESTARTS and AGE of the Pods table and NAME to PODS of the Nodes pane
always show in full; the wide columns go first; at 160 columns nothing of `kubectl get pods` is cut."""

import pytest
from settle_kit import wait_for

from kubetui.ui.widgets.nodes import NodesPane
from kubetui.ui.widgets.objects import ESSENTIAL, ObjectTable

SIZES = [(80, 24), (120, 40), (160, 48), (200, 60)]


def shown_columns(table) -> list[tuple[str, int]]:
    return [(str(c.label), c.get_render_width(table)) for c in table.columns.values()]


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
async def test_essential_columns_show_in_full(sandbox_app, size, lang):
    app = sandbox_app(lang=lang)
    async with app.run_test(size=size) as pilot:
        screen = app.play_screen
        screen.run_command("kubectl create deployment web --image=nginx:1.25 --replicas=3")
        screen.run_command("kubectl run broken --image=nginx:no-such-tag")
        screen.run_command("kubectl run crash --image=busybox:1.36 -- false")
        app.advance(60)
        if screen.compact:
            screen.show_pane("objects")
        table = screen.query_one(ObjectTable)
        await wait_for(pilot, lambda: table.row_count >= 9 and table.scrollable_content_region.width > 0)
        await pilot.pause()
        columns = shown_columns(table)
        labels = [label for label, _ in columns]
        assert all(h in labels for h in ESSENTIAL), labels
        assert sum(w for _, w in columns) <= table.scrollable_content_region.width, (columns, table.size)
        cells = {label: [str(table.get_row_at(i)[labels.index(label)]) for i in range(table.row_count)]
                 for label in ESSENTIAL}
        assert "ImagePullBackOff" in cells["STATUS"] and "CrashLoopBackOff" in cells["STATUS"]
        assert any(r.startswith("3 (") and r.endswith(" ago)") for r in cells["RESTARTS"]), cells["RESTARTS"]
        if size[0] >= 160:
            assert "NAMESPACE" in labels
            assert "kube-controller-manager-control-plane" in cells["NAME"], "no name is cut at 160 columns"
            assert table.hidden_namespace is None
        else:
            own = [n for n in cells["NAME"] if n.startswith("web-")]
            whole = sorted(p["metadata"]["name"] for p in app.game.sim.store.iter("Pod")
                           if p["metadata"]["name"].startswith("web-"))
            if "NAMESPACE" in labels:  # several namespaces: NAMESPACE first, names cut in the middle
                assert len(own) == 3 and all(len(n) >= 12 for n in own), own
                assert sorted(n[-5:] for n in own) == sorted(n[-5:] for n in whole), "each pod's own suffix shows"
            else:
                assert sorted(own) == whole, own
        if "NAMESPACE" not in labels:
            assert "(all)" in str(table.border_title), "the title says the namespaces are mixed"

        if screen.compact:
            screen.show_pane("nodes")
        nodes = screen.query_one(NodesPane).table
        await wait_for(pilot, lambda: nodes.row_count == 4 and nodes.scrollable_content_region.width > 0)
        await pilot.pause()
        widths = dict(shown_columns(nodes))
        essential = sum(widths[h] for h in ("NAME", "STATUS", "CPU", "MEMORY", "PODS"))
        assert essential <= nodes.scrollable_content_region.width, (widths, nodes.size)


async def test_a_single_namespace_needs_no_namespace_column_when_narrow(sandbox_app):
    app = sandbox_app()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.play_screen
        screen.run_command("kubectl create deployment a-rather-long-deployment-name --image=nginx:1.25 --replicas=2")
        app.advance(20)
        screen.submit("/a-rather")
        table = screen.query_one(ObjectTable)
        await wait_for(pilot, lambda: table.row_count == 2)
        await wait_for(pilot, lambda: table.hidden_namespace in (None, "default"))
        labels = [label for label, _ in shown_columns(table)]
        if "NAMESPACE" not in labels:
            assert "(default)" in str(table.border_title)


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (160, 48), (200, 60)])
async def test_the_nodes_pane_shows_a_column_whole_or_not_at_all(sandbox_app, size):
    """ROLES showed as `ROL` beside `con` and `<no` at 160×48: a column that does not fit is
    left out, as the Objects pane does with its wide columns."""
    from kubetui.ui.widgets.nodes import NodesPane

    app = sandbox_app()
    async with app.run_test(size=size) as pilot:
        screen = app.play_screen
        screen.show_pane("nodes")
        await pilot.pause()
        await pilot.pause()
        pane = screen.query_one(NodesPane)
        table = pane.table
        assert len(table.columns) >= 5
        used = sum(column.get_render_width(table) for column in table.columns.values())
        assert used <= table.scrollable_content_region.width, (size, used, table.scrollable_content_region.width)
        labels = [str(c.label) for c in table.columns.values()]
        assert labels[:5] == ["NAME", "STATUS", "CPU", "MEMORY", "PODS"]
        if size == (80, 24):  # the Nodes tab has the whole width
            assert "ROLES" in labels
