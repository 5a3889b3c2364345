"""`k get cj,job,po -w` in the command bar: real kubectl refuses a watch over several resource
types (`error: you may only specify a single resource type`, kubectl 1.37 against `kubetui
serve`); the bar printed `No resources found` and kept a watch running that real kubectl never
starts."""

from kubetui import Simulation


async def test_a_watch_over_several_types_is_refused_and_nothing_keeps_running(sandbox_app):
    from kubetui.ui.widgets.command_bar import CommandBar
    from kubetui.ui.widgets.output import OutputPane

    app = sandbox_app(seed=7)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.play_screen
        bar = screen.query_one(CommandBar)
        bar.focus()
        bar.value = "k get cj,job,po -w"
        await pilot.press("enter")
        await pilot.pause()
        text = screen.query_one(OutputPane).text()
        assert "error: you may only specify a single resource type" in text
        assert "No resources found" not in text and "still running" not in text
        assert screen.running == [] and app.game.sim.background == {}


def test_one_type_still_watches_and_every_form_of_several_is_refused():
    sim = Simulation(seed=1)
    for line in ("kubectl get pods,svc -w", "kubectl get all --watch", "kubectl get po/x svc/y -w",
                 "kubectl get pods,po -w", "kubectl get nope,pods -w"):
        r = sim.run(line)
        assert (r.exit_code, r.stdout, r.stderr) == (1, "", "error: you may only specify a single resource type\n")
    for line in ("kubectl get pods -w -n kube-system", "kubectl get pods,pods -w -n kube-system"):
        r = sim.run(line)
        assert r.exit_code == 0 and "\netcd-control-plane " in r.stdout and "pod/" not in r.stdout
    r = sim.run("kubectl get po/x pods/y -w")
    assert 'pods "x" not found' in r.stderr and "single resource type" not in r.stderr
