"""Bad input a learner with real Kubernetes habits types by mistake, at every door: each refusal
in the words of the real kubectl 1.37 and kube-apiserver (checked against them: the real
kubectl against `kubetui serve`, and apimachinery's sources for the server's own messages)."""

from __future__ import annotations

import pytest

from kubetui import Simulation

LABEL_VALUE_MSG = ("a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', "
                   "and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or "
                   "'12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')")


@pytest.fixture(scope="module")
def sim():
    s = Simulation(seed=3)
    s.run("kubectl run web --image=nginx:1.25 --labels=app=web")
    return s


def unable(resource: str, labels: str, fields: str, message: str) -> str:
    return (f'Error from server (BadRequest): Unable to find "{resource}" that match label selector "{labels}", '
            f'field selector "{fields}": {message}\n')


@pytest.mark.parametrize("selector, message", [
    ("app in (a", "unable to parse requirement: found '', expected: ',' or ')'"),
    ("app=a b", "found 'b', expected: ',' or 'end of string'"),
    ("app=x,", "found '', expected: identifier after ','"),
    ("app=wörld", f'unable to parse requirement: values[0][app]: Invalid value: "wörld": {LABEL_VALUE_MSG}'),
])
def test_a_bad_label_selector_is_the_servers_bad_request(sim, selector, message):
    """kubectl sends `-l` unparsed; the API server's labels.Parse refuses it and kubectl names the
    resource it listed (it used to be `error: unable to parse requirement: 'app in (a'`)."""
    r = sim.run(f"kubectl get pods -l '{selector}'")
    assert (r.exit_code, r.stdout, r.stderr) == (1, "", unable("/v1, Resource=pods", selector, "", message))
    r = sim.run(f"kubectl get deploy,pods -l '{selector}'")
    assert r.stderr == (unable("apps/v1, Resource=deployments", selector, "", message)
                        + unable("/v1, Resource=pods", selector, "", message))
    r = sim.run(f"kubectl delete pods -l '{selector}'")
    assert r.stderr == unable("/v1, Resource=pods", selector, "", message)
    assert sim.get("Pod", "web") is not None


def test_selectors_kubernetes_accepts_are_accepted(sim):
    sim.run("kubectl label pod web tier=2")
    assert sim.run("kubectl get pods -l 'tier>1' -o name").stdout == "pod/web\n"
    assert sim.run("kubectl get pods -l 'tier<2' -o name").stdout == ""
    assert sim.run("kubectl get pods -l 'app in (web,,x)' -o name").stdout == "pod/web\n"


def test_a_bad_field_selector_is_the_servers_bad_request(sim):
    r = sim.run("kubectl get pods --field-selector metadata.name")
    assert r.stderr == unable("/v1, Resource=pods", "", "metadata.name",
                              "invalid selector: 'metadata.name'; can't understand 'metadata.name'")


@pytest.mark.parametrize("query, message", [
    ("labelSelector=app+in+(a", "unable to parse requirement: found '', expected: ',' or ')'"),
    ("labelSelector=app:web", 'unable to parse requirement: <nil>: Invalid value: "app:web": name part must '
     "consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character "
     "(e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is "
     "'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')"),
    ("fieldSelector=spec.foo%3Dbar", "field label not supported: spec.foo"),
    ("fieldSelector=metadata.name", "invalid selector: 'metadata.name'; can't understand 'metadata.name'"),
])
def test_the_api_servers_selector_refusals_carry_no_client_prefix(sim, query, message):
    """The API server's message is labels.Parse's or the field selector's alone: kubectl adds
    `Unable to find … that match label selector …` itself (it was there twice through the real
    kubectl, and `unable to parse requirement:` twice)."""
    for path in ("/api/v1/namespaces/default/pods", "/api/v1/pods"):
        r = sim.request("GET", path, query)
        assert (r.code, r.body["reason"], r.body["message"]) == (400, "BadRequest", message)
    if query.startswith("labelSelector"):
        from kubetui.api.metrics import metrics_response

        path = "/apis/metrics.k8s.io/v1beta1/namespaces/default/pods"
        assert metrics_response(sim, path.split("/")[1:], query)[1]["message"] == message


