"""The real kubectl's `kubectl debug POD` against kubetui's API server: the same output as
kubetui's own kubectl, and the same ephemeral container stored through pods/ephemeralcontainers."""


def test_real_and_builtin_debug_make_the_same_ephemeral_container(served):
    served.builtin("kubectl run web --image=nginx")
    served.step(20)
    real = served.kubectl("debug", "web", "--image=busybox:1.36", "--target=web", "-c", "real")
    mine = served.builtin("kubectl debug web --image=busybox:1.36 --target=web -c mine")
    assert real.returncode == 0, real.stderr
    assert (real.stdout, real.stderr) == (mine.stdout, mine.stderr)
    assert real.stdout.startswith('Targeting container "web".')
    pod = served.call(served.sim.get, "Pod", "web", "default")
    by_name = {c["name"]: {k: v for k, v in c.items() if k != "name"} for c in pod["spec"]["ephemeralContainers"]}
    assert by_name["real"] == by_name["mine"]
    served.step(5)
    statuses = served.kubectl("get", "pod", "web", "-o", "jsonpath={.status.ephemeralContainerStatuses[*].name}")
    assert statuses.stdout.split() == ["real", "mine"]


def test_real_debug_gets_the_api_servers_validation(served):
    served.builtin("kubectl run web --image=nginx")
    served.step(20)
    real = served.kubectl("debug", "web", "--image=busybox", "-c", "x", "--target=nope")
    mine = served.builtin("kubectl debug web --image=busybox -c x --target=nope")
    assert real.returncode == mine.exit_code == 1
    assert real.stderr == mine.stderr == ('The Pod "web" is invalid: spec.ephemeralContainers[0].targetContainerName: '
                                          'Not found: "nope"\n')


def test_real_node_debugger_mounts_the_hosts_root(served):
    r = served.kubectl("debug", "node/node-1", "--image=busybox")
    assert r.returncode == 0, r.stderr
    name = r.stdout.split()[3]
    pod = served.call(served.sim.get, "Pod", name, "default")
    assert pod["spec"]["volumes"][0] == {"name": "host-root", "hostPath": {"path": "/", "type": ""}}
    assert (pod["spec"]["hostPID"], pod["spec"]["nodeName"]) == (True, "node-1")


def test_real_and_builtin_copy_to_make_the_same_copy(served):
    served.builtin("kubectl run web --image=nginx --labels=app=web")
    served.step(20)
    real = served.kubectl("debug", "web", "--image=busybox", "--copy-to=real-copy", "-c", "dbg")
    mine = served.builtin("kubectl debug web --image=busybox --copy-to=mine-copy -c dbg")
    assert real.returncode == mine.exit_code == 0, real.stderr
    assert (real.stdout, real.stderr) == (mine.stdout, mine.stderr)

    def shape(name):
        spec = served.call(served.sim.get, "Pod", name, "default")["spec"]
        containers = [{k: v for k, v in c.items() if k != "volumeMounts"} for c in spec["containers"]]
        return containers, spec.get("shareProcessNamespace"), spec.get("nodeName") is None

    assert shape("real-copy") == shape("mine-copy")
