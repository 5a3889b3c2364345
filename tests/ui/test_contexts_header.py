"""The top line names the context and namespace kubectl is using; the play screen's commands
reach the cluster the context names."""

from pathlib import Path

from kubetui.ui.widgets.header import GameHeader
from kubetui.ui.widgets.output import OutputPane
from tests.ui.test_play import type_command

ROOT = Path(__file__).resolve().parents[2]


async def test_the_header_follows_use_context_and_set_context(sandbox_app):
    app = sandbox_app(scenario=str(ROOT / "scenarios" / "145-two-clusters"), start=None)
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        await pilot.press("enter")  # close the briefing
        await pilot.pause()
        header = app.screen.query_one(GameHeader)
        assert "⎈ kubetui:default" in str(header.render())
        await type_command(pilot, "kubectl config use-context prod")
        await type_command(pilot, "kubectl config set-context --current --namespace=shop")
        app.screen.refresh_view(force=True)
        await pilot.pause()
        assert "⎈ prod:shop" in str(header.render())
        await type_command(pilot, "kubectl get deploy")
        out = app.screen.query_one(OutputPane).text()
        assert out.splitlines()[-1].split()[:2] == ["api", "0/3"]  # prod's three replicas (staging runs two)
        assert app.game.sim.cluster_named("prod").get("Deployment", "api", "shop") is not None
