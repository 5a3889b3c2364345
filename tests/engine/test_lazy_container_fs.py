"""A container whose mounts are all fixed at start (token, downward API) gets its filesystem
when first looked into; what it then holds is what building it at start gave."""

import pytest

from kubetui import Simulation
from kubetui.engine.kubelet import process

POD = """
apiVersion: v1
kind: Pod
metadata: {name: p, labels: {app: x}}
spec:
  containers:
  - name: c
    image: busybox:1.36
    command: [sleep, "3600"]
    volumeMounts:
    - {name: info, mountPath: /etc/info}
    - {name: info, mountPath: /etc/only-labels, subPath: labels}
  volumes:
  - name: info
    downwardAPI:
      items:
      - {path: labels, fieldRef: {fieldPath: metadata.labels}}
"""


def _files(fs) -> tuple:
    return (fs.root.files, fs.root.dirs, {p: (v.files, v.dirs, v.readonly) for p, v in fs.mounts.items()})


def _started(monkeypatch, lazy: bool):
    if not lazy:
        monkeypatch.setattr(process, "_fixed_at_start", lambda v, path: False)
    sim = Simulation(seed=3)
    sim.run("kubectl apply -f -", stdin=POD)
    sim.step(10)
    return sim, sim.kubelet.pods[("default", "p")].containers[0].fs


@pytest.mark.parametrize("lazy", [True, False])
def test_the_filesystem_is_the_same_made_at_start_or_when_read(monkeypatch, lazy):
    sim, fs = _started(monkeypatch, lazy)
    assert isinstance(fs, process.UnreadFileSystem) is lazy
    if lazy:
        assert fs.unread
    assert sim.run("kubectl exec p -- cat /etc/only-labels").stdout == 'app="x"'
    assert "/var/run/secrets/kubernetes.io/serviceaccount" in fs.mounts
    assert not getattr(fs, "unread", False)


def test_lazy_and_eager_hold_the_same_files(monkeypatch):
    _, lazy = _started(monkeypatch, True)
    lazy_files = _files(lazy)
    _, eager = _started(monkeypatch, False)
    assert lazy_files == _files(eager)


def test_containers_alike_share_their_read_only_mount_set():
    """Every pod of a template mounts its token read-only at the same path: one set object for
    them all (it is replaced, never changed in place), the same as each would build."""
    from kubetui import Simulation

    sim = Simulation(seed=2)
    sim.run("kubectl create deployment web --image=nginx:1.25 --replicas=3")
    sim.step(8)
    sets = [rt.containers[0].fs.__dict__["ro_mounts"] for key, rt in sim.kubelet.pods.items() if key[0] == "default"]
    assert len(sets) == 3 and sets[0] == {"/var/run/secrets/kubernetes.io/serviceaccount"}
    assert all(s is sets[0] for s in sets)


LISTING = ("ls -la /etc/info /etc/info/..data/ /var/run/secrets/kubernetes.io/serviceaccount; cat /etc/info/labels; "
           "echo; cat /etc/only-labels; echo; id; hostname; cat /proc/1/cgroup; ps; "
           "cat /var/run/secrets/kubernetes.io/serviceaccount/namespace")


def _looked_into_after(monkeypatch, lazy: bool, restart: bool):
    """A pod whose filesystem nobody reads until after its labels changed (the downward API
    volume is rewritten) and, with `restart`, its container ran again."""
    if not lazy:
        monkeypatch.setattr(process, "_fixed_at_start", lambda v, path: False)
    sim = Simulation(seed=5)
    sim.run("kubectl apply -f -", stdin=POD)
    sim.step(10)
    sim.run("kubectl label pod p tier=web")
    sim.step(5)
    if restart:
        sim.run("sim exit pod/p 1")
        sim.step(20)
        assert sim.kubelet.pods[("default", "p")].containers[0].restarts == 1
    fs = sim.kubelet.pods[("default", "p")].containers[0].fs
    assert isinstance(fs, process.UnreadFileSystem) is lazy and (not lazy or fs.unread)
    return sim.run(f"kubectl exec p -- sh -c '{LISTING}'").stdout, sim.checksum()


@pytest.mark.parametrize("restart", [False, True])
def test_read_late_it_shows_what_made_at_start_shows(monkeypatch, restart):
    """The folders, times, labels, identity and processes a late first read shows are those a
    filesystem built at start (and refreshed by the volume manager) shows."""
    lazy = _looked_into_after(monkeypatch, True, restart)
    assert 'tier="web"' in lazy[0] and "..data ->" in lazy[0]
    assert lazy == _looked_into_after(monkeypatch, False, restart)


def test_a_restarted_container_gets_a_new_filesystem_of_its_own(monkeypatch):
    sim = Simulation(seed=5)
    sim.run("kubectl apply -f -", stdin=POD)
    sim.step(10)
    c = sim.kubelet.pods[("default", "p")].containers[0]
    first, first_id = c.fs, c.container_id
    sim.run("sim exit pod/p 1")
    sim.step(20)
    assert c.restarts == 1 and c.fs is not first and c.container_id != first_id
    assert c.container_id.rsplit("/", 1)[-1] in sim.run("kubectl exec p -- cat /proc/1/cgroup").stdout
    assert first_id.rsplit("/", 1)[-1] in first.root.files["proc/1/cgroup"]
