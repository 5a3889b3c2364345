"""The top line names the context and namespace kubectl is using; with several clusters, the
commands and the panes follow the context to its cluster."""

from pathlib import Path

from kubetui.ui.widgets.header import GameHeader
from kubetui.ui.widgets.output import OutputPane
from tests.ui.test_play import pod_rows, type_command

ROOT = Path(__file__).resolve().parents[2]


async def test_the_header_and_the_panes_follow_the_context(sandbox_app):
    app = sandbox_app(scenario=str(ROOT / "scenarios" / "147-two-clusters"), start=None)
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        await pilot.press("enter")  # close the briefing
        await pilot.pause()
        app.advance(25)  # the colleague's scale-down of prod happened at tick 20
        await pilot.pause()
        assert len(pod_rows(app.screen, "shop")) == 2  # staging's api
        header = app.screen.query_one(GameHeader)
        assert "⎈ kubetui:default" in str(header.render())
        await type_command(pilot, "kubectl config use-context prod")
        await type_command(pilot, "kubectl config set-context --current --namespace=shop")
        app.screen.refresh_view(force=True)
        await pilot.pause()
        assert "⎈ prod:shop" in str(header.render())
        assert pod_rows(app.screen, "shop") == []  # prod's api is at 0
        await type_command(pilot, "kubectl get deploy")
        out = app.screen.query_one(OutputPane).text()
        assert out.splitlines()[-1].split()[:2] == ["api", "0/0"]
        await type_command(pilot, "kubectl scale deploy api --replicas=3")
        app.advance(15)
        await pilot.pause()
        assert len(pod_rows(app.screen, "shop")) == 3
        assert len(app.game.sim.cluster_named("prod").list("Pod", "shop")) == 3
        await type_command(pilot, "kubectl config use-context kubetui")
        app.screen.refresh_view(force=True)
        await pilot.pause()
        assert len(pod_rows(app.screen, "shop")) == 2
