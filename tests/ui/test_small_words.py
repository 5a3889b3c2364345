"""Small words a newcomer reads: `1 pod`, markers beside their names, did-you-mean."""

import pytest

from kubetui.ui.app import StartError, _load
from kubetui.ui.widgets.namespaces import NamespaceTree
from kubetui.ui.widgets.nodes import NodesPane


def test_a_misspelt_scenario_id_suggests_the_close_ones():
    with pytest.raises(StartError) as err:
        _load("node-failur")
    assert "Did you mean this?\n\tnode-failure" in str(err.value)
    with pytest.raises(StartError) as err:
        _load("zzzz-nothing")
    assert "Did you mean" not in str(err.value)


async def test_one_pod_and_the_control_plane_line_keeps_markers_with_names(sandbox_app):
    app = sandbox_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.play_screen
        screen.run_command("kubectl run solo --image=nginx:1.25")
        app.advance(3)
        screen.request_tree_rebuild()
        await pilot.pause()
        labels = [str(node.label) for node in screen.query_one(NamespaceTree).root.children]
        assert any(label.startswith("default") and label.endswith("  1 pod") for label in labels), labels
        extra = str(screen.query_one(NodesPane).query_one("#nodes-extra").render())
        for line in extra.splitlines():
            assert not line.rstrip().endswith(("●", "✖")), extra
        for component in ("etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler"):
            assert f"● {component}" in extra


@pytest.mark.parametrize("lang", ["en", "ko"])
async def test_the_key_bar_at_the_command_bar_says_how_to_start_the_clock(sandbox_app, lang):
    """The command bar takes every printable key, so the key bar showed only `+ faster - slower`
    (keys the bar types, not the screen's); it says how to reach the clock, help and quit."""
    from textual.widgets._footer import FooterKey

    from kubetui.ui.i18n import t
    from kubetui.ui.widgets.command_bar import CommandBar

    app = sandbox_app(lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.play_screen
        await pilot.pause()
        assert isinstance(screen.focused, CommandBar)
        footer = screen.query_one("LocalFooter")
        keys = [k.key_display for k in footer.query(FooterKey)]
        assert "+" not in keys and "-" not in keys, keys
        tips = [str(label.render()) for label in footer.query(".footer-tip")]
        assert tips == [t("footer.command.paused", lang)]
        assert ("space" in tips[0]) and ("?" in tips[0]) and ("q" in tips[0])
        await pilot.press("plus")
        assert screen.query_one(CommandBar).value == "+" and app.speed == 1
        app.toggle_pause()
        await pilot.pause()
        assert [str(label.render()) for label in footer.query(".footer-tip")] == [t("footer.command.running", lang)]
        app.paused = True
        await pilot.press("escape")
        await pilot.pause()
        assert not footer.query(".footer-tip")
        assert "space" in [k.key_display for k in footer.query(FooterKey)]


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_the_quit_question_reads_to_its_last_word(sandbox_app, lang, size):
    """The question was one line cut at the dialog's edge: `y yes · n no` never showed."""
    from textual.geometry import Region
    from textual.widgets import Label

    from kubetui.ui.i18n import t
    from kubetui.ui.screens.detail import ConfirmScreen

    app = sandbox_app(lang=lang)
    async with app.run_test(size=size) as pilot:
        question = t("quit.scenario", lang)
        app.push_screen(ConfirmScreen(question))
        await pilot.pause()
        await pilot.pause()
        label = app.screen.query_one(Label)
        assert label.parent.content_region.contains_region(label.region), (label.region, label.parent.content_region)
        strips = label.render_lines(Region(0, 0, label.size.width, label.size.height))
        shown = " ".join(strip.text.strip() for strip in strips)
        assert " ".join(shown.split()) == " ".join(question.split())
