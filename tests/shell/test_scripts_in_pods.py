"""Scripts from CKAD material as a container's `sh -c`: here-documents, case, functions, traps,
parameter defaults, sed, arithmetic; their output reaches `kubectl logs`."""

import shlex

import pytest

from kubetui import Simulation

HEREDOC = """cat <<EOF > /tmp/app.ini
[app]
host=$HOSTNAME
EOF
cat /tmp/app.ini"""

SNIPPETS = [
    ("heredoc", HEREDOC, "[app]\nhost=heredoc\n"),
    ("case", 'for f in a.log b.txt; do case "$f" in *.log) echo "log $f";; *) echo "other $f";; esac; done',
     "log a.log\nother b.txt\n"),
    ("func", 'log() { echo "[app] $*"; }; log starting; log "done now"', "[app] starting\n[app] done now\n"),
    ("while", 'i=0; while [ $i -lt 3 ]; do echo "count $i"; i=$((i+1)); sleep 2; done', "count 0\ncount 1\ncount 2\n"),
    ("default", 'echo "mode=${MODE:-dev} user=${USER:-nobody}"', "mode=dev user=nobody\n"),
    ("test", "[ -d /tmp ] && echo tmp-is-dir || echo no-tmp; test -f /nope || echo no-file",
     "tmp-is-dir\nno-file\n"),
    ("env", "export GREETING=hi; env | grep GREETING; printenv GREETING; hostname", "GREETING=hi\nhi\nenv\n"),
    ("sed", 'echo "color=blue" > /tmp/c; sed -i "s/blue/red/" /tmp/c; cat /tmp/c', "color=red\n"),
    ("arith", "echo $(( 6 * 7 )); n=1; n=$((n+1)); echo $n", "42\n2\n"),
    ("date", "date +%Y", "2026\n"),
    ("files", "mkdir -p /data && echo hello > /data/f.txt && cat /data/f.txt", "hello\n"),
    ("trapexit", "trap 'echo cleanup' EXIT; echo work", "work\ncleanup\n"),
]


@pytest.fixture(scope="module")
def ran():
    sim = Simulation(seed=3)
    for name, script, _ in SNIPPETS:
        r = sim.run(f"kubectl run {name} --image=busybox --restart=Never -- sh -c {shlex.quote(script)}")
        assert r.exit_code == 0, r.stderr
    sim.step(30)
    return sim


@pytest.mark.parametrize(("name", "script", "expected"), SNIPPETS, ids=[s[0] for s in SNIPPETS])
def test_snippet_logs_what_busybox_prints(ran, name, script, expected):
    assert ran.run(f"kubectl logs {name}").stdout == expected
    assert ran.get("Pod", name)["status"]["phase"] == "Succeeded"


def test_a_term_trap_that_exits_ends_the_pod_before_the_grace_period():
    sim = Simulation(seed=3)
    sim.run("kubectl run trap --image=busybox --restart=Never -- sh -c "
            + shlex.quote("trap 'echo caught; exit 0' TERM; echo started; while true; do sleep 1; done"))
    sim.run("kubectl run notrap --image=busybox --restart=Never -- sh -c "
            + shlex.quote("echo started; while true; do sleep 1; done"))
    sim.step(10)
    sim.run("kubectl delete pod trap notrap --wait=false")
    sim.step(5)
    assert sim.get("Pod", "trap") is None
    assert sim.get("Pod", "notrap") is not None
    sim.step(30)
    assert sim.get("Pod", "notrap") is None
