"""ConfigMap and Secret volumes: files, items/subPath, optional, FailedMount, delayed updates."""

import base64

from kubetui.shell import Simulation


def cm(name, data):
    return {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": name}, "data": data}


def pod(name, volumes, mounts):
    return {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name},
            "spec": {"containers": [{"name": "app", "image": "nginx:1.25", "volumeMounts": mounts}],
                     "volumes": volumes}}


TOKEN_DIR = "/var/run/secrets/kubernetes.io/serviceaccount/"


def config_files(sim, name):
    """The pod's mounted files but the ServiceAccount token volume every pod gets."""
    return {p: t for p, t in sim.kubelet.volumes.files("default", name).items() if not p.startswith(TOKEN_DIR)}


def test_files_items_and_subpath():
    sim = Simulation(seed=1)
    sim.store.create(cm("cfg", {"app.conf": "port=80", "mode": "prod"}))
    sim.store.create({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "creds"},
                      "stringData": {"password": "s3cret"}})
    secret = sim.get("Secret", "creds")
    assert secret["data"] == {"password": base64.b64encode(b"s3cret").decode()}
    assert "stringData" not in secret
    sim.store.create(pod("p", [
        {"name": "cfg", "configMap": {"name": "cfg"}},
        {"name": "only", "configMap": {"name": "cfg", "items": [{"key": "mode", "path": "conf/mode.txt"}]}},
        {"name": "creds", "secret": {"secretName": "creds"}},
    ], [
        {"name": "cfg", "mountPath": "/etc/app"},
        {"name": "only", "mountPath": "/opt"},
        {"name": "cfg", "mountPath": "/single.conf", "subPath": "app.conf"},
        {"name": "creds", "mountPath": "/var/run/creds", "readOnly": True},
    ]))
    sim.step(10)
    assert sim.get("Pod", "p")["status"]["phase"] == "Running"
    files = sim.kubelet.volumes.files("default", "p", "app")
    assert sorted(p for p in files if p.startswith(TOKEN_DIR)) == [TOKEN_DIR + "ca.crt", TOKEN_DIR + "namespace",
                                                                   TOKEN_DIR + "token"]
    assert {p: t for p, t in files.items() if not p.startswith(TOKEN_DIR)} == {
        "/etc/app/app.conf": "port=80", "/etc/app/mode": "prod", "/opt/conf/mode.txt": "prod",
        "/single.conf": "port=80", "/var/run/creds/password": "s3cret"}


def test_missing_configmap_blocks_in_container_creating_until_created():
    sim = Simulation(seed=1)
    sim.store.create(pod("p", [{"name": "cfg", "configMap": {"name": "x"}}], [{"name": "cfg", "mountPath": "/cfg"}]))
    retries = 0
    for _ in range(25):
        retries += sum(1 for e in sim.step(1).events if e["reason"] == "FailedMount")
    assert retries >= 2
    p = sim.get("Pod", "p")
    assert p["status"]["phase"] == "Pending"
    assert p["status"]["containerStatuses"][0]["state"]["waiting"]["reason"] == "ContainerCreating"
    mounts = [e for e in sim.events() if e["reason"] == "FailedMount"]
    assert mounts[0]["type"] == "Warning"
    assert mounts[0]["message"] == 'MountVolume.SetUp failed for volume "cfg" : configmap "x" not found'
    sim.store.create(cm("x", {"k": "v"}))
    sim.step(15)
    assert sim.get("Pod", "p")["status"]["phase"] == "Running"
    assert config_files(sim, "p") == {"/cfg/k": "v"}


def test_optional_missing_volume_starts_empty():
    sim = Simulation(seed=1)
    sim.store.create(pod("p", [{"name": "s", "secret": {"secretName": "nope", "optional": True}}],
                         [{"name": "s", "mountPath": "/s"}]))
    sim.step(10)
    assert sim.get("Pod", "p")["status"]["phase"] == "Running"
    assert config_files(sim, "p") == {}


def test_mounted_files_follow_updates_after_a_delay_env_does_not():
    sim = Simulation(seed=1)
    sim.store.create(cm("cfg", {"color": "blue"}))
    p = pod("p", [{"name": "cfg", "configMap": {"name": "cfg"}}], [{"name": "cfg", "mountPath": "/cfg"}])
    p["spec"]["containers"][0]["env"] = [{"name": "COLOR", "valueFrom": {"configMapKeyRef": {"name": "cfg", "key": "color"}}}]
    sim.store.create(p)
    sim.step(10)
    current = sim.store.get("ConfigMap", "default", "cfg")
    sim.store.update({**current, "data": {"color": "green"}})
    sim.step(30)
    assert config_files(sim, "p") == {"/cfg/color": "blue"}
    sim.step(40)
    assert config_files(sim, "p") == {"/cfg/color": "green"}
    assert sim.kubelet.runtime("default", "p").containers[0].env["COLOR"] == "blue"


def test_a_script_reading_its_mounted_configmap_sees_the_update_after_the_sync_delay_subpath_and_env_never():
    sim = Simulation(seed=1)
    sim.store.create(cm("cfg", {"color": "blue"}))
    p = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "reader"}, "spec": {
        "volumes": [{"name": "cfg", "configMap": {"name": "cfg"}}],
        "containers": [{"name": "app", "image": "busybox", "command": [
            "sh", "-c", "while true; do echo \"$(cat /cfg/color) $(cat /single) $COLOR\"; sleep 10; done"],
            "env": [{"name": "COLOR", "valueFrom": {"configMapKeyRef": {"name": "cfg", "key": "color"}}}],
            "volumeMounts": [{"name": "cfg", "mountPath": "/cfg"},
                             {"name": "cfg", "mountPath": "/single", "subPath": "color"}]}]}}
    sim.store.create(p)
    sim.step(10)
    current = sim.store.get("ConfigMap", "default", "cfg")
    sim.store.update({**current, "data": {"color": "green"}})
    changed = sim.tick
    sim.step(55)
    assert set(sim.kubelet.logs("default", "reader")) == {"blue blue blue"}
    sim.step(20)
    lines = sim.kubelet.logs("default", "reader")
    assert lines[-1] == "green blue blue" and "blue blue blue" in lines
    first_green = sim.kubelet.runtime("default", "reader").containers[0].log_ticks[lines.index("green blue blue")]
    assert 60 <= first_green - changed <= 90
    assert config_files(sim, "reader") == {"/cfg/color": "green", "/single": "blue"}
    r = sim.run("kubectl exec reader -- cat /cfg/color /single")
    assert r.stdout == "greenblue"
