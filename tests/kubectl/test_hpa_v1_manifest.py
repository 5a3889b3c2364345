"""The CKAD staple, an autoscaling/v1 HorizontalPodAutoscaler manifest, applied with kubetui's
own kubectl: stored as v2, acted on by the HPA controller, read back as v1 where asked, applied
again in v1 with its status annotations and last-applied configuration intact."""

from kubetui import Simulation

V1 = """apiVersion: autoscaling/v1
kind: HorizontalPodAutoscaler
metadata: {name: web}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  minReplicas: 1
  maxReplicas: %d
  targetCPUUtilizationPercentage: 50
"""


def test_a_v1_hpa_scales_its_deployment_and_reads_back_as_v1():
    sim = Simulation(seed=0, nodes=2)
    for line in ("kubectl create deployment web --image=nginx", "kubectl set resources deployment web "
                 "--requests=cpu=100m", "kubectl expose deployment web --port=80"):
        assert sim.run(line).exit_code == 0
    r = sim.run("kubectl apply -f -", stdin=V1 % 5)
    assert (r.exit_code, r.stdout) == (0, "horizontalpodautoscaler.autoscaling/web created\n")
    assert "cpu: <unknown>/50%" in sim.run("kubectl get hpa").stdout
    sim.step(30)
    sim.run("sim load svc/web 500")
    sim.step(180)
    assert sim.get("Deployment", "web")["spec"]["replicas"] == 5
    v1 = sim.run("kubectl get horizontalpodautoscalers.v1.autoscaling web -o yaml").stdout
    assert "apiVersion: autoscaling/v1" in v1 and "currentCPUUtilizationPercentage:" in v1
    assert "targetCPUUtilizationPercentage: 50" in v1 and "\n  metrics:" not in v1
    r = sim.run("kubectl apply -f -", stdin=V1 % 8)
    assert (r.exit_code, r.stdout) == (0, "horizontalpodautoscaler.autoscaling/web configured\n")
    hpa = sim.get("HorizontalPodAutoscaler", "web")
    assert hpa["spec"]["maxReplicas"] == 8 and hpa["status"]["currentReplicas"] == 5
    assert not any(k.startswith("autoscaling.alpha") for k in hpa["metadata"].get("annotations") or {})
    assert sim.run("kubectl apply -f -", stdin=V1 % 8).stdout == "horizontalpodautoscaler.autoscaling/web unchanged\n"
    sim.step(60)
    assert sim.get("Deployment", "web")["spec"]["replicas"] == 8


def test_a_v1_manifest_with_a_typo_is_refused_in_v1_terms():
    sim = Simulation(seed=0, nodes=1)
    r = sim.run("kubectl apply -f -", stdin=(V1 % 5).replace("targetCPUUtilizationPercentage", "targetCPU"))
    assert r.exit_code == 1
    assert r.stderr == ('Error from server (BadRequest): error when creating "STDIN": HorizontalPodAutoscaler in '
                        'version "v1" cannot be handled as a HorizontalPodAutoscaler: strict decoding error: '
                        'unknown field "spec.targetCPU"\n')
    r = sim.run("kubectl apply -f -", stdin=(V1 % 5).replace("maxReplicas: 5", 'maxReplicas: "5"'))
    assert r.exit_code == 1 and "json: cannot unmarshal string into Go struct field HorizontalPodAutoscalerSpec" \
        ".spec.maxReplicas of type int32" in r.stderr and 'in version "v1"' in r.stderr


def test_managed_fields_of_a_v1_apply_name_v1():
    sim = Simulation(seed=0, nodes=1)
    sim.run("kubectl create deployment web --image=nginx")
    assert sim.run("kubectl apply -f -", stdin=V1 % 5).exit_code == 0
    assert sim.run("kubectl apply -f -", stdin=V1 % 6).exit_code == 0
    sim.step(20)
    import yaml

    shown = yaml.safe_load(sim.run("kubectl get hpa web -o yaml --show-managed-fields").stdout)
    entries = {(e["manager"], e.get("subresource", "")): e for e in shown["metadata"]["managedFields"]}
    applied = entries[("kubectl-client-side-apply", "")]
    assert applied["apiVersion"] == "autoscaling/v1"
    assert set(applied["fieldsV1"]["f:spec"]) >= {"f:maxReplicas", "f:targetCPUUtilizationPercentage"}
    assert "f:metrics" not in applied["fieldsV1"]["f:spec"]
    assert entries[("kube-controller-manager", "status")]["apiVersion"] == "autoscaling/v2"


CRD = """apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: backups.example.com}
spec:
  group: example.com
  names: {kind: Backup, plural: backups, singular: backup}
  scope: Namespaced
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec: {type: object, properties: {size: {type: integer}}}
"""


def test_custom_objects_are_applied_and_created_in_their_own_version():
    """The version a write is made in is looked up only for kinds served by conversion."""
    sim = Simulation(seed=0, nodes=1)
    assert sim.run("kubectl apply -f -", stdin=CRD).exit_code == 0
    backup = "apiVersion: example.com/v1\nkind: Backup\nmetadata: {name: b%d}\nspec: {size: 1}\n"
    r = sim.run("kubectl apply -f -", stdin=backup % 1)
    assert (r.exit_code, r.stdout) == (0, "backup.example.com/b1 created\n"), r.stderr
    r = sim.run("kubectl create -f -", stdin=backup % 2)
    assert (r.exit_code, r.stdout) == (0, "backup.example.com/b2 created\n"), r.stderr
