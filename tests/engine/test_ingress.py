"""ingress-nginx: the nginx IngressClass, host/path routing, status, TLS Events, traffic figures."""

import pytest

from kubetui import Simulation
from kubetui.engine.network.ingress import host_matches, path_matches, route
from kubetui.engine.network.loadbalancer import INGRESS_NGINX_IP


def ingress(name, rules, *, tls=None, default=None, cls=None, ns="default"):
    spec = {"rules": [{"host": h, "http": {"paths": [
        {"path": p, "pathType": t, "backend": {"service": {"name": s, "port": {"number": port}}}}
        for p, t, s, port in paths]}} if h else {"http": {"paths": [
            {"path": p, "pathType": t, "backend": {"service": {"name": s, "port": {"number": port}}}}
            for p, t, s, port in paths]}} for h, paths in rules]}
    if tls:
        spec["tls"] = tls
    if default:
        spec["defaultBackend"] = {"service": {"name": default, "port": {"number": 80}}}
    if cls:
        spec["ingressClassName"] = cls
    return {"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": {"name": name, "namespace": ns},
            "spec": spec}


@pytest.fixture
def shop():
    sim = Simulation(seed=3)
    for app in ("web", "api"):
        assert sim.run(f"kubectl create deployment {app} --image=nginx:1.25 --replicas=2").exit_code == 0
        assert sim.run(f"kubectl expose deployment {app} --port=80").exit_code == 0
    sim.step(20)
    return sim


@pytest.mark.parametrize("ptype,rule,path,expected", [
    ("Exact", "/foo", "/foo", True), ("Exact", "/foo", "/foo/", False), ("Exact", "/foo", "/foo/bar", False),
    ("Prefix", "/foo", "/foo", True), ("Prefix", "/foo", "/foo/", True), ("Prefix", "/foo", "/foo/bar", True),
    ("Prefix", "/foo", "/foobar", False), ("Prefix", "/foo/", "/foo", True), ("Prefix", "/", "/anything", True),
    ("Prefix", "/aaa/bb", "/aaa/bbb", False), ("Prefix", "/aaa/bbb/", "/aaa/bbb", True),
    ("ImplementationSpecific", "/foo", "/foobar", True),
])
def test_path_types_match_as_kubernetes_defines_them(ptype, rule, path, expected):
    assert path_matches(ptype, rule, path) is expected


def test_wildcard_host_covers_exactly_one_label():
    assert host_matches("*.foo.com", "bar.foo.com")
    assert not host_matches("*.foo.com", "baz.bar.foo.com")
    assert not host_matches("*.foo.com", "foo.com")


def test_every_cluster_has_the_default_nginx_class_and_new_ingresses_get_it(shop):
    ic = shop.get("IngressClass", "nginx", namespace=None)
    assert ic["spec"]["controller"] == "k8s.io/ingress-nginx"
    assert ic["metadata"]["annotations"]["ingressclass.kubernetes.io/is-default-class"] == "true"
    assert shop.run("kubectl apply -f -", stdin=_yaml(ingress("x", [("a.com", [("/", "Prefix", "web", 80)])]))
                    ).exit_code == 0
    assert shop.get("Ingress", "x")["spec"]["ingressClassName"] == "nginx"
    assert shop.run("kubectl get ing x").stdout.splitlines()[1].split()[3] == "80"
    shop.step(10)
    assert shop.get("Ingress", "x")["status"]["loadBalancer"]["ingress"] == [{"ip": INGRESS_NGINX_IP}]
    assert shop.run("kubectl get ing").stdout == (
        "NAME   CLASS   HOSTS   ADDRESS          PORTS   AGE\n"
        "x      nginx   a.com   172.18.255.200   80      10s\n")
    reasons = [(e["reason"], e["source"]["component"]) for e in shop.events()
               if e["involvedObject"]["kind"] == "Ingress"]
    assert reasons == [("Sync", "nginx-ingress-controller")]


def test_an_ingress_of_another_class_is_not_served(shop):
    shop.run("kubectl apply -f -", stdin=_yaml(ingress("x", [("a.com", [("/", "Prefix", "web", 80)])], cls="traefik")))
    shop.step(10)
    assert "ingress" not in shop.get("Ingress", "x")["status"]["loadBalancer"]
    assert route(shop.store, "a.com", "/").status == 404


