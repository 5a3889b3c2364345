"""kubectl on Ingresses, IngressClasses and LoadBalancer/ExternalName Services; reaching them from a pod."""

import pytest

from kubetui import Simulation

SITE = """apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: site
  labels: {team: web}
  annotations: {nginx.ingress.kubernetes.io/rewrite-target: /}
spec:
  tls:
  - hosts: [shop.example.com]
    secretName: shop-tls
  - hosts: [blog.example.com]
  rules:
  - host: shop.example.com
    http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: web, port: {number: 80}}}}
      - {path: /api, pathType: Prefix, backend: {service: {name: api, port: {name: http}}}}
  - http:
      paths:
      - {path: /static, pathType: Exact, backend: {resource: {apiGroup: k8s.example.com, kind: StorageBucket, name: assets}}}
"""


@pytest.fixture(scope="module")
def sim():
    sim = Simulation(seed=5)
    sim.run("kubectl create deployment web --image=nginx:1.25 --replicas=2")
    sim.run("kubectl expose deployment web --port=80")
    sim.run("kubectl run client --image=busybox:1.36 -- sleep 3600")
    assert sim.run("kubectl apply -f -", stdin=SITE).exit_code == 0
    sim.step(30)
    return sim


def test_get_ingress_and_short_name(sim):
    assert sim.run("kubectl get ing").stdout == (
        "NAME   CLASS   HOSTS              ADDRESS          PORTS     AGE\n"
        "site   nginx   shop.example.com   172.18.255.200   80, 443   30s\n")
    assert sim.run("kubectl get ingressclass").stdout == (
        "NAME    CONTROLLER             PARAMETERS   AGE\n"
        "nginx   k8s.io/ingress-nginx   <none>       30s\n")


def test_describe_ingress_lists_rules_with_endpoints(sim):
    pods = sorted(p["status"]["podIP"] for p in sim.list("Pod", labels="app=web"))
    out = sim.run("kubectl describe ingress site").stdout
    assert out == (
        "Name:             site\n"
        "Labels:           team=web\n"
        "Namespace:        default\n"
        "Address:          172.18.255.200\n"
        "Ingress Class:    nginx\n"
        "Default backend:  <default>\n"
        "TLS:\n"
        "  shop-tls terminates shop.example.com\n"
        "  SNI routes blog.example.com\n"
        "Rules:\n"
        "  Host              Path  Backends\n"
        "  ----              ----  --------\n"
        "  shop.example.com  \n"
        f"                    /      web:80 ({pods[0]}:80,{pods[1]}:80)\n"
        "                    /api   api:http (<error: services \"api\" not found>)\n"
        "  *                 \n"
        "                    /static   APIGroup: k8s.example.com, Kind: StorageBucket, Name: assets\n"
        "Annotations:        nginx.ingress.kubernetes.io/rewrite-target: /\n"
        "Events:\n"
        "  Type     Reason            Age   From                      Message\n"
        "  ----     ------            ----  ----                      -------\n"
        "  Normal   Sync              29s   nginx-ingress-controller  Scheduled for sync\n"
        "  Warning  InvalidTLSSecret  29s   nginx-ingress-controller  Error getting SSL certificate "
        "\"default/shop-tls\": local SSL certificate was not found. Using default certificate\n")


def test_describe_ingressclass(sim):
    assert sim.run("kubectl describe ingressclass nginx").stdout == (
        "Name:         nginx\n"
        "Labels:       app.kubernetes.io/component=controller\n"
        "              app.kubernetes.io/instance=ingress-nginx\n"
        "              app.kubernetes.io/name=ingress-nginx\n"
        "Annotations:  ingressclass.kubernetes.io/is-default-class: true\n"
        "Controller:   k8s.io/ingress-nginx\n"
        "Events:       <none>\n")


