"""A controller never sees an object the API server would have refused, so whatever validation
admits must survive the engine: hypothesis edits valid objects field by field (values drawn
from kubetui's own models), and every object `kubectl apply` accepts is run for some ticks."""

from __future__ import annotations

import json

import pytest
from fuzz_kit import DEEP, FAST, assert_not_masked, edits, fuzz, set_path, time_budget, writes_only_under
from hypothesis import event
from hypothesis import strategies as st

from kubetui import Simulation
from kubetui.model.validation import MODELS

TICKS = 20
BUDGET = 30
"""Seconds per object: `replicas: 2147483647` is admitted, and 500 pods a tick take a while."""

POD_SPEC = {"containers": [{"name": "app", "image": "busybox:1.36", "command": ["sh", "-c", "sleep 5"]}]}
TEMPLATE = {"metadata": {"labels": {"app": "x"}}, "spec": POD_SPEC}
BASES = {
    "Pod": {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "x", "labels": {"app": "x"}}, "spec": POD_SPEC},
    "Deployment": {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "x"},
                   "spec": {"replicas": 2, "selector": {"matchLabels": {"app": "x"}}, "template": TEMPLATE}},
    "Job": {"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": "x"},
            "spec": {"template": {"spec": {**POD_SPEC, "restartPolicy": "Never"}}}},
    "CronJob": {"apiVersion": "batch/v1", "kind": "CronJob", "metadata": {"name": "x"},
                "spec": {"schedule": "*/1 * * * *", "jobTemplate": {"spec": {
                    "template": {"spec": {**POD_SPEC, "restartPolicy": "OnFailure"}}}}}},
    "Service": {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "x"},
                "spec": {"selector": {"app": "x"}, "ports": [{"port": 80, "targetPort": 80}]}},
    "ConfigMap": {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "x"}, "data": {"a": "b"}},
}
DEPTH = {"Pod": 3, "Deployment": 5, "Job": 5, "CronJob": 7, "Service": 2, "ConfigMap": 2}

_cluster: Simulation | None = None


def cluster() -> Simulation:
    """One cluster with a workload the new object can meet (a Service selects it, a quota...)."""
    global _cluster
    if _cluster is None:
        _cluster = Simulation(seed=5)
        _cluster.run("kubectl create deployment x --image=nginx:1.25 --replicas=2")
        _cluster.step(5)
    return _cluster.fork()


def objects(kind: str) -> st.SearchStrategy:
    model = MODELS[kind]
    under = () if kind == "ConfigMap" else ("spec",)
    return st.one_of(edits(model, DEPTH[kind], under), edits(model, 1, ("metadata",))).map(
        lambda changes: _apply(BASES[kind], changes))


def _apply(base: dict, changes: list) -> dict:
    obj = base
    for path, value in changes:
        obj = set_path(obj, path, value)
    return obj


def survive(obj: dict) -> None:
    sim = cluster()
    with time_budget(BUDGET), writes_only_under():
        r = sim.run("kubectl apply -f -", stdin=json.dumps(obj))
        assert_not_masked(r.stderr)
        event("admitted" if r.exit_code == 0 else "refused")
        if r.exit_code == 0:
            sim.step(TICKS)
            sim.run(f"kubectl delete {obj['kind'].lower()} {obj['metadata'].get('name') or 'x'} --wait=false")
            sim.step(5)


@pytest.mark.slow  # 2-4 s each: the quick loop leaves it to the full run
@pytest.mark.parametrize("kind", list(BASES))
def test_what_validation_admits_the_engine_survives(kind):
    fuzz(objects(kind), FAST, survive)


@pytest.mark.slow  # 6 kinds x 5,000 at KUBETUI_FUZZ_SCALE=1
@pytest.mark.deep
@pytest.mark.parametrize("kind", list(BASES))
def test_what_validation_admits_the_engine_survives_deep(kind):
    fuzz(objects(kind), DEEP, survive)
