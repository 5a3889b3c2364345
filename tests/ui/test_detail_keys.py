"""k9s's keys on the selected object: describe, YAML, logs, edit, scale, delete, filter, jump,
help and the scheduler's explanation; each shows the kubectl command it stands for."""

from textual.widgets import Input, TextArea

from kubetui.ui.screens.detail import ConfirmScreen, DetailScreen, EditScreen, HelpScreen, PromptScreen
from kubetui.ui.screens.play import PlayScreen
from kubetui.ui.widgets.command_bar import CommandBar
from kubetui.ui.widgets.objects import ObjectTable
from kubetui.ui.widgets.output import OutputPane


async def run(pilot, line):
    bar = pilot.app.play_screen.query_one(CommandBar)
    bar.focus()
    bar.value = line
    await pilot.press("enter")
    await pilot.pause()


async def select(pilot, kind_word, name):
    """Show `kind_word` in the table and put the cursor on `name`."""
    screen = pilot.app.play_screen
    await run(pilot, f":{kind_word}")
    table = screen.query_one(ObjectTable)
    keys = [r.key.value for r in table.ordered_rows]
    index = next(i for i, k in enumerate(keys) if k.endswith("/" + name))
    table.move_cursor(row=index)
    table.focus()
    await pilot.pause()


async def test_describe_yaml_logs_show_the_equivalent_command(sandbox_app):
    app = sandbox_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await run(pilot, "run hello --image=nginx:1.25")
        app.advance(10)
        await select(pilot, "pods", "hello")
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, DetailScreen)
        body = app.screen.body_text()
        assert body.startswith("Name:") and "hello" in body and "Events:" in body
        assert app.screen.command == "kubectl describe pod hello"
        await pilot.press("escape")
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, DetailScreen)
        assert "kind: Pod" in app.screen.body_text() and app.screen.command == "kubectl get pod hello -o yaml"
        await pilot.press("escape")
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, DetailScreen) and app.screen.command == "kubectl logs hello"
        assert app.screen.body_text() == app.game.sim.run("kubectl logs hello").stdout.rstrip("\n")
        await pilot.press("escape")
        out = app.play_screen.query_one(OutputPane).text()
        for cmd in ("kubectl describe pod hello", "kubectl get pod hello -o yaml", "kubectl logs hello"):
            assert f"# {cmd}" in out


async def test_scale_prompt_runs_kubectl_scale(sandbox_app):
    app = sandbox_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await run(pilot, "create deployment web --image=nginx:1.25 --replicas=1")
        app.advance(5)
        await select(pilot, "deploy", "web")
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(app.screen, PromptScreen)
        prompt = app.screen.query_one(Input)
        prompt.value = "4"
        await pilot.press("enter")
        await pilot.pause()
        assert app.game.sim.get("Deployment", "web")["spec"]["replicas"] == 4
        out = app.play_screen.query_one(OutputPane).text()
        assert "$ kubectl scale deployment/web --replicas=4" in out
        assert "deployment.apps/web scaled" in out
        app.advance(10)
        await pilot.pause()
        rows = [r for r in app.play_screen.query_one(ObjectTable).ordered_rows if r.key.value == "default/web"]
        assert len(rows) == 1 and str(app.play_screen.query_one(ObjectTable).get_row(rows[0].key)[2]) == "4/4"


async def test_delete_asks_first(sandbox_app):
    app = sandbox_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await run(pilot, "run hello --image=nginx:1.25")
        app.advance(5)
        await select(pilot, "pods", "hello")
        await pilot.press("ctrl+d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await pilot.pause()
        assert app.game.sim.get("Pod", "hello") is not None
        await pilot.press("ctrl+d")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        out = app.play_screen.query_one(OutputPane).text()
        assert '$ kubectl delete pod hello' in out and 'pod "hello" deleted' in out
        pod = app.game.sim.get("Pod", "hello")
        assert pod is None or pod["metadata"].get("deletionTimestamp")


async def test_edit_applies_and_shows_errors_inline(sandbox_app):
    app = sandbox_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await run(pilot, "create deployment web --image=nginx:1.25 --replicas=1")
        app.advance(3)
        await select(pilot, "deploy", "web")
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, EditScreen)
        area = app.screen.query_one(TextArea)
        area.text = area.text.replace("replicas: 1", "replicas: 2", 1)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)
        assert app.game.sim.get("Deployment", "web")["spec"]["replicas"] == 2
        out = app.play_screen.query_one(OutputPane).text()
        assert "deployment.apps/web edited" in out and "configured" not in out
        saved = app.game.sim.command_log[-1]  # through the door, as kubectl edit, the editor's text as stdin
        assert saved["line"].startswith("kubectl edit ") and "replicas: 2" in saved["stdin"]
        await pilot.press("e")
        await pilot.pause()
        area = app.screen.query_one(TextArea)
        area.text = "kind: Deployment\napiVersion: apps/v1\nmetadata: {name: web}\nspec: {replicas: nope}\n"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, EditScreen)
        error = str(app.screen.query_one("#edit-error").render())
        assert error.strip() and "replicas" in error
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmScreen), "changes made: Esc asks before it throws them away"
        await pilot.press("n")
        await pilot.pause()
        assert isinstance(app.screen, EditScreen) and "replicas: nope" in app.screen.query_one(TextArea).text
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)
        assert app.game.sim.get("Deployment", "web")["spec"]["replicas"] == 2


