import copy
from pathlib import Path

import kubernetes_validate
import pytest

from kubetui.model.manifest import load_documents
from kubetui.model.validation import (
    DecodeError,
    FieldInvalid,
    NoKindMatch,
    UndecodableObject,
    validate,
    validate_template,
)

GOLDEN = Path(__file__).parent / "golden"


def golden(name: str) -> dict:
    (doc,) = load_documents((GOLDEN / name).read_text(), name)
    return doc.obj


def deployment(**spec) -> dict:
    base = {
        "apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "web"},
        "spec": {
            "selector": {"matchLabels": {"app": "web"}},
            "template": {"metadata": {"labels": {"app": "web"}},
                         "spec": {"containers": [{"name": "web", "image": "nginx:1.25"}]}},
        },
    }
    base["spec"].update(spec)
    return base


def container(obj: dict) -> dict:
    return obj["spec"]["template"]["spec"]["containers"][0]


def error_of(obj: dict) -> Exception:
    with pytest.raises(Exception) as e:
        validate(obj)
    return e.value


# --- defaults -----------------------------------------------------------------------------------

def test_deployment_defaults_from_kubectl_create():
    out = validate(golden("deployment.yaml"))
    spec = out["spec"]
    assert spec["replicas"] == 3
    assert spec["strategy"] == {"type": "RollingUpdate",
                                "rollingUpdate": {"maxUnavailable": "25%", "maxSurge": "25%"}}
    assert spec["revisionHistoryLimit"] == 10
    assert spec["progressDeadlineSeconds"] == 600
    pod = spec["template"]["spec"]
    assert pod["restartPolicy"] == "Always"
    assert pod["dnsPolicy"] == "ClusterFirst"
    assert pod["schedulerName"] == "default-scheduler"
    assert pod["terminationGracePeriodSeconds"] == 30
    assert pod["securityContext"] == {}
    assert "enableServiceLinks" not in pod and "priority" not in pod  # Pod-only defaults
    c = pod["containers"][0]
    assert c["imagePullPolicy"] == "IfNotPresent"
    assert c["terminationMessagePath"] == "/dev/termination-log"
    assert c["terminationMessagePolicy"] == "File"
    assert c["ports"] == [{"containerPort": 80, "protocol": "TCP"}]
    assert "creationTimestamp" not in out["metadata"]


@pytest.mark.parametrize("image,policy", [
    ("nginx", "Always"), ("nginx:latest", "Always"), ("nginx:1.25", "IfNotPresent"),
    ("localhost:5000/shop/web", "Always"), ("localhost:5000/shop/web:v2", "IfNotPresent"),
    ("nginx@sha256:abc", "IfNotPresent"),
])
def test_image_pull_policy_default(image, policy):
    obj = deployment()
    container(obj)["image"] = image
    assert container(validate(obj))["imagePullPolicy"] == policy


def test_pod_defaults():
    out = validate(golden("pod.yaml"))
    spec = out["spec"]
    assert spec["enableServiceLinks"] is True
    assert "priority" not in spec and "preemptionPolicy" not in spec  # the Priority admission plugin's
    assert spec["containers"][0]["imagePullPolicy"] == "Always"


def test_pod_requests_default_to_limits_in_canonical_form():
    pod = golden("pod.yaml")
    pod["spec"]["containers"][0]["resources"] = {
        "limits": {"cpu": 0.5, "memory": "128Mi"}, "requests": {"memory": "64Mi"}}
    res = validate(pod)["spec"]["containers"][0]["resources"]
    assert res["requests"] == {"memory": "64Mi", "cpu": "500m"}
    assert res["limits"] == {"cpu": "500m", "memory": "128Mi"}


