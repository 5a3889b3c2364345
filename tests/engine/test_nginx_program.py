"""The nginx program in the nginx images: `nginx -t/-T/-v/-V/-s`, its start lines, a refused
configuration at start (CrashLoopBackOff), and a ConfigMap hot reload that shows only after
`nginx -s reload`."""

import json
import shlex

import pytest

from kubetui import Simulation
from kubetui.engine.kubelet import nginx
from kubetui.engine.kubelet.shell import FileSystem

SITE = """\
apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  volumes: [{name: conf, configMap: {name: site}}]
  containers:
  - name: web
    image: nginx:1.25.3
    volumeMounts: [{name: conf, mountPath: /etc/nginx/conf.d}]
"""
V1 = 'server {\n  listen 80;\n  location / { return 200 "version 1\\n"; }\n}\n'


def exec_(sim, pod, line):
    return sim.run(f"kubectl exec {pod} -- sh -c {shlex.quote(line)}")


def with_site(text: str, seed: int = 1) -> Simulation:
    sim = Simulation(seed=seed)
    sim.run(f"kubectl create configmap site --from-literal=default.conf={shlex.quote(text)}")
    sim.run("kubectl apply -f -", stdin=SITE)
    sim.step(12)
    return sim


@pytest.fixture(scope="module")
def plain():
    sim = Simulation(seed=2)
    sim.run("kubectl run web --image=nginx:1.25.3")
    sim.run("kubectl run old --image=nginx:1.18")
    sim.run("kubectl run bb --image=busybox -- sleep 1d")
    sim.step(12)
    return sim


def test_t_says_the_configuration_is_ok(plain):
    r = exec_(plain, "web", "nginx -t")
    assert (r.exit_code, r.stdout, r.stderr) == (0, "", "nginx: the configuration file /etc/nginx/nginx.conf syntax "
                                                        "is ok\nnginx: configuration file /etc/nginx/nginx.conf test is "
                                                        "successful\n")
    assert exec_(plain, "web", "nginx -t -q").stderr == ""


def test_version_matches_the_tag(plain):
    assert exec_(plain, "web", "nginx -v").stderr == "nginx version: nginx/1.25.3\n"
    assert exec_(plain, "old", "nginx -v").stderr == "nginx version: nginx/1.18.0\n"
    big = exec_(plain, "web", "nginx -V").stderr.splitlines()
    assert big[0] == "nginx version: nginx/1.25.3" and big[1] == "built by gcc 12.2.0 (Debian 12.2.0-14) "
    assert big[-1].startswith("configure arguments: --prefix=/etc/nginx --sbin-path=/usr/sbin/nginx")
    assert nginx.version("nginx:1.25") == "1.25.5" and nginx.version("nginx:1.24-alpine") == "1.24.0"


def test_no_nginx_outside_nginx_images(plain):
    r = plain.run("kubectl exec bb -- sh -c 'nginx -t'")
    assert (r.exit_code, r.stderr.splitlines()[0]) == (127, "sh: nginx: not found")
    assert "nginx" not in plain.run("kubectl exec bb -- ls /bin").stdout.split()


def test_capital_t_dumps_every_file_it_reads(plain):
    r = exec_(plain, "web", "nginx -T")
    assert r.exit_code == 0 and r.stderr.endswith("test is successful\n")
    headers = [line for line in r.stdout.splitlines() if line.startswith("# configuration file ")]
    assert headers == ["# configuration file /etc/nginx/nginx.conf:", "# configuration file /etc/nginx/mime.types:",
                       "# configuration file /etc/nginx/conf.d/default.conf:"]
    conf = exec_(plain, "web", "cat /etc/nginx/nginx.conf").stdout
    assert f"# configuration file /etc/nginx/nginx.conf:\n{conf}\n# configuration file" in r.stdout


