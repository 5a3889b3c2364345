"""Pods stamped from one template are validated once: the copies equal a full validation."""

import copy

import pytest

from kubetui import Simulation
from kubetui.engine.admission import podtemplates
from kubetui.model.validation import FieldInvalid, validate


def pod(name: str, uid: str, **spec_extra) -> dict:
    return {"apiVersion": "v1", "kind": "Pod",
            "metadata": {"name": name, "generateName": "web-7d9f-", "namespace": "default", "uid": uid,
                         "labels": {"app": "web"}},
            "spec": {"containers": [{"name": "app", "image": "nginx:1.25",
                                     "resources": {"requests": {"cpu": "100m"}}}], **spec_extra}}


def test_a_remembered_shape_gives_exactly_what_a_full_validation_gives():
    podtemplates._validated.clear()
    first = podtemplates.validate_pod(pod("web-7d9f-bcdfg", "u-1"))
    second = podtemplates.validate_pod(pod("web-7d9f-xz245", "u-2"))
    assert podtemplates._validated, "the first pod's shape should be remembered"
    assert second == validate(pod("web-7d9f-xz245", "u-2"))
    assert second["metadata"]["name"] == "web-7d9f-xz245" and second["metadata"].get("uid") == "u-2"
    assert first["metadata"]["name"] == "web-7d9f-bcdfg"
    second["spec"]["containers"][0]["image"] = "changed"
    third = podtemplates.validate_pod(pod("web-7d9f-qqqqq", "u-3"))
    assert third["spec"]["containers"][0]["image"] == "nginx:1.25", "copies never share parts"


def test_a_name_not_generated_from_generate_name_is_validated_in_full():
    podtemplates._validated.clear()
    podtemplates.validate_pod(pod("web-7d9f-bcdfg", "u-1"))
    bad = pod("Web_7d9f-bcdfg", "u-2")
    with pytest.raises(FieldInvalid):
        podtemplates.validate_pod(bad)


def test_an_invalid_pod_is_refused_every_time_and_never_remembered():
    podtemplates._validated.clear()
    broken = pod("web-7d9f-bcdfg", "u-1", restartPolicy="Sometimes")
    for _ in range(2):
        with pytest.raises(FieldInvalid) as err:
            podtemplates.validate_pod(copy.deepcopy(broken))
        assert "restartPolicy" in str(err.value)
    assert not podtemplates._validated


def test_replicas_admitted_from_memory_match_replicas_admitted_in_full(monkeypatch):
    def run(remember: bool) -> str:
        podtemplates._validated.clear()
        if not remember:
            monkeypatch.setattr(podtemplates, "validate_pod",
                                lambda obj, kinds=None, template=False: validate(obj, kinds=kinds))
        sim = Simulation(seed=4)
        sim.run("kubectl create deployment web --image=nginx:1.25 --replicas=6")
        sim.step(5)
        monkeypatch.undo()
        return sim.checksum()

    assert run(True) == run(False)


def test_uids_are_the_uuid4_strings_of_the_drawn_bits():
    import random
    import uuid

    from kubetui.engine.store import uuid4

    r = random.Random(9)
    for bits in [0, 2**128 - 1, *(r.getrandbits(128) for _ in range(2000))]:
        assert uuid4(bits) == str(uuid.UUID(int=bits, version=4))


def test_pods_of_one_template_share_all_but_their_metadata_and_token_volume():
    sim = Simulation(seed=4)
    sim.run("kubectl create deployment web --image=nginx:1.25 --replicas=3")
    sim.step(1)
    pods = list(sim.store.iter("Pod", "default"))
    a, b, c = pods
    assert list(a) == list(b) == list(c) and list(a["metadata"]) == list(b["metadata"])
    # the first pod was admitted in full; the next two are stamped from its result: they share
    # all of it but their metadata and what holds their own token volume's name
    assert len({id(p["metadata"]) for p in pods}) == 3
    assert len({id(p["metadata"]["labels"]) for p in pods}) == 1
    assert len({id(p["metadata"]["ownerReferences"]) for p in pods}) == 1
    assert len({id(p["spec"]) for p in pods}) == 3
    assert len({id(p["spec"]["volumes"]) for p in pods}) == 3
    assert len({id(p["spec"]["containers"]) for p in pods}) == 3
    assert len({id(p["spec"]["containers"][0]) for p in pods}) == 3
    assert len({id(p["spec"]["containers"][0]["resources"]) for p in pods}) == 1
    assert len({id(p["spec"]["containers"][0]["volumeMounts"]) for p in pods}) == 3
    assert len({id(p["spec"]["tolerations"]) for p in pods}) == 1
    assert len({p["spec"]["volumes"][0]["name"] for p in pods}) == 3
    assert b["metadata"]["name"] != c["metadata"]["name"] and b["metadata"]["uid"] != c["metadata"]["uid"]
    sim.run("kubectl label pod " + b["metadata"]["name"] + " extra=yes")
    assert "extra" not in sim.store.get("Pod", "default", c["metadata"]["name"])["metadata"]["labels"]


