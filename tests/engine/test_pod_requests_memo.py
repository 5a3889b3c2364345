"""pod_requests is remembered by the requests it reads: equal requests give equal answers,
different requests (or init containers, or sidecars) never share one."""

from kubetui.engine.scheduler.framework import _pod_requests, pod_requests


def _spec(*requests, inits=()):
    spec = {"containers": [{"name": f"c{i}", "resources": {"requests": r} if r is not None else {}}
                           for i, r in enumerate(requests)]}
    if inits:
        spec["initContainers"] = [{"name": f"i{i}", **extra} for i, extra in enumerate(inits)]
    return spec


CASES = [
    _spec({"cpu": "100m", "memory": "128Mi"}),
    _spec({"cpu": "200m", "memory": "128Mi"}),
    _spec({"memory": "128Mi", "cpu": "100m"}),
    _spec(None),
    _spec({"cpu": "100m"}, None),
    _spec({"cpu": 1}),
    _spec({"cpu": 1.5}),
    _spec({"cpu": "1"}),
    _spec({"cpu": "100m"}, inits=[{"resources": {"requests": {"cpu": "2"}}}]),
    _spec({"cpu": "100m"}, inits=[{"restartPolicy": "Always", "resources": {"requests": {"cpu": "2"}}}]),
    _spec({"cpu": "100m"}, inits=[{"restartPolicy": "Always"}]),
    {"containers": []},
    {},
]


def test_remembered_answers_equal_worked_out_ones_in_any_order():
    for spec in CASES + CASES[::-1] + CASES:
        assert pod_requests(spec) == _pod_requests(spec)


def test_different_requests_never_share_an_answer():
    answers = {pod_requests(spec) for spec in CASES[:2] + CASES[8:11]}
    assert len(answers) == 5


QOS_CASES = [
    {"containers": [{"name": "a"}]},
    {"containers": [{"name": "a", "resources": {"requests": {"cpu": "100m"}}}]},
    {"containers": [{"name": "a", "resources": {"requests": {"cpu": "1", "memory": "1Gi"},
                                                "limits": {"cpu": "1", "memory": "1Gi"}}}]},
    {"containers": [{"name": "a", "resources": {"limits": {"cpu": "1", "memory": "1Gi"}}}]},
    {"containers": [{"name": "a", "resources": {"requests": {"cpu": "500m", "memory": "1Gi"},
                                                "limits": {"cpu": "1", "memory": "1Gi"}}}]},
    {"containers": [{"name": "a", "resources": {"limits": {"cpu": "1", "memory": "1Gi"}}}],
     "initContainers": [{"name": "i", "resources": {"requests": {"cpu": "100m"}}}]},
    {"containers": [{"name": "a", "resources": {"limits": {"cpu": 1, "memory": "1Gi"}}}]},
]


def test_qos_classes_remembered_equal_worked_out_ones():
    from kubetui.model.qos import _qos_class, qos_class

    for spec in QOS_CASES + QOS_CASES[::-1]:
        assert qos_class(spec) == _qos_class(spec)
    assert [qos_class(s) for s in QOS_CASES] == ["BestEffort", "Burstable", "Guaranteed", "Guaranteed",
                                                 "Burstable", "Burstable", "Guaranteed"]


def test_the_scheduler_takes_its_last_answer_only_for_the_very_same_resources():
    """The scheduler's `_requests` gives its last answer again for a spec whose containers hold
    the very `resources` objects the last one's held (pods of one template), and works out any
    other spec: equal answers to `_pod_requests` for every spec, in any order."""
    from kubetui import Simulation

    scheduler = Simulation(seed=1).scheduler
    shared = CASES[0]["containers"][0]["resources"]
    alike = [{"containers": [{"name": "app", "image": f"v{i}", "resources": shared}]} for i in range(3)]
    for spec in alike + CASES + alike + CASES[::-1] + [alike[0], CASES[1], alike[1], CASES[8], alike[2]]:
        assert scheduler._requests(spec) == _pod_requests(spec)
    assert scheduler._held_requests is not None and scheduler._held_requests[0] == (shared,)