@pytest.mark.parametrize(("text", "emerg"), [
    ("server {\n  listen 80;\n  foo bar;\n}\n", 'unknown directive "foo" in /etc/nginx/conf.d/default.conf:3'),
    ("server {\n  listen 80\n  server_name x;\n}\n", 'invalid parameter "server_name" in /etc/nginx/conf.d/default.conf:3'),
    ("server {\n  listen 80;\n  location / {\n    root /srv\n  }\n}\n", 'unexpected "}" in /etc/nginx/conf.d/default.conf:5'),
    ("server {\n  listen 80;\n", 'unexpected end of file, expecting "}" in /etc/nginx/conf.d/default.conf:3'),
    ("listen 80;\n", '"listen" directive is not allowed here in /etc/nginx/conf.d/default.conf:1'),
    ("server {\n  root /a /b;\n}\n", 'invalid number of arguments in "root" directive in /etc/nginx/conf.d/default.conf:2'),
    ("server {\n  sendfile yes;\n}\n", 'invalid value "yes" in "sendfile" directive, it must be "on" or "off" in '
                                        '/etc/nginx/conf.d/default.conf:2'),
])
def test_a_broken_configuration_fails_the_test(plain, text, emerg):
    fs = FileSystem()
    for rel, body in __import__("kubetui.engine.kubelet.imagefiles", fromlist=["files"]).files("nginx").items():
        fs.root.add(rel, body)
    fs.root.add("etc/nginx/conf.d/default.conf", text)
    with pytest.raises(nginx.ConfError) as got:
        nginx.parse(fs)
    assert str(got.value) == emerg


def test_t_in_the_container_refuses_an_unknown_directive():
    sim = Simulation(seed=4)
    sim.run("kubectl run web --image=nginx:1.27")
    sim.step(10)
    assert exec_(sim, "web", "echo 'foo on;' >> /etc/nginx/conf.d/default.conf").exit_code == 0
    r = exec_(sim, "web", "nginx -t")
    assert r.exit_code == 1
    assert r.stderr.splitlines()[:2] == ['nginx: [emerg] unknown directive "foo" in /etc/nginx/conf.d/default.conf:18',
                                         "nginx: configuration file /etc/nginx/nginx.conf test failed"]
    r = exec_(sim, "web", "nginx -s reload")
    assert r.exit_code == 1 and r.stderr.startswith('nginx: [emerg] unknown directive "foo"')


def test_a_refused_configuration_crashloops_with_the_emerg_in_the_log():
    sim = with_site("server {\n  listen 80;\n  foo bar;\n}\n")
    sim.step(30)
    pod = sim.get("Pod", "web")
    state = pod["status"]["containerStatuses"][0]
    assert state["restartCount"] >= 2
    assert (state.get("lastState") or {}).get("terminated", {}).get("exitCode") == 1
    logs = sim.run("kubectl logs web --previous").stdout.splitlines()
    assert logs[-1] == 'nginx: [emerg] unknown directive "foo" in /etc/nginx/conf.d/default.conf:3'
    assert logs[-2].endswith('[emerg] 1#1: unknown directive "foo" in /etc/nginx/conf.d/default.conf:3')


def test_start_lines_of_the_official_image(plain):
    logs = plain.run("kubectl logs web").stdout.splitlines()
    assert logs[:9] == [
        "/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration",
        "/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/",
        "/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh",
        "10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf",
        "10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf",
        "/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh",
        "/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh",
        "/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh",
        "/docker-entrypoint.sh: Configuration complete; ready for start up"]
    notices = [line.split(" ", 2)[2] for line in logs[9:]]
    assert notices[:3] == ['[notice] 1#1: using the "epoll" event method', "[notice] 1#1: nginx/1.25.3",
                           "[notice] 1#1: built by gcc 12.2.0 (Debian 12.2.0-14) "]
    assert notices[3].startswith("[notice] 1#1: OS: Linux ") and notices[5] == "[notice] 1#1: start worker processes"
    assert notices[6] == "[notice] 1#1: start worker process 29"
    started = plain.get("Pod", "web")["status"]["containerStatuses"][0]["state"]["running"]["startedAt"]
    assert logs[9].startswith(started[:10].replace("-", "/") + " " + started[11:19])


def test_older_tags_print_what_they_shipped(plain):
    assert not any("docker-entrypoint" in line for line in plain.run("kubectl logs old").stdout.splitlines())
    sim = Simulation(seed=3)
    sim.run("kubectl run mid --image=nginx:1.20.2")
    sim.run("kubectl run quiet --image=nginx:1.25 --env=NGINX_ENTRYPOINT_QUIET_LOGS=1")
    sim.step(10)
    mid = sim.run("kubectl logs mid").stdout
    assert "20-envsubst-on-templates.sh" in mid and "30-tune-worker-processes" not in mid and "15-local" not in mid
    assert sim.run("kubectl logs quiet").stdout.startswith("20")


