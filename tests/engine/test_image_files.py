"""The files the nginx and httpd images ship, with the real images' sizes and titles, agree
everywhere a learner looks: `ls -l`, `wc -c`, and the Content-Length the server sends."""

import re
import shlex

import pytest

from kubetui import Simulation
from kubetui.engine.kubelet import imagefiles

PODS = """apiVersion: v1
kind: Pod
metadata: {name: web}
spec:
  containers:
  - {name: web, image: "nginx:1.27"}
---
apiVersion: v1
kind: Pod
metadata: {name: apache}
spec:
  containers:
  - {name: apache, image: "httpd:2.4"}
---
apiVersion: v1
kind: Pod
metadata: {name: client}
spec:
  containers:
  - {name: client, image: "busybox:1.36", command: ["sh", "-c", "sleep 1h"]}
"""


@pytest.fixture(scope="module")
def sim():
    sim = Simulation(seed=3)
    assert sim.run("kubectl apply -f -", stdin=PODS).exit_code == 0
    sim.step(20)
    return sim


def sh(sim, pod: str, line: str):
    r = sim.run(f"kubectl exec {pod} -- sh -c {shlex.quote(line)}")
    assert r.exit_code == 0, r.stderr
    return r.stdout


def ip(sim, pod: str) -> str:
    return sim.run(f"kubectl get pod {pod} -o jsonpath={{.status.podIP}}").stdout


@pytest.mark.parametrize(("image", "path", "size", "title"), [
    ("nginx:1.27", "usr/share/nginx/html/index.html", 615, "<title>Welcome to nginx!</title>"),
    ("nginx:1.25-alpine", "usr/share/nginx/html/50x.html", 497, "<title>Error</title>"),
    ("nginxinc/nginx-unprivileged:1.27", "usr/share/nginx/html/index.html", 615, "<title>Welcome to nginx!</title>"),
    ("httpd:2.4", "usr/local/apache2/htdocs/index.html", 45, "<h1>It works!</h1>"),
])
def test_the_images_files_have_the_real_sizes_and_titles(image, path, size, title):
    text = imagefiles.files(image)[path]
    assert (len(text.encode()), title in text) == (size, True)


def test_ls_and_wc_show_the_real_sizes(sim):
    out = sh(sim, "web", "ls -l /usr/share/nginx/html")  # nginx's image is Debian: GNU ls's columns
    assert out == ("total 8\n-rw-r--r-- 1 root root 497 Jan  1 00:00 50x.html\n"
                   "-rw-r--r-- 1 root root 615 Jan  1 00:00 index.html\n")
    assert sh(sim, "web", "wc -c /usr/share/nginx/html/index.html") == "615 /usr/share/nginx/html/index.html\n"
    assert sh(sim, "web", "grep -h '<title>' /usr/share/nginx/html/*.html") == \
        "<title>Error</title>\n<title>Welcome to nginx!</title>\n"


def test_the_server_sends_what_the_files_hold(sim):
    web = ip(sim, "web")
    head = sh(sim, "client", f"wget -S -O /dev/null http://{web}/ 2>&1")
    assert re.search(r"Content-Length: 615\b", head), head
    page = sh(sim, "client", f"wget -qO- http://{web}/50x.html")
    assert len(page.encode()) == 497 and "<title>Error</title>" in page
    assert sh(sim, "client", f"wget -qO- http://{web}/ | wc -c") == "615\n"


def test_httpd_serves_its_htdocs(sim):
    apache = ip(sim, "apache")
    assert sh(sim, "apache", "cat /usr/local/apache2/htdocs/index.html") == "<html><body><h1>It works!</h1></body></html>\n"
    assert sh(sim, "client", f"wget -qO- http://{apache}/") == "<html><body><h1>It works!</h1></body></html>\n"
    sh(sim, "apache", "echo '<h1>mine</h1>' > /usr/local/apache2/htdocs/index.html; echo hi > /usr/local/apache2/htdocs/a.txt")
    assert sh(sim, "client", f"wget -qO- http://{apache}/") == "<h1>mine</h1>\n"
    assert sh(sim, "client", f"wget -qO- http://{apache}/a.txt") == "hi\n"
    r = sim.run(f"kubectl exec client -- wget -qO- http://{apache}/nope")
    assert r.exit_code == 1 and "404 Not Found" in r.stderr


def test_etc_nginx_holds_the_images_files_and_the_modules_link(sim):
    out = sh(sim, "web", "ls -l /etc/nginx")  # GNU ls's columns: nginx's image is Debian
    assert out.splitlines()[1:] == [
        "drwxr-xr-x 2 root root 4096 Jan  1 00:00 conf.d",
        "-rw-r--r-- 1 root root 1007 Jan  1 00:00 fastcgi_params",
        "-rw-r--r-- 1 root root 5348 Jan  1 00:00 mime.types",
        "lrwxrwxrwx 1 root root   22 Jan  1 00:00 modules -> /usr/lib/nginx/modules",
        "-rw-r--r-- 1 root root  648 Jan  1 00:00 nginx.conf",
        "-rw-r--r-- 1 root root  636 Jan  1 00:00 scgi_params",
        "-rw-r--r-- 1 root root  664 Jan  1 00:00 uwsgi_params"]
    assert sh(sim, "web", "cd /etc/nginx/modules && pwd") == "/etc/nginx/modules\n"
    conf = "server { listen 81; location /a { include fastcgi_params; } location /b { include scgi_params; } " \
           "location /c { include uwsgi_params; } }"
    r = sim.run(f"kubectl exec web -- sh -c {shlex.quote(f'echo {shlex.quote(conf)} > /etc/nginx/conf.d/p.conf')}")
    assert r.exit_code == 0
    assert sim.run("kubectl exec web -- nginx -t").exit_code == 0
    sh(sim, "web", "rm /etc/nginx/conf.d/p.conf")


def test_nginx_sends_last_modified_and_an_etag_of_the_files_time_and_size(sim):
    """nginx's ETag is "hex(mtime seconds)-hex(size)"; the image's files date from the start."""
    from kubetui.model.clock import datetime_of

    web = ip(sim, "web")
    start = int(datetime_of(0).timestamp())
    head = sim.run(f"kubectl exec client -- wget -S -O /dev/null http://{web}/").stderr
    assert f'ETag: "{start:x}-267"' in head and "Accept-Ranges: bytes" in head
    assert f"Last-Modified: {datetime_of(0).strftime('%a, %d %b %Y %H:%M:%S GMT')}" in head
    names = [line.split(":")[0].strip() for line in head.splitlines()[2:] if ":" in line]
    assert names[:8] == ["Server", "Date", "Content-Type", "Content-Length", "Last-Modified", "Connection",
                         "ETag", "Accept-Ranges"]
    written = sim.tick
    sh(sim, "web", "echo hi > /usr/share/nginx/html/new.html")
    head = sim.run(f"kubectl exec client -- wget -S -O /dev/null http://{web}/new.html").stderr
    assert f'ETag: "{int(datetime_of(written).timestamp()):x}-3"' in head
    missing = sim.run(f"kubectl exec client -- wget -S -O /dev/null http://{web}/nope").stderr
    assert "ETag" not in missing and "Last-Modified" not in missing
