"""The add-ons `kubeadm init` installs in kube-system after the control plane is up: CoreDNS
(the `coredns` Deployment behind the `kube-dns` Service at 10.96.0.10) and kube-proxy (a
DaemonSet, one pod per node). Opt-in (`Simulation(addons=[...])`, a scenario's
`cluster.addons`): a cluster without them is the cluster kubetui always had.

The objects are kubeadm's manifests (cmd/kubeadm/app/phases/addons/{dns,proxy}) for the
Kubernetes version kubetui plays, created through the API server as kubeadm does.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kubetui.engine.network.addresses import DNS_SERVICE_IP
from kubetui.model.version import KUBERNETES_VERSION

if TYPE_CHECKING:
    from kubetui.engine.simulation import Simulation

COREDNS = "coredns"
KUBE_PROXY = "kube-proxy"
ADDONS = (COREDNS, KUBE_PROXY)

COREDNS_VERSION = "v1.14.2"
"""kubeadm's `constants.CoreDNSVersion` for Kubernetes v1.36."""
COREDNS_IMAGE = f"registry.k8s.io/coredns/coredns:{COREDNS_VERSION}"
KUBE_PROXY_IMAGE = f"registry.k8s.io/kube-proxy:{KUBERNETES_VERSION}"

COREFILE = """\
.:53 {
    errors
    health {
       lameduck 5s
    }
    ready
    kubernetes cluster.local in-addr.arpa ip6.arpa {
       pods insecure
       fallthrough in-addr.arpa ip6.arpa
       ttl 30
    }
    prometheus :9153
    forward . /etc/resolv.conf {
       max_concurrent 1000
    }
    cache 30 {
       disable success cluster.local
       disable denial cluster.local
    }
    loop
    reload
    loadbalance
}
"""

KUBE_PROXY_CONFIG = """\
apiVersion: kubeproxy.config.k8s.io/v1alpha1
bindAddress: 0.0.0.0
clientConnection:
  kubeconfig: /var/lib/kube-proxy/kubeconfig.conf
clusterCIDR: 10.244.0.0/16
kind: KubeProxyConfiguration
metricsBindAddress: ""
mode: ""
"""

KUBE_PROXY_KUBECONFIG = """\
apiVersion: v1
kind: Config
clusters:
- cluster:
    certificate-authority: /var/run/secrets/kubernetes.io/serviceaccount/ca.crt
    server: https://control-plane:6443
  name: default
contexts:
- context:
    cluster: default
    namespace: default
    user: default
  name: default
current-context: default
users:
- name: default
  user:
    tokenFile: /var/run/secrets/kubernetes.io/serviceaccount/token
"""

_KUBE_DNS = {"k8s-app": "kube-dns"}


def coredns_objects() -> list[dict]:
    """kubeadm's CoreDNS: ServiceAccount, ConfigMap with the Corefile, Deployment, Service."""
    pod_spec = {
        "priorityClassName": "system-cluster-critical",
        "serviceAccountName": "coredns",
        "affinity": {"podAntiAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": [
            {"weight": 100, "podAffinityTerm": {
                "labelSelector": {"matchExpressions": [{"key": "k8s-app", "operator": "In", "values": ["kube-dns"]}]},
                "topologyKey": "kubernetes.io/hostname"}}]}},
        "tolerations": [{"key": "CriticalAddonsOnly", "operator": "Exists"},
                        {"key": "node-role.kubernetes.io/control-plane", "effect": "NoSchedule"}],
        "nodeSelector": {"kubernetes.io/os": "linux"},
        "containers": [{
            "name": "coredns",
            "image": COREDNS_IMAGE,
            "imagePullPolicy": "IfNotPresent",
            "resources": {"limits": {"memory": "170Mi"}, "requests": {"cpu": "100m", "memory": "70Mi"}},
            "args": ["-conf", "/etc/coredns/Corefile"],
            "volumeMounts": [{"name": "config-volume", "mountPath": "/etc/coredns", "readOnly": True}],
            "ports": [{"containerPort": 53, "name": "dns", "protocol": "UDP"},
                      {"containerPort": 53, "name": "dns-tcp", "protocol": "TCP"},
                      {"containerPort": 9153, "name": "metrics", "protocol": "TCP"}],
            "securityContext": {"allowPrivilegeEscalation": False,
                                "capabilities": {"add": ["NET_BIND_SERVICE"], "drop": ["ALL"]},
                                "readOnlyRootFilesystem": True},
            "livenessProbe": {"httpGet": {"path": "/health", "port": 8080, "scheme": "HTTP"},
                              "initialDelaySeconds": 60, "timeoutSeconds": 5, "successThreshold": 1,
                              "failureThreshold": 5},
            "readinessProbe": {"httpGet": {"path": "/ready", "port": 8181, "scheme": "HTTP"}},
        }],
        "dnsPolicy": "Default",
        "volumes": [{"name": "config-volume",
                     "configMap": {"name": "coredns", "items": [{"key": "Corefile", "path": "Corefile"}]}}],
    }
    return [
        {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "coredns", "namespace": "kube-system"}},
        {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "coredns", "namespace": "kube-system"},
         "data": {"Corefile": COREFILE}},
        {"apiVersion": "apps/v1", "kind": "Deployment",
         "metadata": {"name": "coredns", "namespace": "kube-system", "labels": dict(_KUBE_DNS)},
         "spec": {"replicas": 2,
                  "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxUnavailable": 1}},
                  "selector": {"matchLabels": dict(_KUBE_DNS)},
                  "template": {"metadata": {"labels": dict(_KUBE_DNS)}, "spec": pod_spec}}},
        {"apiVersion": "v1", "kind": "Service",
         "metadata": {"name": "kube-dns", "namespace": "kube-system",
                      "labels": {"k8s-app": "kube-dns", "kubernetes.io/cluster-service": "true",
                                 "kubernetes.io/name": "CoreDNS"},
                      "annotations": {"prometheus.io/port": "9153", "prometheus.io/scrape": "true"}},
         "spec": {"clusterIP": DNS_SERVICE_IP,
                  "ports": [{"name": "dns", "port": 53, "protocol": "UDP", "targetPort": 53},
                            {"name": "dns-tcp", "port": 53, "protocol": "TCP", "targetPort": 53},
                            {"name": "metrics", "port": 9153, "protocol": "TCP", "targetPort": 9153}],
                  "selector": dict(_KUBE_DNS)}},
    ]


