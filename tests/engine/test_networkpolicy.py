"""NetworkPolicy: default allow; a policy that selects a pod admits only what its rules allow."""

import copy

from engine_kit import create, deployment


def namespace(name, **labels):
    return {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": name, "labels": labels}}


def app(sim, ns, name, labels=None):
    d = deployment(name, replicas=1)
    d["metadata"]["namespace"] = ns
    d["spec"]["template"]["spec"]["containers"][0]["ports"] = [{"name": "http", "containerPort": 80}]
    if labels:
        d["spec"]["template"]["metadata"]["labels"].update(labels)
    create(sim, d)
    create(sim, {"apiVersion": "v1", "kind": "Service", "metadata": {"name": name, "namespace": ns},
                 "spec": {"selector": {"app": name}, "ports": [{"port": 80, "targetPort": "http"}]}})


def policy(ns, name, **spec):
    return {"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy",
            "metadata": {"name": name, "namespace": ns}, "spec": {"podSelector": {}, **spec}}


ISOLATE = {"policyTypes": ["Ingress"], "ingress": [{"from": [{"podSelector": {}}]}]}
"""The seed's "a Pod can reach Pods of its own Namespace only", as a NetworkPolicy."""


def the_pod(sim, ns, name):
    return next(p for p in sim.list("Pod", ns) if p["metadata"]["name"].startswith(name + "-"))


def setup(sim):
    create(sim, namespace("shop"))
    create(sim, namespace("blog"))
    app(sim, "shop", "api")
    app(sim, "shop", "web")
    app(sim, "blog", "site")
    sim.step(10)
    return the_pod(sim, "shop", "web"), the_pod(sim, "blog", "site"), sim.get("Service", "api", "shop")


def test_without_policies_every_pod_reaches_every_pod(sim):
    web, site, api = setup(sim)
    ok, where = sim.network.reachable(site, api, 80)
    assert ok and where == f"{the_pod(sim, 'shop', 'api')['status']['podIP']}:80"
    assert sim.network.reachable(web, api, 80)[0]
    assert sim.network.reachable(None, api)[0]


def test_namespace_isolation_blocks_other_namespaces_and_allows_its_own(sim):
    web, site, api = setup(sim)
    create(sim, policy("shop", "same-namespace-only", **copy.deepcopy(ISOLATE)))
    ok, why = sim.network.reachable(site, api, 80)
    assert not ok and why == ("timed out: ingress to shop/" + the_pod(sim, "shop", "api")["metadata"]["name"]
                              + " denied by NetworkPolicy shop/same-namespace-only")
    assert sim.network.reachable(web, api, 80)[0]
    assert sim.network.reachable(web, the_pod(sim, "shop", "api"), "http")[0]
    assert sim.network.reachable(site, the_pod(sim, "blog", "site"), 80)[0], "blog has no policy"

    sim.run("sim load svc/api 50 -n shop")
    sim.step(5)
    assert sim.figures()["services"]["shop/api"]["successRate"] == 0.0, "outside traffic is not from a shop pod"
    r = sim.run("sim load svc/api 50 -n shop --from shop/app=web")
    assert r.stdout == "service/api: 50 requests/s offered from shop/app=web\n"
    sim.step(5)
    assert sim.figures()["services"]["shop/api"]["successRate"] == 1.0
    sim.run("sim load svc/api 50 -n shop --from blog")
    sim.step(5)
    assert sim.figures()["services"]["shop/api"]["servedRps"] == 0.0


def test_namespace_selector_pod_selector_and_ports(sim):
    web, site, api = setup(sim)
    create(sim, namespace("ops", team="ops"))
    app(sim, "ops", "probe")
    sim.step(10)
    probe = the_pod(sim, "ops", "probe")
    rules = {"ingress": [
        {"from": [{"namespaceSelector": {"matchLabels": {"team": "ops"}}}], "ports": [{"port": 80}]},
        {"from": [{"podSelector": {"matchLabels": {"app": "web"}}}], "ports": [{"port": "http"}]},
    ]}
    create(sim, policy("shop", "api-ingress", podSelector={"matchLabels": {"app": "api"}}, **rules))
    assert sim.network.reachable(probe, api, 80)[0]
    assert sim.network.reachable(web, api, 80)[0]
    assert not sim.network.reachable(site, api, 80)[0]
    assert not sim.network.reachable(probe, the_pod(sim, "shop", "api"), 81)[0], "only port 80 is opened"
    assert sim.network.reachable(site, sim.get("Service", "web", "shop"), 80)[0], "the policy selects api pods only"


def test_ip_blocks_and_egress(sim):
    web, site, api = setup(sim)
    create(sim, policy("shop", "from-office", podSelector={"matchLabels": {"app": "api"}},
                       ingress=[{"from": [{"ipBlock": {"cidr": "203.0.113.0/24", "except": ["203.0.113.99/32"]}}]}]))
    assert sim.network.reachable(None, api, 80)[0], "the outside client 203.0.113.10 is in the block"
    assert not sim.network.reachable(web, api, 80)[0]
    create(sim, policy("blog", "no-egress", policyTypes=["Egress"]))
    ok, why = sim.network.reachable(site, sim.get("Service", "web", "shop"), 80)
    assert not ok and why == f"timed out: egress from blog/{site['metadata']['name']} denied by NetworkPolicy blog/no-egress"


def test_no_endpoints_refuses_and_deleting_the_policy_restores_access(sim):
    web, site, api = setup(sim)
    create(sim, {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "empty", "namespace": "shop"},
                 "spec": {"selector": {"app": "nothing"}, "ports": [{"port": 80}]}})
    ok, why = sim.network.reachable(web, sim.get("Service", "empty", "shop"), 80)
    assert not ok and why == "connection refused: service shop/empty has no endpoints"
    create(sim, policy("shop", "deny-all", ingress=[]))
    assert not sim.network.reachable(web, api, 80)[0]
    sim.store.remove("NetworkPolicy", "shop", "deny-all")
    assert sim.network.reachable(web, api, 80)[0]


def test_service_figures_name_the_namespace_the_load_comes_from(sim):
    sim.run("kubectl create namespace shop")
    sim.run("kubectl create namespace sandbox")
    sim.run("kubectl create deployment web -n shop --image=nginx:1.25 --replicas=2")
    sim.run("kubectl expose deployment web -n shop --port=80")
    sim.step(10)
    sim.run("sim load svc/web 50 -n shop --from sandbox")
    sim.step(5)
    fig = sim.figures()["services"]["shop/web"]
    assert list(fig["sources"]) == ["sandbox"] and fig["sources"]["sandbox"]["successRate"] == 1.0
    sim.run("kubectl apply -f -", stdin=(
        "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: same-ns, namespace: shop}\n"
        "spec:\n  podSelector: {}\n  ingress:\n  - from:\n    - podSelector: {}\n"))
    sim.step(5)
    assert sim.figures()["services"]["shop/web"]["sources"]["sandbox"]["successRate"] == 0.0