def test_limit_ranger_defaults_a_copy_of_the_shared_resources():
    """Pods of one template share their containers' `resources`; LimitRanger, which fills in
    defaults, changes a copy: the pods made before the LimitRange keep what they had."""
    sim = Simulation(seed=4)
    sim.run("kubectl create deployment web --image=nginx:1.25 --replicas=3")
    sim.step(1)
    before = {p["metadata"]["name"]: p["spec"]["containers"][0]["resources"]
              for p in sim.store.iter("Pod", "default")}
    assert all(r == {} for r in before.values())
    sim.store.create({"apiVersion": "v1", "kind": "LimitRange", "metadata": {"name": "limits", "namespace": "default"},
                      "spec": {"limits": [{"type": "Container", "default": {"cpu": "200m"},
                                           "defaultRequest": {"cpu": "100m"}}]}})
    sim.run("kubectl scale deployment web --replicas=6")
    sim.step(1)
    pods = list(sim.store.iter("Pod", "default"))
    assert len(pods) == 6
    for p in pods:
        res = p["spec"]["containers"][0]["resources"]
        if p["metadata"]["name"] in before:
            assert res == {}, "a pod made before the LimitRange kept its resources"
        else:
            assert res == {"limits": {"cpu": "200m"}, "requests": {"cpu": "100m"}}


def test_a_replica_sets_pods_are_known_by_their_templates_spec_until_the_template_changes():
    """A ReplicaSet's pods carry its stored template's spec itself (no copy); admission knows
    such a spec by identity. A new template is a new object, validated afresh; the template
    is never written into."""
    from kubetui.engine.controllers.replicaset import new_pod

    podtemplates._validated.clear()
    podtemplates._specs.clear()
    sim = Simulation(seed=4)
    sim.run("kubectl create deployment web --image=nginx:1.25 --replicas=3")
    sim.step(2)
    rs = next(sim.store.iter("ReplicaSet", "default"))
    template = copy.deepcopy(rs["spec"]["template"])
    shared = new_pod(sim, rs, rs["spec"]["template"], shared_spec=True)
    assert podtemplates.is_template_spec(sim.store, shared)
    assert not podtemplates.is_template_spec(sim.store, new_pod(sim, rs, rs["spec"]["template"]))
    assert not podtemplates.is_template_spec(sim.store, {**shared, "spec": copy.deepcopy(shared["spec"])})
    assert [s for s in podtemplates._specs.values() if s is rs["spec"]["template"]["spec"]]
    assert sim.store.get("ReplicaSet", "default", rs["metadata"]["name"])["spec"]["template"] == template
    sim.run("kubectl set image deployment/web nginx=nginx:1.26")
    sim.step(3)
    images = {p["spec"]["containers"][0]["image"] for p in sim.store.iter("Pod", "default")}
    assert "nginx:1.26" in images


def test_copies_from_memory_share_no_list_or_dict_but_the_shared_parts():
    podtemplates._validated.clear()
    extra = {"tolerations": [{"key": "k", "operator": "Exists"}], "nodeSelector": {"disk": "ssd"},
             "securityContext": {"runAsUser": 1000}}
    def stamped(name, uid):
        p = pod(name, uid, **copy.deepcopy(extra))
        p["spec"]["containers"][0]["env"] = [{"name": "A", "value": "1"}]
        return p
    podtemplates.validate_pod(stamped("web-7d9f-bcdfg", "u-1"))
    second = podtemplates.validate_pod(stamped("web-7d9f-xz245", "u-2"))
    third = podtemplates.validate_pod(stamped("web-7d9f-qqqqq", "u-3"))
    assert second == validate(stamped("web-7d9f-xz245", "u-2"))
    s, t = second["spec"], third["spec"]
    for a, b in [(s, t), (s["containers"], t["containers"]), (s["containers"][0], t["containers"][0]),
                 (s["containers"][0]["env"], t["containers"][0]["env"]), (s["tolerations"], t["tolerations"]),
                 (s["nodeSelector"], t["nodeSelector"])]:
        assert a is not b and a == b
    assert second["metadata"] is not third["metadata"]
    assert s["securityContext"] is t["securityContext"]
    assert s["containers"][0]["resources"] is t["containers"][0]["resources"]
    assert second["metadata"]["labels"] is third["metadata"]["labels"]
    s["tolerations"].append({"key": "other", "operator": "Exists"})
    s["containers"][0]["env"].append({"name": "B", "value": "2"})
    fourth = podtemplates.validate_pod(stamped("web-7d9f-wwwww", "u-4"))
    assert fourth == validate(stamped("web-7d9f-wwwww", "u-4"))
