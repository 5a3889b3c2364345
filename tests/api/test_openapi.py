"""OpenAPI v2 and v3 generated from kubetui's models: `kubectl explain` reads them, every kind
carries its group-version-kind, strategic-merge lists their patch strategy and key."""

from __future__ import annotations

import re

from kubetui.kubectl import openapi, schemas
from kubetui.model.apps import DeploymentSpec
from kubetui.model.validation.decode import MODELS


def test_kubectl_explain_reads_the_served_schemas(shared):
    r = shared.kubectl("explain", "deployment.spec.replicas")
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("GROUP:      apps\nKIND:       Deployment\nVERSION:    v1\n\nFIELD: replicas <integer>\n")
    r = shared.kubectl("explain", "deployment.spec")
    fields = re.findall(r"^  (\w+)\t<", r.stdout, re.M)
    assert fields == sorted(f.alias or n for n, f in DeploymentSpec.model_fields.items())
    r = shared.kubectl("explain", "pods.spec.containers.ports")
    assert "FIELD: ports <[]ContainerPort>" in r.stdout and "containerPort\t<integer>" in r.stdout
    assert "FIELD: maxSurge <IntOrString>" in shared.kubectl(
        "explain", "deploy.spec.strategy.rollingUpdate.maxSurge").stdout
    assert "FIELD: limits <map[string]Quantity>" in shared.kubectl(
        "explain", "pod.spec.containers.resources.limits").stdout
    r = shared.kubectl("explain", "cronjob.spec", "--recursive")
    assert "jobTemplate\t<JobTemplateSpec>" in r.stdout and "schedule\t<string>" in r.stdout
    r = shared.kubectl("explain", "deployment.spec.nope")
    assert r.returncode == 1 and 'field "nope" does not exist' in r.stderr


def test_every_kind_has_its_group_version_kind_in_v2_and_v3(shared):
    code, v2, _ = shared.http("GET", "/openapi/v2")
    assert code == 200 and v2["swagger"] == "2.0"
    defs = v2["definitions"]
    for kind, model in MODELS.items():
        gvk = defs[schemas.name_of(model)]["x-kubernetes-group-version-kind"]
        assert gvk[0]["kind"] == kind
    dep = defs["io.k8s.api.apps.v1.Deployment"]
    assert dep["x-kubernetes-group-version-kind"] == [{"group": "apps", "kind": "Deployment", "version": "v1"}]
    assert dep["properties"]["spec"]["$ref"] == "#/definitions/io.k8s.api.apps.v1.DeploymentSpec"
    assert dep["properties"]["spec"]["description"].startswith("Specification of the desired behavior of the Deployment.")
    containers = defs["io.k8s.api.core.v1.PodSpec"]["properties"]["containers"]
    assert containers["x-kubernetes-patch-merge-key"] == "name"
    assert containers["x-kubernetes-patch-strategy"] == "merge"
    ports = defs["io.k8s.api.core.v1.ServiceSpec"]["properties"]["ports"]
    assert ports["x-kubernetes-patch-merge-key"] == "port"
    assert defs["io.k8s.api.core.v1.PodSpec"]["properties"]["tolerations"]["x-kubernetes-list-type"] == "atomic"
    assert defs["io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta"]["properties"]["generation"]["format"] == "int64"
    code, root, _ = shared.http("GET", "/openapi/v3")
    url = root["paths"]["apis/apps/v1"]["serverRelativeURL"]
    code, v3, _ = shared.http("GET", url)
    assert code == 200
    found = v3["components"]["schemas"]
    assert "io.k8s.api.apps.v1.Deployment" in found and "io.k8s.api.batch.v1.Job" not in found
    refs = set(re.findall(r'"\$ref": "#/components/schemas/([^"]+)"', str(v3).replace("'", '"')))
    assert refs <= set(found)
    assert openapi.document("apps/v1") == v3


def test_explain_prints_kubernetes_descriptions_and_required_fields(shared):
    out = shared.kubectl("explain", "pod.spec.containers").stdout
    assert out.startswith("KIND:       Pod\nVERSION:    v1\n\nFIELD: containers <[]Container>\n\n\nDESCRIPTION:\n"
                          "    List of containers belonging to the pod. Containers cannot currently be\n"
                          "    added or removed. There must be at least one container in a Pod. Cannot be\n"
                          "    updated.\n    A single application container that you want to run within a pod.\n")
    assert "  name\t<string> -required-\n    Name of the container specified as a DNS_LABEL." in out
    assert "<no description>" not in out
    out = shared.kubectl("explain", "deployment.spec.replicas").stdout
    assert out.endswith("DESCRIPTION:\n    Number of desired pods. This is a pointer to distinguish between explicit\n"
                        "    zero and not specified. Defaults to 1.\n    \n\n")
