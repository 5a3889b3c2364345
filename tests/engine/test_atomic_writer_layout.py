"""ConfigMap, Secret and projected volumes laid out as the kubelet's atomic writer makes them: the
files in a folder named from the (simulated) time of the write, `..data` a link to it, each key a
link into `..data`; an update writes a new folder and swaps `..data`; a subPath copy stays."""

import json
import re
import shlex

import pytest

from kubetui import Simulation
from kubetui.engine.kubelet.volumes import data_dir

POD = """\
apiVersion: v1
kind: Pod
metadata: {name: app}
spec:
  volumes:
  - {name: whole, configMap: {name: cfg}}
  - {name: picked, configMap: {name: cfg, defaultMode: 0400, items: [{key: b, path: sub/b, mode: 0600}, {key: a, path: a}]}}
  - {name: creds, secret: {secretName: creds}}
  - name: both
    projected: {sources: [{configMap: {name: cfg, items: [{key: a, path: a}]}}, {secret: {name: creds}}]}
  containers:
  - name: app
    image: busybox:1.36
    command: [sleep, 1d]
    volumeMounts:
    - {name: whole, mountPath: /cfg}
    - {name: picked, mountPath: /picked}
    - {name: creds, mountPath: /creds}
    - {name: both, mountPath: /both}
    - {name: whole, mountPath: /one/b, subPath: b}
"""
STAMP = re.compile(r"\.\.2026_01_01_\d\d_\d\d_\d\d\.\d{9}")


@pytest.fixture()
def sim():
    sim = Simulation(seed=7)
    sim.run("kubectl create configmap cfg --from-literal=a=1 --from-literal=b=2")
    sim.run("kubectl create secret generic creds --from-literal=password=s3cret")
    sim.run("kubectl apply -f -", stdin=POD)
    sim.step(8)
    return sim


def sh(sim, line: str) -> str:
    r = sim.run(f"kubectl exec app -- sh -c {shlex.quote(line)}")
    assert r.exit_code == 0, r.stderr
    return r.stdout


def test_ls_shows_the_timestamped_folder_and_the_links(sim):
    out = sh(sim, "ls -la /cfg | cut -c1-10,57-").splitlines()
    stamp = STAMP.search(out[3]).group(0)
    assert out[1:] == ["drwxrwxrwx .", "drwxr-xr-x ..", f"drwxr-xr-x {stamp}", f"lrwxrwxrwx ..data -> {stamp}",
                       "lrwxrwxrwx a -> ..data/a", "lrwxrwxrwx b -> ..data/b"]
    assert sh(sim, "ls /cfg") == "a\nb\n"
    assert sh(sim, f"ls /cfg/..data /cfg/{stamp}") == f"/cfg/..data:\na\nb\n\n/cfg/{stamp}:\na\nb\n"


def test_the_folder_is_named_from_the_time_of_the_write(sim):
    pod = sim.get("Pod", "app")
    stamp = sh(sim, "readlink /cfg/..data").strip()
    assert STAMP.fullmatch(stamp)
    written = sim.kubelet.volumes.mounted[("default", "app")].written["whole"]
    h, m, sec = (int(x) for x in re.match(r"\.\.2026_01_01_(\d\d)_(\d\d)_(\d\d)\.", written).groups())
    tick = h * 3600 + m * 60 + sec
    assert stamp == written and written == data_dir(pod["metadata"]["uid"], "whole", tick)
    assert 0 < tick < sim.tick


def test_reads_follow_the_links(sim):
    assert sh(sim, "cat /cfg/a /cfg/..data/b /picked/sub/b /creds/password /both/password") == "12" + "2" + \
        "s3cret" * 2
    assert sh(sim, "readlink /cfg/a") == "..data/a\n"
    stamp = sh(sim, "readlink /cfg/..data").strip()
    assert sh(sim, "readlink -f /cfg/a") == f"/cfg/{stamp}/a\n"
    assert sh(sim, "readlink /cfg/..data/a; echo $?") == "1\n"


def test_modes_show_on_the_target_files(sim):
    assert sh(sim, "ls -l /picked | cut -c1-10,57-") == "total 8\nlrwxrwxrwx a -> ..data/a\nlrwxrwxrwx sub -> ..data/sub\n"
    assert sh(sim, "ls -lL /picked/a /picked/sub/b | cut -c1-10") == "-r--------\n-rw-------\n"
    assert sh(sim, "ls -l /picked/..data/ | cut -c1-10,57-") == "total 8\n-r-------- a\ndrwxr-xr-x sub\n"


def test_an_update_swaps_data_to_a_new_folder_and_removes_the_old(sim):
    before = sh(sim, "readlink /cfg/..data").strip()
    secret = sh(sim, "readlink /creds/..data")
    sim.run("kubectl patch configmap cfg --type merge -p " + shlex.quote(json.dumps({"data": {"b": "3"}})))
    sim.step(30)
    assert sh(sim, "cat /cfg/b; readlink /cfg/..data") == "2" + before + "\n"
    sim.step(40)
    after = sh(sim, "readlink /cfg/..data").strip()
    assert STAMP.fullmatch(after) and after != before
    assert sh(sim, "cat /cfg/b") == "3"
    assert sh(sim, "ls -a /cfg") == f".\n..\n{after}\n..data\na\nb\n"
    assert sh(sim, "cat /one/b") == "2"  # a subPath copy is never updated
    assert sh(sim, "readlink /creds/..data") == secret  # the Secret did not change: its folder stays
