"""A controller never sees an object the API server would have refused, so whatever validation
admits must survive the engine: hypothesis edits valid objects field by field (paths and values
drawn from kubetui's own models, for every built-in kind and a custom kind), and every object
`kubectl apply` accepts is run for some ticks, then deleted."""

from __future__ import annotations

import base64
import json

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from fuzz_kit import (
    DEEP,
    FAST,
    assert_not_masked,
    edits,
    fuzz,
    ints,
    merged,
    set_path,
    strings,
    time_budget,
    writes_only_under,
)
from hypothesis import event, settings
from hypothesis import strategies as st

from kubetui import Simulation
from kubetui.model.kinds import KINDS
from kubetui.model.validation import MODELS

TICKS = 20
BUDGET = 30
"""Seconds per object: `replicas: 2147483647` is admitted, and 500 pods a tick take a while."""

POD_SPEC = {"containers": [{"name": "app", "image": "busybox:1.36", "command": ["sh", "-c", "sleep 5"]}]}
TEMPLATE = {"metadata": {"labels": {"app": "x"}}, "spec": POD_SPEC}
WORKLOAD = {"selector": {"matchLabels": {"app": "x"}}, "template": TEMPLATE}
ROLE_REF = {"apiGroup": "rbac.authorization.k8s.io", "kind": "ClusterRole", "name": "view"}
_KEY = ec.derive_private_key(4242, ec.SECP256R1())
_CSR = x509.CertificateSigningRequestBuilder().subject_name(
    x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "jane")])).sign(_KEY, hashes.SHA256())
CRONTAB_SCHEMA = {"type": "object", "properties": {"spec": {"type": "object", "properties": {
    "cronSpec": {"type": "string", "pattern": "^(\\d+|\\*)(/\\d+)?(\\s+(\\d+|\\*)(/\\d+)?){4}$"},
    "image": {"type": "string", "maxLength": 64},
    "replicas": {"type": "integer", "minimum": 1, "maximum": 10},
    "ratio": {"type": "number"}, "enabled": {"type": "boolean"},
    "tags": {"type": "array", "maxItems": 3, "items": {"type": "string"}},
    "limits": {"type": "object", "additionalProperties": {"type": "integer"}},
    "mode": {"type": "string", "enum": ["fast", "slow"]}}}}}


def crd(plural: str, kind: str, group: str = "example.com", schema: dict | None = None) -> dict:
    return {"apiVersion": "apiextensions.k8s.io/v1", "kind": "CustomResourceDefinition",
            "metadata": {"name": f"{plural}.{group}"},
            "spec": {"group": group, "scope": "Namespaced",
                     "names": {"plural": plural, "singular": kind.lower(), "kind": kind},
                     "versions": [{"name": "v1", "served": True, "storage": True, "subresources": {"status": {}},
                                   "schema": {"openAPIV3Schema": schema or {
                                       "type": "object", "x-kubernetes-preserve-unknown-fields": True}}}]}}


REQUIRED = {
    "Pod": {"metadata": {"labels": {"app": "x"}}, "spec": POD_SPEC},
    "Service": {"spec": {"selector": {"app": "x"}, "ports": [{"port": 80, "targetPort": 80}]}},
    "ConfigMap": {"data": {"a": "b"}},
    "PersistentVolume": {"spec": {"capacity": {"storage": "1Gi"}, "accessModes": ["ReadWriteOnce"],
                                  "hostPath": {"path": "/data"}}},
    "PersistentVolumeClaim": {"spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}}},
    "ReplicationController": {"spec": {"replicas": 2, "selector": {"app": "x"}, "template": TEMPLATE}},
    "ReplicaSet": {"spec": {"replicas": 2, **WORKLOAD}},
    "Deployment": {"spec": {"replicas": 2, **WORKLOAD}},
    "DaemonSet": {"spec": WORKLOAD},
    "StatefulSet": {"spec": {"replicas": 2, "serviceName": "x", **WORKLOAD}},
    "Job": {"spec": {"template": {"spec": {**POD_SPEC, "restartPolicy": "Never"}}}},
    "CronJob": {"spec": {"schedule": "*/1 * * * *", "jobTemplate": {"spec": {
        "template": {"spec": {**POD_SPEC, "restartPolicy": "OnFailure"}}}}}},
    "HorizontalPodAutoscaler": {"spec": {"scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": "x"},
                                         "minReplicas": 1, "maxReplicas": 3}},
    "EndpointSlice": {"addressType": "IPv4", "endpoints": [{"addresses": ["10.0.0.9"]}]},
    "StorageClass": {"provisioner": "kubernetes.io/no-provisioner"},
    "ClusterRoleBinding": {"roleRef": ROLE_REF, "subjects": [{"kind": "User", "name": "jane"}]},
    "RoleBinding": {"roleRef": ROLE_REF, "subjects": [{"kind": "ServiceAccount", "name": "default"}]},
    "CertificateSigningRequest": {"spec": {
        "request": base64.b64encode(_CSR.public_bytes(serialization.Encoding.PEM)).decode(),
        "signerName": "kubernetes.io/kube-apiserver-client", "usages": ["client auth"]}},
    "Ingress": {"spec": {"rules": [{"host": "x.example.com", "http": {"paths": [
        {"path": "/", "pathType": "Prefix", "backend": {"service": {"name": "x", "port": {"number": 80}}}}]}}]}},
    "IngressClass": {"spec": {"controller": "example.com/ingress"}},
    "CustomResourceDefinition": crd("widgets", "Widget"),
    "Event": {"involvedObject": {"kind": "Deployment", "name": "x", "namespace": "default"}, "reason": "Tested",
              "message": "hi"},
}
"""What each kind needs beyond apiVersion, kind and a name to be admitted; the rest of every
base object comes from the kind registry."""

