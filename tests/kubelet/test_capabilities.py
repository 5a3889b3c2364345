"""Capabilities from the securityContext, enforced where a learner sees them: `ip` changing
links/routes needs NET_ADMIN, `date -s` SYS_TIME; a non-root process holds none; the sets show
in /proc/1/status as the kernel prints them."""

import pytest

from kubetui import Simulation
from kubetui.engine.kubelet import capabilities

POD = """apiVersion: v1
kind: Pod
metadata: {name: %s}
spec:
  containers:
  - {name: c, image: busybox, command: [sleep, "3600"], securityContext: %s}
"""
CASES = {
    "plain": "{}",
    "net": "{capabilities: {add: [NET_ADMIN]}}",
    "time": "{capabilities: {add: [CAP_SYS_TIME], drop: [ALL]}}",
    "nonroot": "{capabilities: {add: [NET_ADMIN, SYS_TIME]}, runAsUser: 1000, allowPrivilegeEscalation: false}",
    "priv": "{privileged: true}",
}


@pytest.fixture(scope="module")
def sim():
    s = Simulation(seed=1)
    for name, sc in CASES.items():
        assert s.run("kubectl apply -f -", stdin=POD % (name, sc)).exit_code == 0
    s.step(20)
    return s


def _exec(sim, pod, line):
    r = sim.run(f"kubectl exec {pod} -- sh -c \"{line}\"")
    return r.exit_code, r.stdout, r.stderr.replace("command terminated with exit code 1\n", "")


@pytest.mark.parametrize("pod,allowed", [("plain", False), ("net", True), ("time", False), ("nonroot", False),
                                         ("priv", True)])
def test_changing_links_and_routes_needs_net_admin(sim, pod, allowed):
    link, route = _exec(sim, pod, "ip link set eth0 down"), _exec(sim, pod, "ip route add 10.9.0.0/16 via 10.244.0.1")
    if allowed:
        assert link == route == (0, "", "")
    else:
        assert link == (1, "", "ip: SIOCSIFFLAGS: Operation not permitted\n")
        assert route == (1, "", "ip: RTNETLINK answers: Operation not permitted\n")
    assert _exec(sim, pod, "ip route")[0] == 0, "showing needs nothing"


@pytest.mark.parametrize("pod,allowed", [("plain", False), ("net", False), ("time", True), ("nonroot", False),
                                         ("priv", True)])
def test_setting_the_clock_needs_sys_time(sim, pod, allowed):
    got = _exec(sim, pod, "date -s '2027-03-04 05:06:07'")
    assert got == ((0, "Thu Mar  4 05:06:07 UTC 2027\n", "") if allowed
                   else (1, "", "date: can't set date: Operation not permitted\n"))
    assert _exec(sim, pod, "date -s tomorrow") == (1, "", "date: invalid date 'tomorrow'\n")


def test_proc_status_shows_the_sets(sim):
    def caps(pod):
        out = _exec(sim, pod, "grep -E 'Cap|NoNewPrivs' /proc/1/status")[1]
        return dict(line.split(":\t") for line in out.splitlines())
    assert caps("plain") == {"CapInh": "0000000000000000", "CapPrm": "00000000a80425fb", "CapEff": "00000000a80425fb",
                             "CapBnd": "00000000a80425fb", "CapAmb": "0000000000000000", "NoNewPrivs": "0"}
    assert caps("time")["CapEff"] == f"{1 << 25:016x}", "drop ALL, then add SYS_TIME (bit 25)"
    nonroot = caps("nonroot")
    assert (nonroot["CapEff"], nonroot["CapBnd"], nonroot["NoNewPrivs"]) == (
        "0000000000000000", f"{0xa80425fb | 1 << 12 | 1 << 25:016x}", "1")
    assert caps("priv")["CapEff"] == "000001ffffffffff"
    assert _exec(sim, "nonroot", "grep Uid /proc/1/status")[1] == "Uid:\t1000\t1000\t1000\t1000\n"


def test_a_debug_container_with_the_netadmin_profile_may_change_routes(sim):
    r = sim.run("kubectl debug plain --image=busybox --profile=netadmin -c dbg -- sleep 3600")
    assert r.exit_code == 0
    sim.step(5)
    assert _exec(sim, "plain -c dbg", "ip route add 10.9.0.0/16 via 10.244.0.1") == (0, "", "")


def test_privileges_follow_containerd():
    of = capabilities.of
    assert of({}, {}).effective == capabilities.DEFAULT
    assert of({"securityContext": {"runAsUser": 5}}, {}).effective == frozenset()
    assert of({"securityContext": {"runAsUser": 5}}, {"securityContext": {"runAsUser": 0}}).uid == 0
    assert of({}, {"securityContext": {"capabilities": {"add": ["ALL"], "drop": ["CHOWN"]}}}).bounding == \
        frozenset(capabilities.ALL) - {"CHOWN"}
    assert of({}, {"securityContext": {"seccompProfile": {"type": "RuntimeDefault"}}}).seccomp == 2


@pytest.mark.parametrize("pod,allowed", [("plain", True), ("net", True), ("time", False), ("priv", True)])
def test_chown_needs_cap_chown_even_as_root(sim, pod, allowed):
    r = sim.run(f"kubectl exec {pod} -c c -- sh -c 'touch /tmp/owned && chown 1000 /tmp/owned'")
    code, err = r.exit_code, r.stderr.replace("command terminated with exit code 1\n", "")
    if allowed:
        assert (code, err) == (0, "")
    else:
        assert (code, err) == (1, "chown: /tmp/owned: Operation not permitted\n")
