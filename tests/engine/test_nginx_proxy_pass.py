"""The ambassador pattern (CKAD multi-container): an nginx container whose `proxy_pass` sends
requests to a Service answers with what the upstream answered, under nginx's own Server header;
502 when nothing answers upstream."""

from kubetui import Simulation

AMBASSADOR = """
apiVersion: v1
kind: Pod
metadata:
  name: amb
spec:
  volumes:
  - name: conf
    configMap:
      name: proxy
  containers:
  - name: app
    image: curlimages/curl
    command: ['sh', '-c', 'sleep 3600']
  - name: ambassador
    image: nginx:1.27
    volumeMounts:
    - name: conf
      mountPath: /etc/nginx/conf.d
"""

CONF = ("upstream backend { server web:80; } server { listen 8080; location / { proxy_pass http://web; } "
        "location /group/ { proxy_pass http://backend/; } "
        "location /api/ { proxy_pass http://web:80/; } location /none/ { proxy_pass http://nobody; } }")


def cluster() -> Simulation:
    sim = Simulation(seed=0, nodes=1)
    for line in ("kubectl create deploy web --image=httpd --port=80", "kubectl expose deploy web --port=80",
                 "kubectl create svc clusterip nobody --tcp=80:80",
                 f"kubectl create configmap proxy --from-literal=default.conf='{CONF}'"):
        assert sim.run(line).exit_code == 0, line
    assert sim.run("kubectl apply -f -", stdin=AMBASSADOR).exit_code == 0
    sim.step(40)
    return sim


def test_proxy_pass_answers_with_the_upstream_page_under_nginx_server_header():
    sim = cluster()
    got = sim.run("kubectl exec amb -c app -- curl -s localhost:8080/")
    assert got.stdout == "<html><body><h1>It works!</h1></body></html>\n"
    log = sim.run("kubectl logs amb -c ambassador --tail=1").stdout
    assert '"GET / HTTP/1.1" 200 45 ' in log
    head = sim.run("kubectl exec amb -c app -- curl -sI localhost:8080/").stdout
    assert head.startswith("HTTP/1.1 200 OK") and "Server: nginx/1.27" in head and "Content-Length: 45" in head


def test_a_uri_in_proxy_pass_replaces_the_location_prefix():
    sim = cluster()
    assert "It works!" in sim.run("kubectl exec amb -c app -- curl -s localhost:8080/api/").stdout
    missing = sim.run("kubectl exec amb -c app -- curl -s -o /dev/null -w '%{http_code}' localhost:8080/api/x.html")
    assert missing.stdout == "404"


def test_an_upstream_without_endpoints_is_a_bad_gateway():
    sim = cluster()
    got = sim.run("kubectl exec amb -c app -- curl -s localhost:8080/none/")
    assert "<title>502 Bad Gateway</title>" in got.stdout


def test_proxy_pass_to_an_upstream_group_goes_to_its_server():
    sim = cluster()
    assert "It works!" in sim.run("kubectl exec amb -c app -- curl -s localhost:8080/group/").stdout
