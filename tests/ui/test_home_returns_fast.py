"""Coming back to the home screen redraws the player's progress without reading every scenario
and exercise pack again (that took seconds on each return)."""

from settle_kit import wait_for
from textual.widgets import OptionList

from kubetui.progress import Progress
from kubetui.ui.app import KubetuiApp
from kubetui.ui.screens.home import HomeScreen
from kubetui.ui.screens.practice import PracticeScreen


async def test_back_home_reuses_the_catalog_and_shows_new_progress(tmp_path, monkeypatch):
    import kubetui.exercise.catalog as catalog
    import kubetui.scenario.loader as loader

    calls = {"discover": 0, "catalog": 0}
    discover, load_catalog = loader.discover, catalog.load_catalog

    def counting_discover(*args, **kwargs):
        calls["discover"] += 1
        return discover(*args, **kwargs)

    def counting_catalog(*args, **kwargs):
        calls["catalog"] += 1
        return load_catalog(*args, **kwargs)

    monkeypatch.setattr(loader, "discover", counting_discover)
    monkeypatch.setattr(catalog, "load_catalog", counting_catalog)
    app = KubetuiApp(start="home", clock=False, lesson=False, lang="en", progress=Progress(path=tmp_path / "p.json"))
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen) and app.screen.items)
        home = app.screen
        assert calls == {"discover": 1, "catalog": 1}
        ol = home.query_one(OptionList)
        ol.highlighted = ol.get_option_index("exercises:core")
        await pilot.press("enter")
        await wait_for(pilot, lambda: isinstance(app.screen, PracticeScreen))
        app.progress.record("first-pod", stars=3, passed=True, points=350)
        app.back_home()
        await wait_for(pilot, lambda: app.screen is home)
        assert calls == {"discover": 1, "catalog": 1}
        label = str(ol.get_option("scenario:first-pod").prompt)
        assert "★★★" in label and "✔" in label
