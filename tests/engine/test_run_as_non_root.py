"""`runAsNonRoot: true` is the kubelet's check, made when it creates the container: it needs a
numeric non-root user, from `runAsUser` or from the image's USER, else CreateContainerConfigError."""

import pytest
from engine_kit import create, pod


def waiting(sim, name):
    return sim.get("Pod", name)["status"]["containerStatuses"][0]["state"].get("waiting")


def where(sim, name):
    uid = sim.get("Pod", name)["metadata"]["uid"]
    return f'(pod: "{name}_default({uid})", container: app)'


def nonroot(image, pod_sc=None, sc=None):
    container = {"name": "app", "image": image, "securityContext": {"runAsNonRoot": True, **(sc or {})}}
    return [container], {"securityContext": pod_sc} if pod_sc else {}


@pytest.mark.parametrize("image, sc, message", [
    ("nginx:1.27", {}, "container has runAsNonRoot and image will run as root {where}"),
    ("nginx:1.27", {"runAsUser": 0}, "container's runAsUser breaks non-root policy {where}"),
    ("curlimages/curl:8.5.0", {}, "container has runAsNonRoot and image has non-numeric user (curl_user), "
                                  "cannot verify user is non-root {where}"),
    ("prom/prometheus:v2.53.0", {}, "container has runAsNonRoot and image has non-numeric user (nobody), "
                                    "cannot verify user is non-root {where}"),
])
def test_refused_with_the_kubelets_words(sim, image, sc, message):
    containers, _ = nonroot(image, sc=sc)
    create(sim, pod("p", containers=containers))
    sim.step(15)
    w = waiting(sim, "p")
    assert w["reason"] == "CreateContainerConfigError"
    assert w["message"] == message.format(where=where(sim, "p"))
    failed = [e for e in sim.events() if e["involvedObject"]["name"] == "p" and e["reason"] == "Failed"]
    assert failed and failed[0]["message"] == "Error: " + w["message"] and failed[0]["type"] == "Warning"
    assert "Pulled" in [e["reason"] for e in sim.events() if e["involvedObject"]["name"] == "p"], \
        "the check comes after the pull, at container creation"
    assert sim.get("Pod", "p")["status"]["phase"] == "Pending"


@pytest.mark.parametrize("image, sc, pod_sc", [
    ("nginx:1.27", {"runAsUser": 101}, None),             # the container's own uid
    ("nginx:1.27", {}, {"runAsUser": 1000}),               # the pod's uid
    ("curlimages/curl:8.5.0", {"runAsUser": 100}, None),   # a number for an image with a named user
    ("bitnami/nginx:1.27.0", {}, None),                    # the image's USER 1001
    ("gcr.io/distroless/static:nonroot", {}, None),        # the nonroot tag's USER 65532
])
def test_a_numeric_non_root_user_starts(sim, image, sc, pod_sc):
    containers, extra = nonroot(image, pod_sc=pod_sc, sc=sc)
    create(sim, pod("p", containers=containers, **extra))
    sim.step(15)
    assert waiting(sim, "p") is None or waiting(sim, "p")["reason"] != "CreateContainerConfigError"
    assert not [e for e in sim.events() if e["involvedObject"]["name"] == "p" and e["reason"] == "Failed"]


def test_pod_level_flag(sim):
    """The pod's `runAsNonRoot` applies to every container that sets no flag of its own."""
    create(sim, pod("p", securityContext={"runAsNonRoot": True}))
    sim.step(15)
    assert waiting(sim, "p")["reason"] == "CreateContainerConfigError"
    assert "image will run as root" in waiting(sim, "p")["message"]
    assert sim.get("Pod", "p")["status"]["containerStatuses"][0]["ready"] is False


def test_distroless_plain_tag_runs_as_root(sim):
    containers, _ = nonroot("gcr.io/distroless/static:latest")
    create(sim, pod("p", containers=containers))
    sim.step(15)
    assert "image will run as root" in waiting(sim, "p")["message"]
