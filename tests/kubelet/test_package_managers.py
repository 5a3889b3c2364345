"""Package managers in the images that have them (apt-get/apt in Debian and Ubuntu, apk in
Alpine): what they print, their exit codes, the files an install leaves, the simulated seconds
they take; and the kubernetes.io two-container page, where a Debian container installs curl to
ask its nginx sidecar."""

from __future__ import annotations

import pytest

from kubetui import Simulation

OCI = ("error: Internal error occurred: error executing command in container: failed to exec in container: "
       "failed to start exec: OCI runtime exec failed: exec failed: unable to start container process: "
       'exec: "{}": executable file not found in $PATH: unknown\n')


def run(sim, line: str, stdin: str | None = None):
    before = sim.tick
    r = sim.run(line, stdin=stdin)
    return r.exit_code, r.stdout, r.stderr, sim.tick - before


@pytest.fixture(scope="module")
def booted():
    s = Simulation(seed=7, nodes=1)
    for name, image in (("deb", "debian:bookworm"), ("ubu", "ubuntu:24.04"), ("alp", "alpine:3.20"),
                        ("bb", "busybox"), ("ngalp", "nginx:1.27-alpine")):
        s.run(f"kubectl run {name} --image={image} -- sleep 1d")
    s.step(20)
    return s


@pytest.fixture
def sim(booted):
    """Each test its own copy of the booted pods, so no test depends on what another installed
    (xdist may run a module's tests on different workers, in any order)."""
    return booted.fork()


def updated(sim, pod: str):
    assert run(sim, f"kubectl exec {pod} -- apt-get update")[0] == 0
    return sim


def test_a_fresh_debian_image_has_no_curl_and_no_package_lists(sim):
    assert run(sim, "kubectl exec deb -- curl localhost")[:3] == (1, "", OCI.format("curl"))
    code, out, err, _ = run(sim, "kubectl exec deb -- apt-get install -y curl")
    assert code == 100
    assert out == "Reading package lists...\nBuilding dependency tree...\nReading state information...\n"
    assert err == "E: Unable to locate package curl\ncommand terminated with exit code 100\n"
    assert run(sim, "kubectl exec deb -- ls /var/lib/apt/lists")[:2] == (0, "")


def test_update_then_install_puts_curl_in_the_container(sim):
    code, out, err, took = run(sim, "kubectl exec deb -- apt-get update")
    assert code == 0 and err == ""
    assert out.splitlines()[0] == "Get:1 http://deb.debian.org/debian bookworm InRelease [151 kB]"
    assert out.splitlines()[-2:] == ["Fetched 9327 kB in 4s (2331 kB/s)", "Reading package lists..."]
    assert took == 4
    code, out, err, took = run(sim, "kubectl exec deb -- apt-get install -y curl")
    assert code == 0 and 2 <= took <= 6
    lines = out.splitlines()
    assert "The following NEW packages will be installed:" in lines
    assert "Setting up curl (7.88.1-10+deb12u14) ..." in lines
    assert "Unpacking libcurl4:amd64 (7.88.1-10+deb12u14) ..." in lines
    assert err == "debconf: delaying package configuration, since apt-utils is not installed\n"
    assert run(sim, "kubectl exec deb -- ls -l /usr/bin/curl")[1].startswith("-rwxr-xr-x")
    assert run(sim, "kubectl exec deb -- sh -c 'curl -s localhost; echo $?'")[1] == "7\n"
    code, out, _, _ = run(sim, "kubectl exec deb -- apt-get install -y curl")
    assert (code, out.splitlines()[3]) == (0, "curl is already the newest version (7.88.1-10+deb12u14).")


def test_dpkg_sets_up_dependencies_before_what_depends_on_them():
    """dpkg configures in passes: the libraries curl's libcurl4 needs, openssl before
    ca-certificates, then libcurl4, then curl (apt unpacks each dependency before its user)."""
    s = Simulation(seed=7, nodes=1)
    s.run("kubectl run deb --image=debian:bookworm -- sleep 1d")
    s.step(20)
    run(s, "kubectl exec deb -- apt-get update")
    out = run(s, "kubectl exec deb -- apt-get install -y curl")[1].splitlines()
    set_up = [line.split()[2] for line in out if line.startswith("Setting up ")]
    assert set_up == ["libbrotli1:amd64", "libnghttp2-14:amd64", "libpsl5:amd64", "libssh2-1:amd64", "openssl",
                      "ca-certificates", "libcurl4:amd64", "curl"]
    unpacked = [line.split()[1] for line in out if line.startswith("Unpacking ")]
    for first, then in (("libssh2-1:amd64", "libcurl4:amd64"), ("openssl", "ca-certificates"),
                        ("libcurl4:amd64", "curl")):
        assert unpacked.index(first) < unpacked.index(then)


