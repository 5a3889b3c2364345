"""nginxinc/nginx-unprivileged runs as its image's USER 101 (nginx): its master and workers are
that user's, it listens on 8080 (a Service's targetPort 8080 reaches it, port 80 is closed), keeps
its pid and temp folders in /tmp, owns /etc/nginx, and passes `runAsNonRoot`, as the real image
(nginx/docker-nginx-unprivileged's Dockerfile) does."""

from kubetui import Simulation

POD = """
apiVersion: v1
kind: Pod
metadata: {name: web, labels: {app: web}}
spec:
  securityContext: {runAsNonRoot: true}
  containers:
  - name: nginx
    image: nginxinc/nginx-unprivileged:IMAGE
"""


def started(tag: str = "1.27-alpine") -> Simulation:
    sim = Simulation(seed=0, nodes=1)
    assert sim.run("kubectl apply -f -", stdin=POD.replace("IMAGE", tag)).exit_code == 0
    assert sim.run("kubectl expose pod web --port 80 --target-port 8080").exit_code == 0
    sim.step(30)
    return sim


def test_it_runs_as_user_101_and_passes_run_as_non_root():
    sim = started()
    st = sim.get("Pod", "web")["status"]["containerStatuses"][0]
    assert st["ready"] and st["restartCount"] == 0
    assert sim.run("kubectl exec web -- id").stdout == "uid=101(nginx) gid=101(nginx) groups=101(nginx)\n"
    assert sim.run("kubectl exec web -- whoami").stdout == "nginx\n"
    rows = sim.run("kubectl exec web -- ps").stdout.splitlines()[1:]
    assert rows[0].split()[:2] == ["1", "nginx"] and "nginx: master process nginx -g daemon off;" in rows[0]
    assert all(row.split()[1] == "nginx" for row in rows)


def test_it_listens_on_8080_and_its_service_reaches_it():
    sim = started()
    assert sim.run("kubectl exec web -- curl -s -o /dev/null -w %{http_code} localhost:8080").stdout == "200"
    assert sim.run("kubectl exec web -- curl -s localhost:80").exit_code == 7
    got = sim.run("kubectl run c --image=curlimages/curl --rm -i --restart=Never -- curl -s -o /dev/null "
                  "-w %{http_code} web")
    assert got.stdout.startswith("200")
    conf = sim.run("kubectl exec web -- cat /etc/nginx/nginx.conf").stdout
    assert "pid        /tmp/nginx.pid;" in conf and "user" not in conf.split("events")[0]
    assert "client_body_temp_path /tmp/client_temp;" in conf
    assert "listen 8080;" in sim.run("kubectl exec web -- cat /etc/nginx/conf.d/default.conf").stdout
    assert sim.run("kubectl exec web -- ls -ld /etc/nginx").stdout.split()[:4] == ["drwxrwxr-x", "2", "nginx", "root"]


def test_its_log_is_the_unprivileged_start():
    log = started("1.27").run("kubectl logs web").stdout.splitlines()
    assert "10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf" in log
    assert not any("[warn]" in line or "[emerg]" in line for line in log)
    assert log[-1].endswith(" [notice] 1#1: start worker process 32")
