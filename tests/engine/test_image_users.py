"""Users and groups by name, from the image's own /etc/passwd and /etc/group, as containerd and
busybox resolve them: `runAsUser: 101` in nginx is `nginx` (its login group too), an id the image
does not know stays a number (`stat` says UNKNOWN), and the supplementary groups are the primary
one plus the image's memberships (busybox's root is in wheel)."""

import shlex

import pytest

from kubetui import Simulation

PODS = """apiVersion: v1
kind: Pod
metadata: {name: web-as-nginx}
spec:
  securityContext: {runAsUser: 101}
  containers:
  - {name: web, image: "nginx:1.27", command: ["sh", "-c", "sleep 1h"]}
---
apiVersion: v1
kind: Pod
metadata: {name: web-root}
spec:
  containers:
  - {name: web, image: "nginx:1.27"}
---
apiVersion: v1
kind: Pod
metadata: {name: box}
spec:
  containers:
  - {name: box, image: "busybox:1.36", command: ["sh", "-c", "sleep 1h"]}
---
apiVersion: v1
kind: Pod
metadata: {name: box-1234}
spec:
  securityContext: {runAsUser: 1234}
  containers:
  - {name: box, image: "busybox:1.36", command: ["sh", "-c", "sleep 1h"]}
---
apiVersion: v1
kind: Pod
metadata: {name: box-www}
spec:
  securityContext: {runAsUser: 33, supplementalGroups: [4000]}
  containers:
  - {name: box, image: "busybox:1.36", command: ["sh", "-c", "sleep 1h"]}
"""


@pytest.fixture(scope="module")
def sim():
    sim = Simulation(seed=7)
    assert sim.run("kubectl apply -f -", stdin=PODS).exit_code == 0
    sim.step(20)
    return sim


def sh(sim, pod: str, line: str):
    return sim.run(f"kubectl exec {pod} -- sh -c {shlex.quote(line)}")


@pytest.mark.parametrize(("pod", "line", "out"), [
    ("web-as-nginx", "id", "uid=101(nginx) gid=101(nginx) groups=101(nginx)\n"),
    ("web-as-nginx", "whoami", "nginx\n"),
    ("web-as-nginx", "touch /tmp/f && ls -l /tmp/f | cut -d' ' -f1-5", "-rw-r--r-- 1 nginx nginx 0\n"),
    ("web-as-nginx", "touch /tmp/g && ls -ln /tmp/g | cut -d' ' -f1-5", "-rw-r--r-- 1 101 101 0\n"),
    ("web-as-nginx", "touch /tmp/h && stat -c '%U:%G %u:%g' /tmp/h", "nginx:nginx 101:101\n"),
    ("web-as-nginx", "grep ^Uid /proc/1/status", "Uid:\t101\t101\t101\t101\n"),
    ("web-as-nginx", "grep ^Gid /proc/1/status", "Gid:\t101\t101\t101\t101\n"),
    ("web-root", "id", "uid=0(root) gid=0(root) groups=0(root)\n"),
    ("web-root", "chown nginx: /tmp && ls -ld /tmp | cut -d' ' -f1-5", "drwxrwxrwt 2 nginx nginx 4096\n"),
    ("box", "id", "uid=0(root) gid=0(root) groups=0(root),10(wheel)\n"),
    ("box", "whoami; id -Gn", "root\nroot wheel\n"),
    ("box", "chown mail:www-data /tmp && stat -c '%U %G' /tmp", "mail www-data\n"),
    ("box", "chown 1234:4321 /tmp && ls -ld /tmp | cut -c1-43", "drwxrwxrwt    2 1234     4321          4096\n"),
    ("box-1234", "id", "uid=1234 gid=0(root) groups=0(root)\n"),
    ("box-1234", "touch /tmp/x; stat -c '%U %G' /tmp/x", "UNKNOWN root\n"),
    ("box-www", "id", "uid=33(www-data) gid=33(www-data) groups=33(www-data),4000\n"),
])
def test_names_come_from_the_images_account_files(sim, pod, line, out):
    r = sh(sim, pod, line)
    assert (r.stdout, r.exit_code) == (out, 0), r.stderr


def test_an_unknown_uid_has_no_name(sim):
    r = sh(sim, "box-1234", "whoami")
    assert (r.stdout, r.stderr, r.exit_code) == ("", "whoami: unknown uid 1234\ncommand terminated with exit code 1\n", 1)
    r = sh(sim, "box", "chown nginx /tmp")
    assert (r.stderr.splitlines()[0], r.exit_code) == ("chown: unknown user nginx", 1)


def test_an_edited_passwd_names_the_new_user(sim):
    r = sh(sim, "box", "echo 'app:x:1234:1234::/home/app:/bin/sh' >> /etc/passwd && chown 1234 /tmp && ls -ld /tmp | cut -c17-24")
    assert (r.stdout, r.exit_code) == ("app     \n", 0), r.stderr
