"""Issue 18's reproductions: objects the API server refuses never reach a controller, and
what it admits never crashes one. Each message is the API server's (or kubectl's) own."""

from __future__ import annotations

import pytest

from kubetui import Simulation

POD = "  template: {spec: {restartPolicy: Never, containers: [{name: a, image: busybox:1.36}]}}\n"


@pytest.fixture
def sim():
    s = Simulation(seed=1)
    s.run("kubectl create deployment web --image=nginx:1.25")
    s.step(3)
    return s


def apply(sim, text):
    return sim.run("kubectl apply -f -", stdin=text)


def test_int32_field_out_of_range_is_a_decode_error(sim):
    r = apply(sim, "apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\nspec:\n  completions: 4000000000000\n" + POD)
    assert r.exit_code == 1
    assert r.stderr == ('Error from server (BadRequest): error when creating "STDIN": Job in version "v1" cannot be '
                        'handled as a Job: json: cannot unmarshal number 4000000000000 into Go struct field '
                        'JobSpec.spec.completions of type int32\n')
    assert sim.get("Job", "j") is None


def test_int64_fields_take_what_int32_fields_refuse(sim):
    """startingDeadlineSeconds is an int64: 1e11 is admitted, and the CronJob controller copes."""
    cron = ("apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: c}\nspec:\n  schedule: '* * * * *'\n"
            "  startingDeadlineSeconds: {}\n  jobTemplate:\n    spec:\n  " + POD.replace("  template", "    template"))
    r = apply(sim, cron.replace("{}", "100000000000"))
    assert r.exit_code == 0, r.stderr
    sim.step(130)
    assert [j["metadata"]["name"] for j in sim.list("Job")], "the CronJob never ran"
    r = apply(sim, cron.replace("{}", "1.0e+100").replace("name: c", "name: d"))
    assert "cannot unmarshal number 1e+100 into Go struct field CronJobSpec.spec.startingDeadlineSeconds " \
           "of type int64" in r.stderr
    r = apply(sim, cron.replace("{}", "9223372036854775808").replace("name: c", "name: d"))
    assert "cannot unmarshal number 9223372036854775808 into Go struct field CronJobSpec.spec." \
           "startingDeadlineSeconds of type int64" in r.stderr


def test_int_or_string_out_of_range(sim):
    r = sim.run("kubectl apply -f -", stdin=(
        "apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  ports: [{port: 80, targetPort: 4294967296}]\n"))
    assert "json: cannot unmarshal number 4294967296 into Go value of type int32" in r.stderr


def test_env_from_needs_exactly_one_source(sim):
    pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: a, image: nginx, envFrom: [{}]}]\n"
    r = apply(sim, pod.replace("{}", "{prefix: X_}"))
    assert r.stderr == ('The Pod "p" is invalid: spec.containers[0].envFrom[0]: Invalid value: "": must specify one '
                        'of: `configMapRef` or `secretRef`\n')
    r = apply(sim, pod.replace("{}", "{configMapRef: {name: a}, secretRef: {name: b}}"))
    assert "spec.containers[0].envFrom[0]: Invalid value: \"\": may not have more than one field specified at a " \
           "time" in r.stderr
    assert sim.get("Pod", "p") is None


def test_a_timestamp_is_decoded_as_go_decodes_it(sim):
    deploy = ("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  selector: {matchLabels: {a: b}}\n"
              "  template:\n    metadata: {labels: {a: b}, deletionTimestamp: TS}\n"
              "    spec: {containers: [{name: a, image: nginx}]}\n")
    r = apply(sim, deploy.replace("TS", "x"))
    assert r.stderr == ('Error from server (BadRequest): error when creating "STDIN": Deployment in version "v1" '
                        'cannot be handled as a Deployment: parsing time "x" as "2006-01-02T15:04:05Z07:00": '
                        'cannot parse "x" as "2006"\n')
    r = apply(sim, deploy.replace("TS", "'2026-02-30T00:00:00Z'"))
    assert 'parsing time "2026-02-30T00:00:00Z": day out of range' in r.stderr


