"""The image's own config: its ENV merged into the container's environment the way containerd
merges it (default PATH, HOSTNAME, the image's ENV, the Kubernetes-defined variables; the runtime's
HOME last), and the compressed size the Pulled Event reports (registry.yaml)."""

from __future__ import annotations

import re

import pytest

from kubetui import Simulation
from kubetui.engine.kubelet.imageconfig import distro, image_env
from kubetui.engine.kubelet.images import Registry, compressed_size, go_duration, pulled_message

K8S = ["KUBERNETES_SERVICE_HOST=10.96.0.1", "KUBERNETES_SERVICE_PORT=443", "KUBERNETES_SERVICE_PORT_HTTPS=443",
       "KUBERNETES_PORT=tcp://10.96.0.1:443", "KUBERNETES_PORT_443_TCP=tcp://10.96.0.1:443",
       "KUBERNETES_PORT_443_TCP_PROTO=tcp", "KUBERNETES_PORT_443_TCP_PORT=443", "KUBERNETES_PORT_443_TCP_ADDR=10.96.0.1"]
PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"


@pytest.fixture(scope="module")
def sim():
    s = Simulation(seed=3, nodes=1)
    s.run("kubectl run web --image=nginx:1.25.3 --env=A=1 --env=NJS_VERSION=mine")
    s.run("kubectl run py --image=python:3.12-slim -- sleep 3600")
    s.run("kubectl run bb --image=busybox -- sleep 3600")
    s.run("kubectl run envlog --image=nginx:1.24.0 --restart=Never --command -- env")
    s.step(30)
    return s


def test_exec_env_lists_the_images_env_between_hostname_and_the_pods(sim):
    """The pod's own NJS_VERSION replaces the image's in its place; HOME comes last."""
    r = sim.run("kubectl exec web -- env")
    assert r.stdout.splitlines() == [PATH, "HOSTNAME=web", "NGINX_VERSION=1.25.3", "NJS_VERSION=mine",
                                     "PKG_RELEASE=1~bookworm", "A=1", *K8S, "HOME=/root"]


def test_printenv_reads_an_image_variable(sim):
    assert sim.run("kubectl exec web -- printenv NGINX_VERSION").stdout == "1.25.3\n"
    assert sim.run("kubectl exec py -- printenv PYTHON_VERSION LANG").stdout == "3.12.12\nC.UTF-8\n"
    r = sim.run("kubectl exec py -- sh -c 'echo $PATH'")
    assert r.stdout == "/usr/local/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\n"


def test_busybox_has_only_a_path(sim):
    out = sim.run("kubectl exec bb -- env").stdout.splitlines()
    assert out[:2] == [PATH, "HOSTNAME=bb"] and out[2] == K8S[0] and out[-1] == "HOME=/root"


def test_a_container_printing_env_logs_the_image_env_too(sim):
    lines = sim.run("kubectl logs envlog").stdout.splitlines()
    assert lines[:5] == [PATH, "HOSTNAME=envlog", "NGINX_VERSION=1.24.0", "NJS_VERSION=0.8.4", "PKG_RELEASE=1~bookworm"]
    assert lines[-1] == "HOME=/root"


@pytest.mark.parametrize("image,key,value", [
    ("nginx", "NGINX_VERSION", "1.29.3"), ("nginx:1.25", "NGINX_VERSION", "1.25.5"),
    ("nginx:stable", "NGINX_VERSION", "1.28.0"), ("nginx:1.27-alpine", "PKG_RELEASE", "1"),
    ("redis:7.2", "REDIS_VERSION", "7.2.11"), ("node:20-alpine", "NODE_VERSION", "20.19.5"),
    ("node", "YARN_VERSION", "1.22.22"), ("postgres:16", "PG_MAJOR", "16"), ("mongo", "HOME", "/data/db"),
    ("golang:1.22.5", "GOLANG_VERSION", "1.22.5"), ("httpd:2.4.58", "HTTPD_VERSION", "2.4.58"),
])
def test_versions_follow_the_tag(image, key, value):
    assert dict(image_env(image))[key] == value


def test_image_env_sets_home_and_keeps_it(sim):
    sim.run("kubectl run mongo --image=mongo:7.0.12")
    sim.step(40)
    out = sim.run("kubectl exec mongo -- env").stdout.splitlines()
    assert "HOME=/data/db" in out and "HOME=/root" not in out and "MONGO_VERSION=7.0.12" in out


