"""managedFields for every write, as a cluster shows them: kubetui's own kubectl under the real
kubectl's field managers, kube-controller-manager, kube-scheduler and the kubelet (status writes
with subresource `status`), bindings under nobody; worked out when read (fieldmanager.Ledger),
so they stay out of the stored objects and the checksum until a request through the API builds
on them."""

from __future__ import annotations

import json

import pytest

from kubetui.engine import fieldmanager
from kubetui.shell import Simulation


def managers(obj: dict) -> dict:
    return {(e["manager"], e["operation"], e.get("subresource", "")): fieldmanager.from_fields_v1(e["fieldsV1"])
            for e in obj["metadata"].get("managedFields", [])}


def api_get(sim: Simulation, path: str) -> dict:
    r = sim.request("GET", path)
    assert r.code == 200, r.body
    return json.loads(json.dumps(r.body))  # what a client holds: a copy


def deployed(seed: int = 1) -> Simulation:
    sim = Simulation(seed=seed)
    assert sim.run("kubectl create deployment web --image=nginx --replicas=2").exit_code == 0
    sim.step(20)
    return sim


CONTAINER = ("f:spec", "f:template", "f:spec", "f:containers", 'k:{"name":"nginx"}')


def test_a_deployment_made_by_kubectl_create_shows_its_creator_and_the_controller_manager():
    sim = deployed()
    shown = api_get(sim, "/apis/apps/v1/namespaces/default/deployments/web")
    m = managers(shown)
    assert list(m) == [("kubectl-create", "Update", ""), ("kube-controller-manager", "Update", ""),
                       ("kube-controller-manager", "Update", "status")]
    created = m[("kubectl-create", "Update", "")]
    assert {("f:spec", "f:replicas"), ("f:spec", "f:strategy", "f:rollingUpdate"), CONTAINER,
            (*CONTAINER, "f:imagePullPolicy"), ("f:metadata", "f:labels")} <= created
    assert ("f:spec", "f:strategy") not in created  # a struct every Deployment has: no `.` of its own
    assert not any(p[0] == "f:status" for p in created)
    assert m[("kube-controller-manager", "Update", "")] == {
        ("f:metadata", "f:annotations"), ("f:metadata", "f:annotations", "f:deployment.kubernetes.io/revision")}
    status = m[("kube-controller-manager", "Update", "status")]
    assert ("f:status", "f:conditions", 'k:{"type":"Available"}', "f:status") in status
    assert all(p[0] == "f:status" for p in status)
    fields_v1 = shown["metadata"]["managedFields"][0]["fieldsV1"]
    assert fields_v1["f:spec"]["f:strategy"]["f:rollingUpdate"]["."] == {}
    assert "." not in fields_v1["f:spec"]["f:strategy"]
    # Kept out of the stored object: the cluster's state (and checksum) is what it was.
    assert "managedFields" not in sim.store.get("Deployment", "default", "web")["metadata"]


def test_a_pod_shows_its_controller_and_its_kubelet_but_not_what_admission_added():
    sim = deployed()
    pod = api_get(sim, "/api/v1/namespaces/default/pods")["items"][0]
    m = managers(pod)
    assert list(m) == [("kube-controller-manager", "Update", ""), ("kubelet", "Update", "status")]
    made = m[("kube-controller-manager", "Update", "")]
    assert ("f:metadata", "f:ownerReferences") in made and ("f:spec", "f:dnsPolicy") in made
    assert not any(p[:2] in {("f:spec", "f:volumes"), ("f:spec", "f:priority"), ("f:spec", "f:tolerations"),
                             ("f:spec", "f:nodeName")} for p in made)
    assert {("f:status", "f:podIP"), ("f:status", "f:phase")} <= m[("kubelet", "Update", "status")]


