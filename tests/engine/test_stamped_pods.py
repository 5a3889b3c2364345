"""A controller's pods admitted once per template (`podtemplates.StampedPods`): the pods, the
refusals and their words, the warnings and the checksum are what the whole chain run for every
pod gives, also when what admission reads changes after the template's first pod."""

import json

import pytest

from kubetui import Simulation
from kubetui.engine.admission import podtemplates


def _full_chain(self, pod, plugins):
    for plugin in plugins:
        pod = plugin("CREATE", pod, None)
    return pod


def _create(sim, obj: dict) -> None:
    sim.store.create(obj)


def _scale(sim, replicas: int) -> None:
    result = sim.run(f"kubectl scale deployment web --replicas={replicas}")
    assert result.exit_code == 0, result.stderr
    sim.step(3)


def _story(sim) -> None:
    """A Deployment's pods made before and after each thing admission reads changes."""
    assert sim.run("kubectl create deployment web --image=nginx:1.25 --replicas=4").exit_code == 0
    sim.step(3)
    _create(sim, {"apiVersion": "v1", "kind": "LimitRange", "metadata": {"name": "limits", "namespace": "default"},
                  "spec": {"limits": [{"type": "Container", "default": {"cpu": "200m"},
                                       "defaultRequest": {"cpu": "100m"}, "max": {"cpu": "1"}}]}})
    _scale(sim, 7)
    _create(sim, {"apiVersion": "scheduling.k8s.io/v1", "kind": "PriorityClass", "metadata": {"name": "everyone"},
                  "value": 1000, "globalDefault": True})
    _scale(sim, 9)
    lr = sim.store.get("LimitRange", "default", "limits")
    sim.store.update({**lr, "spec": {"limits": [{"type": "Container", "default": {"cpu": "200m"},
                                                           "defaultRequest": {"cpu": "20m"},
                                                           "maxLimitRequestRatio": {"cpu": "2"}}]}})
    _scale(sim, 11)  # refused: the pods' defaulted limit is ten times their request
    assert sim.run("kubectl delete limitrange limits").exit_code == 0
    sim.step(12)
    ns = sim.store.get("Namespace", None, "default")
    labels = {**(ns["metadata"].get("labels") or {}), "pod-security.kubernetes.io/warn": "restricted",
              "pod-security.kubernetes.io/audit": "restricted"}
    sim.store.update({**ns, "metadata": {**ns["metadata"], "labels": labels}})
    _scale(sim, 13)
    ns = sim.store.get("Namespace", None, "default")
    labels = {**ns["metadata"]["labels"], "pod-security.kubernetes.io/enforce": "restricted"}
    sim.store.update({**ns, "metadata": {**ns["metadata"], "labels": labels}})
    _scale(sim, 15)  # refused: nginx as root is not restricted
    ns = sim.store.get("Namespace", None, "default")
    labels = {k: v for k, v in ns["metadata"]["labels"].items() if not k.endswith("/enforce")}
    sim.store.update({**ns, "metadata": {**ns["metadata"], "labels": labels}})
    sim.step(12)
    _create(sim, {"apiVersion": "v1", "kind": "ResourceQuota", "metadata": {"name": "pods", "namespace": "default"},
                  "spec": {"hard": {"pods": "17"}}})
    sim.step(2)
    _scale(sim, 20)  # three refused by the quota
    sa = sim.store.get("ServiceAccount", "default", "default")
    sim.store.update({**sa, "automountServiceAccountToken": False})
    q = sim.store.get("ResourceQuota", "default", "pods")
    sim.store.update({**q, "spec": {"hard": {"pods": "30"}}})
    sim.step(12)
    _scale(sim, 22)


def _outcome(sim) -> dict:
    pods = sorted(sim.store.iter("Pod", "default"), key=lambda p: p["metadata"]["name"])
    return {
        "checksum": sim.checksum(),
        "pods": [json.dumps(p) for p in pods],  # key order included
        "events": [(e["reason"], e["message"], e.get("count")) for e in sim.events()],
        "warnings": list(sim.store.warnings),
        "audit": json.dumps(sim.store.audit),
        "revision": sim.store.revision,
    }


