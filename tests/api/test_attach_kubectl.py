"""`kubectl attach` by the real kubectl (the test extras' wheel, 1.37) on `kubetui serve` and by
kubetui's own kubectl: the same words for the same mistakes, and the same output streamed."""

from __future__ import annotations

import subprocess
import time

import pytest

pytestmark = pytest.mark.slow  # the real kubectl against `kubetui serve`: differential, seconds a file


@pytest.fixture(scope="module")
def cluster(shared):
    shared.builtin("kubectl run ticker --image=busybox:1.36 -- sh -c "
                   "'i=0; while true; do i=$((i+1)); echo tick $i; sleep 1; done'")
    shared.builtin("kubectl run done --image=busybox:1.36 --restart=Never -- true")
    shared.builtin("kubectl apply -f -", stdin="{apiVersion: v1, kind: Pod, metadata: {name: stuck}, spec: "
                   "{nodeSelector: {x: y}, containers: [{name: c, image: busybox:1.36}]}}")
    shared.step(20)
    return shared


@pytest.mark.parametrize("args", [
    [], ["a", "b", "c"], ["ticker", "--pod-running-timeout=0"], ["done"], ["ticker", "-c", "nope"], ["nope"],
    ["pod", "nope"], ["stuck"],
])
def test_a_mistake_is_told_as_the_real_kubectl_tells_it(cluster, args):
    real = cluster.kubectl("attach", *args)
    own = cluster.builtin(" ".join(["kubectl", "attach", *args]))
    assert (own.exit_code, own.stdout, own.stderr) == (real.returncode, real.stdout, real.stderr)


def test_attach_streams_the_lines_written_from_then_on_as_the_real_one(cluster):
    p = subprocess.Popen([cluster.binary, "attach", "ticker", "-t"], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True, env=cluster.env())
    try:
        time.sleep(3)  # connected before the clock moves
        cluster.step(3)
        time.sleep(2)
    finally:
        p.terminate()
        out, err = p.communicate(timeout=30)
    own = cluster.builtin("kubectl attach ticker -t")
    assert own.stderr == err
    assert [line.split()[0] for line in out.splitlines()] == ["tick"] * len(out.splitlines())
    assert 1 <= len(out.splitlines()) <= 4
