"""A query parameter given twice: the API server's parameter codec takes the first value
(apimachinery's Convert_Slice_string_To_string and friends read `in[0]`), at every place a
request's query is read."""

from __future__ import annotations

from kubetui import Simulation


def _names(response) -> list[str]:
    return [o["metadata"]["name"] for o in response.body["items"]]


def test_the_first_value_of_a_repeated_parameter_wins():
    sim = Simulation(seed=3)
    sim.run("kubectl run a --image=nginx:1.25 --labels=app=a")
    sim.run("kubectl run b --image=nginx:1.25 --labels=app=b")
    path = "/api/v1/namespaces/default/pods"
    assert _names(sim.request("GET", path, "labelSelector=app%3Da&labelSelector=app%3Db")) == ["a"]
    assert len(sim.request("GET", path, "limit=1&limit=5").body["items"]) == 1
    bad = sim.request("GET", path, "limit=abc&limit=5")
    assert bad.code == 400 and bad.body["message"] == 'strconv.ParseInt: parsing "abc": invalid syntax'
    created = sim.request("POST", "/api/v1/namespaces/default/configmaps", "fieldManager=first&fieldManager=second",
                          '{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "c"}, "data": {"k": "v"}}', "application/json")
    assert created.code == 201
    assert [m["manager"] for m in created.body["metadata"]["managedFields"]] == ["first"]


def test_pod_logs_through_get_raw_take_the_first_value_too():
    sim = Simulation(seed=3)
    sim.run("kubectl run p --image=busybox -- sh -c 'for i in 1 2 3 4 5; do echo line $i; done; sleep 3600'")
    sim.step(20)
    raw = sim.run("kubectl get --raw '/api/v1/namespaces/default/pods/p/log?tailLines=1&tailLines=3'")
    assert raw.stdout == "line 5\n", raw.stderr
