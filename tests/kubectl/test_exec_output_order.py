"""A program in a container writes stdout and stderr in some order, and a terminal shows them in
that order: `nginx -T` says its test passed (stderr) before it dumps the configuration (stdout),
apt's debconf notice comes between "Fetched" and dpkg's lines. The door keeps that order
(`transcript`) while stdout and stderr stay apart for pipes, redirections and the API's exec
channels; kubectl's own output has none."""

from __future__ import annotations

import pytest

from kubetui import Simulation


@pytest.fixture(scope="module")
def sim():
    s = Simulation(seed=7, nodes=1)
    s.run("kubectl run web --image=nginx:1.27")
    s.run("kubectl run deb --image=debian:bookworm -- sleep 1d")
    s.step(20)
    return s


def finished(sim, line: str):
    invocation = sim.start(line)
    while not invocation.done:
        sim.step(1)
        invocation.poll()
    return invocation


def streams(said) -> list[tuple[int, str]]:
    """The transcript as (stream, line) pairs."""
    return [(fd, line) for fd, text in said for line in text.splitlines()]


def test_a_shells_lines_come_in_the_order_it_wrote_them(sim):
    inv = finished(sim, "kubectl exec web -- sh -c 'echo a; ls /nope; echo b; exit 3'")
    assert streams(inv.transcript) == [(1, "a"), (2, "ls: cannot access '/nope': No such file or directory"), (1, "b"),
                                       (2, "command terminated with exit code 3")]
    assert (inv.stdout, inv.stderr) == ("a\nb\n", "ls: cannot access '/nope': No such file or directory\n"
                                                  "command terminated with exit code 3\n")


def test_nginx_says_its_test_passed_before_the_configuration(sim):
    said = streams(finished(sim, "kubectl exec web -- nginx -T").transcript)
    assert said[:3] == [(2, "nginx: the configuration file /etc/nginx/nginx.conf syntax is ok"),
                        (2, "nginx: configuration file /etc/nginx/nginx.conf test is successful"),
                        (1, "# configuration file /etc/nginx/nginx.conf:")]


def test_a_pipe_carries_stdout_while_stderr_still_reaches_the_terminal_in_order(sim):
    said = streams(finished(sim, "kubectl exec web -- nginx -T | head -2").transcript)
    assert [fd for fd, _ in said] == [2, 2, 1, 1]
    assert said[2] == (1, "# configuration file /etc/nginx/nginx.conf:")
    quiet = finished(sim, "kubectl exec web -- nginx -T 2>/dev/null | head -2")
    assert [fd for fd, _ in streams(quiet.transcript)] == [1, 1] and quiet.stderr == ""
    merged = finished(sim, "kubectl exec web -- sh -c 'echo out; echo err >&2; echo out2' 2>&1 | head -2")
    assert merged.stdout == "out\nerr\n" and merged.stderr == ""
    into_file = finished(sim, "kubectl exec web -- sh -c 'echo a; ls /nope' > /dev/null")
    assert streams(into_file.transcript) == [(2, "ls: cannot access '/nope': No such file or directory"),
                                             (2, "command terminated with exit code 1")]


def test_apts_debconf_notice_comes_after_fetched_and_before_dpkg(sim):
    finished(sim, "kubectl exec deb -- apt-get update")
    said = streams(finished(sim, "kubectl exec deb -- apt-get install -y curl").transcript)
    at = said.index((2, "debconf: delaying package configuration, since apt-utils is not installed"))
    assert said[at - 1][1].startswith("Fetched ")
    assert said[at + 1] == (1, "Selecting previously unselected package libbrotli1:amd64.")


def test_kubectls_own_output_has_no_order_and_an_exec_that_cannot_wait_keeps_it(sim):
    from kubetui.kubectl import start_kubectl

    assert finished(sim, "kubectl get pods").transcript is None
    inside_a_tick = start_kubectl(sim, ["kubectl", "exec", "web", "--", "sh", "-c", "echo a; ls /nope; echo b"],
                                  wait=False)
    assert inside_a_tick.poll() is not None
    assert streams(inside_a_tick.transcript) == [(1, "a"), (2, "ls: cannot access '/nope': No such file or directory"), (1, "b")]
    assert (inside_a_tick.stdout, inside_a_tick.stderr) == ("a\nb\n", "ls: cannot access '/nope': No such file or directory\n")