def test_invalid_ingress_gets_the_api_servers_message(sim):
    r = sim.run("kubectl apply -f -", stdin=(
        "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: bad}\nspec:\n  rules:\n"
        "  - host: Shop.example.com\n    http:\n      paths:\n      - path: api\n        pathType: Prefix\n"
        "        backend: {service: {name: web, port: {number: 80, name: http}}}\n"
        "      - path: /x\n        backend: {service: {name: web}}\n"))
    assert r.exit_code == 1
    assert r.stderr.startswith('The Ingress "bad" is invalid: \n')
    for line in ('* spec.rules[0].host: Invalid value: "Shop.example.com": a lowercase RFC 1123 subdomain',
                 '* spec.rules[0].http.paths[0].path: Invalid value: "api": must be an absolute path\n',
                 '* spec.rules[0].http.paths[0].backend: Invalid value: "": cannot set both port name & port number\n',
                 "* spec.rules[0].http.paths[1].pathType: Required value: pathType must be specified\n"):
        assert line in r.stderr
    empty = sim.run("kubectl apply -f -", stdin="apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: e}\n")
    assert empty.stderr == ('The Ingress "e" is invalid: spec: Invalid value: []networking.IngressRule(nil): '
                            "either `defaultBackend` or `rules` must be specified\n")
    ic = sim.run("kubectl apply -f -", stdin="apiVersion: networking.k8s.io/v1\nkind: IngressClass\n"
                 "metadata: {name: x}\nspec: {controller: nginx}\n")
    assert ic.stderr == ('The IngressClass "x" is invalid: spec.controller: Invalid value: "nginx": '
                         'must be a domain-prefixed path (such as "acme.io/foo")\n')
    changed = sim.run("""kubectl patch ingressclass nginx -p '{"spec":{"controller":"example.com/x"}}'""")
    assert changed.stderr == ('The IngressClass "nginx" is invalid: spec.controller: Invalid value: '
                              '"example.com/x": field is immutable\n')


def test_wget_and_curl_through_the_ingress_address(sim):
    ok = sim.run("kubectl exec client -- wget -qO- --header 'Host: shop.example.com' http://172.18.255.200/")
    assert ok.exit_code == 0 and "<title>Welcome to nginx!</title>" in ok.stdout
    missing = sim.run("kubectl exec client -- wget -qO- http://172.18.255.200/nothing")
    assert missing.exit_code == 1
    assert missing.stderr.startswith("wget: server returned error: HTTP/1.1 404 Not Found\n")
    unavailable = sim.run("kubectl exec client -- wget -qO- --header 'Host: shop.example.com' "
                          "http://172.18.255.200/api")
    assert unavailable.exit_code == 1
    assert unavailable.stderr.startswith("wget: server returned error: HTTP/1.1 503 Service Temporarily Unavailable\n")


def test_external_ip_column_for_each_service_type(sim):
    sim.run("kubectl expose deployment web --name=web-lb --type=LoadBalancer --port=80")
    sim.run("kubectl create service externalname db --external-name=db.example.com")
    sim.run("kubectl expose deployment web --name=web-np --type=NodePort --port=80")
    rows = {line.split()[0]: line.split()[1:4] for line in sim.run("kubectl get svc").stdout.splitlines()[1:]}
    assert rows["web-lb"][2] == "<pending>"
    assert rows["db"] == ["ExternalName", "<none>", "db.example.com"]
    assert rows["web-np"][2] == "<none>" and rows["web"][2] == "<none>"
    sim.step(5)
    assert sim.run("kubectl get svc web-lb").stdout.splitlines()[1].split()[3] == "172.18.255.201"
    reached = sim.run("kubectl exec client -- wget -qO- http://172.18.255.201")
    assert reached.exit_code == 0 and "Welcome to nginx" in reached.stdout


def test_hosts_column_as_kubectl_counts_them():
    from kubetui.kubectl.printers.table import ingress_hosts

    assert ingress_hosts([{}, {"host": "a"}, {"host": "b"}, {"host": "c"}]) == "a,b,c"
    assert ingress_hosts([{"host": "a"}, {"host": "b"}, {"host": "c"}, {"host": "d"}, {}]) == "a,b,c + 2 more..."
    assert ingress_hosts([{}]) == "*"
