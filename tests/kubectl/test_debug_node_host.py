"""`kubectl debug node/NODE -it --image=ubuntu` (trial14 row 31): the node's root filesystem is at
/host (kubeadm's layout: hostname, os-release, static pod manifests on the control plane, the
kubelet's files, the containers' logs under /var/log/pods) and `chroot /host` enters it."""

from __future__ import annotations

import pytest

from kubetui import Simulation


def _terminal(sim, line: str):
    shell = sim.start(line)
    for _ in range(60):
        if shell.terminal is not None:
            break
        sim.step(1)
    assert shell.terminal is not None, shell.stdout + shell.stderr
    return shell


def _lines(sim, shell, *lines: str) -> str:
    start = len(shell.stdout)
    for line in lines:
        assert sim.send(shell.seq, line)
    return shell.stdout[start:]


@pytest.fixture(scope="module")
def cluster():
    s = Simulation(seed=31)
    s.run("kubectl run web --image=busybox --overrides="
          "'{\"spec\":{\"nodeName\":\"node-1\"}}' -- sh -c 'echo hello from web; sleep 3600'")
    s.step(20)
    return s


def test_the_debugger_pod_shares_the_hosts_namespaces_and_mounts_its_root(cluster):
    out = cluster.run("kubectl debug node/node-1 --image=ubuntu -- sleep 3600").stdout
    name = out.split()[3]
    spec = cluster.get("Pod", name)["spec"]
    assert spec["hostPID"] and spec["hostNetwork"] and spec["hostIPC"] and spec["nodeName"] == "node-1"
    assert {"name": "host-root", "hostPath": {"path": "/", "type": ""}} in spec["volumes"]
    assert {"name": "host-root", "mountPath": "/host"} in spec["containers"][0]["volumeMounts"]


def test_host_holds_the_nodes_files(cluster):
    shell = _terminal(cluster, "kubectl debug node/node-1 -it --image=ubuntu")
    out = _lines(cluster, shell, "cat /host/etc/hostname", "grep ^ID= /host/etc/os-release",
                 "ls /host/etc/kubernetes/manifests", "hostname; echo $HOSTNAME")
    assert "root@node-1:/# cat /host/etc/hostname\nnode-1\n" in out and "\nID=debian\n" in out
    assert "root@node-1:/# hostname; echo $HOSTNAME\nnode-1\nnode-1\n" in out  # hostNetwork: the node's name
    assert "ls: cannot access '/host/etc/kubernetes/manifests': No such file or directory" in shell.stderr
    uid = cluster.get("Pod", "web")["metadata"]["uid"]
    out = _lines(cluster, shell, f"cat /host/var/log/pods/default_web_{uid}/web/0.log",
                 "grep staticPodPath /host/var/lib/kubelet/config.yaml", f"ls /host/var/lib/kubelet/pods/{uid}")
    assert " stdout F hello from web\n" in out and "staticPodPath: /etc/kubernetes/manifests\n" in out
    assert "etc-hosts  volumes\n" in out  # GNU ls on a terminal: columns
    _lines(cluster, shell, "exit")


def test_chroot_host_runs_the_nodes_shell_until_exit(cluster):
    shell = _terminal(cluster, "kubectl debug node/control-plane -it --image=ubuntu")
    out = _lines(cluster, shell, "chroot /host", "cat /etc/hostname", "ls /etc/kubernetes/manifests", "exit", "pwd",
                 "chroot /host cat /etc/hostname", "chroot /nope")
    assert "# chroot /host\n# cat /etc/hostname\ncontrol-plane\n" in out
    assert "# ls /etc/kubernetes/manifests\netcd.yaml\t     kube-controller-manager.yaml\n" \
           "kube-apiserver.yaml  kube-scheduler.yaml\n# exit\n" in out  # GNU ls 9.1 -C at 80 columns
    assert ":/# pwd\n/\n" in out  # back in the debugger's own shell (bash's prompt)
    assert ":/# chroot /host cat /etc/hostname\ncontrol-plane\n" in out
    assert "chroot: cannot change root directory to '/nope': No such file or directory\n" in shell.stderr
    manifest = _lines(cluster, shell, "chroot /host cat /etc/kubernetes/manifests/kube-scheduler.yaml")
    assert "kind: Pod\n" in manifest and "name: kube-scheduler\n" in manifest and "namespace: kube-system\n" in manifest
    _lines(cluster, shell, "exit")
    assert shell.done