@pytest.mark.parametrize("image,where", [
    ("debian", ("debian", "trixie")), ("debian:12.5", ("debian", "bookworm")), ("debian:bullseye-slim", ("debian", "bullseye")),
    ("ubuntu:22.04", ("ubuntu", "jammy")), ("ubuntu", ("ubuntu", "noble")), ("alpine:3.19", ("alpine", "3.19")),
    ("nginx:1.25.3", ("debian", "bookworm")), ("nginx:alpine", ("alpine", "3.22")), ("python:3.11-slim-bullseye", ("debian", "bullseye")),
    ("nginx:1.25-alpine3.18", ("alpine", "3.18")), ("busybox", None), ("gcr.io/distroless/static", None), ("example/app", None),
])
def test_the_base_distribution_comes_from_the_registry_data(image, where):
    assert distro(image) == where


@pytest.mark.parametrize("image,low,high", [
    ("nginx:1.25", 72_000_000, 72_400_000), ("nginx:1.25-alpine", 21_000_000, 21_400_000),
    ("busybox", 2_100_000, 2_300_000), ("busybox:1.36-musl", 800_000, 1_000_000),
    ("debian:bookworm-slim", 28_000_000, 28_400_000), ("python:3.12", 389_000_000, 389_600_000),
    ("python:3.12-slim", 44_500_000, 44_800_000), ("alpine:3.20", 3_600_000, 3_800_000),
])
def test_sizes_are_the_real_compressed_sizes(image, low, high):
    assert low <= compressed_size(image) <= high
    assert Registry().size_bytes(image) == compressed_size(image)


@pytest.mark.parametrize(("ms", "shown"), [(284, "284ms"), (1000, "1s"), (1393, "1.393s"), (1500, "1.5s"),
                                            (7264, "7.264s"), (62_250, "1m2.25s")])
def test_pull_times_read_as_go_prints_a_duration(ms, shown):
    assert go_duration(ms) == shown


def test_second_and_repeat_pulls_say_what_the_kubelet_says():
    """Another pod of the image on the node: already present (and, since 1.35, usable by the
    pod); a restart of an `Always` container pulls again, quickly; an `IfNotPresent` one does not."""
    s = Simulation(seed=1, nodes=1)
    s.run("kubectl run one --image=busybox:1.36 -- sleep 1h")
    s.step(10)
    s.run("kubectl run two --image=busybox:1.36 -- sleep 1h")
    s.run("kubectl run crash --image=busybox:1.36 -- false")
    s.run("kubectl run again --image=busybox:1.36 --image-pull-policy=Always -- false")
    s.step(40)

    def said(pod: str) -> list[tuple[str, str]]:
        return [(e["reason"], e["message"]) for e in sorted(s.store.iter("Event", "default"),
                                                             key=lambda e: e["metadata"]["name"])
                if e["involvedObject"]["name"] == pod and e["reason"] in ("Pulling", "Pulled")]

    present = 'Container image "busybox:1.36" already present on machine and can be accessed by the pod'
    assert said("two") == [("Pulled", present)]
    assert {m for _, m in said("crash")} == {present}
    again = said("again")
    assert {r for r, _ in again} == {"Pulling", "Pulled"}
    pulls = sum(e.get("count", 1) for e in s.store.iter("Event", "default")
                if e["involvedObject"]["name"] == "again" and e["reason"] == "Pulling")
    assert pulls >= 3, "each restart of an Always container pulls again"
    repull = [m for r, m in again if r == "Pulled"]
    assert repull and all(re.fullmatch(r'Successfully pulled image "busybox:1.36" in (\d{1,3}ms|1s) '
                                       r'\(\1 including waiting\)\. Image size: \d+ bytes\.', m) for m in repull), repull


def test_an_image_not_in_the_data_has_no_size():
    assert Registry().size_bytes("example/app:1.0") is None


def test_the_pulled_event_reports_the_images_size():
    s = Simulation(seed=1, nodes=1)
    s.run("kubectl run web --image=nginx:1.25")
    s.run("kubectl run bb --image=busybox:1.36 -- sleep 1h")
    s.step(10)
    pulled = {e["involvedObject"]["name"]: e["message"] for e in s.store.iter("Event", "default") if e["reason"] == "Pulled"}
    assert pulled["web"] == pulled_message("nginx:1.25", 2, compressed_size("nginx:1.25"))
    took = re.match(r'Successfully pulled image "nginx:1.25" in (1\.\d{1,3}s|2s) \((\S+) including waiting\)\. '
                    r'Image size: 72\d{6} bytes\.$', pulled["web"])
    assert took is not None and took.group(1) == took.group(2), pulled["web"]
    assert f"Image size: {compressed_size('busybox:1.36')} bytes." in pulled["bb"]
    assert "Image size: 2" in s.run("kubectl describe pod bb").stdout.split("Pulled")[-1]
