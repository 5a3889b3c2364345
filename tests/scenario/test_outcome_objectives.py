"""Objectives judge what a value means and what the cluster does, not how it was spelt."""

import pytest
from pydantic import TypeAdapter, ValidationError
from scenario_fakes import FakeView

from kubetui.scenario.objectives import (
    Objective,
    Status,
    comparison_for,
    parse_path,
    same_image,
    same_quantity,
    same_schedule,
    same_value,
)
from kubetui.scenario.scoring import score
from kubetui.scenario.text import Text


@pytest.mark.parametrize("a,b,same", [
    ("0.5", "500m", True), ("2000m", "2", True), ("4096Mi", "4Gi", True), (10, "10", True),
    ("4G", "4Gi", False), ("0.5Gi", "500Mi", False), ("1", "1001m", False),
])
def test_quantities_compare_by_amount(a, b, same):
    assert same_quantity(a, b) is same


@pytest.mark.parametrize("a,b,same", [
    ("* * * * *", "*/1 * * * *", True), ("0-59/2 * * * *", "*/2 * * * *", True), ("@hourly", "0 * * * *", True),
    ("0 0 * * 1", "0 0 * * MON", True), ("*/2 * * * *", "*/1 * * * *", False), ("0 3 * * *", "0 4 * * *", False),
    ("not a schedule", "* * * * *", False),
])
def test_cron_schedules_compare_by_when_they_fire(a, b, same):
    assert same_schedule(a, b) is same


@pytest.mark.parametrize("a,b,same", [
    ("docker.io/library/nginx:1.27", "nginx:1.27", True), ("library/nginx:1.27", "nginx:1.27", True),
    ("nginx", "nginx:latest", True), ("docker.io/bitnami/redis:7", "bitnami/redis:7", True),
    ("nginx", "nginx:1.27", False), ("gcr.io/x/nginx:1.27", "nginx:1.27", False), ("nginx:1.27", None, False),
])
def test_images_compare_by_reference(a, b, same):
    assert same_image(a, b) is same


def test_zero_percent_is_zero_and_other_percentages_are_not_numbers():
    assert same_value("0%", 0, "intOrPercent") and same_value(0, "0%", "intOrPercent")
    assert not same_value("25%", 1, "intOrPercent") and not same_value("0%", 1, "intOrPercent")


@pytest.mark.parametrize("path,how", [
    ("spec.hard['requests.cpu']", "quantity"), ("spec.limits[type=Container].default.cpu", "quantity"),
    ("spec.volumes[name=scratch].emptyDir.sizeLimit", "quantity"), ("spec.schedule", "schedule"),
    ("spec.replicas", "exact"), ("spec.template.spec.containers[name=web].image", "image"),
    ("spec.strategy.rollingUpdate.maxUnavailable", "intOrPercent"),
])
def test_the_comparison_follows_the_field(path, how):
    assert comparison_for(parse_path(path)) == how


def _objective(**spec):
    return TypeAdapter(Objective).validate_python({"id": "x", "description": {"en": "x", "ko": "x"}, **spec})


def test_pods_are_named_by_exactly_one_of_pod_workload_selector():
    assert _objective(type="podsReady", pod="hello", atEnd=True).pod == "hello"
    assert _objective(type="podsReady", workload="deploy/web", atEnd=True).workload == "deploy/web"
    with pytest.raises(ValidationError):
        _objective(type="podsReady", pod="hello", selector="run=hello", atEnd=True)
    with pytest.raises(ValidationError):
        _objective(type="podsReady", workload="web", atEnd=True)


class _View:
    """A cluster with nothing in it but what `figures` say."""

    def get(self, *a):
        return None

    def list(self, *a):
        return []


def test_an_always_window_counts_from_the_first_tick_it_holds_and_remembers_a_dip():
    o = _objective(type="errorBudget", service="web", maxFailures=10, always=True)
    figures = {"services": {"default/web": {"failures": 0}}}
    assert o.evaluate(_View(), figures, 5).state == "passing"
    o.evaluate(_View(), {"services": {"default/web": {"failures": 50}}}, 6)
    final = o.final(_View(), {"services": {"default/web": {"failures": 50}}}, 9)
    assert final.state == "failed" and "from tick 6 to 9" in final.reason.en
    held = _objective(type="errorBudget", service="web", maxFailures=10, always=True)
    for tick in range(3, 8):
        held.evaluate(_View(), figures, tick)
    verdict = held.final(_View(), figures, 8)
    assert verdict.state == "passing" and "from 3 to 8" in verdict.reason.en


def test_a_guard_scores_only_once_the_task_is_done(tmp_path):
    from kubetui.scenario.schema import Scenario

    scenario = Scenario.model_validate({
        "id": "s", "mode": "exercise", "title": {"en": "t", "ko": "t"}, "briefing": {"en": "b", "ko": "b"},
        "debrief": {"en": "d", "ko": "d"}, "concepts": ["pod"], "seedLine": {"en": "s", "ko": "s"},
        "difficulty": 1, "order": 1, "duration": 10, "solution": "x.txt",
        "objectives": [{"id": "task", "type": "podsReady", "pod": "p", "atEnd": True, "description": {"en": "a", "ko": "a"}},
                       {"id": "keep", "type": "podsReady", "pod": "q", "atEnd": True, "guard": True,
                        "description": {"en": "b", "ko": "b"}}]})

    def verdicts(task, keep):
        return [Status(id="task", state=task, reason=Text(en="r", ko="r")),
                Status(id="keep", state=keep, reason=Text(en="r", ko="r"))]

    assert score(scenario, verdicts("failed", "passing")).points == 0
    assert score(scenario, verdicts("passing", "passing")).points == 200
    assert score(scenario, verdicts("passing", "failed")).points == 100


def _shop(volume: dict, shipper_in_init: bool) -> dict:
    web = {"name": "web", "image": "shop/web:v1", "volumeMounts": [{"name": "logs", "mountPath": "/var/log/shop"}]}
    shipper = {"name": "log-shipper", "image": "fluent/fluent-bit:3.1",
               "volumeMounts": [{"name": "conf", "mountPath": "/etc/fb"}, {"name": "logs", "mountPath": "/logs"}]}
    spec = {"volumes": [{"name": "logs", **volume}, {"name": "conf", "emptyDir": {}}], "containers": [web]}
    if shipper_in_init:
        spec["initContainers"] = [{**shipper, "restartPolicy": "Always"}]
    else:
        spec["containers"].append(shipper)
    return {"kind": "Deployment", "metadata": {"name": "shop", "namespace": "default"},
            "spec": {"template": {"spec": spec}}}


@pytest.mark.parametrize("volume,init,ok", [
    ({"emptyDir": {}}, False, True),
    ({"emptyDir": {"medium": "Memory"}}, False, True),
    ({"emptyDir": {}}, True, True),
    ({"hostPath": {"path": "/var/log/shop"}}, False, False),
])
def test_a_volume_mount_the_task_gives_no_path_is_found_at_any_path_and_in_a_native_sidecar(volume, init, ok):
    o = _objective(type="volumeMounted", name="shop", container="log-shipper", volume="logs", emptyDir=True, atEnd=True)
    assert o.check(FakeView(_shop(volume, init)), {}, 0).ok is ok
