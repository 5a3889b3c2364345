"""The command bar as a container shell's prompt: ↑/↓ walk the lines typed into that shell
(kubectl's come back after `exit`), and Tab offers no kubectl completion there."""

import pytest
from settle_kit import typist, wait_for

pytestmark = pytest.mark.slow


async def test_shell_history_is_the_shells_own_and_tab_completes_no_kubectl(sandbox_app):
    from kubetui.ui.widgets.command_bar import CommandBar

    app = sandbox_app()
    async with app.run_test(size=(120, 40)) as pilot:
        bar = app.play_screen.query_one(CommandBar)

        typed = typist(pilot, bar)

        await typed("kubectl run box --image=busybox -- sleep 3600")
        app.advance(10)
        await typed("kubectl exec -it box -- sh")
        await wait_for(pilot, lambda: bar.border_title == "/ #")
        await pilot.press("up")
        assert bar.value == "", "a new shell has no history yet"
        await typed("echo one")
        await typed("cd /tmp")
        await pilot.press("up")
        assert bar.value == "cd /tmp"
        await pilot.press("up", "up")
        assert bar.value == "echo one"
        bar.value = "kubectl get po"
        bar.cursor_position = len(bar.value)
        bar._suggestion = "kubectl get pods"  # what the kubectl completer would offer
        await pilot.press("tab")
        assert bar.value == "kubectl get po"
        await typed("exit")
        await wait_for(pilot, lambda: not bar.border_title)
        await pilot.press("up")
        assert bar.value == "kubectl exec -it box -- sh"
        await pilot.press("up")
        assert bar.value == "kubectl run box --image=busybox -- sleep 3600"