def test_server_set_fields_of_a_template_never_reach_the_pods(sim):
    """A template's metadata gives pods labels, annotations and finalizers only (as
    GetPodFromTemplate does); a new object is never created already being deleted."""
    r = apply(sim, "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  replicas: 2\n"
                   "  selector: {matchLabels: {a: b}}\n  template:\n    metadata:\n      labels: {a: b}\n"
                   "      deletionTimestamp: '0000-01-01T00:00:00Z'\n      uid: x\n"
                   "      ownerReferences: [{apiVersion: v1, kind: Pod, name: z, uid: z}]\n"
                   "    spec: {containers: [{name: a, image: nginx}]}\n")
    assert r.exit_code == 0, r.stderr
    sim.step(20)
    pods = sim.list("Pod", labels="a=b")
    assert len(pods) == 2
    assert all(not p["metadata"].get("deletionTimestamp") and p["metadata"]["ownerReferences"][0]["kind"] ==
               "ReplicaSet" for p in pods)
    r = apply(sim, "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, deletionTimestamp: '2026-01-01T00:00:00Z',"
                   " deletionGracePeriodSeconds: 5}\n")
    assert r.exit_code == 0
    assert "deletionTimestamp" not in sim.get("ConfigMap", "c")["metadata"]


def test_owner_references_are_validated(sim):
    r = apply(sim, "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  ownerReferences: [{}]\n")
    assert r.stderr.splitlines() == [
        'The ConfigMap "c" is invalid: ',
        '* metadata.ownerReferences.apiVersion: Invalid value: "": version must not be empty',
        '* metadata.ownerReferences.kind: Invalid value: "": kind must not be empty',
        '* metadata.ownerReferences.name: Invalid value: "": name must not be empty',
        '* metadata.ownerReferences.uid: Invalid value: "": uid must not be empty',
    ]


def test_indexed_job_limits(sim):
    job = "apiVersion: batch/v1\nkind: Job\nmetadata: {name: NAME}\nspec:\n  completionMode: Indexed\n  FIELDS\n" + POD
    r = apply(sim, job.replace("NAME", "j").replace("FIELDS", "completions: 5\n  parallelism: 100001"))
    assert r.stderr == ('The Job "j" is invalid: spec.parallelism: Invalid value: 100001: must be less than or equal '
                        'to 100000 when completion mode is Indexed\n')
    r = apply(sim, job.replace("NAME", "j" * 60).replace("FIELDS", "completions: 100000"))
    assert f"metadata.name: Invalid value: \"{'j' * 60}\": will not able to create pod with invalid DNS label: " \
           f"{'j' * 60}-99999" in r.stderr
    r = apply(sim, "apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\nspec:\n  maxFailedIndexes: 1\n" + POD)
    assert "spec.backoffLimitPerIndex: Required value: when maxFailedIndexes is specified" in r.stderr
    assert "spec.maxFailedIndexes: Invalid value: 1: requires indexed completion mode" in r.stderr


def test_a_huge_job_creates_pods_in_batches(sim):
    """An int32 that validation admits: the Job controller creates at most 500 pods per sync."""
    r = apply(sim, "apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\nspec:\n  completionMode: Indexed\n"
                   "  completions: 2147483647\n  parallelism: 100000\n" + POD)
    assert r.exit_code == 0, r.stderr
    sim.step(2)
    assert 0 < len(sim.list("Pod", labels="job-name=j")) <= 1000


def test_scale_beyond_int32(sim):
    """kubectl sends the number as a merge patch; the API server cannot decode the Scale."""
    r = sim.run("kubectl scale deploy web --replicas=99999999999")
    assert r.exit_code == 1
    assert r.stderr.startswith('The request is invalid: patch: Invalid value: "{\\"apiVersion\\":\\"autoscaling/v1\\",'
                               '\\"kind\\":\\"Scale\\",\\"metadata\\":{')
    assert r.stderr.endswith('\\"spec\\":{\\"replicas\\":99999999999},\\"status\\":{\\"replicas\\":1,\\"selector\\":'
                             '\\"app=web\\"}}": json: cannot unmarshal number 99999999999 into Go struct field '
                             'ScaleSpec.spec.replicas of type int32\n')
    assert sim.get("Deployment", "web")["spec"]["replicas"] == 1
    assert sim.run("kubectl scale deploy web --replicas=2147483647").exit_code == 0
    sim.step(3)
    assert len(sim.list("Pod", labels="app=web")) <= 1 + 3 * 500