def _run(monkeypatch, stamped: bool) -> dict:
    podtemplates._validated.clear()
    podtemplates._specs.clear()
    if not stamped:
        monkeypatch.setattr(podtemplates.StampedPods, "admit", _full_chain)
    sim = Simulation(seed=7)
    _story(sim)
    out = _outcome(sim)
    monkeypatch.undo()
    return out


def test_stamped_pods_are_what_the_whole_chain_admits_for_each(monkeypatch):
    full = _run(monkeypatch, stamped=False)
    calls = []
    keep = podtemplates._stamp

    def counting(*args):
        calls.append(1)
        return keep(*args)

    monkeypatch.setattr(podtemplates, "_stamp", counting)
    stamped = _run(monkeypatch, stamped=True)
    assert calls, "no pod was stamped from a kept admission"
    assert stamped == full
    reasons = [e[0] for e in full["events"]]
    messages = " ".join(e[1] for e in full["events"] if e[0] == "FailedCreate")
    assert "FailedCreate" in reasons
    assert "limit to request ratio per Container is 2" in messages
    assert 'violates PodSecurity "restricted:latest"' in messages
    assert "exceeded quota: pods" in messages
    assert any("would violate PodSecurity" in w for w in full["warnings"])


def _refusals(monkeypatch, stamped: bool) -> list[str]:
    """A template's pods refused by a LimitRange, then PodSecurity, then a quota, each arriving
    after the template's admission was kept; the FailedCreate messages."""
    if not stamped:
        monkeypatch.setattr(podtemplates.StampedPods, "admit", _full_chain)
    sim = Simulation(seed=3)
    assert sim.run("kubectl create deployment web --image=nginx:1.25 --replicas=2").exit_code == 0
    sim.step(3)
    kept = sim.store._stamped._kept
    assert bool(kept) == stamped
    _create(sim, {"apiVersion": "v1", "kind": "LimitRange", "metadata": {"name": "tight", "namespace": "default"},
                  "spec": {"limits": [{"type": "Container", "defaultRequest": {"cpu": "300m"},
                                       "max": {"cpu": "100m"}}]}})
    assert not kept, "a LimitRange write forgets what was kept"
    _scale(sim, 3)
    assert sim.run("kubectl delete limitrange tight").exit_code == 0
    sim.step(12)
    assert bool(kept) == stamped
    assert sim.run("kubectl label namespace default pod-security.kubernetes.io/enforce=baseline").exit_code == 0
    _create(sim, {"apiVersion": "v1", "kind": "ResourceQuota", "metadata": {"name": "few", "namespace": "default"},
                  "spec": {"hard": {"pods": "5"}}})
    sim.step(12)
    assert bool(kept) == stamped, "neither a Namespace nor a quota write forgets anything"
    _scale(sim, 7)
    assert sim.run("kubectl label namespace default pod-security.kubernetes.io/enforce=restricted --overwrite"
                   ).exit_code == 0
    _scale(sim, 8)
    monkeypatch.undo()
    assert len(list(sim.store.iter("Pod", "default"))) == 5
    return [e["message"] for e in sim.events() if e["reason"] == "FailedCreate"]


def test_a_refusal_after_the_template_was_admitted_has_the_same_words(monkeypatch):
    full = _refusals(monkeypatch, stamped=False)
    assert _refusals(monkeypatch, stamped=True) == full
    text = " ".join(full)
    assert "must be less than or equal to cpu limit of 100m" in text
    assert "exceeded quota: few, requested: pods=1, used: pods=5, limited: pods=5" in text
    assert 'violates PodSecurity "restricted:latest"' in text


