"""nginx's image holds its ENTRYPOINT /docker-entrypoint.sh and the scripts of
/docker-entrypoint.d (0775), those its tag's version ships: none before 1.19.0,
30-tune-worker-processes.sh from 1.21.0, 15-local-resolvers.envsh from 1.25.1."""

import pytest

from kubetui import Simulation
from kubetui.engine.kubelet import imagefiles, nginx

ALL = ["10-listen-on-ipv6-by-default.sh", "15-local-resolvers.envsh", "20-envsubst-on-templates.sh",
       "30-tune-worker-processes.sh"]


@pytest.fixture(scope="module")
def booted():
    sim = Simulation(seed=6)
    for name, tag in (("new", "1.27"), ("mid", "1.21.6"), ("old", "1.18.0")):
        sim.run(f"kubectl run {name} --image=nginx:{tag}")
    sim.step(30)
    return sim


def test_ls_of_the_root_shows_the_entrypoint(booted):
    listed = booted.run("kubectl exec new -- ls /").stdout.split()
    assert {"docker-entrypoint.d", "docker-entrypoint.sh"} <= set(listed)
    long = booted.run("kubectl exec new -- ls -l /docker-entrypoint.sh").stdout
    assert long.startswith("-rwxrwxr-x 1 root root ")
    assert booted.run("kubectl exec new -- ls /docker-entrypoint.d").stdout.split() == ALL
    assert booted.run("kubectl exec new -- head -1 /docker-entrypoint.sh").stdout == "#!/bin/sh\n"


def test_each_tag_has_the_scripts_of_its_version(booted):
    assert booted.run("kubectl exec mid -- ls /docker-entrypoint.d").stdout.split() == [ALL[0], ALL[2], ALL[3]]
    listed = booted.run("kubectl exec old -- ls /").stdout.split()
    assert "docker-entrypoint.sh" not in listed and "docker-entrypoint.d" not in listed


def test_the_files_agree_with_the_scripts_the_entrypoint_runs():
    """imagefiles.yaml's `since` and nginx.yaml's `scripts` (what the start logs name) are one fact."""
    since = imagefiles._data()["nginx"]["since"]
    data = nginx._data()
    assert str(since["docker-entrypoint.sh"]) == str(data["entrypoint_since"])
    assert {f"docker-entrypoint.d/{s['name']}": str(s["since"]) for s in data["scripts"]} == \
        {k: str(v) for k, v in since.items() if k.startswith("docker-entrypoint.d/")}
