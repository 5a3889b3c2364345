"""`startFinished`: an exercise about a pod that has ended hands over the cluster once it has ended."""

from kubetui.exercise.catalog import load_catalog
from kubetui.session.driver import Session


def _report(exercise):
    session = Session.begin(exercise, 0)
    return session.sim.store.get("Pod", "default", "report")


def test_the_learner_first_command_finds_the_exit_code():
    exercise = load_catalog().get("shell-exit-code")
    assert exercise.startFinished
    pod = _report(exercise)
    assert pod["status"]["phase"] == "Failed"
    assert pod["status"]["containerStatuses"][0]["state"]["terminated"]["exitCode"] == 3


def test_without_it_the_set_up_ends_before_the_pod_has_run():
    exercise = load_catalog().get("shell-exit-code").model_copy(update={"startFinished": False})
    assert _report(exercise)["status"]["phase"] == "Pending"
