"""The play screen: commands through the bar, the panes following the cluster, the clock keys."""

from kubetui.ui.screens.play import PlayScreen
from kubetui.ui.widgets.command_bar import CommandBar
from kubetui.ui.widgets.events import EventsPane
from kubetui.ui.widgets.header import GameHeader
from kubetui.ui.widgets.namespaces import NamespaceTree
from kubetui.ui.widgets.nodes import NodesPane
from kubetui.ui.widgets.objects import ObjectTable
from kubetui.ui.widgets.output import OutputPane


async def type_command(pilot, line: str) -> None:
    bar = pilot.app.screen.query_one(CommandBar)
    bar.focus()
    bar.value = line
    await pilot.press("enter")
    await pilot.pause()


def pod_rows(screen, namespace="default"):
    table = screen.query_one(ObjectTable)
    rows = []
    for row in table.ordered_rows:
        cells = table.cells(row.key.value)
        if cells[0] == namespace:
            rows.append(cells)
    return rows


async def test_create_deployment_and_watch_pods_run(sandbox_app):
    app = sandbox_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, PlayScreen)
        await type_command(pilot, "kubectl create deployment web --image=nginx:1.25 --replicas=3")
        assert "deployment.apps/web created" in screen.query_one(OutputPane).text()
        app.advance(15)
        await pilot.pause()
        rows = pod_rows(screen)
        assert len(rows) == 3
        assert all(r[1].startswith("web-") and r[2] == "1/1" and r[3] == "Running" for r in rows)
        assert len(app.game.sim.list("Pod", "default")) == 3
        events = "\n".join(screen.query_one(EventsPane).plain_lines())
        assert "ScalingReplicaSet" in events and "Started" in events


async def test_kubectl_word_is_optional_and_errors_are_shown(sandbox_app):
    app = sandbox_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await type_command(pilot, "get deployments")
        await type_command(pilot, "get frobs")
        out = app.screen.query_one(OutputPane).text()
        assert "$ kubectl get deployments" in out
        assert "No resources found in default namespace." in out
        assert 'error: the server doesn\'t have a resource type "frobs"' in out


async def test_clock_keys(sandbox_app):
    app = sandbox_app()
    async with app.run_test(size=(120, 40)) as pilot:
        app.screen.query_one(ObjectTable).focus()
        await pilot.press("full_stop", "full_stop")
        assert app.game.sim.tick == 2
        assert app.paused
        await pilot.press("space")
        assert not app.paused
        await pilot.press("space")
        assert app.paused
        await pilot.press("plus", "plus")
        assert app.speed == 5
        await pilot.press("minus")
        assert app.speed == 2
        for _ in range(10):
            await pilot.press("plus")
        assert app.speed == 60
        header = str(app.screen.query_one(GameHeader).render())
        assert "60×" in header and "00:00:02" in header and "PAUSED" in header


async def test_nodes_pane_follows_a_failed_node(sandbox_app):
    app = sandbox_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        nodes = screen.query_one(NodesPane).table
        assert [str(nodes.get_row(r.key)[0]) for r in nodes.ordered_rows] == ["control-plane", "node-1", "node-2", "node-3"]
        await type_command(pilot, "sim fail-node node-2")
        app.advance(60)
        await pilot.pause()
        assert str(nodes.get_cell("node-2", "STATUS")) == "NotReady"  # kubectl get nodes: a Ready condition Unknown reads NotReady
        pane = screen.query_one(NodesPane)  # TAINTS shows only where it fits whole; the row holds it
        assert "node.kubernetes.io/unreachable" in str(pane._shown["node-2"][NodesPane.COLUMNS.index("TAINTS")])
        assert str(nodes.get_cell("node-1", "STATUS")) == "Ready"


async def test_namespace_tree_shows_workloads_and_pods(sandbox_app):
    app = sandbox_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await type_command(pilot, "create deployment web --image=nginx:1.25 --replicas=2")
        app.advance(10)
        screen = app.screen
        screen.request_tree_rebuild()
        await pilot.pause()
        tree = screen.query_one(NamespaceTree)
        default = next(n for n in tree.root.children if n.data == ("Namespace", None, "default"))
        web = next(n for n in default.children if n.data == ("Deployment", "default", "web"))
        assert "2/2 ready" in str(web.label)
        rs = web.children[0]
        assert rs.data[0] == "ReplicaSet"
        rs.expand()
        await pilot.pause()
        await pilot.pause()
        default = next(n for n in tree.root.children if n.data == ("Namespace", None, "default"))
        rs = default.children[0].children[0]
        pods = [c for c in rs.children if c.data and c.data[0] == "Pod"]
        assert len(pods) == 2 and all("Running" in str(p.label) for p in pods)


async def test_small_terminal_shows_one_pane_under_tabs(sandbox_app):
    app = sandbox_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert screen.compact
        assert screen.query_one("#pane-tabs").display
        assert screen.query_one("#objects").display and not screen.query_one("#nodes").display
        screen.query_one(ObjectTable).focus()
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert screen.active_pane == "nodes"
        assert screen.query_one("#nodes").display and not screen.query_one("#objects").display
        await pilot.resize_terminal(160, 48)
        await pilot.pause()
        assert not screen.compact and not screen.query_one("#pane-tabs").display
        assert all(screen.query_one(f"#{p}").display for p in ("objects", "nodes", "namespaces", "events"))
        assert not screen.query_one("#right").display, "at 160 columns the Objects pane takes the Charts' room"
        await pilot.resize_terminal(200, 60)
        await pilot.pause()
        assert all(screen.query_one(f"#{p}").display for p in ("objects", "nodes", "namespaces", "events", "charts"))


async def test_nodes_pane_status_column_widens_for_a_failed_node(sandbox_app):
    from kubetui.ui.widgets.nodes import NodesPane

    app = sandbox_app(seed=7)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.game.sim.run("sim fail-node node-1")
        app.advance(60)
        await pilot.pause()
        table = app.screen.query_one(NodesPane).table
        status = str(table.get_cell("node-1", "STATUS"))
        assert status == "NotReady"  # as kubectl get nodes prints a Ready condition Unknown
        column = table.columns["STATUS"]
        assert column.content_width >= len("NotReady")


async def test_next_pane_key_shows_charts_on_a_wide_screen_even_while_paused(sandbox_app):
    from kubetui.ui.widgets.charts import ChartsPane

    app = sandbox_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        app.game.sim.run("kubectl create deployment web --image=nginx:1.25 --replicas=2")
        app.advance(15)
        await pilot.pause()
        assert not screen.compact and not screen.query_one(ChartsPane).display
        screen.query_one(ObjectTable).focus()
        for _ in range(4):
            await pilot.press("right_square_bracket")
        await pilot.pause()
        assert screen.active_pane == "charts"
        assert screen.query_one(ChartsPane).display and screen.query_one("#right").display
        label = str(screen.query_one("#chart-label-ready").render())
        assert label.endswith(": 12")  # 2 web, 4 control-plane, 2 coredns, 4 kube-proxy
        await pilot.press("right_square_bracket")
        await pilot.pause()
        assert not screen.query_one(ChartsPane).display