@pytest.mark.parametrize(("line", "stderr"), [
    ("kubectl rollout status ,", 'error: the server doesn\'t have a resource type ""\n'),
    ("kubectl '' get x", 'error: the server doesn\'t have a resource type ""\n'),
    ("kubectl get pods,", 'error: the server doesn\'t have a resource type ""\n'),
    ("kubectl expose deploy web --port=abc", 'error: strconv.Atoi: parsing "abc": invalid syntax\n'),
    ("kubectl expose deploy web --port=99999999999999999999",
     'error: strconv.Atoi: parsing "99999999999999999999": value out of range\n'),
    ("sim add-node ''", 'The Node "" is invalid: metadata.name: Invalid value: "": a lowercase RFC 1123 subdomain '
                        "must consist of lower case alphanumeric characters, '-' or '.', and must start and end with "
                        "an alphanumeric character (e.g. 'example.com', regex used for validation is "
                        "'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')\n"),
    ("sim add-node n1 --pods -1", 'error: invalid argument "-1" for "--pods" flag\n'),
    ("kubectl create service clusterip x --tcp=70000", 'error: strconv.ParseUint: parsing "70000": value out of range\n'),
])
def test_kubectl_worded_errors(sim, line, stderr):
    r = sim.run(line)
    assert (r.exit_code, r.stderr) == (1, stderr)


@pytest.mark.parametrize(("metadata", "detail"), [
    ("metadata: foo", "json: cannot unmarshal string into Go struct field metadataOnlyObject.metadata of type "
                      "v1.ObjectMeta"),
    ("metadata: [1]", "json: cannot unmarshal array into Go struct field metadataOnlyObject.metadata of type "
                      "v1.ObjectMeta"),
    ("metadata: {name: {a: b}}", "json: cannot unmarshal object into Go struct field ObjectMeta.metadata.name of "
                                 "type string"),
    ("metadata: {name: c, creationTimestamp: x}", 'parsing time "x" as "2006-01-02T15:04:05Z07:00": cannot parse "x"'
                                                  ' as "2006"'),
])
def test_metadata_kubectl_cannot_decode(sim, metadata, detail):
    r = apply(sim, f"apiVersion: v1\nkind: ConfigMap\n{metadata}\n")
    assert r.stderr == f'error: unable to decode "STDIN": {detail}\n'


def test_kind_that_is_not_a_string(sim):
    """kubectl's validation refuses it first; with `--validate=false`, its decoder."""
    r = apply(sim, "apiVersion: v1\nkind: {a: b}\nmetadata: {name: c}\n")
    assert r.stderr == ('error: error validating "STDIN": error validating data: kind isn\'t string type; if you '
                        'choose to ignore these errors, turn validation off with --validate=false\n')
    r = sim.run("kubectl apply --validate=false -f -", stdin="apiVersion: v1\nkind: {a: b}\nmetadata: {name: c}\n")
    assert r.stderr == ('error: unable to decode "STDIN": Object \'Kind\' is missing in '
                        '\'{"apiVersion":"v1","kind":{"a":"b"},"metadata":{"name":"c"}}\'\n')


def test_rollout_status_of_a_kind_with_no_objects(sim):
    """kubectl visits what its resource builder found: with nothing, there is nothing to watch."""
    r = sim.run("kubectl rollout status cronjobs")
    assert (r.exit_code, r.stdout, r.stderr) == (0, "", "No resources found in default namespace.\n")


def test_a_node_created_with_only_a_name_survives(sim):
    """Found by the admitted-objects fuzz: a Node applied with no spec and no status crashed the
    scheduler on the next tick. Like Go's non-pointer structs, it reads back with both."""
    r = apply(sim, "apiVersion: v1\nkind: Node\nmetadata: {name: bare}\n")
    assert r.exit_code == 0, r.stderr
    node = sim.get("Node", "bare")
    assert node["spec"] == {} and node["status"] == {}
    sim.step(20)
    sim.run("kubectl create deployment more --image=nginx:1.25 --replicas=3")
    sim.step(10)
    assert all(p["spec"].get("nodeName") != "bare" for p in sim.store.list("Pod"))