def test_the_scheduler_owns_the_condition_it_writes_for_a_pod_it_cannot_place():
    sim = Simulation(seed=2)
    pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: big}\nspec:\n  nodeSelector: {disk: none}\n" \
          "  containers: [{name: big, image: nginx}]\n"
    assert sim.run("kubectl apply -f -", stdin=pod).exit_code == 0
    sim.step(3)
    m = managers(api_get(sim, "/api/v1/namespaces/default/pods/big"))
    assert ("f:spec", "f:nodeSelector", "f:disk") in m[("kubectl-client-side-apply", "Update", "")]
    assert m[("kube-scheduler", "Update", "status")] >= {
        ("f:status", "f:conditions", 'k:{"type":"PodScheduled"}', "f:reason")}


def test_kubectl_scale_owns_replicas_through_the_scale_subresource_and_label_its_label():
    sim = deployed()
    assert sim.run("kubectl scale deployment web --replicas=3").exit_code == 0
    assert sim.run("kubectl label deployment web tier=front").exit_code == 0
    m = managers(api_get(sim, "/apis/apps/v1/namespaces/default/deployments/web"))
    assert m[("kubectl", "Update", "scale")] == {("f:spec", "f:replicas")}
    assert ("f:spec", "f:replicas") not in m[("kubectl-create", "Update", "")]
    assert m[("kubectl-label", "Update", "")] == {("f:metadata", "f:labels", "f:tier")}
    shown = sim.run("kubectl get deployment web -o yaml --show-managed-fields").stdout
    assert "manager: kubectl-label\n" in shown and "subresource: scale\n" in shown
    assert "managedFields" not in sim.run("kubectl get deployment web -o yaml").stdout


def test_a_request_builds_on_the_noted_writes_and_stores_them():
    sim = deployed()
    r = sim.request("PATCH", "/apis/apps/v1/namespaces/default/deployments/web", "fieldManager=mine",
                    json.dumps({"spec": {"replicas": 4}}), "application/merge-patch+json")
    assert r.code == 200, r.body
    stored = sim.store.get("Deployment", "default", "web")
    m = managers(stored)
    assert m[("mine", "Update", "")] == {("f:spec", "f:replicas")}
    assert ("kube-controller-manager", "Update", "status") in m
    assert ("f:spec", "f:replicas") not in m[("kubectl-create", "Update", "")]
    assert sim.store.managed.entries(stored) is None  # nothing noted left over
    assert r.body["metadata"]["managedFields"] == stored["metadata"]["managedFields"]


def test_a_status_write_through_the_api_is_an_update_of_the_status_subresource():
    sim = deployed()
    live = api_get(sim, "/apis/apps/v1/namespaces/default/deployments/web")
    live["status"]["conditions"].append({"type": "Custom", "status": "True", "reason": "Test", "message": "m"})
    r = sim.request("PUT", "/apis/apps/v1/namespaces/default/deployments/web/status", "fieldManager=tester",
                    json.dumps(live), "application/json")
    assert r.code == 200, r.body
    m = managers(sim.store.get("Deployment", "default", "web"))
    assert m[("tester", "Update", "status")] == {
        ("f:status", "f:conditions", 'k:{"type":"Custom"}'),
        *{("f:status", "f:conditions", 'k:{"type":"Custom"}', f) for f in ("f:type", "f:status", "f:reason",
                                                                            "f:message")}}
    assert ("kube-controller-manager", "Update", "status") in m


def test_reading_managed_fields_changes_nothing_and_copies_carry_the_notes():
    a, b = deployed(seed=3), deployed(seed=3)
    for obj in a.store.list("Pod") + a.store.list("Deployment"):
        a.store.managed.view(obj)
    a.step(5)
    b.step(5)
    assert a.checksum() == b.checksum()
    fork = a.fork()
    web = a.store.get("Deployment", "default", "web")
    assert fork.store.managed.view(fork.store.get("Deployment", "default", "web")) == a.store.managed.view(web)