BASES = {k.kind: merged({"apiVersion": k.api_version, "kind": k.kind, "metadata": {"name": "x"}},
                        REQUIRED.get(k.kind, {}))
         for k in KINDS.values()}
DEPTH = {"Pod": 3, "CronJob": 7, "Service": 2, "ConfigMap": 2}
"""How deep edits reach (model levels); 5 reaches a workload's containers."""

_cluster: Simulation | None = None


def cluster() -> Simulation:
    """One cluster with a workload the new object can meet (a Service selects it, a quota...)
    and a CustomResourceDefinition whose kind is fuzzed too."""
    global _cluster
    if _cluster is None:
        _cluster = Simulation(seed=5)
        _cluster.run("kubectl create deployment x --image=nginx:1.25 --replicas=2")
        r = _cluster.run("kubectl apply -f -", stdin=json.dumps(crd("crontabs", "CronTab", "stable.example.com",
                                                                    CRONTAB_SCHEMA)))
        assert r.exit_code == 0, r.stderr
        _cluster.step(5)
    return _cluster.fork()


def _apply(base: dict, changes: list) -> dict:
    obj = base
    for path, value in changes:
        obj = set_path(obj, path, value)
    return obj


def objects(kind: str) -> st.SearchStrategy:
    if kind == "CronTab":
        return crontabs()
    model = MODELS[kind]
    return st.one_of(edits(model, DEPTH.get(kind, 5), None), edits(model, 1, ("metadata",))).map(
        lambda changes: _apply(BASES[kind], changes))


def schema_values(schema: dict, depth: int = 3) -> st.SearchStrategy:
    """Values for an OpenAPI schema (a CRD's), some outside it: the API server must refuse those."""
    kind = schema.get("type")
    if kind == "object" and depth > 0:
        props = {k: schema_values(v, depth - 1) for k, v in schema.get("properties", {}).items()}
        extra = schema.get("additionalProperties")
        if extra:
            return st.dictionaries(strings, schema_values(extra, depth - 1), max_size=2)
        return st.fixed_dictionaries({}, optional={**props, "unknown": ints})
    if kind == "array" and depth > 0:
        return st.lists(schema_values(schema.get("items", {}), depth - 1), max_size=4)
    if kind == "integer":
        return ints
    if kind == "number":
        return st.one_of(ints, st.floats(allow_nan=False, allow_infinity=False))
    if kind == "boolean":
        return st.one_of(st.booleans(), strings)
    if "enum" in schema:
        return st.one_of(st.sampled_from(schema["enum"]), strings)
    return st.one_of(strings, st.sampled_from(["*/5 * * * *", "1 2 3 4 5", "x" * 65]), ints)


def crontabs() -> st.SearchStrategy:
    return schema_values(CRONTAB_SCHEMA["properties"]["spec"]).map(lambda spec: {
        "apiVersion": "stable.example.com/v1", "kind": "CronTab", "metadata": {"name": "x"}, "spec": spec})


def survive(obj: dict) -> None:
    sim = cluster()
    with time_budget(BUDGET), writes_only_under():
        r = sim.run("kubectl apply -f -", stdin=json.dumps(obj))
        assert_not_masked(r.stderr)
        event("admitted" if r.exit_code == 0 else "refused")
        if r.exit_code == 0:
            sim.step(TICKS)
            name = obj["metadata"].get("name") or "x"
            r = sim.run(f"kubectl delete {obj['kind'].lower()} {name} --wait=false")
            assert_not_masked(r.stderr)
            sim.step(5)


KINDS_FUZZED = [*BASES, "CronTab"]
FAST_EXAMPLES = 100
"""Per kind in the full run: 37 kinds (36 built-in and a custom one) x 100, a few seconds each."""


@pytest.mark.slow  # every kind for 20 ticks: seconds
def test_every_base_object_is_admitted():
    """The edits start from valid objects, or they would only ever test refusals."""
    sim = cluster()
    for kind in KINDS_FUZZED:
        obj = BASES[kind] if kind != "CronTab" else {
            "apiVersion": "stable.example.com/v1", "kind": "CronTab", "metadata": {"name": "x"},
            "spec": {"cronSpec": "*/5 * * * *", "replicas": 2}}
        r = sim.run("kubectl apply -f -", stdin=json.dumps(obj))
        assert r.exit_code == 0, (kind, r.stderr)
    sim.step(TICKS)


@pytest.mark.slow  # 1-4 s each: the quick loop leaves it to the full run
@pytest.mark.parametrize("kind", KINDS_FUZZED)
def test_what_validation_admits_the_engine_survives(kind):
    fuzz(objects(kind), settings(FAST, max_examples=FAST_EXAMPLES), survive)


@pytest.mark.slow  # 37 kinds x 5,000 at KUBETUI_FUZZ_SCALE=1
@pytest.mark.deep
@pytest.mark.parametrize("kind", KINDS_FUZZED)
def test_what_validation_admits_the_engine_survives_deep(kind):
    fuzz(objects(kind), DEEP, survive)
