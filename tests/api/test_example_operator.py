"""examples/configmap_operator.py, a watch-loop operator written with the `kubernetes` client,
run against a served cluster: a labelled ConfigMap becomes a Deployment whose pods run, a change
to the ConfigMap rolls the Deployment, deleting the ConfigMap lets the garbage collector take
the Deployment and its pods."""

from __future__ import annotations

import importlib.util
import threading
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow  # a client in a thread against a served cluster: seconds

EXAMPLE = Path(__file__).parents[2] / "examples" / "configmap_operator.py"


def load_operator():
    spec = importlib.util.spec_from_file_location("configmap_operator", EXAMPLE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def until(served, condition, what: str, ticks: int = 120):
    """Step the cluster a tick at a time until `condition()` holds (the operator works between ticks)."""
    for _ in range(ticks):
        found = condition()
        if found:
            return found
        served.step(1)
    raise AssertionError(f"{what}: not within {ticks} ticks")


def reconciled(served, condition, what: str, seconds: float = 60):
    """Wait for the operator (a client in another thread) to have written what `condition` looks
    for; a bound on the wait, not a timing the test relies on."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = served.call(condition)
        if found:
            return found
        time.sleep(0.02)
    raise AssertionError(f"{what}: not within {seconds} s")


def deployment(served) -> dict | None:
    return served.sim.store.get("Deployment", "default", "web")


def running_images(served, app: str) -> list[str]:
    pods = served.call(lambda: served.sim.store.list("Pod", "default"))
    return sorted(c["image"] for p in pods if (p["metadata"].get("labels") or {}).get("app") == app
                  and not p["metadata"].get("deletionTimestamp") and p.get("status", {}).get("phase") == "Running"
                  for c in p["spec"]["containers"])


def test_the_example_operator_reconciles_a_configmap_into_a_deployment(served):
    pytest.importorskip("kubernetes")
    from kubernetes import client, config

    operator = load_operator()
    api_client = config.new_client_from_config(str(served.config))
    core = client.CoreV1Api(api_client)
    stopping = threading.Event()
    thread = threading.Thread(target=operator.run, kwargs={
        "api_client": config.new_client_from_config(str(served.config)), "timeout_seconds": 60,
        "stop": stopping.is_set}, daemon=True)
    thread.start()

    core.create_namespaced_config_map("default", client.V1ConfigMap(
        metadata=client.V1ObjectMeta(name="web", labels={"example.kubetui/app": "true"}),
        data={"image": "nginx:1.27", "replicas": "3"}))
    core.create_namespaced_config_map("default", client.V1ConfigMap(
        metadata=client.V1ObjectMeta(name="plain"), data={"image": "nginx:1.27"}))
    created = reconciled(served, lambda: deployment(served), "the operator creating Deployment web")
    assert created["metadata"]["ownerReferences"][0]["kind"] == "ConfigMap"
    until(served, lambda: running_images(served, "web") == ["nginx:1.27"] * 3, "3 web pods running nginx:1.27")
    assert served.call(lambda: served.sim.store.get("Deployment", "default", "plain")) is None  # not labelled

    core.patch_namespaced_config_map("web", "default", {"data": {"image": "nginx:1.26", "replicas": "2"}})
    reconciled(served, lambda: (deployment(served) or {}).get("spec", {}).get("replicas") == 2,
               "the operator patching Deployment web")
    until(served, lambda: running_images(served, "web") == ["nginx:1.26"] * 2, "2 web pods running nginx:1.26")

    stopping.set()
    core.delete_namespaced_config_map("web", "default")
    until(served, lambda: served.call(lambda: deployment(served)) is None and running_images(served, "web") == [],
          "the Deployment and its pods collected")
    thread.join(timeout=60)
    assert not thread.is_alive()