@pytest.mark.parametrize("kind", podtemplates.STATE_KINDS)
def test_a_write_of_what_admission_reads_forgets_the_kept_admissions(kind):
    sim = Simulation(seed=3)
    assert sim.run("kubectl create deployment web --image=nginx:1.25 --replicas=2").exit_code == 0
    sim.step(2)
    stamper = sim.store._stamped
    assert stamper._kept
    stamper._forget("MODIFIED", None, None)
    assert not stamper._kept
    assert sim.run("kubectl scale deployment web --replicas=3").exit_code == 0
    sim.step(2)
    assert stamper._kept
    assert stamper._forget in sim.store._watchers[kind]


def test_a_chain_with_a_plugin_it_does_not_know_is_run_in_full():
    sim = Simulation(seed=3)
    seen = []

    def extra(op, obj, old):
        seen.append(obj["metadata"]["name"])
        return obj

    sim.store.admission.append(("Pod", extra))
    assert sim.run("kubectl create deployment web --image=nginx:1.25 --replicas=3").exit_code == 0
    sim.step(2)
    assert len(seen) == 3
    assert not sim.store._stamped._kept


def test_a_forked_cluster_keeps_nothing_and_admits_the_same():
    sim = Simulation(seed=5)
    assert sim.run("kubectl create deployment web --image=nginx:1.25 --replicas=3").exit_code == 0
    sim.step(2)
    twin = sim.fork()
    assert not twin.store._stamped._kept
    for s in (sim, twin):
        assert s.run("kubectl scale deployment web --replicas=6").exit_code == 0
        s.step(3)
    assert twin.checksum() == sim.checksum()


def test_the_next_pod_alike_takes_the_last_admission_and_only_such_a_pod(monkeypatch):
    """A ReplicaSet's pods made in one go share their labels, ownerReferences and status
    (`replicaset.pod_parts`): the next such pod takes the last one's kept admission without
    its `repr`; a pod that shares less, or differs, is looked up (or admitted) by what it holds."""
    from kubetui.engine.admission.serviceaccount import _suffix
    from kubetui.engine.controllers.replicaset import new_pod, pod_parts

    sim = Simulation(seed=3)
    assert sim.run("kubectl create deployment web --image=nginx:1.25 --replicas=2").exit_code == 0
    sim.step(2)
    alike = []
    real = podtemplates._alike
    monkeypatch.setattr(podtemplates, "_alike", lambda a, b, own: alike.append(real(a, b, own)) or alike[-1])
    rs = next(sim.store.iter("ReplicaSet", "default"))
    template = rs["spec"]["template"]
    shared = pod_parts(rs, template)
    first = sim.store.create(new_pod(sim, rs, template, shared_spec=True, shared=shared))
    del alike[:]
    second = sim.store.create(new_pod(sim, rs, template, shared_spec=True, shared=shared))
    assert alike == [True, True], "the second pod was not known as the first one's like"
    assert second["metadata"]["name"] != first["metadata"]["name"]
    assert second["metadata"]["uid"] != first["metadata"]["uid"]
    token = "kube-api-access-" + _suffix(second["metadata"]["uid"])
    assert [v["name"] for v in second["spec"]["volumes"]] == [token], "the token volume is named after each uid"
    assert [m["name"] for m in second["spec"]["containers"][0]["volumeMounts"]] == [token]
    assert first["spec"]["volumes"][0]["name"] == "kube-api-access-" + _suffix(first["metadata"]["uid"])
    other_meta, status = pod_parts(rs, template)
    other_meta["labels"] = {**other_meta["labels"], "extra": "yes"}
    third = sim.store.create(new_pod(sim, rs, template, shared_spec=True, shared=(other_meta, status)))
    assert third["metadata"]["labels"] == {**first["metadata"]["labels"], "extra": "yes"}
    assert not alike[-1]
    fourth = sim.store.create(new_pod(sim, rs, template, shared_spec=True, shared=(shared[0], dict(shared[1]))))
    assert fourth["metadata"]["labels"] == first["metadata"]["labels"]
    assert {**fourth, "metadata": None, "spec": None} == {**first, "metadata": None, "spec": None}
