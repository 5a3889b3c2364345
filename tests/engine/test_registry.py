"""The public registry as data: real tag families pull, made-up tags and typos fail as on Docker Hub."""

import pytest
from engine_kit import create, pod

from kubetui.engine.kubelet.images import Registry, public_repositories


def state(sim, name, i=0):
    return sim.get("Pod", name)["status"]["containerStatuses"][i]


@pytest.mark.parametrize("image", [
    "nginx:1.24.0", "nginx:1.18.0", "nginx:1.19.8", "nginx:1.7.9", "nginx:1.7.1", "nginx:1.25-alpine", "nginx:stable-alpine",
    "nginx@sha256:" + "0123456789abcdef" * 4, "busybox:1.28", "busybox:1.36.1-musl", "alpine:3.18",
    "ubuntu:22.04", "ubuntu:jammy", "debian:bookworm-slim", "redis:6.2-alpine", "postgres:16-alpine",
    "mysql:5.7", "mariadb:10.6", "mongo:6.0", "memcached:1.6", "rabbitmq:3-management", "node:20-alpine",
    "python:3.12-slim", "golang:1.22", "eclipse-temurin:17-jre-alpine", "php:8.2-fpm", "wordpress:6.4-apache",
    "traefik:v2.10", "haproxy:2.8", "caddy:2", "envoyproxy/envoy:v1.28.0", "hashicorp/vault:1.15",
    "registry.k8s.io/etcd:3.5.9-0", "registry.k8s.io/pause:3.9", "bitnami/nginx:1.25", "curlimages/curl:8.5.0",
    "nicolaka/netshoot", "dgkanatsios/simpleapp", "docker.io/library/nginx:1.24",
])
def test_real_tags_pull(image):
    assert Registry().lookup(image) is not None


@pytest.mark.parametrize("image", ["nginx:1.91", "nginx:1.255", "nginx:1.24-alpine9", "busybox:1.99", "redis:7.9",
                                   "ngnix", "busybx:1.36", "postgress:16", "myapp", "registry.k8s.io/pause:4.0"])
def test_made_up_images_do_not(image):
    assert Registry().lookup(image) is None


def test_a_missing_tag_is_not_found_and_a_typo_is_denied():
    r = Registry()
    assert r.pull_error("nginx:1.91").endswith(
        'failed to resolve reference "docker.io/library/nginx:1.91": docker.io/library/nginx:1.91: not found')
    assert r.pull_error("ngnix").endswith(
        'failed to resolve reference "docker.io/library/ngnix:latest": pull access denied, repository does not '
        'exist or may require authorization: server message: insufficient_scope: authorization failed')


def test_the_data_covers_the_study_material():
    repos = public_repositories()
    assert len(repos) >= 60
    assert repos["gcr.io/distroless/static"].shell is None and repos["registry.k8s.io/pause"].shell is None
    assert Registry().lookup("mongo:7").pullSeconds > Registry().lookup("alpine:3.20").pullSeconds


def test_a_typo_ends_in_err_image_pull_with_the_denied_message(sim):
    create(sim, pod("typo", image="ngnix:1.27"))
    sim.step(5)
    assert state(sim, "typo")["state"]["waiting"]["reason"] == "ErrImagePull"
    failed = [e["message"] for e in sim.events() if e["reason"] == "Failed"]
    assert "pull access denied, repository does not exist" in failed[0]


def test_an_old_tag_runs(sim):
    create(sim, pod("old", image="nginx:1.7.9"))
    sim.step(8)
    assert "running" in state(sim, "old")["state"]
