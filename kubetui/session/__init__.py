"""The one driver loop for play, run, exercise check, the exam and the tests (see `driver`)."""

from kubetui.session.driver import CommandRecord, RunResult, Session, run_scenario

__all__ = ["CommandRecord", "RunResult", "Session", "run_scenario"]