def test_probe_and_volume_defaults():
    obj = deployment()
    obj["spec"]["template"]["spec"]["volumes"] = [
        {"name": "cfg", "configMap": {"name": "app"}},
        {"name": "scratch"},
        {"name": "host", "hostPath": {"path": "/var/log"}},
    ]
    container(obj)["livenessProbe"] = {"httpGet": {"port": 80}}
    container(obj)["env"] = [{"name": "NODE", "valueFrom": {"fieldRef": {"fieldPath": "spec.nodeName"}}}]
    out = validate(obj)
    probe = container(out)["livenessProbe"]
    assert probe == {"httpGet": {"port": 80, "path": "/", "scheme": "HTTP"}, "timeoutSeconds": 1,
                     "periodSeconds": 10, "successThreshold": 1, "failureThreshold": 3}
    volumes = out["spec"]["template"]["spec"]["volumes"]
    assert volumes[0]["configMap"]["defaultMode"] == 420
    assert volumes[1]["emptyDir"] == {}
    assert volumes[2]["hostPath"] == {"path": "/var/log", "type": ""}
    assert container(out)["env"][0]["valueFrom"]["fieldRef"]["apiVersion"] == "v1"


def test_job_defaults():
    out = validate(golden("job.yaml"))
    spec = out["spec"]
    assert (spec["completions"], spec["parallelism"], spec["backoffLimit"]) == (1, 1, 6)
    assert spec["completionMode"] == "NonIndexed"
    assert spec["suspend"] is False
    assert spec["podReplacementPolicy"] == "TerminatingOrFailed"
    assert "selector" not in spec and "manualSelector" not in spec
    assert spec["template"]["spec"]["restartPolicy"] == "Never"


def test_job_parallelism_alone_leaves_completions_unset():
    obj = golden("job.yaml")
    obj["spec"]["parallelism"] = 3
    spec = validate(obj)["spec"]
    assert spec["parallelism"] == 3 and "completions" not in spec


def test_cronjob_defaults():
    spec = validate(golden("cronjob.yaml"))["spec"]
    assert spec["concurrencyPolicy"] == "Allow"
    assert spec["suspend"] is False
    assert spec["successfulJobsHistoryLimit"] == 3
    assert spec["failedJobsHistoryLimit"] == 1
    job = spec["jobTemplate"]["spec"]
    assert "backoffLimit" not in job  # Job defaults belong to the Job object, not the template
    assert job["template"]["spec"]["dnsPolicy"] == "ClusterFirst"


def test_service_defaults():
    out = validate(golden("service.yaml"))
    spec = out["spec"]
    assert spec["sessionAffinity"] == "None"
    assert spec["externalTrafficPolicy"] == "Cluster"
    assert spec["internalTrafficPolicy"] == "Cluster"
    assert spec["ipFamilies"] == ["IPv4"] and spec["ipFamilyPolicy"] == "SingleStack"
    assert out["status"] == {"loadBalancer": {}}


def test_service_target_port_defaults_to_port():
    svc = {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web"},
           "spec": {"selector": {"app": "web"}, "ports": [{"port": 80}]}}
    spec = validate(svc)["spec"]
    assert spec["type"] == "ClusterIP"
    assert spec["ports"] == [{"port": 80, "protocol": "TCP", "targetPort": 80}]
    assert "externalTrafficPolicy" not in spec


def test_replication_controller_selector_and_labels_from_template():
    rc = {"apiVersion": "v1", "kind": "ReplicationController", "metadata": {"name": "rc"},
          "spec": {"template": {"metadata": {"labels": {"app": "x"}},
                                "spec": {"containers": [{"name": "c", "image": "nginx"}]}}}}
    out = validate(rc)
    assert out["spec"]["selector"] == {"app": "x"}
    assert out["metadata"]["labels"] == {"app": "x"}
    assert out["spec"]["replicas"] == 1