def kube_proxy_objects() -> list[dict]:
    """kubeadm's kube-proxy: ServiceAccount, ConfigMap (config.conf, kubeconfig.conf), DaemonSet."""
    labels = {"k8s-app": "kube-proxy"}
    return [
        {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "kube-proxy", "namespace": "kube-system"}},
        {"apiVersion": "v1", "kind": "ConfigMap",
         "metadata": {"name": "kube-proxy", "namespace": "kube-system", "labels": {"app": "kube-proxy"}},
         "data": {"config.conf": KUBE_PROXY_CONFIG, "kubeconfig.conf": KUBE_PROXY_KUBECONFIG}},
        {"apiVersion": "apps/v1", "kind": "DaemonSet",
         "metadata": {"name": "kube-proxy", "namespace": "kube-system", "labels": dict(labels)},
         "spec": {"selector": {"matchLabels": dict(labels)},
                  "updateStrategy": {"type": "RollingUpdate"},
                  "template": {"metadata": {"labels": dict(labels)}, "spec": {
                      "containers": [{
                          "name": "kube-proxy",
                          "image": KUBE_PROXY_IMAGE,
                          "imagePullPolicy": "IfNotPresent",
                          "command": ["/usr/local/bin/kube-proxy", "--config=/var/lib/kube-proxy/config.conf",
                                      "--hostname-override=$(NODE_NAME)"],
                          "securityContext": {"privileged": True},
                          "volumeMounts": [{"mountPath": "/var/lib/kube-proxy", "name": "kube-proxy"},
                                           {"mountPath": "/run/xtables.lock", "name": "xtables-lock",
                                            "readOnly": False},
                                           {"mountPath": "/lib/modules", "name": "lib-modules", "readOnly": True}],
                          "env": [{"name": "NODE_NAME",
                                   "valueFrom": {"fieldRef": {"fieldPath": "spec.nodeName"}}}],
                      }],
                      "hostNetwork": True,
                      "serviceAccountName": "kube-proxy",
                      "volumes": [{"name": "kube-proxy", "configMap": {"name": "kube-proxy"}},
                                  {"name": "xtables-lock",
                                   "hostPath": {"path": "/run/xtables.lock", "type": "FileOrCreate"}},
                                  {"name": "lib-modules", "hostPath": {"path": "/lib/modules"}}],
                      "tolerations": [{"operator": "Exists"}],
                      "nodeSelector": {"kubernetes.io/os": "linux"},
                      "priorityClassName": "system-node-critical",
                  }}}},
    ]


def install(sim: Simulation, addons: list[str] | tuple[str, ...]) -> None:
    """Create the chosen add-ons' objects through the API server, as `kubeadm init` does; their
    controllers, the scheduler and the kubelets bring the pods up from the first ticks."""
    unknown = [a for a in addons if a not in ADDONS]
    if unknown:
        raise ValueError(f"unknown addon {unknown[0]!r} (one of: {', '.join(ADDONS)})")
    objects = (coredns_objects() if COREDNS in addons else []) + (kube_proxy_objects() if KUBE_PROXY in addons else [])
    with sim.store.writing("kubeadm"):
        for obj in objects:
            sim.store.create(obj)
    sim.network.dns.served_by_pods = COREDNS in addons
