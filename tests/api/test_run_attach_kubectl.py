"""`kubectl run -i --rm … -- CMD` by the real kubectl (the test extras' wheel, 1.37) on `kubetui
serve` and by kubetui's own kubectl: the attach notices on stderr, the command's output, then
`--rm`'s deletion on stdout; a failure's exit code and `terminated (Error)`."""

from __future__ import annotations

import subprocess
import time

import pytest

pytestmark = pytest.mark.slow  # the real kubectl against `kubetui serve`: differential, seconds a file


def _real(cluster, name: str, script: str):
    cmd = [cluster.binary, "run", name, "-i", "--rm", "--restart=Never", "--image=busybox", "--", "sh", "-c", script]
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=cluster.env())
    for _ in range(200):
        if p.poll() is not None:
            break
        time.sleep(0.2)
        cluster.step(1)
    out, err = p.communicate(timeout=30)
    return p.returncode, out.replace(name, "N"), err.replace(name, "N")


@pytest.mark.parametrize("script", ["echo one; sleep 2; echo two", "echo bye; exit 3"])
def test_run_i_rm_says_what_kubectl_says(shared, script):
    name = f"r{len(script)}"
    real = _real(shared, name + "-real", script)
    own = shared.builtin(f"kubectl run {name}-own -i --rm --restart=Never --image=busybox -- sh -c '{script}'")
    assert (own.exit_code, own.stdout.replace(name + "-own", "N"), own.stderr.replace(name + "-own", "N")) == real
