"""Debian-family images hold none of busybox's network tools: `wget`, `ping`, `nslookup`, `nc`,
`telnet` and `ip` answer as dash does for a program that is not there (`sh: 1: wget: not found`)
until a package installs them; the full tags of images built on buildpack-deps (python, node,
golang, perl, ruby) have wget and procps' ps, their -slim tags do not; busybox keeps its applets."""

import pytest

from kubetui import Simulation

PODS = {"deb": "debian:bookworm", "ngx": "nginx:1.27", "ub": "ubuntu:24.04", "pys": "python:3.12-slim",
        "py": "python:3.12", "node": "node:22", "bb": "busybox:1.36"}


@pytest.fixture(scope="module")
def booted():
    sim = Simulation(seed=5)
    for name, image in PODS.items():
        sim.run(f"kubectl run {name} --image={image}" + ("" if name == "ngx" else " -- sleep 3600"))
    sim.step(40)
    return sim


@pytest.mark.parametrize("pod", ["deb", "ngx", "ub", "pys"])
@pytest.mark.parametrize("tool", ["wget -qO- http://web", "ping -c 1 10.96.0.1", "nslookup kubernetes",
                                  "nc -z web 80", "telnet web 80", "ip addr"])
def test_a_debian_family_image_has_no_busybox_network_tools(booted, pod, tool):
    sim = booted.fork()
    name = tool.split()[0]
    r = sim.run(f"kubectl exec {pod} -- sh -c '{tool}'")
    assert (r.exit_code, r.stderr) == (127, f"sh: 1: {name}: not found\ncommand terminated with exit code 127\n")
    r = sim.run(f"kubectl exec {pod} -- {name}")
    assert r.exit_code == 1 and f'exec: "{name}": executable file not found in $PATH' in r.stderr


@pytest.mark.parametrize("pod", ["py", "node"])
def test_full_tags_built_on_buildpack_deps_have_wget_and_ps(booted, pod):
    sim = booted.fork()
    assert sim.run(f"kubectl exec {pod} -- sh -c 'ps -e'").stdout.splitlines()[0].split() == ["PID", "TTY", "TIME",
                                                                                            "CMD"]
    r = sim.run(f"kubectl exec {pod} -- sh -c 'wget -qO- http://nowhere.invalid'")
    assert r.exit_code == 1 and "not found" not in r.stderr
    r = sim.run(f"kubectl exec {pod} -- sh -c 'nslookup kubernetes'")
    assert r.exit_code == 127


def test_busybox_keeps_its_applets(booted):
    sim = booted.fork()
    r = sim.run("kubectl exec bb -- nslookup kubernetes.default")
    assert r.exit_code == 0 and "10.96.0.1" in r.stdout


def test_a_package_brings_the_tool(booted):
    sim = booted.fork()
    assert sim.run("kubectl exec deb -- sh -c 'apt-get update -qq && apt-get install -y -qq wget "
                   "dnsutils'").exit_code == 0
    r = sim.run("kubectl exec deb -- nslookup kubernetes.default")
    assert r.exit_code == 0 and "10.96.0.1" in r.stdout
    assert "not found" not in sim.run("kubectl exec deb -- sh -c 'wget -qO- http://nowhere.invalid'").stderr
