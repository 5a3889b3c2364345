"""kubeadm's add-ons (CoreDNS, kube-proxy): opt-in objects as kubeadm makes them, and cluster DNS
that answers only while a CoreDNS pod is Ready behind kube-dns."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from kubetui import Simulation
from kubetui.model import labels
from kubetui.scenario.schema import Cluster

ADDON_OBJECTS = {("ServiceAccount", "coredns"), ("ConfigMap", "coredns"), ("Deployment", "coredns"),
                 ("Service", "kube-dns"), ("ServiceAccount", "kube-proxy"), ("ConfigMap", "kube-proxy"),
                 ("DaemonSet", "kube-proxy")}

# kubeadm v1.36 (cmd/kubeadm/app/phases/addons/dns): the Corefile of `kubeadm init`.
KUBEADM_COREFILE = """.:53 {
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


def _objects(sim) -> list[tuple[str, str | None, str]]:
    return sorted((o["kind"], o["metadata"].get("namespace"), o["metadata"]["name"])
                  for k in sim.store.kinds for o in sim.store.iter(k))


def _run(sim, ticks: int) -> None:
    for _ in range(ticks):
        sim.step()


def _cluster(addons=("coredns", "kube-proxy"), ticks: int = 20) -> Simulation:
    sim = Simulation(seed=3, nodes=2, addons=list(addons))
    for line in ("kubectl create deployment web --image=nginx:1.25 --replicas=1",
                 "kubectl expose deployment web --port=80",
                 "kubectl run client --image=busybox:1.36 -- sleep 3600"):
        assert sim.run(line).exit_code == 0, line
    _run(sim, ticks)
    return sim


# -- a cluster without add-ons is today's -----------------------------------------------------
def test_no_addons_is_the_cluster_kubetui_always_had():
    """Checksums recorded on main before add-ons existed (seed 7, 3 workers): tick 0 and tick 30."""
    sim = Simulation(seed=7, nodes=3)
    assert sim.addons == ()
    assert sim.checksum() == "7e363c74b9e22f73d4b436bc554b1719"
    assert len(_objects(sim)) == 45
    assert not {(k, n) for k, _, n in _objects(sim)} & ADDON_OBJECTS
    _run(sim, 30)
    assert sim.checksum() == "cd5b07e3782d51be7144c7bf027dc2a4"
    again = Simulation(seed=7, nodes=3, addons=[])
    _run(again, 30)
    assert again.checksum() == sim.checksum()


def test_unknown_addon_is_refused():
    with pytest.raises(ValueError, match="unknown addon 'kube-dns'"):
        Simulation(nodes=1, addons=["kube-dns"])


# -- the objects, as kubeadm makes them -------------------------------------------------------
def test_coredns_objects_field_by_field():
    sim = Simulation(seed=1, nodes=2, addons=["coredns"])
    get = sim.store.get
    assert get("ServiceAccount", "kube-system", "coredns") is not None
    assert get("ConfigMap", "kube-system", "coredns")["data"] == {"Corefile": KUBEADM_COREFILE}
    d = get("Deployment", "kube-system", "coredns")
    assert d["metadata"]["labels"] == {"k8s-app": "kube-dns"}
    assert d["spec"]["replicas"] == 2
    assert d["spec"]["selector"] == {"matchLabels": {"k8s-app": "kube-dns"}}
    assert d["spec"]["strategy"] == {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": "25%", "maxUnavailable": 1}}
    t = d["spec"]["template"]
    assert t["metadata"]["labels"] == {"k8s-app": "kube-dns"}
    s = t["spec"]
    assert s["priorityClassName"] == "system-cluster-critical"
    assert s["serviceAccountName"] == "coredns"
    assert s["dnsPolicy"] == "Default"
    assert s["nodeSelector"] == {"kubernetes.io/os": "linux"}
    assert s["tolerations"] == [{"key": "CriticalAddonsOnly", "operator": "Exists"},
                                {"key": "node-role.kubernetes.io/control-plane", "effect": "NoSchedule"}]
    assert s["volumes"] == [{"name": "config-volume",
                             "configMap": {"name": "coredns", "items": [{"key": "Corefile", "path": "Corefile"}],
                                           "defaultMode": 420}}]
    (c,) = s["containers"]
    assert c["name"] == "coredns"
    assert c["image"] == "registry.k8s.io/coredns/coredns:v1.14.2"
    assert c["args"] == ["-conf", "/etc/coredns/Corefile"]
    assert c["resources"] == {"limits": {"memory": "170Mi"}, "requests": {"cpu": "100m", "memory": "70Mi"}}
    assert [(p["name"], p["containerPort"], p["protocol"]) for p in c["ports"]] == [
        ("dns", 53, "UDP"), ("dns-tcp", 53, "TCP"), ("metrics", 9153, "TCP")]
    assert c["livenessProbe"]["httpGet"] == {"path": "/health", "port": 8080, "scheme": "HTTP"}
    assert c["livenessProbe"]["initialDelaySeconds"] == 60 and c["livenessProbe"]["failureThreshold"] == 5
    assert c["readinessProbe"]["httpGet"] == {"path": "/ready", "port": 8181, "scheme": "HTTP"}
    assert c["securityContext"] == {"allowPrivilegeEscalation": False, "readOnlyRootFilesystem": True,
                                    "capabilities": {"add": ["NET_BIND_SERVICE"], "drop": ["ALL"]}}
    svc = get("Service", "kube-system", "kube-dns")
    assert svc["metadata"]["labels"] == {"k8s-app": "kube-dns", "kubernetes.io/cluster-service": "true",
                                         "kubernetes.io/name": "CoreDNS"}
    assert svc["spec"]["clusterIP"] == "10.96.0.10" and svc["spec"]["type"] == "ClusterIP"
    assert svc["spec"]["selector"] == {"k8s-app": "kube-dns"}
    assert [(p["name"], p["port"], p["protocol"], p["targetPort"]) for p in svc["spec"]["ports"]] == [
        ("dns", 53, "UDP", 53), ("dns-tcp", 53, "TCP", 53), ("metrics", 9153, "TCP", 9153)]
    assert get("DaemonSet", "kube-system", "kube-proxy") is None


def test_coredns_pods_come_up_ready_and_stay():
    sim = Simulation(seed=1, nodes=2, addons=["coredns"])
    _run(sim, 200)  # past the liveness probe's 60 s delay, many periods
    pods = sim.store.list("Pod", "kube-system", labels.parse("k8s-app=kube-dns"))
    assert len(pods) == 2
    for p in pods:
        assert p["status"]["phase"] == "Running"
        ready = next(c for c in p["status"]["conditions"] if c["type"] == "Ready")
        assert ready["status"] == "True"
        assert p["status"]["containerStatuses"][0]["restartCount"] == 0
    out = sim.run("kubectl -n kube-system get svc kube-dns").stdout.splitlines()
    assert out[1].split()[:5] == ["kube-dns", "ClusterIP", "10.96.0.10", "<none>", "53/UDP,53/TCP,9153/TCP"]
    ep = sim.store.get("Endpoints", "kube-system", "kube-dns")
    ips = sorted(a["ip"] for s in ep["subsets"] for a in s["addresses"])
    assert ips == sorted(p["status"]["podIP"] for p in pods)


def test_kube_proxy_runs_one_pod_per_node_including_the_control_plane():
    sim = Simulation(seed=1, nodes=2, addons=["kube-proxy"])
    _run(sim, 20)
    get = sim.store.get
    assert get("ServiceAccount", "kube-system", "kube-proxy") is not None
    assert set(get("ConfigMap", "kube-system", "kube-proxy")["data"]) == {"config.conf", "kubeconfig.conf"}
    assert "kind: KubeProxyConfiguration" in get("ConfigMap", "kube-system", "kube-proxy")["data"]["config.conf"]
    ds = get("DaemonSet", "kube-system", "kube-proxy")
    s = ds["spec"]["template"]["spec"]
    assert ds["metadata"]["labels"] == {"k8s-app": "kube-proxy"}
    assert s["hostNetwork"] is True and s["priorityClassName"] == "system-node-critical"
    assert s["tolerations"] == [{"operator": "Exists"}]
    assert s["containers"][0]["image"] == "registry.k8s.io/kube-proxy:v1.36.0"
    assert s["containers"][0]["securityContext"] == {"privileged": True}
    pods = sim.store.list("Pod", "kube-system", labels.parse("k8s-app=kube-proxy"))
    assert sorted(p["spec"]["nodeName"] for p in pods) == ["control-plane", "node-1", "node-2"]
    nodes = {n["metadata"]["name"]: n["status"]["addresses"][0]["address"] for n in sim.store.iter("Node")}
    for p in pods:
        assert p["status"]["phase"] == "Running"
        assert p["status"]["podIP"] == nodes[p["spec"]["nodeName"]]
    assert get("Deployment", "kube-system", "coredns") is None


# -- DNS served by CoreDNS ---------------------------------------------------------------------
TIMED_OUT = ";; connection timed out; no servers could be reached\n\n"


def test_dns_answers_while_a_coredns_pod_is_ready():
    sim = _cluster()
    r = sim.run("kubectl exec client -- nslookup web")
    assert r.exit_code == 0, r.stderr
    ip = sim.store.get("Service", "default", "web")["spec"]["clusterIP"]
    assert f"Name:\tweb.default.svc.cluster.local\nAddress: {ip}\n" in r.stdout
    assert sim.run("kubectl exec client -- wget -qO- -T 2 web").exit_code == 0
    assert "nameserver 10.96.0.10" in sim.run("kubectl exec client -- cat /etc/resolv.conf").stdout


def test_coredns_scaled_to_zero_times_out_like_busybox():
    sim = _cluster()
    assert sim.run("kubectl -n kube-system scale deployment coredns --replicas=0").exit_code == 0
    _run(sim, 40)
    r = sim.run("kubectl exec client -- nslookup web")
    assert (r.exit_code, r.stdout) == (1, TIMED_OUT)
    r = sim.run("kubectl exec client -- wget -qO- -T 2 web")
    assert r.exit_code == 1 and "wget: bad address 'web'" in r.stderr
    # traffic by IP does not need DNS
    ip = sim.store.get("Service", "default", "web")["spec"]["clusterIP"]
    assert sim.run(f"kubectl exec client -- wget -qO- -T 2 {ip}").exit_code == 0
    sim.run("kubectl -n kube-system scale deployment coredns --replicas=2")
    _run(sim, 30)
    assert sim.run("kubectl exec client -- nslookup web").exit_code == 0


def test_coredns_pods_not_ready_means_no_answer():
    sim = _cluster()
    patch = ('[{"op":"replace","path":"/spec/strategy","value":{"type":"Recreate"}},'
             '{"op":"replace","path":"/spec/template/spec/containers/0/readinessProbe/httpGet/port","value":8999}]')
    r = sim.run(f"kubectl -n kube-system patch deployment coredns --type=json -p '{patch}'")
    assert r.exit_code == 0, r.stderr
    _run(sim, 60)
    pods = sim.store.list("Pod", "kube-system", labels.parse("k8s-app=kube-dns"))
    assert pods and all(p["status"]["phase"] == "Running" for p in pods)
    assert (sim.run("kubectl exec client -- nslookup web").stdout) == TIMED_OUT


def test_kube_dns_service_deleted_means_no_answer():
    sim = _cluster()
    sim.run("kubectl -n kube-system delete service kube-dns")
    _run(sim, 2)
    assert sim.run("kubectl exec client -- nslookup web").stdout == TIMED_OUT


def test_without_the_addon_dns_works_as_before():
    sim = _cluster(addons=(), ticks=20)
    assert sim.run("kubectl exec client -- nslookup web").exit_code == 0
    assert sim.store.get("Service", "kube-system", "kube-dns") is None


# -- the scenario field ------------------------------------------------------------------------
def test_scenario_cluster_addons_validated():
    assert Cluster().addons == []
    assert Cluster(addons=["coredns", "kube-proxy"]).addons == ["coredns", "kube-proxy"]
    with pytest.raises(ValidationError, match="coredns"):
        Cluster(addons=["kube-dns"])
    with pytest.raises(ValidationError, match="addons repeat: coredns"):
        Cluster(addons=["coredns", "coredns"])


def test_scenario_addons_reach_the_simulation():
    from kubetui.exercise.catalog import load_catalog
    from kubetui.scenario.setup import build_simulation

    ex = load_catalog().get("dns-coredns-scaled-down")
    assert ex.cluster.addons == ["coredns", "kube-proxy"]
    sim = build_simulation(ex)
    assert sim.addons == ("coredns", "kube-proxy")
    assert sim.store.get("Deployment", "kube-system", "coredns") is not None
    assert sim.store.get("DaemonSet", "kube-system", "kube-proxy") is not None


def test_sandbox_log_header_names_the_addons_and_replays():
    from kubetui.replay import header_for

    sim = Simulation(seed=2, nodes=1, addons=["coredns", "kube-proxy"])
    assert header_for(sim)["addons"] == ["coredns", "kube-proxy"]
    assert "addons" not in header_for(Simulation(seed=2, nodes=1))
