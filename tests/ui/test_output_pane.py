"""The output pane shows what kubectl printed, in the order a terminal would."""

from rich.text import Text

from kubetui.ui.widgets.command_bar import CommandBar
from kubetui.ui.widgets.output import OutputPane


async def test_warnings_come_before_the_result_and_are_not_errors(sandbox_app):
    app = sandbox_app()
    async with app.run_test(size=(120, 40)) as pilot:
        bar = app.play_screen.query_one(CommandBar)
        for line in ("create ns x", "label ns x pod-security.kubernetes.io/warn=restricted",
                     "run web -n x --image=nginx:1.25"):
            bar.focus()
            bar.value = line
            await pilot.press("enter")
            await pilot.pause()
        pane = app.play_screen.query_one(OutputPane)
        lines = pane.text().split("\n")
        at = lines.index("$ kubectl run web -n x --image=nginx:1.25")
        assert lines[at + 1].startswith('Warning: would violate PodSecurity "restricted:latest": ')
        assert lines[at + 2] == "pod/web created"


def test_stderr_that_is_not_a_warning_stays_red():
    pane = OutputPane()
    written = []
    pane.write = lambda text, *a, **k: written.append(text)
    pane.command("kubectl get x", "", "Warning: w\nerror: the server doesn't have a resource type \"x\"\n")
    assert [(t.plain, str(t.style)) for t in written if isinstance(t, Text)][1:] == [
        ("Warning: w", "yellow"), ('error: the server doesn\'t have a resource type "x"', "red")]


def test_which_pod_and_container_kubectl_chose_comes_first_and_is_not_red():
    pane = OutputPane()
    written = []
    pane.write = lambda text, *a, **k: written.append(text)
    pane.command("kubectl logs deploy/web", "line 1\nline 2\n",
                 'Found 2 pods, using pod/web-1\nDefaulted container "web" out of: web, shipper\n')
    assert [(t.plain, str(t.style)) for t in written if isinstance(t, Text)][1:] == [
        ('Found 2 pods, using pod/web-1\nDefaulted container "web" out of: web, shipper', "dim"),
        ("line 1\nline 2", "")]
