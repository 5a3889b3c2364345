"""Waiting in UI tests: for a condition, or for a screen to stop changing before a snapshot."""


async def settle(pilot, tries: int = 100) -> None:
    """Wait until the screen stops changing: workers done, background fills done, and two
    frames in a row alike. Snapshots taken after this do not depend on how busy the machine is."""
    app = pilot.app
    last = None
    for _ in range(tries):
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.wait_for_scheduled_animations()
        screen = app.screen
        busy = bool(getattr(screen, "_busy", False)) or bool(getattr(screen, "_tree_dirty", False)) or any(
            getattr(w, "_pending", None) for w in screen.query("NodesPane"))
        frame = app.export_screenshot()
        if not busy and frame == last:
            return
        last = frame
        await pilot.pause(0.05)
    raise AssertionError("the screen never settled")


async def wait_for(pilot, condition, tries: int = 300) -> None:
    """Let the app run until `condition()` holds, failing after `tries` short pauses."""
    for _ in range(tries):
        if condition():
            return
        await pilot.pause(0.01)
    assert condition()


def typist(pilot, bar):
    """`await typed(line)`: the line entered at the command bar `bar` as a player would (focus, text, enter)."""
    async def typed(line: str) -> None:
        bar.focus()
        bar.value = line
        await pilot.press("enter")
    return typed