GOOD_THEN_BAD = """\
apiVersion: v1
kind: ConfigMap
metadata:
  name: first
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: second
  labels: [unclosed
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: third
"""


@pytest.mark.parametrize("verb", ["apply", "create"])
def test_a_document_that_cannot_be_read_stops_its_file_after_the_documents_before_it(verb):
    """kubectl reads a stream a document at a time: the first document is sent, the unreadable
    one ends the file, the third is never read. The line is the file's line of the open `[`
    (it was the `---` after it, and nothing was applied)."""
    sim = Simulation(seed=3)
    r = sim.run(f"kubectl {verb} -f -", stdin=GOOD_THEN_BAD)
    assert (r.exit_code, r.stdout) == (1, "configmap/first created\n")
    assert r.stderr == "error: STDIN:10: expected ',' or ']', but got '<stream end>'\n"
    assert [c["metadata"]["name"] for c in sim.list("ConfigMap") if c["metadata"]["name"] != "kube-root-ca.crt"] \
        == ["first"]


def test_several_failures_are_printed_as_kubectl_prints_an_aggregate(tmp_path):
    """One failure in its own form; several, each as its message: an Invalid object as
    `Error from server (Invalid): error when creating "FILE": …`, a file error without `error: `."""
    (tmp_path / "bad.yaml").write_text(GOOD_THEN_BAD)
    (tmp_path / "names.yaml").write_text(
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: Upper}\n---\n"
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: lower}\n")
    sim = Simulation(seed=3)
    sim.cwd = str(tmp_path)
    r = sim.run("kubectl apply -f names.yaml")
    assert r.stderr.startswith('The ConfigMap "Upper" is invalid: metadata.name: Invalid value: "Upper": ')
    r = sim.run("kubectl apply -f bad.yaml -f names.yaml")
    assert r.stdout == "configmap/first created\nconfigmap/lower unchanged\n"
    lines = r.stderr.splitlines()
    assert lines[0] == "bad.yaml:10: expected ',' or ']', but got '<stream end>'"
    assert lines[1].startswith('Error from server (Invalid): error when creating "names.yaml": ConfigMap "Upper" is '
                               'invalid: metadata.name: Invalid value: "Upper": ')
    assert len(lines) == 2


VALIDATE_TAIL = "; if you choose to ignore these errors, turn validation off with --validate=false\n"


@pytest.mark.parametrize("verb", ["apply", "create"])
def test_a_document_without_kind_or_apiversion_is_refused_by_kubectls_validation(verb):
    """kubectl validates apiVersion and kind before decoding (it used to say `unable to decode
    …: Object 'Kind' is missing in …`, which is kubectl's answer only with `--validate=false`)."""
    sim = Simulation(seed=3)
    r = sim.run(f"kubectl {verb} -f -", stdin="apiVersion: v1\nmetadata: {name: a}\n")
    assert r.stderr == 'error: error validating "STDIN": error validating data: kind not set' + VALIDATE_TAIL
    r = sim.run(f"kubectl {verb} -f -", stdin="apiVersion: 1\nkind: [x]\nmetadata: {name: a}\n")
    assert r.stderr == ('error: error validating "STDIN": error validating data: [apiVersion isn\'t string type, '
                        "kind isn't string type]" + VALIDATE_TAIL)
    r = sim.run(f"kubectl {verb} -f -", stdin=(
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: kept}\n---\nmetadata: {name: b}\n---\n"
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: never}\n"))
    assert (r.exit_code, r.stdout) == (1, "configmap/kept created\n")
    assert r.stderr == ('error: error validating "STDIN": error validating data: [apiVersion not set, kind not set]'
                        + VALIDATE_TAIL)
    r = sim.run(f"kubectl {verb} -f - --validate=false", stdin="apiVersion: v1\nmetadata: {name: a}\n")
    assert r.stderr == ('error: unable to decode "STDIN": Object \'Kind\' is missing in '
                        '\'{"apiVersion":"v1","metadata":{"name":"a"}}\'\n')


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_get_one_missing_object_prints_only_the_error(sim, fmt):
    """One name asked for (a single item implied) and not found: kubectl prints the error, not an
    empty List; two names print the List of those found."""
    r = sim.run(f"kubectl get pod nope -o {fmt}")
    assert (r.exit_code, r.stdout, r.stderr) == (1, "", 'Error from server (NotFound): pods "nope" not found\n')
    r = sim.run(f"kubectl get pod/nope -o {fmt} --ignore-not-found")
    assert (r.exit_code, r.stdout, r.stderr) == (0, "", "")
    r = sim.run(f"kubectl get pod nope web -o {fmt}")
    assert '"web"' in r.stdout or "name: web" in r.stdout
    assert r.stderr == 'Error from server (NotFound): pods "nope" not found\n'


