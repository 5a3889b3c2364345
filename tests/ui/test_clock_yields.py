"""A clock fire that owes several ticks lets the event loop run between them, so a key pressed
during a slow fire is answered after the tick being stepped, not after the whole fire."""

import asyncio
import time

from kubetui.ui import app as app_module
from kubetui.ui.app import SPEEDS


async def test_other_work_runs_between_the_ticks_of_one_fire(sandbox_app, monkeypatch):
    monkeypatch.setattr(app_module, "STEP_BUDGET", 60.0)
    app = sandbox_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        sim = app.game.sim
        app.speed_index = SPEEDS.index(10)
        app.paused = False
        app._debt = 0.0
        app._last_fire = time.monotonic() - 1.0  # the clock owes ten ticks
        before = sim.tick
        seen: list[int] = []
        fire = asyncio.ensure_future(app._on_clock())
        asyncio.get_running_loop().call_soon(lambda: seen.append(sim.tick))
        await fire
        app.paused = True
        assert sim.tick - before >= 5
        assert seen and before < seen[0] < sim.tick