def test_unknown_packages_fail_with_100_and_install_nothing(sim):
    updated(sim, "deb")
    code, out, err, _ = run(sim, "kubectl exec deb -- apt-get install -y nosuchthing curl alsonot")
    assert code == 100
    assert err.startswith("E: Unable to locate package nosuchthing\nE: Unable to locate package alsonot\n")


def test_without_yes_apt_asks_and_a_closed_stdin_aborts(sim):
    updated(sim, "deb")
    code, out, _, _ = run(sim, "kubectl exec deb -- apt-get install jq")
    assert code == 1 and out.endswith("Do you want to continue? [Y/n] Abort.\n")
    assert run(sim, "kubectl exec deb -- jq")[0] == 1
    code, out, _, _ = run(sim, "kubectl exec -i deb -- apt-get install jq", stdin="y\n")
    assert code == 0 and "Setting up jq (1.6-2.1+deb12u1) ..." in out


def test_the_learners_tool_list_installs_in_one_go(sim):
    updated(sim, "deb")
    code, out, _, _ = run(sim, "kubectl exec deb -- apt-get install -y procps iputils-ping net-tools dnsutils vim-tiny wget")
    assert code == 0
    for line in ("Setting up procps (2:4.0.2-3) ...", "Setting up iputils-ping (3:20221126-1+deb12u1) ...",
                 "Setting up bind9-dnsutils (1:9.18.41-1~deb12u1) ...", "Setting up vim-tiny (2:9.0.1378-2+deb12u2) ..."):
        assert line in out.splitlines()
    for path in ("/usr/bin/ps", "/usr/bin/ping", "/usr/bin/netstat", "/usr/bin/dig", "/usr/bin/vi", "/usr/bin/wget"):
        assert run(sim, f"kubectl exec deb -- test -x {path}")[0] == 0, path
    code, _, err, _ = run(sim, "kubectl exec deb -- dig example.com")
    assert code == 1 and "dig: installed from bind9-dnsutils" in err


def test_quiet_apt_prints_only_dpkgs_lines(sim):
    code, out, _, _ = run(sim, "kubectl exec ubu -- sh -c 'apt-get -qq update && apt-get -qq install -y less'")
    assert code == 0
    assert out == ("Selecting previously unselected package less.\n"
                   "(Reading database ... 4384 files and directories currently installed.)\n"
                   "Preparing to unpack .../00-less_590-2ubuntu2.1_amd64.deb ...\nUnpacking less (590-2ubuntu2.1) ...\n"
                   "Setting up less (590-2ubuntu2.1) ...\nProcessing triggers for libc-bin (2.39-0ubuntu8.6) ...\n")


def test_apt_warns_about_its_cli_in_a_script(sim):
    updated(sim, "ubu")
    code, out, err, _ = run(sim, "kubectl exec ubu -- apt install -y curl")
    assert code == 0 and "Setting up curl (8.5.0-2ubuntu10.6) ..." in out
    assert err.startswith("\nWARNING: apt does not have a stable CLI interface. Use with caution in scripts.\n\n")


def test_removing_the_lists_makes_install_fail_again(sim):
    run(sim, "kubectl exec ubu -- sh -c 'rm -rf /var/lib/apt/lists/*'")
    assert run(sim, "kubectl exec ubu -- apt-get install -y git")[0] == 100


def test_apk_add_fetches_the_indexes_and_installs(sim):
    assert run(sim, "kubectl exec alp -- curl -s localhost")[:3] == (1, "", OCI.format("curl"))
    code, out, err, took = run(sim, "kubectl exec alp -- apk add --no-cache curl")
    lines = out.splitlines()
    assert (code, err) == (0, "") and 1 <= took <= 3
    assert lines[:2] == ["fetch https://dl-cdn.alpinelinux.org/alpine/v3.20/main/x86_64/APKINDEX.tar.gz",
                         "fetch https://dl-cdn.alpinelinux.org/alpine/v3.20/community/x86_64/APKINDEX.tar.gz"]
    assert lines[2] == "(1/10) Installing ca-certificates (20250911-r0)"
    assert lines[11] == "(10/10) Installing curl (8.14.1-r2)"
    assert lines[-1] == "OK: 13 MiB in 26 packages"
    assert run(sim, "kubectl exec alp -- sh -c 'curl -s localhost; echo $?'")[1] == "7\n"
    assert run(sim, "kubectl exec alp -- cat /etc/apk/world")[1] == "curl\n"


def test_apk_update_then_add_uses_the_cache(sim):
    code, out, _, _ = run(sim, "kubectl exec ngalp -- apk update")
    assert code == 0 and out.splitlines()[-1] == "OK: 25862 distinct packages available"
    code, out, _, _ = run(sim, "kubectl exec ngalp -- apk add procps")
    assert code == 0 and not out.startswith("fetch") and "Installing procps-ng (4.0.4-r3)" in out


