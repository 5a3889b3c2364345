"""nginx's configuration is in the image (nginx.conf, conf.d/default.conf), and a ConfigMap
mounted over conf.d decides the ports nginx listens on when it starts."""

from kubetui import Simulation

SITE = """\
apiVersion: v1
kind: Pod
metadata: {name: custom}
spec:
  volumes: [{name: conf, configMap: {name: site}}]
  containers:
  - name: web
    image: nginx:1.27
    volumeMounts: [{name: conf, mountPath: /etc/nginx/conf.d}]
"""


def test_the_image_ships_its_configuration():
    sim = Simulation(seed=1)
    sim.run("kubectl run web --image=nginx:1.27")
    sim.step(10)
    assert sim.run("kubectl exec web -- ls /etc/nginx/conf.d").stdout == "default.conf\n"
    main = sim.run("kubectl exec web -- cat /etc/nginx/nginx.conf").stdout
    assert "include /etc/nginx/conf.d/*.conf;" in main and main.splitlines()[:2] == ["", "user  nginx;"]
    site = sim.run("kubectl exec web -- grep -E 'listen|root' /etc/nginx/conf.d/default.conf").stdout.split()
    assert site.count("listen") == 2 and "80;" in site and "[::]:80;" in site and "/usr/share/nginx/html;" in site
    assert sim.run("kubectl exec web -- curl -s -o /dev/null -w '%{http_code}' localhost").stdout == "200"


def test_a_configmap_over_conf_d_moves_the_port():
    sim = Simulation(seed=1)
    sim.run("kubectl create configmap site --from-literal=default.conf='server {\n  listen 8080; # the app\n"
            "  location / { root /usr/share/nginx/html; }\n}\n'")
    sim.run("kubectl apply -f -", stdin=SITE)
    sim.run("kubectl run client --image=busybox -- sleep 3600")
    sim.step(12)
    ip = sim.store.get("Pod", "default", "custom")["status"]["podIP"]
    r = sim.run(f"kubectl exec client -- wget -qO- -T 2 {ip}:8080")
    assert r.exit_code == 0 and "Welcome to nginx!" in r.stdout
    r = sim.run(f"kubectl exec client -- wget -qO- -T 2 {ip}:80")
    assert r.exit_code == 1 and "Connection refused" in r.stderr
    assert sim.run("kubectl exec custom -- curl -s localhost:80").exit_code == 7