def test_run_of_an_unreadable_file_says_where_and_runs_nothing(tmp_path, capsys):
    """`kubetui run scenario.yaml` with a YAML mistake used to run it as a sandbox of manifests
    for 60 ticks (`failed: tick 60, 0 command(s), 1 failed`) and write a log; now it is bad
    input: the line, exit 2, as `play` says it."""
    from kubetui.headless import run_headless

    bad = tmp_path / "scenario.yaml"
    bad.write_text("id: x\nmode: scenario\ntitle:\n  en: a\n  ko b\nduration: 60\n")
    log = tmp_path / "run.jsonl"
    assert run_headless(str(bad), log=str(log)) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"error: {bad}:6: ") and "could not find expected ':'" in err
    assert not log.exists()
    bad.write_text("id: x\nmode: scenario\ndifficulty: hard\n")
    assert run_headless(str(bad), log=str(log)) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"error: {bad}:1: missing field 'briefing'\n")
    assert f"{bad}:3: difficulty: Input should be a valid integer" in err


@pytest.mark.parametrize("line, stderr", [
    ("kubectl run x --image=nginx --port=abc", "error: --port must be a number\n"),
    ("kubectl run x --image=nginx --port=0x10", "error: --port must be a number\n"),
    ("kubectl run x --image=nginx --labels=a=b=c", "error: unexpected label spec: a=b=c\n"),
    ("kubectl run x --image=nginx --labels==b", "error: unexpected empty label key\n"),
    ("kubectl expose pod web --port=80 --selector=a=b=c", "error: unexpected label spec: a=b=c\n"),
    ("kubectl get pods/web -l a", "error: selectors and the all flag cannot be used when passing resource/name "
                                  "arguments\n"),
    ("kubectl delete pods/web --all", "error: selectors and the all flag cannot be used when passing resource/name "
                                      "arguments\n"),
    ("kubectl get pods web -l a", "error: name cannot be provided when a selector is specified\n"),
    ("kubectl explain foo", 'the server doesn\'t have a resource type "foo"\n'),
    ("kubectl top pods --sort-by=foo", "error: --sort-by accepts only cpu or memory\n"),
    ("kubectl get pods --request-timeout=abc", "error: Invalid timeout value. Timeout must be a single integer in "
                                               "seconds, or an integer followed by a corresponding time unit (e.g. "
                                               "1s | 2m | 3h)\n"),
])
def test_kubectl_refusals_in_kubectls_words(sim, line, stderr):
    """Each line's stderr is the real kubectl 1.37's (against `kubetui serve`)."""
    r = sim.run(line)
    assert (r.exit_code, r.stdout, r.stderr) == (1, "", stderr)
    assert sim.get("Pod", "web") is not None and sim.get("Pod", "x") is None


def test_kubectl_accepts_what_it_accepts(sim):
    assert sim.run("kubectl get pods --request-timeout=1m30s -o name").stdout == "pod/web\n"
    assert sim.run("kubectl get pods --request-timeout=5 -o name").stdout == "pod/web\n"
    r = sim.run("kubectl rollout status deploy -n kube-system")
    assert (r.exit_code, r.stderr) == (0, "No resources found in kube-system namespace.\n")


def test_a_folder_without_manifests(sim, tmp_path):
    (tmp_path / "notes.txt").write_text("apiVersion: v1\n")
    for verb in ("apply", "create", "delete"):
        r = sim.run(f"kubectl {verb} -f {tmp_path}")
        assert r.stderr == f"error: error reading [{tmp_path}]: recognized file extensions are [.json .yaml .yml]\n"


NAME_PART_MSG = ("name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an "
                 "alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation "
                 "is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')")
