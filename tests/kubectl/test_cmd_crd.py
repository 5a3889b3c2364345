"""CustomResourceDefinitions through kubetui's kubectl: the CRD's validation and conditions, the
custom kind it serves (plural, singular, short name, category), schema validation in the API
server's words, printer columns, status and scale subresources, and the kind going with its CRD."""

from __future__ import annotations

import pytest

from kubetui import Simulation

CRD = r"""apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: crontabs.stable.example.com
spec:
  group: stable.example.com
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              properties:
                cronSpec:
                  type: string
                  pattern: '^(\d+|\*)(/\d+)?(\s+(\d+|\*)(/\d+)?){4}$'
                image:
                  type: string
                replicas:
                  type: integer
                  minimum: 1
                  maximum: 10
                  default: 1
              required: ["cronSpec", "image"]
            status:
              type: object
              properties:
                replicas:
                  type: integer
                labelSelector:
                  type: string
      subresources:
        status: {}
        scale:
          specReplicasPath: .spec.replicas
          statusReplicasPath: .status.replicas
          labelSelectorPath: .status.labelSelector
      additionalPrinterColumns:
      - name: Spec
        type: string
        description: The cron spec defining the interval a CronJob is run
        jsonPath: .spec.cronSpec
      - name: Replicas
        type: integer
        jsonPath: .spec.replicas
      - name: Age
        type: date
        jsonPath: .metadata.creationTimestamp
  scope: Namespaced
  names:
    plural: crontabs
    singular: crontab
    kind: CronTab
    shortNames:
    - ct
    categories:
    - all
"""

CRONTAB = """\
apiVersion: stable.example.com/v1
kind: CronTab
metadata:
  name: my-cron
spec:
  cronSpec: "* * * * */5"
  image: my-cron-image
"""


@pytest.fixture
def sim():
    s = Simulation(seed=3)
    r = s.run("kubectl apply -f -", stdin=CRD)
    assert r.exit_code == 0, r.stderr
    return s


def test_crd_is_established_by_the_controller(sim):
    sim.step(1)
    crd = sim.get("CustomResourceDefinition", "crontabs.stable.example.com")
    conds = {c["type"]: (c["status"], c["reason"]) for c in crd["status"]["conditions"]}
    assert conds == {"NamesAccepted": ("True", "NoConflicts"), "Established": ("True", "InitialNamesAccepted")}
    assert crd["status"]["acceptedNames"]["kind"] == "CronTab"
    assert crd["status"]["storedVersions"] == ["v1"]
    assert crd["spec"]["names"]["listKind"] == "CronTabList"
    out = sim.run("kubectl get crd")
    assert out.stdout.splitlines()[0].split() == ["NAME", "CREATED", "AT"]


@pytest.mark.parametrize("change, message", [
    (("metadata", "name", "crontab.stable.example.com"),
     'metadata.name: Invalid value: "crontab.stable.example.com": must be spec.names.plural+"."+spec.group'),
    (("spec", "group", "stable"), 'spec.group: Invalid value: "stable": should be a domain with at least one dot'),
    (("spec", "scope", "Global"), 'spec.scope: Unsupported value: "Global": supported values: "Cluster", "Namespaced"'),
])
def test_crd_validation_words(change, message):
    import yaml

    doc = yaml.safe_load(CRD)
    section, field, value = change
    doc[section][field] = value
    s = Simulation(seed=1)
    r = s.run("kubectl apply -f -", stdin=yaml.safe_dump(doc))
    assert r.exit_code == 1
    assert message in r.stderr