def test_a_read_only_default_conf_is_left_alone():
    sim = with_site(V1)
    logs = sim.run("kubectl logs web").stdout
    assert ("10-listen-on-ipv6-by-default.sh: info: can not modify /etc/nginx/conf.d/default.conf "
            "(read-only file system?)\n") in logs
    assert "Enabled listen on IPv6" not in logs


def test_without_daemon_off_nginx_forks_and_the_container_ends():
    sim = Simulation(seed=5)
    sim.run("kubectl run d --image=nginx:1.25 --command -- nginx")
    sim.step(12)
    state = sim.get("Pod", "d")["status"]["containerStatuses"][0]
    assert state["restartCount"] >= 1 and state["lastState"]["terminated"]["exitCode"] == 0


def test_configmap_hot_reload_shows_only_after_nginx_s_reload():
    sim = with_site(V1)
    assert exec_(sim, "web", "curl -s localhost").stdout == "version 1\n"
    patch = json.dumps({"data": {"default.conf": V1.replace("version 1", "version 2")}})
    assert sim.run(f"kubectl patch configmap site --type merge -p {shlex.quote(patch)}").exit_code == 0
    sim.step(70)
    assert "version 2" in exec_(sim, "web", "cat /etc/nginx/conf.d/default.conf").stdout
    assert exec_(sim, "web", "curl -s localhost").stdout == "version 1\n"
    r = exec_(sim, "web", "nginx -s reload")
    assert r.exit_code == 0 and r.stderr.endswith("signal process started\n")
    assert exec_(sim, "web", "curl -s localhost").stdout == "version 2\n"
    logs = sim.run("kubectl logs web").stdout
    assert "[notice] 1#1: signal 1 (SIGHUP) received from" in logs and "[notice] 1#1: reconfiguring" in logs
    assert "[notice] 29#29: gracefully shutting down" in logs


def test_a_reload_moves_the_port():
    sim = with_site(V1)
    sim.run("kubectl run client --image=busybox -- sleep 1d")
    sim.step(5)
    ip = sim.get("Pod", "web")["status"]["podIP"]
    patch = json.dumps({"data": {"default.conf": V1.replace("listen 80", "listen 8080")}})
    sim.run(f"kubectl patch configmap site --type merge -p {shlex.quote(patch)}")
    sim.step(70)
    assert sim.run(f"kubectl exec client -- wget -qO- -T 2 {ip}:80").stdout == "version 1\n"
    exec_(sim, "web", "nginx -s reload")
    assert sim.run(f"kubectl exec client -- wget -qO- -T 2 {ip}:8080").stdout == "version 1\n"
    assert sim.run(f"kubectl exec client -- wget -qO- -T 2 {ip}:80").exit_code == 1


@pytest.mark.parametrize("how", ["quit", "stop"])
def test_s_quit_and_stop_end_the_container(how):
    sim = Simulation(seed=6)
    sim.run("kubectl run web --image=nginx:1.25.3")
    sim.step(10)
    r = exec_(sim, "web", f"nginx -s {how}")
    assert r.exit_code == 0
    sim.step(3)
    state = sim.get("Pod", "web")["status"]["containerStatuses"][0]
    assert state["restartCount"] == 1 and state["lastState"]["terminated"]["exitCode"] == 0
    previous = sim.run("kubectl logs web --previous").stdout.splitlines()
    signal = "signal 3 (SIGQUIT) received from" if how == "quit" else "signal 15 (SIGTERM) received from"
    assert any(signal in line for line in previous) and previous[-1].endswith("[notice] 1#1: exit")


def test_return_and_root_are_served():
    site = ('server {\n  listen 80;\n  root /usr/share/nginx/html;\n  location = /health { return 204; }\n'
            '  location /go { return 301 http://example.com/; }\n}\n')
    sim = with_site(site)
    assert exec_(sim, "web", "curl -s -o /dev/null -w '%{http_code}' localhost/health").stdout == "204"
    head = exec_(sim, "web", "curl -sI localhost/go").stdout
    assert head.startswith("HTTP/1.1 301") and "Location: http://example.com/" in head
    assert "Welcome to nginx!" in exec_(sim, "web", "curl -s localhost/").stdout
