"""The node's own root filesystem, as a pod that mounts the host's `/` sees it (`kubectl debug
node/NODE`: the node at /host, kubeadm's layout): /etc/hostname and /etc/os-release, the static
pods' manifests in /etc/kubernetes/manifests on a control-plane node, the kubelet's
/var/lib/kubelet (its config, a directory per pod) and the containers' logs under
/var/log/pods/<namespace>_<pod>_<uid>/<container>/<restarts>.log in the CRI format, and the
programs `chroot /host` runs (the node's /bin/sh).

The view is taken when the volume is mounted (a debugging pod starting); the node's files a pod
writes there stay, as on a real node."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import yaml

from kubetui.engine.kubelet.shell.fs import Volume
from kubetui.model.clock import datetime_of

if TYPE_CHECKING:
    from kubetui.engine.simulation import Simulation

LOG_LINES = 200
"""The last lines of a container's log the node's log file holds (the kubelet rotates it)."""
PROGRAMS = ("usr/bin/sh", "usr/bin/bash", "usr/bin/dash", "usr/bin/ls", "usr/bin/cat", "usr/bin/ps",
            "usr/bin/crictl", "usr/bin/kubelet", "usr/bin/containerd")
"""The node's programs a learner calls after `chroot /host` (Debian 12, kubeadm, containerd)."""
LINKS = ("bin", "sbin", "lib", "lib64")
"""merged-/usr: /bin is /usr/bin."""


def _kubelet_config(cluster_dns: str) -> str:
    return yaml.safe_dump({
        "apiVersion": "kubelet.config.k8s.io/v1beta1", "kind": "KubeletConfiguration",
        "authentication": {"anonymous": {"enabled": False}, "webhook": {"enabled": True},
                           "x509": {"clientCAFile": "/etc/kubernetes/pki/ca.crt"}},
        "authorization": {"mode": "Webhook"}, "cgroupDriver": "systemd", "clusterDNS": [cluster_dns],
        "clusterDomain": "cluster.local", "containerRuntimeEndpoint": "unix:///run/containerd/containerd.sock",
        "staticPodPath": "/etc/kubernetes/manifests"}, sort_keys=False)


def _manifest(pod: dict) -> str:
    """The file the static pod came from: the mirror pod without what the API server added."""
    meta = pod["metadata"]
    spec = {k: v for k, v in pod["spec"].items() if k not in ("nodeName", "tolerations", "schedulerName")}
    doc = {"apiVersion": "v1", "kind": "Pod",
           "metadata": {"labels": dict(meta.get("labels") or {}), "name": meta["labels"].get("component", meta["name"]),
                        "namespace": meta["namespace"]},
           "spec": spec}
    return yaml.safe_dump(doc, sort_keys=False)


def _log_file(lines: Sequence[str], ticks: Sequence[int]) -> str:
    """A container's log as the runtime writes it: `<RFC3339Nano time> stdout F <line>`."""
    out = []
    start = max(0, len(lines) - LOG_LINES)
    for i in range(start, len(lines)):
        tick = ticks[i] if i < len(ticks) else 0
        stamp = datetime_of(tick).strftime("%Y-%m-%dT%H:%M:%S.000000000Z")
        out.append(f"{stamp} stdout F {lines[i]}\n")
    return "".join(out)


def node_root(sim: Simulation, node: str) -> Volume:
    """A new volume holding the node's `/`."""
    vol = Volume(disk=True)
    fill(vol, sim, node)
    return vol


def fill(vol: Volume, sim: Simulation, node: str) -> None:
    """Put the node's files (as they are now) in its root volume."""
    node_obj = sim.store.get("Node", None, node) or {}
    info = (node_obj.get("status") or {}).get("nodeInfo") or {}
    os_image = info.get("osImage") or "Debian GNU/Linux 12 (bookworm)"
    files = {
        "etc/hostname": node + "\n",
        "etc/os-release": f'PRETTY_NAME="{os_image}"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\n'
                          'VERSION="12 (bookworm)"\nVERSION_CODENAME=bookworm\nID=debian\n',
        "etc/hosts": f"127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n"
                     f"{_address(node_obj)}\t{node}\n",
        "var/lib/kubelet/config.yaml": _kubelet_config("10.96.0.10"),
        "var/lib/kubelet/kubeadm-flags.env": 'KUBELET_KUBEADM_ARGS="--container-runtime-endpoint=unix:///run/'
                                             'containerd/containerd.sock --pod-infra-container-image='
                                             'registry.k8s.io/pause:3.10"\n',
        "etc/kubernetes/kubelet.conf": "apiVersion: v1\nkind: Config\nclusters:\n- cluster:\n"
                                       "    server: https://control-plane:6443\n  name: kubernetes\n",
    }
    labels = (node_obj.get("metadata") or {}).get("labels") or {}
    control_plane = "node-role.kubernetes.io/control-plane" in labels
    dirs = {"etc/kubernetes/manifests"} if control_plane else set()
    for rt in sim.kubelet.runtimes_on(node):
        pod = sim.store.get("Pod", rt.namespace, rt.name)
        if pod is None:
            continue
        folder = f"var/log/pods/{rt.namespace}_{rt.name}_{rt.uid}"
        dirs.add(folder)
        dirs.add(f"var/lib/kubelet/pods/{rt.uid}/volumes")
        files[f"var/lib/kubelet/pods/{rt.uid}/etc-hosts"] = (
            f"# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n{rt.ip}\t{rt.name}\n")
        for c in [*rt.containers, *rt.ephemeral]:
            if c.state == "waiting" and not c.restarts:
                continue
            files[f"{folder}/{c.name}/{c.restarts}.log"] = _log_file(c.logs, c.log_ticks)
        if rt.static and control_plane:
            component = ((pod["metadata"].get("labels") or {}).get("component")) or rt.name
            files[f"etc/kubernetes/manifests/{component}.yaml"] = _manifest(pod)
    for path in PROGRAMS:
        for where in (path, path[4:]):  # merged /usr: /bin/sh is /usr/bin/sh
            files[where] = f"\x7fELF\x02\x01\x01\x00host {path.rsplit('/', 1)[-1]}\n"
            vol.modes[where] = 0o755
    for d in (*dirs, *LINKS, "tmp", "root", "proc", "sys", "dev", "run", "var/lib/containerd", "opt/cni/bin",
              "etc/cni/net.d"):
        vol.add(d + "/.", "")
        vol.files.pop(d + "/.", None)
    for path, text in files.items():
        vol.add(path, text)
    vol.modes["tmp"] = 0o1777


def _address(node_obj: dict) -> str:
    for a in (node_obj.get("status") or {}).get("addresses") or ():
        if a.get("type") == "InternalIP":
            return str(a.get("address"))
    return "172.18.0.2"