def test_crd_needs_one_storage_version_and_a_structural_schema():
    import yaml

    doc = yaml.safe_load(CRD)
    doc["spec"]["versions"][0]["storage"] = False
    del doc["spec"]["versions"][0]["schema"]["openAPIV3Schema"]["properties"]["spec"]["type"]
    r = Simulation(seed=1).run("kubectl create -f -", stdin=yaml.safe_dump(doc))
    assert r.exit_code == 1
    assert "must have exactly one version marked as storage version" in r.stderr
    assert ("spec.validation.openAPIV3Schema.properties[spec].type: Required value: must not be empty for "
            "specified object fields") in r.stderr, "one schema for every version is the API server's spec.validation"
    del doc["spec"]["versions"][0]["schema"]
    r = Simulation(seed=1).run("kubectl create -f -", stdin=yaml.safe_dump(doc))
    assert "spec.versions[0].schema.openAPIV3Schema: Required value: schemas are required" in r.stderr


def test_custom_object_by_every_name(sim):
    assert sim.run("kubectl apply -f -", stdin=CRONTAB).stdout == "crontab.stable.example.com/my-cron created\n"
    for word in ("crontabs", "crontab", "ct", "crontabs.stable.example.com", "CronTab"):
        out = sim.run(f"kubectl get {word} my-cron -o name")
        assert out.stdout == "crontab.stable.example.com/my-cron\n", (word, out.stderr)
    every = sim.run("kubectl get all")
    assert "crontab.stable.example.com/my-cron" in every.stdout


def test_defaults_pruning_and_schema_errors(sim):
    manifest = CRONTAB + "  extra: 1\n  more: 2\n"
    r = sim.run("kubectl apply -f -", stdin=manifest)
    assert r.exit_code == 1
    assert r.stderr == ('Error from server (BadRequest): error when creating "STDIN": CronTab in version "v1" cannot '
                        'be handled as a CronTab: strict decoding error: unknown field "spec.extra", unknown field '
                        '"spec.more"\n')
    assert sim.run("kubectl apply -f -", stdin=CRONTAB).exit_code == 0
    obj = sim.get("CronTab", "my-cron")
    assert obj["spec"] == {"cronSpec": "* * * * */5", "image": "my-cron-image", "replicas": 1}
    bad = sim.run("kubectl apply -f -", stdin=CRONTAB.replace("my-cron-image", "x").replace("*/5", "x") +
                  "  replicas: 20\n")
    assert bad.exit_code == 1
    assert ('spec.cronSpec: Invalid value: "* * * * x": spec.cronSpec in body should match '
            "'^(\\d+|\\*)(/\\d+)?(\\s+(\\d+|\\*)(/\\d+)?){4}$'") in bad.stderr
    assert "spec.replicas: Invalid value: 20: spec.replicas in body should be less than or equal to 10" in bad.stderr
    missing = sim.run("kubectl create -f -", stdin=CRONTAB.replace("my-cron", "other").replace("  image: x\n", "")
                      .replace("  image: other-image\n", ""))
    assert missing.exit_code == 1
    assert "spec.image: Required value" in missing.stderr
    typed = sim.run("kubectl patch ct my-cron --type=merge -p '{\"spec\":{\"replicas\":\"two\"}}'")
    assert ('spec.replicas: Invalid value: "string": spec.replicas in body must be of type integer: "string"'
            in typed.stderr)


def test_printer_columns_and_wide():
    import yaml

    doc = yaml.safe_load(CRD)
    doc["spec"]["versions"][0]["additionalPrinterColumns"].insert(1, {
        "name": "Image", "type": "string", "jsonPath": ".spec.image", "priority": 1})
    s = Simulation(seed=1)
    s.run("kubectl apply -f -", stdin=yaml.safe_dump(doc))
    s.run("kubectl apply -f -", stdin=CRONTAB)
    s.step(5)
    narrow = s.run("kubectl get ct").stdout.splitlines()
    assert narrow[0].split() == ["NAME", "SPEC", "REPLICAS", "AGE"]
    assert narrow[1].split()[-2:] == ["1", "5s"]
    wide = s.run("kubectl get ct -o wide").stdout.splitlines()
    assert wide[0].split() == ["NAME", "SPEC", "IMAGE", "REPLICAS", "AGE"]
    assert "my-cron-image" in wide[1]


