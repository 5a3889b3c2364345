"""The Output pane wraps like a terminal (and again after a resize), keeps the whole output of
the last commands, and `z` maximises it to scroll."""

import pytest
from settle_kit import wait_for

from kubetui.ui.widgets.output import OutputPane


def shown(pane: OutputPane) -> str:
    return "".join(strip.text for strip in pane.lines)


@pytest.mark.slow
async def test_a_long_error_wraps_to_its_last_word_and_again_after_a_resize(sandbox_app):
    app = sandbox_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.play_screen
        pane = screen.query_one(OutputPane)
        manifest = ("apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - name: c\n"
                    "    image: nginx\n    imagePullPolcy: Always\n")
        screen.run_command("kubectl apply -f -", stdin=manifest)
        await wait_for(pilot, lambda: pane._width > 0 and "imagePullPolcy" in shown(pane).replace(" ", ""))
        width = pane.scrollable_content_region.width
        assert max(strip.cell_length for strip in pane.lines) <= width
        error = next(line for line in pane.plain if "imagePullPolcy" in line)
        assert len(error) > width, "the error is longer than one line of the pane"
        assert error.replace(" ", "") in shown(pane).replace(" ", "")

        await pilot.resize_terminal(200, 50)
        await wait_for(pilot, lambda: pane._width == pane.scrollable_content_region.width > width)
        assert error.replace(" ", "") in shown(pane).replace(" ", "")
        assert max(strip.cell_length for strip in pane.lines) > width, "wrapped again to the wider pane"


@pytest.mark.slow
async def test_z_maximises_the_output_which_keeps_every_line(sandbox_app):
    app = sandbox_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.play_screen
        pane = screen.query_one(OutputPane)
        screen.run_command("kubectl create deployment web --image=nginx:1.25 --replicas=300")
        app.advance(20)
        screen.run_command("kubectl get pods -o wide")
        rows = [line for line in pane.plain if line.startswith("web-")]
        assert len(rows) == 300
        small = pane.size.height
        screen.set_focus(None)
        await pilot.press("z")
        await wait_for(pilot, lambda: pane.size.height > 30)
        assert app.focused is pane and not screen.query_one("#main").display
        await pilot.press("home")
        await wait_for(pilot, lambda: pane.scroll_y == 0)
        assert len(pane.lines) >= 300
        await pilot.press("escape")
        await wait_for(pilot, lambda: pane.size.height == small)
        assert screen.query_one("#main").display


def test_fold_cuts_long_lines_at_the_last_column_as_a_terminal_does():
    from rich.console import Console
    from rich.text import Text

    from kubetui.ui.widgets.output import fold

    text = Text("short\n" + "x" * 25 + "\n" + "가" * 7, style="red")
    folded = fold(text, 10)
    assert folded.plain.split("\n") == ["short", "x" * 10, "x" * 10, "x" * 5, "가" * 5, "가" * 2]
    segments = [seg for seg in folded.render(Console()) if seg.text.strip()]
    assert segments and all("red" in str(seg.style) for seg in segments), "the colour survives the cut"
    assert fold(Text("fits"), 10).plain == "fits"


@pytest.mark.slow
async def test_slash_in_the_maximised_output_finds_lines_and_n_moves_between_them(sandbox_app):
    app = sandbox_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.play_screen
        pane = screen.query_one(OutputPane)
        screen.run_command("kubectl create deployment web --image=nginx:1.25 --replicas=120")
        screen.run_command("kubectl create deployment api --image=nginx:1.25 --replicas=2")
        app.advance(20)
        screen.run_command("kubectl get pods -o wide")
        screen.set_focus(None)
        await pilot.press("z")
        await wait_for(pilot, lambda: app.focused is pane)
        await pilot.press("slash", *"API-", "enter")
        await wait_for(pilot, lambda: pane.match is not None)
        first = pane.match
        assert pane.lines[first].text.startswith("api-")
        assert app.focused is pane and "1/2" in str(pane.border_subtitle)
        region = pane.scrollable_content_region.height
        assert pane.scroll_y <= first < pane.scroll_y + region, "the match is in view"
        await pilot.press("n")
        await wait_for(pilot, lambda: pane.match != first)
        assert pane.lines[pane.match].text.startswith("api-") and "2/2" in str(pane.border_subtitle)
        await pilot.press("N")
        await wait_for(pilot, lambda: pane.match == first)
        await pilot.press("slash", *"no-such-pod", "enter")
        await wait_for(pilot, lambda: "not found" in str(pane.border_subtitle))
        assert pane.match is None
        rows = [line for line in pane.plain if line.startswith("web-")]
        assert len(rows) == 120, "searching filters nothing out of the output"
