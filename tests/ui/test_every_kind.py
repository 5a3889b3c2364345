"""Every kind the cluster stores can be shown with `:kind`, and its rows follow the cluster live."""

from kubetui.model.kinds import KINDS
from kubetui.ui.game import WATCHED_KINDS
from kubetui.ui.widgets.command_bar import CommandBar
from kubetui.ui.widgets.objects import ObjectTable


async def type_command(pilot, line: str) -> None:
    bar = pilot.app.screen.query_one(CommandBar)
    bar.focus()
    bar.value = line
    await pilot.press("enter")
    await pilot.pause()


def test_the_ui_listens_to_every_kind_but_events_and_leases():
    assert set(KINDS) - set(WATCHED_KINDS) == {"Event", "Lease"}


async def test_a_disruption_budget_row_follows_its_pods(sandbox_app):
    app = sandbox_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await type_command(pilot, ":pdb")
        table = app.screen.query_one(ObjectTable)
        assert table.kind == "PodDisruptionBudget" and table.row_count == 0
        await type_command(pilot, "create deployment web --image=nginx:1.25 --replicas=3")
        await type_command(pilot, "create pdb web --selector=app=web --min-available=2")

        def allowed():
            row = next(r for r in table.ordered_rows if r.key.value.endswith("/web"))
            labels = [str(c.label).strip() for c in table.columns.values()]
            return str(table.get_row(row.key)[labels.index("ALLOWED DISRUPTIONS")])

        assert allowed() == "0"
        app.advance(30)
        await pilot.pause()
        assert allowed() == "1", "three ready pods, two must stay: one may go"


async def test_rbac_kinds_have_their_views(sandbox_app):
    app = sandbox_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await type_command(pilot, ":clusterrole")
        table = app.screen.query_one(ObjectTable)
        assert table.kind == "ClusterRole"
        names = {r.key.value.rsplit("/", 1)[-1] for r in table.ordered_rows}
        assert {"admin", "edit", "view", "cluster-admin"} <= names
        await type_command(pilot, "create role pod-reader --verb=get --resource=pods")
        await type_command(pilot, "create rolebinding jane --role=pod-reader --user=jane")
        await type_command(pilot, ":rolebinding")
        assert table.kind == "RoleBinding"
        labels = [str(c.label).strip() for c in table.columns.values()]
        row = next(r for r in table.ordered_rows if r.key.value.endswith("/jane"))
        assert str(table.get_row(row.key)[labels.index("ROLE")]) == "Role/pod-reader"
        await type_command(pilot, ":role")
        assert table.kind == "Role" and table.row_count == 1


async def test_ingress_view_shows_the_address_once_published(sandbox_app):
    app = sandbox_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await type_command(pilot, ":ing")
        table = app.screen.query_one(ObjectTable)
        assert table.kind == "Ingress" and table.row_count == 0
        await type_command(pilot, "create ingress web --rule=shop.example.com/*=web:80")

        def address():
            row = next(r for r in table.ordered_rows if r.key.value.endswith("/web"))
            labels = [str(c.label).strip() for c in table.columns.values()]
            return str(table.get_row(row.key)[labels.index("ADDRESS")]).strip()

        assert address() == ""
        app.advance(10)
        await pilot.pause()
        assert address() == "172.18.255.200"


async def test_a_custom_kind_is_shown_by_its_plural_and_follows_the_cluster(sandbox_app):
    from tests.kubectl.test_cmd_crd import CRD, CRONTAB

    app = sandbox_app()
    async with app.run_test(size=(120, 40)) as pilot:
        app.game.session.sim.run("kubectl apply -f -", stdin=CRD)
        await type_command(pilot, ":crontabs")
        table = app.screen.query_one(ObjectTable)
        assert table.kind == "CronTab" and table.row_count == 0
        app.game.session.sim.run("kubectl apply -f -", stdin=CRONTAB)
        app.advance(1)
        await pilot.pause()
        labels = [str(c.label).strip() for c in table.columns.values()]
        assert labels[:4] == ["NAMESPACE", "NAME", "SPEC", "REPLICAS"]
        assert table.row_count == 1


def test_the_command_bar_completes_custom_kinds_and_their_objects():
    from kubetui import Simulation
    from kubetui.ui.widgets.command_bar import complete
    from tests.kubectl.test_cmd_crd import CRD, CRONTAB

    sim = Simulation(seed=1)
    assert complete("kubectl get cront", sim) is None
    sim.run("kubectl apply -f -", stdin=CRD)
    sim.run("kubectl apply -f -", stdin=CRONTAB)
    assert complete(":cront", sim) == ":crontabs"
    assert complete("kubectl get ct my", sim) == "kubectl get ct my-cron"
