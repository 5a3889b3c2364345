"""With `--lang ko` the key bar and the play screen's own words are Korean too."""

import re

from textual.widgets._footer import FooterKey

from kubetui.ui.i18n import BINDING_LABELS
from kubetui.ui.screens.home import HomeScreen


def footer_labels(screen) -> list[str]:
    return [k.description for k in screen.query(FooterKey) if k.description]


async def test_play_screen_key_bar_in_korean(sandbox_app):
    app = sandbox_app(lang="ko")
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.press("escape")
        await pilot.pause()
        labels = footer_labels(app.screen)
        assert "일시정지" in labels and "빠르게" in labels
        assert not {"pause", "faster", "slower", "quit"} & set(labels)


async def test_home_key_bar_follows_the_language_switch(sandbox_app):
    app = sandbox_app(start="home", lang="en")
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert "language" in footer_labels(app.screen)
        await pilot.press("l")
        await pilot.pause()
        await pilot.pause()
        labels = footer_labels(app.screen)
        assert "언어" in labels and "language" not in labels


def test_every_key_label_has_korean():
    import re
    from pathlib import Path

    import kubetui.ui as ui

    described = set()
    for path in Path(ui.__file__).parent.rglob("*.py"):
        described |= set(re.findall(r'Binding\("[^"]*", "[^"]*", "([^"]+)"', path.read_text()))
    assert described and described <= set(BINDING_LABELS)


async def test_header_and_namespace_tree_in_korean(sandbox_app):
    from kubetui.ui.widgets.header import GameHeader
    from kubetui.ui.widgets.namespaces import NamespaceTree

    app = sandbox_app(lang="ko")
    async with app.run_test(size=(120, 40)) as pilot:
        app.advance(2)
        app.screen.request_tree_rebuild()
        await pilot.pause()
        header = str(app.screen.query_one(GameHeader).render())
        assert "틱 2" in header and "tick" not in header
        labels = [str(n.label) for n in app.screen.query_one(NamespaceTree).root.children]
        assert any(re.search(r"Pod \d+개", label) for label in labels) and not any("pods" in label for label in labels)


def test_help_lists_only_keys_the_play_screen_binds():
    from kubetui.ui.i18n import KEY_HELP
    from kubetui.ui.screens.play import PlayScreen

    bound = {key for b in PlayScreen.BINDINGS for key in b.key.split(",")}
    for keys, _, _ in KEY_HELP:
        if keys.startswith("ctrl+"):
            assert keys in bound, keys
