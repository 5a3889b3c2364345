"""Services: ClusterIP and NodePort allocation, Endpoints that follow readiness, DNS."""

import copy
import ipaddress

import pytest
from engine_kit import create, deployment

from kubetui.engine.kubelet.images import ImageBehavior
from kubetui.engine.store import delete
from kubetui.model.errors import ApiError


def service(name="web", selector=None, ports=None, **spec):
    s = {"apiVersion": "v1", "kind": "Service", "metadata": {"name": name, "namespace": "default"},
         "spec": {"selector": selector if selector is not None else {"app": name},
                  "ports": ports or [{"port": 80, "targetPort": 80}]}}
    s["spec"].update(spec)
    return s


def endpoint_pods(sim, name="web", field="addresses"):
    ep = sim.get("Endpoints", name)
    return sorted(a["targetRef"]["name"] for s in (ep or {}).get("subsets", ()) for a in s.get(field, ()))


def test_cluster_ips_come_from_the_service_range_and_stay_across_updates(sim):
    a = create(sim, service("a"))
    b = create(sim, service("b"))
    net = ipaddress.ip_network("10.96.0.0/12")
    assert sim.get("Service", "kubernetes")["spec"]["clusterIP"] == "10.96.0.1"
    ips = {a["spec"]["clusterIP"], b["spec"]["clusterIP"]}
    assert len(ips) == 2 and all(ipaddress.ip_address(ip) in net for ip in ips)
    assert a["spec"]["clusterIPs"] == [a["spec"]["clusterIP"]]
    changed = copy.deepcopy(sim.store.get("Service", "default", "a"))
    del changed["spec"]["clusterIP"], changed["spec"]["clusterIPs"]
    changed["metadata"]["labels"] = {"tier": "front"}
    assert sim.store.update(changed)["spec"]["clusterIP"] == a["spec"]["clusterIP"]


def test_a_taken_or_foreign_cluster_ip_is_refused_with_the_api_servers_words(sim):
    with pytest.raises(ApiError) as taken:
        create(sim, service("dup", clusterIP="10.96.0.1"))
    assert str(taken.value) == ('The Service "dup" is invalid: spec.clusterIPs: Invalid value: []string{"10.96.0.1"}: '
                                "failed to allocate IP 10.96.0.1: provided IP is already allocated")
    with pytest.raises(ApiError) as outside:
        create(sim, service("far", clusterIP="192.168.1.1"))
    assert "the provided IP (192.168.1.1) is not in the valid range. The range of valid IPs is 10.96.0.0/12" in str(outside.value)
    assert sim.get("Service", "dup") is None and sim.get("Service", "far") is None
    fixed = create(sim, service("fixed", clusterIP="10.96.0.50"))
    assert fixed["spec"]["clusterIP"] == "10.96.0.50"


def test_node_ports_are_allocated_in_range_and_never_shared(sim):
    a = create(sim, service("a", type="NodePort"))
    port = a["spec"]["ports"][0]["nodePort"]
    assert 30000 <= port <= 32767
    with pytest.raises(ApiError) as exc:
        create(sim, service("b", type="NodePort", ports=[{"port": 80, "nodePort": port}]))
    assert f"spec.ports[0].nodePort: Invalid value: {port}: provided port is already allocated" in str(exc.value)
    delete(sim.store, "Service", "default", "a")
    again = create(sim, service("b", type="NodePort", ports=[{"port": 80, "nodePort": port}]))
    assert again["spec"]["ports"][0]["nodePort"] == port


def test_endpoints_list_ready_pods_and_keep_the_others_apart(sim):
    sim.registry.add("shop/web:broken", ImageBehavior(ready=False))
    create(sim, deployment(replicas=2))
    broken = deployment("broken", replicas=1, image="shop/web:broken")
    broken["spec"]["template"]["metadata"]["labels"]["app"] = "web"
    broken["spec"]["selector"] = {"matchLabels": {"app": "web", "release": "broken"}}
    broken["spec"]["template"]["metadata"]["labels"]["release"] = "broken"
    broken["spec"]["template"]["spec"]["containers"][0]["readinessProbe"] = {"httpGet": {"path": "/", "port": 80}, "periodSeconds": 5}
    create(sim, broken)
    labelled = service()
    labelled["metadata"]["labels"] = {"app": "web"}
    create(sim, labelled)
    sim.step(20)
    ready = endpoint_pods(sim)
    assert len(ready) == 2 and all(n.startswith("web-") for n in ready)
    assert [n.split("-")[0] for n in endpoint_pods(sim, field="notReadyAddresses")] == ["broken"]
    ep = sim.get("Endpoints", "web")
    assert ep["subsets"][0]["ports"] == [{"port": 80, "protocol": "TCP"}]
    assert ep["metadata"]["labels"] == {"app": "web"}

    victim = sim.get("Pod", ready[0])["spec"]["nodeName"]
    sim.run(f"sim fail-node {victim}")
    sim.step(30)
    assert len(endpoint_pods(sim)) == 2, "within the grace period the node's pods still count"
    sim.step(40)
    assert ready[0] not in endpoint_pods(sim)
    assert ready[0] in endpoint_pods(sim, field="notReadyAddresses")


def test_named_target_ports_resolve_per_pod_and_endpoints_go_with_the_service(sim):
    d = deployment(replicas=1)
    d["spec"]["template"]["spec"]["containers"][0]["ports"] = [{"name": "http", "containerPort": 8080}]
    create(sim, d)
    create(sim, service(ports=[{"name": "web", "port": 80, "targetPort": "http"}]))
    sim.step(10)
    assert sim.get("Endpoints", "web")["subsets"][0]["ports"] == [{"name": "web", "port": 8080, "protocol": "TCP"}]
    delete(sim.store, "Service", "default", "web")
    sim.step(1)
    assert sim.get("Endpoints", "web") is None
    assert sim.get("Endpoints", "kubernetes")["subsets"][0]["ports"][0]["port"] == 6443


def test_dns_names_resolve_through_the_pods_search_path(sim):
    create(sim, deployment(replicas=2))
    ip = create(sim, service())["spec"]["clusterIP"]
    create(sim, service("db", clusterIP="None", selector={"app": "web"}))
    sim.step(10)
    dns = sim.network.dns
    assert dns.resolve("web", "default") == ("web.default.svc.cluster.local", [ip])
    assert dns.resolve("web.default", "kube-system") == ("web.default.svc.cluster.local", [ip])
    assert dns.resolve("web.default.svc.cluster.local.", "kube-system")[1] == [ip]
    assert dns.resolve("web", "kube-system") is None, "a short name only finds Services of the pod's own namespace"
    pod_ips = sorted(p["status"]["podIP"] for p in sim.list("Pod", "default"))
    assert sorted(dns.resolve("db", "default")[1]) == pod_ips, "a headless Service answers with its pods"
    code, out = dns.nslookup("web")
    assert code == 0 and out.endswith(f"Name:\tweb.default.svc.cluster.local\nAddress: {ip}\n\n")
    code, out = dns.nslookup("nope")
    assert code == 1 and "** server can't find nope.default.svc.cluster.local: NXDOMAIN" in out