def test_status_subresource_ignores_status_on_main_writes(sim):
    sim.run("kubectl apply -f -", stdin=CRONTAB + "status:\n  replicas: 7\n")
    assert "status" not in sim.get("CronTab", "my-cron")


def test_scale_subresource(sim):
    sim.run("kubectl apply -f -", stdin=CRONTAB)
    r = sim.run("kubectl scale ct my-cron --replicas=3")
    assert r.stdout == "crontab.stable.example.com/my-cron scaled\n"
    assert sim.get("CronTab", "my-cron")["spec"]["replicas"] == 3
    over = sim.run("kubectl scale ct my-cron --replicas=11")
    assert over.exit_code == 1 and "should be less than or equal to 10" in over.stderr


def test_describe_and_explain(sim):
    sim.run("kubectl apply -f -", stdin=CRONTAB)
    text = sim.run("kubectl describe ct my-cron").stdout
    assert "API Version:  stable.example.com/v1" in text
    assert "  Cron Spec:  * * * * */5" in text
    assert text.rstrip().endswith("Events:       <none>")
    explained = sim.run("kubectl explain crontabs.spec").stdout
    assert "KIND:       CronTab" in explained and "cronSpec\t<string> -required-" in explained


def test_deleting_the_crd_deletes_its_objects_and_kind(sim):
    sim.run("kubectl apply -f -", stdin=CRONTAB)
    r = sim.run("kubectl delete crd crontabs.stable.example.com")
    assert r.exit_code == 0
    assert sim.store.kinds.get("CronTab") is None
    gone = sim.run("kubectl get ct")
    assert gone.exit_code == 1 and 'the server doesn\'t have a resource type "ct"' in gone.stderr
    again = sim.run("kubectl apply -f -", stdin=CRONTAB)
    assert 'no matches for kind "CronTab" in version "stable.example.com/v1"' in again.stderr


def test_conflicting_names_are_not_accepted(sim):
    other = CRD.replace("stable.example.com", "other.example.com")
    r = sim.run("kubectl apply -f -", stdin=other)
    assert r.exit_code == 0
    sim.step(1)
    crd = sim.get("CustomResourceDefinition", "crontabs.other.example.com")
    conds = {c["type"]: (c["status"], c["reason"], c["message"]) for c in crd["status"]["conditions"]}
    assert conds["NamesAccepted"] == ("False", "NameConflict", '"CronTab" is already in use')
    assert conds["Established"][0] == "False"
    sim.run("kubectl delete crd crontabs.stable.example.com")
    sim.step(1)
    assert sim.store.kinds["CronTab"].group == "other.example.com"


def test_custom_kinds_survive_fork_and_keep_determinism(sim):
    sim.run("kubectl apply -f -", stdin=CRONTAB)
    copy = sim.fork()
    assert copy.get("CronTab", "my-cron") is not None
    copy.run("kubectl delete crd crontabs.stable.example.com")
    assert sim.store.kinds.get("CronTab") is not None
    twin = Simulation(seed=3)
    twin.run("kubectl apply -f -", stdin=CRD)
    twin.run("kubectl apply -f -", stdin=CRONTAB)
    sim.step(3)
    twin.step(3)
    assert sim.checksum() == twin.checksum()


def test_namespace_deletion_takes_custom_objects(sim):
    sim.run("kubectl create namespace team")
    sim.run("kubectl apply -n team -f -", stdin=CRONTAB)
    sim.run("kubectl delete namespace team --wait=false")
    sim.step(5)
    assert sim.list("CronTab", namespace="team") == []


def test_a_run_with_custom_kinds_replays_exactly(tmp_path):
    from kubetui.replay.reader import read_log
    from kubetui.replay.replayer import Replay, verify
    from kubetui.replay.writer import EventLog

    path = tmp_path / "crd.jsonl"
    s = Simulation(seed=4, nodes=3)
    log = EventLog(path, {"seed": 4, "nodes": 3}).attach(s)
    s.step(2)
    assert s.run("kubectl apply -f -", stdin=CRD).exit_code == 0
    s.step(3)
    assert s.run("kubectl apply -f -", stdin=CRONTAB).exit_code == 0
    s.run("kubectl scale ct my-cron --replicas=2")
    s.step(40)
    s.run("kubectl delete crd crontabs.stable.example.com")
    s.step(20)
    log.end({"passed": True})
    assert verify(Replay(read_log(path))).ok


