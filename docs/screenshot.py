"""Make `docs/screenshot.svg` (the README's picture): `python docs/screenshot.py`.

Plays the node-failure lesson for 210 simulated seconds on a fixed seed and saves the screen.
"""

import asyncio
import os
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


async def main() -> None:
    os.environ["KUBETUI_DATA_DIR"] = tempfile.mkdtemp()
    from kubetui.progress import Progress
    from kubetui.ui.app import KubetuiApp

    app = KubetuiApp(scenario=str(ROOT / "scenarios" / "90-node-failure-quota"), seed=7, paused=True, clock=False,
                     lesson=False, lang="en", progress=Progress(path=Path(os.environ["KUBETUI_DATA_DIR"]) / "p.json"))
    async with app.run_test(size=(140, 44)) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        screen.run_command("kubectl get deploy -n shop")
        app.advance(200)
        screen.run_command("kubectl get pods -n shop -o wide")
        app.advance(10)
        await pilot.press("escape")
        await asyncio.sleep(1.2)  # the namespace tree redraws at most once a second
        screen.refresh_view(force=True)
        await pilot.pause()
        app.save_screenshot(str(ROOT / "docs" / "screenshot.svg"))


if __name__ == "__main__":
    asyncio.run(main())