def test_daemonset_and_statefulset_defaults():
    ds = deployment()
    ds["kind"] = "DaemonSet"
    spec = validate(ds)["spec"]
    assert spec["updateStrategy"] == {"type": "RollingUpdate",
                                      "rollingUpdate": {"maxUnavailable": 1, "maxSurge": 0}}
    assert spec["revisionHistoryLimit"] == 10
    sts = deployment(serviceName="web", volumeClaimTemplates=[{
        "metadata": {"name": "data"},
        "spec": {"accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}}}])
    sts["kind"] = "StatefulSet"
    spec = validate(sts)["spec"]
    assert spec["replicas"] == 1 and spec["podManagementPolicy"] == "OrderedReady"
    assert spec["updateStrategy"] == {"type": "RollingUpdate", "rollingUpdate": {"partition": 0}}
    assert spec["volumeClaimTemplates"][0]["spec"]["volumeMode"] == "Filesystem"
    assert spec["volumeClaimTemplates"][0]["status"] == {"phase": "Pending"}


def test_small_kind_defaults():
    ns = validate(golden("namespace.yaml"))
    assert ns["metadata"]["labels"] == {"kubernetes.io/metadata.name": "dev"}
    assert ns["status"] == {"phase": "Active"}
    assert validate(golden("secret.yaml"))["type"] == "Opaque"
    pvc = validate({"apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": {"name": "d"},
                    "spec": {"accessModes": ["ReadWriteOnce"],
                             "resources": {"requests": {"storage": "1Gi"}}}})
    assert pvc["spec"]["volumeMode"] == "Filesystem" and pvc["status"] == {"phase": "Pending"}
    sc = validate({"apiVersion": "storage.k8s.io/v1", "kind": "StorageClass",
                   "metadata": {"name": "fast"}, "provisioner": "kubetui.io/disk"})
    assert (sc["reclaimPolicy"], sc["volumeBindingMode"]) == ("Delete", "Immediate")
    np = validate({"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy",
                   "metadata": {"name": "deny"},
                   "spec": {"podSelector": {}, "ingress": [{"ports": [{"port": 80}]}]}})
    assert np["spec"]["policyTypes"] == ["Ingress"]
    assert np["spec"]["ingress"][0]["ports"][0]["protocol"] == "TCP"


def test_limit_range_defaults():
    lr = validate({"apiVersion": "v1", "kind": "LimitRange", "metadata": {"name": "l"},
                   "spec": {"limits": [{"type": "Container", "max": {"cpu": "1"},
                                        "min": {"memory": "64Mi"}}]}})
    item = lr["spec"]["limits"][0]
    assert item["default"] == {"cpu": "1"}
    assert item["defaultRequest"] == {"cpu": "1", "memory": "64Mi"}


def test_hpa_defaults():
    hpa = {"apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler",
           "metadata": {"name": "web"},
           "spec": {"scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": "web"},
                    "maxReplicas": 5, "behavior": {"scaleDown": {"stabilizationWindowSeconds": 60}}}}
    spec = validate(hpa)["spec"]
    assert spec["minReplicas"] == 1
    assert spec["metrics"] == [{"type": "Resource", "resource": {
        "name": "cpu", "target": {"type": "Utilization", "averageUtilization": 80}}}]
    assert spec["behavior"]["scaleDown"]["stabilizationWindowSeconds"] == 60
    assert spec["behavior"]["scaleDown"]["policies"] == [
        {"type": "Percent", "value": 100, "periodSeconds": 15}]
    assert spec["behavior"]["scaleUp"]["selectPolicy"] == "Max"


# --- idempotence, round trips, agreement with the published schema ------------------------------

ALL_GOLDEN = ["deployment.yaml", "deployment.json", "job.yaml", "cronjob.yaml", "service.yaml",
              "secret.yaml", "namespace.yaml", "quota.yaml", "pod.yaml"]


@pytest.mark.parametrize("name", ALL_GOLDEN)
def test_validate_is_idempotent_and_does_not_mutate_input(name):
    obj = golden(name)
    before = copy.deepcopy(obj)
    out = validate(obj)
    assert obj == before
    assert validate(copy.deepcopy(out)) == out


@pytest.mark.parametrize("name", ALL_GOLDEN)
def test_defaulted_objects_pass_the_kubernetes_schema(name):
    out = validate(golden(name))
    kubernetes_validate.validate(out, "1.32.0", strict=True)


def test_read_back_object_with_status_loads_again():
    pod = golden("pod.yaml")
    pod["metadata"].update(uid="0b1c", resourceVersion="12", creationTimestamp="2026-01-01T00:00:05Z",
                           ownerReferences=[{"apiVersion": "apps/v1", "kind": "ReplicaSet",
                                             "name": "web-abc", "uid": "u1", "controller": True,
                                             "blockOwnerDeletion": True}])
    pod["spec"]["nodeName"] = "node-1"
    pod["status"] = {
        "phase": "Running", "hostIP": "10.0.0.2", "hostIPs": [{"ip": "10.0.0.2"}],
        "podIP": "10.244.1.5", "podIPs": [{"ip": "10.244.1.5"}], "qosClass": "BestEffort",
        "startTime": "2026-01-01T00:00:06Z",
        "conditions": [{"type": "Ready", "status": "True", "lastProbeTime": None,
                        "lastTransitionTime": "2026-01-01T00:00:09Z"}],
        "containerStatuses": [{
            "name": "web", "ready": True, "restartCount": 1, "started": True, "image": "nginx",
            "imageID": "docker.io/library/nginx@sha256:1", "containerID": "containerd://abc",
            "state": {"running": {"startedAt": "2026-01-01T00:00:08Z"}},
            "lastState": {"terminated": {"exitCode": 137, "reason": "OOMKilled",
                                         "startedAt": "2026-01-01T00:00:06Z",
                                         "finishedAt": "2026-01-01T00:00:07Z",
                                         "containerID": "containerd://old"}}}],
    }
    out = validate(pod)
    assert out["status"]["containerStatuses"][0]["lastState"]["terminated"]["reason"] == "OOMKilled"
    assert "lastProbeTime" not in out["status"]["conditions"][0]
    assert validate(out) == out
    kubernetes_validate.validate(out, "1.32.0", strict=True)


def test_node_round_trip():
    node = {"apiVersion": "v1", "kind": "Node", "metadata": {"name": "node-1"},
            "spec": {"taints": [{"key": "node.kubernetes.io/unreachable", "effect": "NoSchedule"}],
                     "podCIDR": "10.244.1.0/24", "unschedulable": True},
            "status": {"capacity": {"cpu": "4", "memory": "8Gi", "pods": "110"},
                       "conditions": [{"type": "Ready", "status": "Unknown",
                                       "reason": "NodeStatusUnknown",
                                       "message": "Kubelet stopped posting node status."}],
                       "daemonEndpoints": {"kubeletEndpoint": {"Port": 10250}},
                       "nodeInfo": {"kubeletVersion": "v1.32.0", "osImage": "Ubuntu",
                                    "machineID": "m", "systemUUID": "s", "bootID": "b",
                                    "kernelVersion": "6.1", "kubeProxyVersion": "v1.32.0",
                                    "containerRuntimeVersion": "containerd://1.7",
                                    "operatingSystem": "linux", "architecture": "amd64"}}}
    out = validate(node)
    assert out["status"]["allocatable"] == {"cpu": "4", "memory": "8Gi", "pods": "110"}
    assert out["status"]["daemonEndpoints"] == {"kubeletEndpoint": {"Port": 10250}}
    assert validate(out) == out
    kubernetes_validate.validate(out, "1.32.0", strict=True)


# --- decode errors ----------------------------------------------------------------------------

PREFIX = 'Deployment in version "v1" cannot be handled as a Deployment: '


def test_unknown_fields_all_reported_in_sorted_order():
    obj = deployment(replica=3)
    container(obj)["imagee"] = "x"
    obj["metadata"]["label"] = {}
    e = error_of(obj)
    assert isinstance(e, DecodeError)
    assert e.reason == "BadRequest" and e.code == 400
    assert e.message == PREFIX + (
        'strict decoding error: unknown field "metadata.label", unknown field "spec.replica", '
        'unknown field "spec.template.spec.containers[0].imagee"')
    assert e.paths == ["metadata.label", "spec.replica", "spec.template.spec.containers[0].imagee"]
    assert e.in_file("web.yaml") == (
        'Error from server (BadRequest): error when creating "web.yaml": ' + e.message)


@pytest.mark.parametrize("mutate,detail", [
    (lambda d: d["spec"].update(replicas="3"),
     "json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32"),
    (lambda d: d["spec"].update(replicas=1.5),
     "json: cannot unmarshal number 1.5 into Go struct field DeploymentSpec.spec.replicas of type int32"),
    (lambda d: container(d).update(env=[{"name": "PORT", "value": 8080}]),
     "json: cannot unmarshal number into Go struct field EnvVar.spec.template.spec.containers.env.value of type string"),
    (lambda d: container(d).update(ports={"containerPort": 80}),
     "json: cannot unmarshal object into Go struct field Container.spec.template.spec.containers.ports of type []v1.ContainerPort"),
    (lambda d: d["metadata"].update(labels={"enabled": True}),
     "json: cannot unmarshal bool into Go struct field ObjectMeta.metadata.labels of type string"),
    (lambda d: d["spec"]["template"]["spec"].update(terminationGracePeriodSeconds="30"),
     "json: cannot unmarshal string into Go struct field PodSpec.spec.template.spec.terminationGracePeriodSeconds of type int64"),
    (lambda d: container(d).update(resources={"limits": {"cpu": "1 core"}}),
     "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'"),
])
def test_type_errors(mutate, detail):
    obj = deployment()
    mutate(obj)
    e = error_of(obj)
    assert isinstance(e, DecodeError)
    assert e.message == PREFIX + detail


def test_type_error_wins_over_unknown_fields():
    e = error_of(deployment(replicas="2", replica=1))
    assert "cannot unmarshal string" in e.message and "unknown field" not in e.message


def test_secret_data_must_be_base64():
    e = error_of({"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "s"},
                  "data": {"password": "hunter2!"}})
    assert e.message == ('Secret in version "v1" cannot be handled as a Secret: '
                         "illegal base64 data at input byte 7")


def test_unknown_kind_or_version():
    e = error_of(dict(deployment(), kind="Deploymnt"))
    assert isinstance(e, NoKindMatch)
    assert str(e) == ('error: resource mapping not found for name: "web" namespace: "" from '
                      '"STDIN": no matches for kind "Deploymnt" in version "apps/v1"\n'
                      "ensure CRDs are installed first")
    e = error_of(dict(deployment(), apiVersion="v1"))
    assert isinstance(e, NoKindMatch) and 'kind "Deployment" in version "v1"' in str(e)
    assert 'from "web.yaml"' in e.in_file("web.yaml")


def test_missing_kind():
    obj = deployment()
    del obj["kind"]
    e = error_of(obj)
    assert isinstance(e, UndecodableObject)
    assert str(e).startswith("error: unable to decode \"STDIN\": Object 'Kind' is missing in '{")


# --- field validation -----------------------------------------------------------------------------

def test_selector_mismatch_message():
    obj = deployment()
    obj["spec"]["template"]["metadata"]["labels"] = {"app": "x", "tier": "web"}
    e = error_of(obj)
    assert isinstance(e, FieldInvalid) and e.code == 422
    assert str(e) == ('The Deployment "web" is invalid: spec.template.metadata.labels: Invalid '
                      'value: map[string]string{"app":"x", "tier":"web"}: `selector` does not '
                      'match template `labels`')


def test_several_errors_listed_as_kubectl_does():
    obj = deployment()
    del obj["spec"]["selector"]
    e = error_of(obj)
    assert str(e) == (
        'The Deployment "web" is invalid: \n'
        "* spec.selector: Required value\n"
        '* spec.template.metadata.labels: Invalid value: map[string]string{"app":"web"}: '
        "`selector` does not match template `labels`")
    assert e.server_message.startswith('Deployment.apps "web" is invalid: [spec.selector: Required')
    assert e.paths == ["spec.selector", "spec.template.metadata.labels"]


def test_missing_image_and_bad_name():
    obj = deployment()
    del container(obj)["image"]
    assert str(error_of(obj)) == ('The Deployment "web" is invalid: '
                                  "spec.template.spec.containers[0].image: Required value")
    obj = deployment()
    obj["metadata"]["name"] = "Web"
    assert str(error_of(obj)).startswith(
        'The Deployment "Web" is invalid: metadata.name: Invalid value: "Web": a lowercase RFC '
        "1123 subdomain must consist of lower case alphanumeric characters, '-' or '.'")


def test_service_name_is_dns1035_label():
    svc = {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "1web"},
           "spec": {"ports": [{"port": 80}]}}
    assert "a DNS-1035 label must consist of" in str(error_of(svc))


def test_job_restart_policy():
    job = golden("job.yaml")
    job["spec"]["template"]["spec"]["restartPolicy"] = "Always"
    assert str(error_of(job)) == (
        'The Job "hello" is invalid: spec.template.spec.restartPolicy: Unsupported value: '
        '"Always": supported values: "OnFailure", "Never"')


def test_job_without_restart_policy_is_refused():
    job = golden("job.yaml")
    del job["spec"]["template"]["spec"]["restartPolicy"]
    assert 'Unsupported value: "Always"' in str(error_of(job))


def test_negative_replicas_and_requests_over_limits():
    obj = deployment(replicas=-1)
    container(obj)["resources"] = {"limits": {"cpu": "1"}, "requests": {"cpu": "2"}}
    e = error_of(obj)
    assert e.causes == [
        ("spec.template.spec.containers[0].resources.requests",
         'Invalid value: "2": must be less than or equal to cpu limit of 1'),
        ("spec.replicas", "Invalid value: -1: must be greater than or equal to 0"),
    ]


def test_label_value_rules():
    obj = deployment()
    obj["metadata"]["labels"] = {"app": "my app"}
    assert 'metadata.labels: Invalid value: "my app": a valid label must be an empty string' in str(
        error_of(obj))


def test_rolling_update_rules():
    obj = deployment(strategy={"type": "Recreate", "rollingUpdate": {"maxSurge": 1}})
    assert "spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'" in str(error_of(obj))
    obj = deployment(strategy={"rollingUpdate": {"maxSurge": 0, "maxUnavailable": 0}})
    assert "may not be 0 when `maxSurge` is 0" in str(error_of(obj))


def test_volume_mount_must_name_a_volume():
    obj = deployment()
    container(obj)["volumeMounts"] = [{"name": "data", "mountPath": "/data"}]
    assert str(error_of(obj)).endswith(
        'spec.template.spec.containers[0].volumeMounts[0].name: Not found: "data"')


def test_validate_template_for_controllers():
    out = validate_template("ReplicaSet", {"metadata": {"labels": {"a": "b"}},
                                           "spec": {"containers": [{"name": "c", "image": "x:1"}]}})
    assert out["spec"]["restartPolicy"] == "Always"
    assert out["spec"]["containers"][0]["imagePullPolicy"] == "IfNotPresent"
    with pytest.raises(FieldInvalid):
        validate_template("Job", {"spec": {"containers": [{"name": "c", "image": "x"}]}})


def test_absent_template_is_defaulted_and_reported_like_go():
    obj = deployment()
    del obj["spec"]["template"]
    e = error_of(obj)
    assert e.paths == ["spec.template.metadata.labels", "spec.template.spec.containers"]
    assert "map[string]string(nil)" in str(e)


def test_error_paths_map_to_manifest_lines():
    from kubetui.model.manifest import line_of
    text = (GOLDEN / "deployment.yaml").read_text().replace("  replicas: 3", "  replica: 3")
    (doc,) = load_documents(text, "web.yaml")
    e = error_of(doc.obj)
    assert e.paths == ["spec.replica"]
    assert line_of(doc, e.paths[0]) == text.splitlines().index("  replica: 3") + 1


def test_more_kinds_validate():
    svc = {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "web"},
           "spec": {"type": "NodePort", "ports": [{"port": 80}, {"port": 443, "nodePort": 80}]}}
    assert error_of(svc).causes == [
        ("spec.ports[0].name", "Required value"),
        ("spec.ports[1].name", "Required value"),
        ("spec.ports[1].nodePort", "Invalid value: 80: provided port is not in the valid range. "
                                   "The range of valid ports is 30000-32767"),
    ]
    cj = golden("cronjob.yaml")
    cj["spec"]["schedule"] = "*/5 * * *"
    assert error_of(cj).causes == [
        ("spec.schedule", 'Invalid value: "*/5 * * *": expected exactly 5 fields, found 4: */5 * * *')]
    pvc = {"apiVersion": "v1", "kind": "PersistentVolumeClaim", "metadata": {"name": "d"},
           "spec": {"resources": {"requests": {"storage": "1Gi"}}}}
    assert error_of(pvc).causes == [("spec.accessModes",
                                     "Required value: at least 1 access mode is required")]
    hpa = {"apiVersion": "autoscaling/v2", "kind": "HorizontalPodAutoscaler",
           "metadata": {"name": "h"}, "spec": {"scaleTargetRef": {"kind": "Deployment", "name": "w"},
                                               "minReplicas": 3, "maxReplicas": 2}}
    assert error_of(hpa).causes == [
        ("spec.maxReplicas", "Invalid value: 2: must be greater than or equal to `minReplicas`")]
    quota = golden("quota.yaml")
    assert validate(quota)["spec"]["hard"] == {"cpu": "2", "pods": "10", "requests.memory": "1Gi"}