def test_apk_names_an_unknown_package(sim):
    code, out, err, _ = run(sim, "kubectl exec alp -- apk add nosuch curl")
    assert code == 1
    assert err == ("ERROR: unable to select packages:\n  nosuch (no such package):\n    required by: world[nosuch]\n"
                   "command terminated with exit code 1\n")


def test_images_without_the_manager_do_not_have_it(sim):
    assert run(sim, "kubectl exec bb -- apk add curl")[:3] == (1, "", OCI.format("apk"))
    assert run(sim, "kubectl exec alp -- apt-get update")[:3] == (1, "", OCI.format("apt-get"))
    assert run(sim, "kubectl exec deb -- sh -c 'apk add curl'")[0] == 127


def test_a_non_root_user_cannot_take_the_lock():
    s = Simulation(seed=2, nodes=1)
    s.run("kubectl run b --image=debian --overrides="
          "'{\"spec\":{\"securityContext\":{\"runAsUser\":1001}}}' -- sleep 1d")
    s.run("kubectl run a --image=alpine --overrides="
          "'{\"spec\":{\"securityContext\":{\"runAsUser\":1000}}}' -- sleep 1d")
    s.step(30)
    code, _, err, _ = run(s, "kubectl exec b -- apt-get update")
    assert code == 100 and err.startswith("E: Could not open lock file /var/lib/apt/lists/lock - open (13: Permission denied)\n")
    code, _, err, _ = run(s, "kubectl exec a -- apk add curl")
    assert code == 99 and err.startswith("ERROR: Unable to lock database: Permission denied\n")


def test_a_restarted_container_starts_from_its_image_again():
    s = Simulation(seed=4, nodes=1)
    s.run("kubectl run deb --image=debian:12 -- sleep 1d")
    s.step(20)
    assert run(s, "kubectl exec deb -- sh -c 'apt-get update -qq && apt-get install -qq -y curl'")[0] == 0
    assert run(s, "kubectl exec deb -- test -x /usr/bin/curl")[0] == 0
    s.run("kubectl delete pod deb")
    s.run("kubectl run deb --image=debian:12 -- sleep 1d")
    s.step(20)
    assert run(s, "kubectl exec deb -- test -x /usr/bin/curl")[0] == 1


def test_a_containers_own_script_installs_and_logs_it():
    s = Simulation(seed=6, nodes=1)
    s.run("kubectl run job --image=debian:bookworm --restart=Never -- "
          "sh -c 'apt-get update -q && apt-get install -y -q wget && wget -q -O- http://localhost || echo exit=$?'")
    s.step(30)
    logs = s.run("kubectl logs job").stdout.splitlines()
    assert logs[0].startswith("Get:1 http://deb.debian.org/debian bookworm InRelease")
    assert "Setting up wget (1.21.3-1+deb12u1) ..." in logs
    assert "Completed" in s.run("kubectl get pod job").stdout


TWO_CONTAINERS = """
apiVersion: v1
kind: Pod
metadata:
  name: two-containers
spec:
  volumes:
  - name: shared-data
    emptyDir: {}
  containers:
  - name: nginx-container
    image: nginx
    volumeMounts:
    - name: shared-data
      mountPath: /usr/share/nginx/html
  - name: debian-container
    image: debian
    volumeMounts:
    - name: shared-data
      mountPath: /pod-data
    command: ["/bin/sh"]
    args: ["-c", "echo Hello from the debian container > /pod-data/index.html; sleep 1d"]
"""


def test_the_two_containers_page_debian_installs_curl_and_asks_nginx():
    """kubernetes.io "Communicate Between Containers in the Same Pod Using a Shared Volume", with
    the Debian side kept running: curl is not there until apt installs it."""
    s = Simulation(seed=8, nodes=1)
    assert s.run("kubectl apply -f -", stdin=TWO_CONTAINERS).exit_code == 0
    s.step(30)
    first = "kubectl exec two-containers -c debian-container -- "
    assert run(s, first + "curl -s localhost")[0] == 1
    code, out, _, took = run(s, first + "sh -c 'apt-get update && apt-get install -y curl && curl -s localhost'")
    assert code == 0 and took >= 5
    assert out.endswith("Setting up curl (8.14.1-2+deb13u2) ...\nProcessing triggers for libc-bin (2.41-12) ...\n"
                        "Processing triggers for ca-certificates (20250419) ...\nUpdating certificates in /etc/ssl/certs...\n"
                        "0 added, 0 removed; done.\nRunning hooks in /etc/ca-certificates/update.d...\ndone.\n"
                        "Hello from the debian container\n")
    assert run(s, first + "curl -s localhost")[:2] == (0, "Hello from the debian container\n")