def test_routing_longest_path_exact_first_hosts_and_default_backend(shop):
    shop.run("kubectl apply -f -", stdin=_yaml(ingress("x", [
        ("shop.example.com", [("/", "Prefix", "web", 80), ("/api", "Prefix", "api", 80),
                              ("/api/health", "Exact", "web", 80)]),
        ("*.example.com", [("/", "Prefix", "api", 80)]),
        (None, [("/legacy", "Exact", "web", 80)])])))
    cases = {("shop.example.com", "/"): "web", ("shop.example.com", "/api/v1"): "api",
             ("shop.example.com", "/api/health"): "web", ("shop.example.com", "/apix"): "web",
             ("blog.example.com", "/x"): "api", ("10.0.0.1", "/legacy"): "web"}
    for (host, path), svc in cases.items():
        assert route(shop.store, host, path).service == ("default", svc), (host, path)
    assert route(shop.store, "other.com", "/").status == 404, "no rule and no default backend"
    assert route(shop.store, "shop.example.com", "/legacy").service == ("default", "web")
    shop.run("kubectl apply -f -", stdin=_yaml(ingress("fallback", [], default="api")))
    assert route(shop.store, "other.com", "/").service == ("default", "api")


def test_missing_service_wrong_port_and_no_endpoints_answer_503(shop):
    shop.run("kubectl apply -f -", stdin=_yaml(ingress("x", [("a.com", [
        ("/ghost", "Prefix", "ghost", 80), ("/port", "Prefix", "web", 8080), ("/", "Prefix", "api", 80)])])))
    assert route(shop.store, "a.com", "/ghost").status == 503
    assert route(shop.store, "a.com", "/port").status == 503
    shop.run("kubectl scale deployment api --replicas=0")
    shop.step(5)
    for path, rps in (("/", 40), ("/port", 10), ("/none", 0)):
        if rps:
            assert shop.run(f"sim load ingress/x a.com{path} {rps}").exit_code == 0
    assert shop.run("sim load ingress/x nope.com/ 5").stdout == "ingress/x: 5 requests/s for nope.com/\n"
    shop.step(3)
    figures = shop.figures()["ingresses"]
    assert figures["default/x a.com/"]["statusRps"] == {"503": 40.0}
    assert figures["default/x a.com/port"]["statusRps"] == {"503": 10.0}
    assert figures["default/x nope.com/"]["statusRps"] == {"404": 5.0}
    shop.run("kubectl scale deployment api --replicas=2")
    shop.step(20)
    assert figures != shop.figures()["ingresses"]
    assert shop.figures()["ingresses"]["default/x a.com/"]["statusRps"] == {"200": 40.0}


def test_ingress_load_shares_pod_capacity_and_stops(shop):
    shop.run("kubectl apply -f -", stdin=_yaml(ingress("x", [("a.com", [("/", "Prefix", "web", 80)])])))
    shop.run("sim load svc/web 150")
    shop.run("sim load ingress/x a.com/ 100")
    shop.step(5)
    fig = shop.figures()["ingresses"]["default/x a.com/"]
    assert fig["statusRps"] == {"200": 50.0, "503": 50.0}, "two nginx pods of 100 rps, 150 already taken"
    assert fig["backend"] == "default/web"
    assert shop.run("sim load ingress/x a.com/ 0").stdout == "ingress/x: load for a.com/ stopped\n"
    shop.step(2)
    assert shop.figures()["ingresses"]["default/x a.com/"]["offeredRps"] == 0.0


def test_tls_secret_missing_or_malformed_gives_a_warning(shop):
    shop.run("kubectl create secret generic not-a-cert --from-literal=a=b")
    shop.run("kubectl apply -f -", stdin=_yaml(ingress("x", [("a.com", [("/", "Prefix", "web", 80)])],
                                                         tls=[{"hosts": ["a.com"], "secretName": "missing"},
                                                              {"hosts": ["b.com"], "secretName": "not-a-cert"}])))
    shop.step(2)
    warnings = [e["message"] for e in shop.events() if e["reason"] == "InvalidTLSSecret"]
    assert warnings == [
        'Error getting SSL certificate "default/missing": local SSL certificate was not found. '
        "Using default certificate",
        'Error getting SSL certificate "default/not-a-cert": the secret does not contain keys tls.crt and '
        "tls.key. Using default certificate"]
    assert route(shop.store, "a.com", "/").status == 200, "nginx falls back to its default certificate"