def test_a_watch_event_carries_the_managed_fields_of_its_moment():
    from kubetui.api.watch import Filter, Hub, Noted

    sim = Simulation(seed=4)
    hub = Hub(sim)
    sub = hub.subscribe(Filter("Deployment", "default", None), None)
    assert sim.run("kubectl create deployment web --image=nginx").exit_code == 0
    sim.step(8)
    events = []
    while not sub.queue.empty():
        events.append(sub.queue.get_nowait())
    kinds = [k for k, _ in events]
    assert kinds[0] == "ADDED" and set(kinds[1:]) == {"MODIFIED"}
    assert all(isinstance(obj, Noted) for _, obj in events)
    first, last = (managers(sim.store.managed.view_at(obj, obj.managed)) for _, obj in (events[0], events[-1]))
    assert list(first) == [("kubectl-create", "Update", "")]  # as it was when added, not as it is now
    assert ("kube-controller-manager", "Update", "status") in last
    assert managers(sim.store.managed.view_at(events[-1][1], events[-1][1].managed)) == managers(
        sim.store.managed.view(sim.store.get("Deployment", "default", "web")))
    hub.close()


def test_a_table_asks_for_no_managed_fields():
    sim = deployed()
    r = sim.request("GET", "/api/v1/namespaces/default/pods", views=False)
    assert all("managedFields" not in pod["metadata"] for pod in r.body["items"])
    assert all(pod["metadata"].get("managedFields") for pod in sim.request("GET", "/api/v1/namespaces/default/pods")
               .body["items"])


def test_ledger_folds_old_notes_past_its_cap_into_the_same_result():
    ledger = fieldmanager.Ledger()
    first = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"uid": "u", "name": "c", "resourceVersion": "1"},
             "data": {}}
    versions = [first]
    for i in range(fieldmanager.Ledger.CAP + 4):
        new = {**versions[-1], "metadata": {**versions[-1]["metadata"], "resourceVersion": str(i + 2)},
               "data": {**versions[-1]["data"], f"k{i}": "v"}}
        ledger.note(f"writer-{i % 2}", "", versions[-1], new, f"t{i}")
        versions.append(new)
    folded = managers(ledger.view(versions[-1]))
    assert len(ledger.notes["u"]) == fieldmanager.Ledger.CAP and "u" in ledger.base
    assert folded[("writer-0", "Update", "")] == {("f:data", f"f:k{i}") for i in range(0, 12, 2)}
    assert folded[("writer-1", "Update", "")] == {("f:data", f"f:k{i}") for i in range(1, 12, 2)}


@pytest.mark.slow  # drives the real kubectl in subprocesses
def test_kubetuis_kubectl_names_the_managers_the_real_kubectl_sends(served):
    """The same commands on twin objects, one through the real kubectl (its fieldManager query,
    or its User-Agent), one through kubetui's own: the same managers own the same fields."""
    lines = ["create deployment {d} --image=nginx:1.25", "scale deploy {d} --replicas=2",
             "set image deploy/{d} nginx=nginx:1.26", "label deploy {d} tier=web", "annotate deploy {d} note=x",
             "rollout restart deploy/{d}", "cordon {n}", "taint node {n} k=v:NoSchedule"]
    for line in lines:
        real = served.kubectl(*line.format(d="real", n="node-1").split())
        assert real.returncode == 0, real.stderr
        assert served.builtin("kubectl " + line.format(d="mine", n="node-2")).exit_code == 0
    sim = served.sim

    def owned(kind: str, ns: str | None, name: str) -> dict:
        obj = served.call(lambda: sim.store.managed.view(sim.store.get(kind, ns, name)))
        return {k: {p for p in v if "real" not in str(p) and "mine" not in str(p) and "restartedAt" not in str(p)}
                for k, v in managers(obj).items() if k[0].startswith("kubectl")}
    assert owned("Deployment", "default", "real") == owned("Deployment", "default", "mine")
    assert set(owned("Deployment", "default", "real")) == {
        ("kubectl-create", "Update", ""), ("kubectl", "Update", "scale"), ("kubectl-set", "Update", ""),
        ("kubectl-label", "Update", ""), ("kubectl-annotate", "Update", ""), ("kubectl-rollout", "Update", "")}
    assert owned("Node", None, "node-1") == owned("Node", None, "node-2") != {}
