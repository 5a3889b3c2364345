"""The Kubernetes docs' security-context walk-through (runAsUser 1000, runAsGroup 3000, fsGroup
2000, an emptyDir at /data/demo) as a learner types it into `kubectl exec`, and a ConfigMap's
modes as the kubelet writes them."""

import shlex

import pytest

from kubetui import Simulation

DEMO = """apiVersion: v1
kind: Pod
metadata: {name: security-context-demo}
spec:
  securityContext: {runAsUser: 1000, runAsGroup: 3000, fsGroup: 2000, supplementalGroups: [4000]}
  volumes:
  - name: sec-ctx-vol
    emptyDir: {}
  - name: cfg
    configMap:
      name: cfg
      defaultMode: 0440
      items: [{key: run.sh, path: run.sh, mode: 0750}, {key: app.conf, path: app.conf}]
  containers:
  - name: sec-ctx-demo
    image: busybox:1.36
    command: ["sh", "-c", "sleep 1h"]
    volumeMounts:
    - {name: sec-ctx-vol, mountPath: /data/demo}
    - {name: cfg, mountPath: /etc/cfg}
    - {name: sec-ctx-vol, mountPath: /ro, readOnly: true}
    securityContext: {allowPrivilegeEscalation: false, readOnlyRootFilesystem: true}
"""


@pytest.fixture(scope="module")
def sim():
    sim = Simulation(seed=5)
    assert sim.run("kubectl create configmap cfg --from-literal=run.sh='echo ran' --from-literal=app.conf=x=1").exit_code == 0
    assert sim.run("kubectl apply -f -", stdin=DEMO).exit_code == 0
    sim.step(15)
    return sim


@pytest.mark.parametrize(("line", "out"), [
    ("id", "uid=1000 gid=3000 groups=2000,3000,4000\n"),
    ("ls -l /data | cut -c1-43,57-", "total 4\ndrwxrwsrwx    2 root     2000          4096 demo\n"),
    ("echo hello > /data/demo/testfile && ls -l /data/demo/testfile | cut -c1-43",
     "-rw-r--r--    1 1000     2000             6\n"),
    ("ps | sed -n 2p | cut -c1-15", "    1 1000     \n"),
    ("stat -c '%a %U %G' /etc/cfg/run.sh /etc/cfg/app.conf", "750 root UNKNOWN\n440 root UNKNOWN\n"),
    ("/etc/cfg/run.sh", "ran\n"),
], ids=["id", "ls-data", "new-file-owner", "ps", "configmap-modes", "exec-by-group"])
def test_what_the_docs_walkthrough_shows(sim, line, out):
    r = sim.run(f"kubectl exec security-context-demo -- sh -c {shlex.quote(line)}")
    assert (r.stdout, r.exit_code) == (out, 0), r.stderr


@pytest.mark.parametrize(("line", "err"), [
    ("echo x > /tmp/x", "sh: can't create /tmp/x: Read-only file system\n"),
    ("touch /ro/x", "touch: /ro/x: Read-only file system\n"),
    ("echo x > /etc/cfg/app.conf", "sh: can't create /etc/cfg/app.conf: Read-only file system\n"),
    ("mkdir /home/me", "mkdir: can't create directory '/home/me': Read-only file system\n"),
])
def test_read_only_root_and_mounts_refuse_writes(sim, line, err):
    r = sim.run(f"kubectl exec security-context-demo -- sh -c {shlex.quote(line)}")
    assert r.stderr.startswith(err) and r.exit_code == 1