def test_sim_load_ingress_usage_errors(shop):
    assert shop.run("sim load ingress/none a.com/ 5").stderr == (
        'error: ingresses.networking.k8s.io "none" not found\n')
    assert shop.run("sim load ingress/x a.com/ lots").exit_code == 1


def test_load_balancer_pending_then_address_and_events(shop):
    assert shop.run("kubectl expose deployment web --name=web-lb --type=LoadBalancer --port=80").exit_code == 0
    row = shop.run("kubectl get svc web-lb").stdout.splitlines()[1].split()
    assert row[1] == "LoadBalancer" and row[3] == "<pending>" and row[4].startswith("80:3")
    shop.step(5)
    svc = shop.get("Service", "web-lb")
    assert svc["status"]["loadBalancer"]["ingress"] == [{"ip": "172.18.255.201", "ipMode": "VIP"}]
    assert shop.run("kubectl get svc web-lb").stdout.splitlines()[1].split()[3] == "172.18.255.201"
    assert [e["reason"] for e in shop.events() if e["involvedObject"]["name"] == "web-lb"] == [
        "EnsuringLoadBalancer", "EnsuredLoadBalancer"]
    assert "LoadBalancer Ingress:     172.18.255.201 (VIP)\n" in shop.run("kubectl describe svc web-lb").stdout
    shop.run("kubectl create service loadbalancer second --tcp=80")
    shop.step(5)
    assert shop.get("Service", "second")["status"]["loadBalancer"]["ingress"][0]["ip"] == "172.18.255.202"
    shop.run("""kubectl patch svc web-lb -p '{"spec":{"type":"ClusterIP"}}'""")
    shop.step(2)
    assert "ingress" not in shop.get("Service", "web-lb")["status"]["loadBalancer"]


def test_external_name_service_has_no_cluster_ip_and_dns_answers_a_cname(shop):
    r = shop.run("kubectl create service externalname db --external-name=db.example.com")
    assert r.exit_code == 0
    row = shop.run("kubectl get svc db").stdout.splitlines()[1].split()
    assert row[1:4] == ["ExternalName", "<none>", "db.example.com"]
    code, out = shop.network.dns.nslookup("db")
    assert code == 0 and "db.default.svc.cluster.local\tcanonical name = db.example.com" in out
    bad = shop.run("kubectl apply -f -", stdin="apiVersion: v1\nkind: Service\nmetadata: {name: bad}\n"
                   "spec: {type: ExternalName, externalName: Bad_Host}\n")
    assert 'spec.externalName: Invalid value: "Bad_Host": a lowercase RFC 1123 subdomain' in bad.stderr


def test_same_commands_same_checksum():
    def run():
        sim = Simulation(seed=9)
        sim.run("kubectl create deployment web --image=nginx:1.25")
        sim.run("kubectl expose deployment web --port=80 --type=LoadBalancer")
        sim.run("kubectl create ingress web --rule=a.com/*=web:80")
        sim.step(10)
        sim.run("sim load ingress/web a.com/x 30")
        sim.step(10)
        return sim.checksum(), sim.figures()["ingresses"]
    assert run() == run()


def _yaml(obj):
    import yaml
    return yaml.safe_dump(obj)


def test_network_policies_see_ingress_traffic_as_from_the_ingress_nginx_namespace(shop):
    shop.run("kubectl apply -f -", stdin=_yaml(ingress("x", [("a.com", [("/", "Prefix", "web", 80)])])))
    policy = {"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy",
              "metadata": {"name": "only-ingress", "namespace": "default"},
              "spec": {"podSelector": {"matchLabels": {"app": "web"}}, "ingress": [{"from": [
                  {"namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "ingress-nginx"}}}]}]}}
    shop.run("kubectl apply -f -", stdin=_yaml(policy))
    assert shop.network.http_via_ingress("a.com", "/")[0] == 200
    policy["spec"]["ingress"][0]["from"][0]["namespaceSelector"]["matchLabels"]["kubernetes.io/metadata.name"] = "other"
    shop.run("kubectl apply -f -", stdin=_yaml(policy))
    status, backend, why = shop.network.http_via_ingress("a.com", "/")
    assert (status, backend) == (503, "default/web")
    shop.run("sim load ingress/x a.com/ 20")
    shop.step(2)
    assert shop.figures()["ingresses"]["default/x a.com/"]["statusRps"] == {"503": 20.0}