async def test_filter_jump_and_help(sandbox_app):
    app = sandbox_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await run(pilot, "run alpha --image=nginx:1.25")
        await run(pilot, "run beta --image=nginx:1.25")
        app.advance(2)
        screen = app.play_screen
        table = screen.query_one(ObjectTable)
        table.focus()
        await pilot.press("slash")
        assert screen.query_one(CommandBar).value == "/"
        await pilot.press(*"beta", "enter")
        await pilot.pause()
        assert [r.key.value for r in table.ordered_rows] == ["default/beta"]
        await run(pilot, "/")
        assert len(table.ordered_rows) == 12  # with the sandbox's coredns and kube-proxy pods
        table.focus()
        await pilot.press("colon", *"no", "enter")
        await pilot.pause()
        assert table.kind == "Node" and [r.key.value for r in table.ordered_rows][0] == "/control-plane"
        await run(pilot, ":nothings")
        assert 'the server doesn\'t have a resource type "nothings"' in screen.query_one(OutputPane).text()
        table.focus()
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        help_text = str(app.screen.query_one("#help-body").render())
        for key in ("space", "ctrl+d", "describe", "scale"):
            assert key in help_text


async def test_pending_pod_explained_per_node(sandbox_app):
    app = sandbox_app()
    async with app.run_test(size=(120, 40)) as pilot:
        manifest = ("apiVersion: v1\nkind: Pod\nmetadata: {name: big}\nspec:\n  nodeSelector: {disk: ssd}\n"
                    "  containers: [{name: c, image: nginx:1.25}]\n")
        app.play_screen.run_command("kubectl apply -f -", stdin=manifest)
        app.advance(3)
        await select(pilot, "pods", "big")
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, DetailScreen)
        body = app.screen.body_text()
        assert "node-1" in body and "node-2" in body and "✖" in body


async def test_x_on_a_running_pod_says_where_it_runs(sandbox_app):
    app = sandbox_app()
    async with app.run_test(size=(120, 40)) as pilot:
        app.play_screen.run_command("kubectl run web --image=nginx:1.25")
        for _ in range(30):
            pod = app.game.sim.store.get("Pod", "default", "web")
            if (pod.get("status") or {}).get("phase") == "Running":
                break
            app.advance(1)
        node = pod["spec"]["nodeName"]
        await select(pilot, "pods", "web")
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen), "no 'why Pending' view for a pod the scheduler placed"
        assert f"Pod web is not waiting for the scheduler: it is Running on node {node}." in \
            app.screen.query_one(OutputPane).text()


async def test_typed_kubectl_edit_opens_the_editor(sandbox_app):
    app = sandbox_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await run(pilot, "create deployment web --image=nginx:1.25 --replicas=1")
        app.advance(3)
        await run(pilot, "kubectl edit deployment web")
        assert isinstance(app.screen, EditScreen)
        area = app.screen.query_one(TextArea)
        area.text = area.text.replace("replicas: 1", "replicas: 3", 1)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, PlayScreen)
        assert app.game.sim.get("Deployment", "web")["spec"]["replicas"] == 3
        await run(pilot, "edit deploy/web -n default")
        assert isinstance(app.screen, EditScreen)
        await pilot.press("escape")
        await pilot.pause()
        await run(pilot, "kubectl edit deployment nope")
        assert isinstance(app.screen, PlayScreen)
        out = app.play_screen.query_one(OutputPane).text()
        assert '"nope" not found' in out and "unable to launch the editor" not in out


async def test_logs_key_refuses_as_kubectl_while_the_image_cannot_be_pulled(sandbox_app):
    app = sandbox_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await run(pilot, "run shop --image=ngnix:1.27")
        app.advance(20)
        expected = app.game.sim.run("kubectl logs shop").stderr.strip()
        assert "is waiting to start" in expected
        await select(pilot, "pods", "shop")
        await pilot.press("l")
        await pilot.pause()
        assert isinstance(app.screen, DetailScreen)
        assert app.screen.body_text() == expected
