"""Engine test helpers: build objects and drive a Simulation without kubectl."""

import copy

import pytest

from kubetui.shell import Simulation


def deployment(name="web", replicas=3, image="nginx:1.25", **spec):
    d = {"apiVersion": "apps/v1", "kind": "Deployment",
         "metadata": {"name": name, "namespace": "default"},
         "spec": {"replicas": replicas, "selector": {"matchLabels": {"app": name}},
                  "template": {"metadata": {"labels": {"app": name}},
                               "spec": {"containers": [{"name": "app", "image": image}]}}}}
    d["spec"].update(spec)
    return d


def pod(name="p", image="nginx:1.25", **spec):
    p = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name, "namespace": "default"},
         "spec": {"containers": [{"name": "app", "image": image}]}}
    p["spec"].update(spec)
    return p


def create(sim, obj):
    return sim.store.create(copy.deepcopy(obj))


def update_template(sim, name, **container):
    """What `kubectl set image` does: change the Deployment's pod template."""
    d = copy.deepcopy(sim.store.get("Deployment", "default", name))
    d["spec"]["template"]["spec"]["containers"][0].update(container)
    return sim.store.update(d)


def pods(sim, namespace="default", active_only=True):
    out = sim.list("Pod", namespace)
    if active_only:
        out = [p for p in out if not p["metadata"].get("deletionTimestamp")]
    return out


def ready(p):
    return any(c["type"] == "Ready" and c["status"] == "True" for c in p.get("status", {}).get("conditions", ()))


def reasons(sim, kind=None, name=None):
    return [e["reason"] for e in sim.events()
            if (kind is None or e["involvedObject"]["kind"] == kind)
            and (name is None or e["involvedObject"]["name"] == name)]


@pytest.fixture
def sim():
    return Simulation(seed=7)
