"""The served discovery lists groups and resources in a real API server's order, which the real
kubectl follows when it expands `all` (tested with the test extras' wheel, 1.37)."""

from __future__ import annotations

from kubetui.kubectl import discovery


def test_groups_by_priority_and_resources_by_path():
    groups = [g["name"] for g in discovery.api_groups()["groups"]]
    assert groups[:6] == ["apps", "authentication.k8s.io", "authorization.k8s.io", "autoscaling", "batch",
                          "certificates.k8s.io"]
    assert groups.index("rbac.authorization.k8s.io") < groups.index("storage.k8s.io") \
        < groups.index("apiextensions.k8s.io") < groups.index("scheduling.k8s.io") \
        < groups.index("coordination.k8s.io") < groups.index("discovery.k8s.io") < groups.index("metrics.k8s.io")
    apps = next(i for i in discovery.aggregated(False)["items"] if i["metadata"]["name"] == "apps")
    assert [r["resource"] for r in apps["versions"][0]["resources"]] == [
        "controllerrevisions", "daemonsets", "deployments", "replicasets", "statefulsets"]
    core = [r["name"] for r in discovery.resource_list("v1")["resources"]]
    assert core == sorted(core)
    assert core.index("pods") < core.index("pods/attach") < core.index("podtemplates" if "podtemplates" in core
                                                                        else "replicationcontrollers")


def test_get_all_lists_kinds_in_the_real_order(shared):
    for line in ("kubectl create ns order", "kubectl -n order create deploy web --image=nginx",
                 "kubectl -n order create job once --image=busybox -- true",
                 "kubectl -n order create cronjob tick --image=busybox --schedule='*/5 * * * *' -- true",
                 "kubectl -n order expose deploy web --port=80",
                 "kubectl -n order autoscale deploy web --max=3"):
        assert shared.builtin(line).exit_code == 0, line
    shared.call(lambda: shared.server.sim.step(5))
    real = shared.kubectl("-n", "order", "get", "all")
    assert real.returncode == 0, real.stderr
    heads = [line.split()[0].split("/")[0] for line in real.stdout.splitlines() if "/" in line.split(" ")[0]]
    kinds = list(dict.fromkeys(heads))
    assert kinds == ["pod", "service", "deployment.apps", "replicaset.apps", "horizontalpodautoscaler.autoscaling",
                     "cronjob.batch", "job.batch"]
    own = shared.builtin("kubectl -n order get all")
    assert own.stdout == real.stdout
