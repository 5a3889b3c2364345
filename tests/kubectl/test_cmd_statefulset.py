"""kubectl on StatefulSets: get (and -o wide), describe, scale, set image, rollout, delete."""

import pytest

from kubetui import Simulation

WEB = """
apiVersion: v1
kind: Service
metadata: {name: nginx}
spec:
  clusterIP: None
  selector: {app: nginx}
  ports: [{port: 80, name: web}]
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: web}
spec:
  serviceName: nginx
  replicas: 3
  selector: {matchLabels: {app: nginx}}
  template:
    metadata: {labels: {app: nginx}}
    spec:
      containers:
      - name: nginx
        image: nginx:1.25
        ports: [{containerPort: 80, name: web}]
        volumeMounts: [{name: www, mountPath: /usr/share/nginx/html}]
  volumeClaimTemplates:
  - metadata: {name: www}
    spec:
      accessModes: [ReadWriteOnce]
      resources: {requests: {storage: 1Gi}}
"""


@pytest.fixture
def sim():
    s = Simulation(seed=7)
    r = s.run("kubectl apply -f -", stdin=WEB)
    assert r.stdout == "service/nginx created\nstatefulset.apps/web created\n"
    return s


def test_get_sts_shape_while_pods_come_up_and_when_ready(sim):
    assert sim.run("kubectl get sts").stdout == "NAME   READY   AGE\nweb    0/3     0s\n"
    sim.step(40)
    assert sim.run("kubectl get statefulsets").stdout == "NAME   READY   AGE\nweb    3/3     40s\n"
    assert sim.run("kubectl get sts -o wide").stdout == (
        "NAME   READY   AGE   CONTAINERS   IMAGES\n"
        "web    3/3     40s   nginx        nginx:1.25\n")
    assert sim.run("kubectl get sts web -o name").stdout == "statefulset.apps/web\n"
    pods = sim.run("kubectl get pods -o name").stdout
    assert pods == "pod/web-0\npod/web-1\npod/web-2\n"


def test_describe_statefulset(sim):
    sim.step(40)
    out = sim.run("kubectl describe sts web").stdout
    assert out.startswith(
        "Name:               web\n"
        "Namespace:          default\n"
        "CreationTimestamp:  Thu, 01 Jan 2026 00:00:00 +0000\n"
        "Selector:           app=nginx\n")
    assert ("Replicas:           3 desired | 3 total\n"
            "Update Strategy:    RollingUpdate\n"
            "  Partition:        0\n"
            "Pods Status:        3 Running / 0 Waiting / 0 Succeeded / 0 Failed\n"
            "Pod Template:\n") in out
    assert ("Volume Claims:\n"
            "  Name:          www\n"
            "  StorageClass:  \n"
            "  Labels:        <none>\n"
            "  Annotations:   <none>\n"
            "  Capacity:      1Gi\n"
            "  Access Modes:  [ReadWriteOnce]\n"
            "Events:\n") in out
    assert "statefulset-controller  create Pod web-2 in StatefulSet web successful\n" in out


def test_scale_and_rollout_status(sim):
    r = sim.run("kubectl rollout status sts/web")
    assert r.exit_code == 0
    assert r.stdout.splitlines()[-1] == "partitioned roll out complete: 3 new pods have been updated..."
    assert "Waiting for 3 pods to be ready..." in r.stdout
    assert sim.run("kubectl scale sts web --replicas=1").stdout == "statefulset.apps/web scaled\n"
    sim.step(20)
    assert sim.run("kubectl get pods -o name").stdout == "pod/web-0\n"
    assert len(sim.list("PersistentVolumeClaim", "default")) == 3


def test_set_image_history_and_undo(sim):
    sim.run("kubectl rollout status sts/web")
    assert sim.run("kubectl set image sts/web nginx=nginx:1.26").stdout == "statefulset.apps/web image updated\n"
    sim.run("kubectl annotate sts web kubernetes.io/change-cause=upgrade --overwrite")
    assert sim.run("kubectl rollout status sts/web").exit_code == 0
    assert sim.get("Pod", "web-0")["spec"]["containers"][0]["image"] == "nginx:1.26"
    r = sim.run("kubectl rollout history sts/web")
    assert r.stdout == "statefulset.apps/web \nREVISION  CHANGE-CAUSE\n1         <none>\n2         upgrade\n\n"
    assert "Image:\tnginx:1.26" in sim.run("kubectl rollout history sts/web --revision=2").stdout
    assert sim.run("kubectl rollout undo sts/web").stdout == "statefulset.apps/web rolled back\n"
    assert sim.run("kubectl rollout status sts/web").exit_code == 0
    assert sim.get("Pod", "web-2")["spec"]["containers"][0]["image"] == "nginx:1.25"
    r = sim.run("kubectl rollout history sts/web")
    assert r.stdout == "statefulset.apps/web \nREVISION  CHANGE-CAUSE\n2         upgrade\n3         <none>\n\n"


def test_restart_replaces_every_pod_and_on_delete_has_no_status(sim):
    sim.run("kubectl rollout status sts/web")
    uids = {p["metadata"]["uid"] for p in sim.list("Pod", "default")}
    assert sim.run("kubectl rollout restart sts/web").stdout == "statefulset.apps/web restarted\n"
    assert sim.run("kubectl rollout status sts/web").exit_code == 0
    assert uids.isdisjoint(p["metadata"]["uid"] for p in sim.list("Pod", "default"))
    r = sim.run("kubectl patch sts web -p '{\"spec\":{\"updateStrategy\":{\"type\":\"OnDelete\",\"rollingUpdate\":null}}}'")
    assert r.stdout == "statefulset.apps/web patched\n", r.stderr
    r = sim.run("kubectl rollout status sts/web")
    assert (r.exit_code, r.stderr) == (1, "error: rollout status is only available for RollingUpdate strategy type\n")


def test_volume_claim_templates_cannot_change(sim):
    r = sim.run("kubectl apply -f -", stdin=WEB.replace("storage: 1Gi", "storage: 2Gi"))
    assert r.exit_code == 1
    assert r.stderr == (
        'The StatefulSet "web" is invalid: spec: Forbidden: updates to statefulset spec for fields other than '
        "'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', "
        "'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden\n")


def test_delete_sts_leaves_the_claims(sim):
    sim.step(40)
    assert sim.run("kubectl delete sts web").stdout == 'statefulset.apps "web" deleted from default namespace\n'
    sim.step(40)
    assert sim.run("kubectl get pods").stderr == "No resources found in default namespace.\n"
    assert sim.run("kubectl get pvc -o name").stdout == (
        "persistentvolumeclaim/www-web-0\npersistentvolumeclaim/www-web-1\npersistentvolumeclaim/www-web-2\n")