TAINT_USAGE = "\nSee 'kubectl taint -h' for help and examples\n"


@pytest.mark.parametrize("spec, stderr", [
    ("a b=c:NoSchedule", f"error: invalid taint spec: a b=c:NoSchedule, {NAME_PART_MSG}"),
    ("a=b", f"error: invalid taint spec: a=b, {NAME_PART_MSG}"),
    ("a=b=c:NoSchedule", "error: invalid taint spec: a=b=c:NoSchedule"),
    ("a:b:NoSchedule", "error: invalid taint spec: a:b:NoSchedule"),
    ("a=b c:NoSchedule", f"error: invalid taint spec: a=b c:NoSchedule, {LABEL_VALUE_MSG}"),
    ("k:Bogus-", "error: invalid taint effect: Bogus, unsupported taint effect"),
])
def test_kubectl_taint_parses_as_kubectl_does(spec, stderr):
    """`a b=c:NoSchedule` used to taint the node with a key Kubernetes refuses."""
    sim = Simulation(seed=3)
    r = sim.run(f"kubectl taint node node-1 '{spec}'")
    assert (r.exit_code, r.stderr) == (1, stderr + TAINT_USAGE)
    assert not sim.get("Node", "node-1")["spec"].get("taints")


def test_a_node_and_a_pod_are_validated_as_the_api_server_validates_taints_and_tolerations():
    """No Node validation existed: any key, value or effect reached the scheduler."""
    sim = Simulation(seed=3)

    def patch(taints: str) -> str:
        return sim.run("kubectl patch node node-1 -p '{\"spec\":{\"taints\":[" + taints + "]}}'").stderr

    assert patch('{"key":"a b","effect":"NoSchedule"}') == \
        f'The Node "node-1" is invalid: spec.taints[0].key: Invalid value: "a b": {NAME_PART_MSG}\n'
    assert patch('{"key":"ab","effect":"Sometimes"}') == (
        'The Node "node-1" is invalid: spec.taints[0].effect: Unsupported value: "Sometimes": supported values: '
        '"NoSchedule", "PreferNoSchedule", "NoExecute"\n')
    assert patch('{"key":"ab"}') == 'The Node "node-1" is invalid: spec.taints[0].effect: Required value\n'
    assert patch('{"key":"ab","effect":"NoSchedule"},{"key":"ab","value":"x","effect":"NoSchedule"}') == (
        'The Node "node-1" is invalid: spec.taints[1]: Duplicate value: core.Taint{Key:"ab", Value:"x", '
        'Effect:"NoSchedule", TimeAdded:(*v1.Time)(nil)}: taints must be unique by key and effect pair\n')
    assert not sim.get("Node", "node-1")["spec"].get("taints")
    assert patch('{"key":"ab","effect":"NoSchedule"},{"key":"ab","effect":"NoExecute"}') == ""
    r = sim.run("kubectl run p --image=nginx --overrides='{\"spec\":{\"tolerations\":[{\"key\":\"a b\",\"operator\":"
                "\"Exists\"}]}}'")
    assert r.stderr == f'The Pod "p" is invalid: spec.tolerations[0].key: Invalid value: "a b": {NAME_PART_MSG}\n'
    r = sim.run("kubectl run p --image=nginx --overrides='{\"spec\":{\"tolerations\":[{\"key\":\"a\",\"value\":"
                "\"x y\"}]}}'")
    assert r.stderr == f'The Pod "p" is invalid: spec.tolerations[0].operator: Invalid value: "x y": {LABEL_VALUE_MSG}\n'
    assert sim.get("Pod", "p") is None


def test_delete_f_names_the_file_of_an_object_not_found(tmp_path):
    (tmp_path / "cms.yaml").write_text("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: here}\n---\n"
                                       "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: gone}\n")
    sim = Simulation(seed=3)
    sim.cwd = str(tmp_path)
    sim.run("kubectl create configmap here")
    r = sim.run("kubectl delete -f cms.yaml")
    assert r.stdout == 'configmap "here" deleted from default namespace\n'
    assert r.stderr == 'Error from server (NotFound): error when deleting "cms.yaml": configmaps "gone" not found\n'
    assert sim.run("kubectl delete -f cms.yaml --ignore-not-found").stderr == ""