def test_snapshot_restore_keeps_custom_kinds(sim):
    sim.run("kubectl apply -f -", stdin=CRONTAB)
    back = Simulation.restore(sim.snapshot())
    assert back.store.kinds["CronTab"].plural == "crontabs"
    assert back.get("CronTab", "my-cron")["spec"]["image"] == "my-cron-image"
    assert back.checksum() == sim.checksum()


CLUSTER_CRD = """\
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: regions.geo.example.com
spec:
  group: geo.example.com
  scope: Cluster
  names: {plural: regions, singular: region, kind: Region}
  versions:
  - name: v1beta1
    served: true
    storage: false
    schema: {openAPIV3Schema: {type: object, x-kubernetes-preserve-unknown-fields: true}}
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            x-kubernetes-preserve-unknown-fields: true
            properties:
              zones: {type: array, items: {type: string}, minItems: 1}
"""


def test_cluster_scoped_kind_and_served_versions():
    s = Simulation(seed=1)
    assert s.run("kubectl apply -f -", stdin=CLUSTER_CRD).exit_code == 0
    r = s.run("kubectl apply -f -", stdin="apiVersion: geo.example.com/v1beta1\nkind: Region\nmetadata: {name: eu}\n"
                                          "spec: {zones: [a, b], extra: {kept: true}}\n")
    assert r.exit_code == 0, r.stderr
    assert r.stderr == ""
    eu = s.get("Region", "eu")
    assert eu["apiVersion"] == "geo.example.com/v1" and "namespace" not in eu["metadata"]
    assert eu["spec"]["extra"] == {"kept": True}
    listed = s.run("kubectl get regions -A").stdout.splitlines()
    assert listed[0].split() == ["NAME", "AGE"]
    empty = s.run("kubectl apply -f -", stdin="apiVersion: geo.example.com/v1\nkind: Region\nmetadata: {name: us}\n"
                                              "spec: {zones: []}\n")
    assert "spec.zones: Invalid value: []interface {}{}: spec.zones in body should have at least 1 items" \
        in empty.stderr


def test_a_crd_and_its_object_in_one_file_need_two_applies():
    """kubectl maps every object before sending any: the custom object's kind is not served yet."""
    s = Simulation(seed=1)
    both = CRD + "---\n" + CRONTAB
    first = s.run("kubectl apply -f -", stdin=both)
    assert first.exit_code == 1
    assert first.stdout == "customresourcedefinition.apiextensions.k8s.io/crontabs.stable.example.com created\n"
    assert first.stderr == ('error: resource mapping not found for name: "my-cron" namespace: "" from "STDIN": no '
                            'matches for kind "CronTab" in version "stable.example.com/v1"\n'
                            "ensure CRDs are installed first\n")
    second = s.run("kubectl apply -f -", stdin=both)
    assert second.exit_code == 0
    assert second.stdout.splitlines()[1] == "crontab.stable.example.com/my-cron created"


def test_edit_a_custom_object(sim):
    from kubetui.kubectl.commands.patch import edit_buffer

    sim.run("kubectl apply -f -", stdin=CRONTAB)
    text = edit_buffer(sim, "ct", "default", "my-cron")
    ok = sim.run("kubectl edit ct my-cron", stdin=text.replace("replicas: 1", "replicas: 4"))
    assert ok.stdout == "crontab.stable.example.com/my-cron edited\n"
    assert sim.get("CronTab", "my-cron")["spec"]["replicas"] == 4
    bad = sim.run("kubectl edit ct my-cron", stdin=text.replace("replicas: 1", "replicas: 40"))
    assert bad.exit_code == 1 and "should be less than or equal to 10" in bad.stderr
