"""Generators against objects the real kubectl built (golden/generators.json, v1.37)."""

import base64
import json
from pathlib import Path

import pytest

from kubetui.kubectl.flags import KubectlUsageError, parse
from kubetui.kubectl.generators import (
    build,
    container_name_for_image,
    create_configmap,
    create_deployment,
    create_job,
    expose,
)
from kubetui.model.kinds import resolve

GOLDEN = Path(__file__).parent / "golden"
DATA = json.loads((GOLDEN / "generators.json").read_text())
CASES = DATA["cases"]
OBJECTS = list(DATA["objects"].values())


def _existing(parsed):
    """The object kubectl read from the (fake) server for expose / create job --from."""
    if parsed.command == ["expose"]:
        kind, name = resolve(parsed.args[0]).kind, parsed.args[1]
    elif parsed.command == ["create", "job"] and parsed.flags["from"]:
        word, _, name = parsed.flags["from"].partition("/")
        kind = resolve(word).kind
    else:
        return None
    return next(o for o in OBJECTS if o["kind"] == kind and o["metadata"]["name"] == name)


def _build(argv):
    parsed = parse("kubectl " + argv)
    return build(parsed, base_dir=GOLDEN / "files", existing=_existing(parsed))


@pytest.mark.parametrize("name", sorted(n for n, c in CASES.items() if c["exit_code"] == 0))
def test_object_matches_kubectl(name):
    assert _build(CASES[name]["argv"]) == CASES[name]["object"]


@pytest.mark.parametrize("name", sorted(n for n, c in CASES.items() if c["exit_code"] != 0))
def test_error_matches_kubectl(name):
    with pytest.raises(KubectlUsageError) as err:
        _build(CASES[name]["argv"])
    assert err.value.stderr == CASES[name]["stderr"]
    assert err.value.exit_code == CASES[name]["exit_code"]


def test_every_generator_has_a_golden():
    commands = {" ".join(parse("kubectl " + c["argv"]).command) for c in CASES.values()}
    assert commands >= {
        "create namespace", "create deployment", "create job", "create cronjob",
        "create configmap", "create secret generic", "create secret docker-registry",
        "create quota", "create service clusterip", "create service nodeport",
        "create serviceaccount", "run", "expose", "create poddisruptionbudget"}


def test_secret_data_is_base64_of_the_literal():
    obj = _build("create secret generic s --from-literal=k=v@lue")
    assert base64.b64decode(obj["data"]["k"]) == b"v@lue"


def test_configmap_binary_file_goes_to_binary_data(tmp_path):
    (tmp_path / "blob").write_bytes(b"\xff\x00\xfe")
    obj = create_configmap(parse("create cm bin --from-file=blob"), base_dir=tmp_path)
    assert "data" not in obj
    assert base64.b64decode(obj["binaryData"]["blob"]) == b"\xff\x00\xfe"


def test_from_file_paths_resolve_against_base_dir(tmp_path):
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("x")
    obj = create_configmap(parse("create cm c --from-file=sub/a.txt"), base_dir=tmp_path)
    assert obj["data"] == {"a.txt": "x"}
    with pytest.raises(KubectlUsageError, match="error reading sub/a.txt"):
        create_configmap(parse("create cm c --from-file=sub/a.txt"), base_dir=GOLDEN)


def test_container_name_with_underscore_is_sanitised_with_a_suffix():
    assert container_name_for_image("reg.io/my_app:1", lambda n: "abcde") == "my-app-abcde"
    assert container_name_for_image("reg.io/my_app:1") == container_name_for_image("my_app")
    obj = create_deployment(parse("create deploy d --image=my_app"), lambda n: "zzzzz")
    assert obj["spec"]["template"]["spec"]["containers"][0]["name"] == "my-app-zzzzz"


def test_container_name_strips_tag_and_digest():
    assert container_name_for_image("docker.io/library/nginx:1.25@sha256:ff") == "nginx"


def test_create_job_from_cronjob_copies_the_job_template_deeply():
    cron = next(o for o in OBJECTS if o["kind"] == "CronJob")
    job = create_job(parse("create job j --from=cronjob/nightly"), cron)
    job["spec"]["template"]["spec"]["containers"][0]["image"] = "changed"
    assert cron["spec"]["jobTemplate"]["spec"]["template"]["spec"]["containers"][0][
        "image"] == "busybox"


def test_expose_service_reuses_its_selector_and_ports():
    svc = {"apiVersion": "v1", "kind": "Service",
           "metadata": {"name": "api", "labels": {"app": "api"}},
           "spec": {"selector": {"app": "api"},
                    "ports": [{"port": 80, "protocol": "TCP"}, {"port": 53, "protocol": "UDP"}]}}
    obj = expose(parse("expose svc api --name=api2"), svc)
    assert obj["metadata"]["name"] == "api2"
    assert obj["spec"]["selector"] == {"app": "api"}
    assert obj["spec"]["ports"] == [
        {"name": "port-1", "port": 80, "protocol": "TCP", "targetPort": 80},
        {"name": "port-2", "port": 53, "protocol": "UDP", "targetPort": 53}]


def test_expose_refuses_kinds_kubectl_cannot_expose():
    job = {"apiVersion": "batch/v1", "kind": "Job", "metadata": {"name": "j"}, "spec": {}}
    with pytest.raises(KubectlUsageError, match="cannot expose a Job.batch"):
        expose(parse("expose job j --port=80"), job)


def test_namespace_only_when_given():
    assert "namespace" not in _build("run a --image=x")["metadata"]
    assert _build("run a --image=x -n=dev")["metadata"]["namespace"] == "dev"


def test_dev_stdin_is_the_commands_own_stdin():
    """`--from-env-file=/dev/stdin <<EOF` and `--from-file=/dev/stdin` read the here-document, never the
    host process's stdin (which would hang the game)."""
    from kubetui import Simulation

    sim = Simulation()
    r = sim.run("kubectl create configmap app --from-env-file=/dev/stdin", stdin="MODE=prod\n# a comment\nLEVEL=debug\n")
    assert r.exit_code == 0 and sim.get("ConfigMap", "app")["data"] == {"MODE": "prod", "LEVEL": "debug"}
    r = sim.run("kubectl create secret generic s --from-file=/dev/stdin --dry-run=client -o jsonpath={.data}",
                stdin="hi")
    assert (r.exit_code, r.stdout) == (0, '{"stdin":"aGk="}')
    r = sim.run("kubectl create configmap none --from-env-file=/dev/stdin --dry-run=client -o jsonpath={.data}")
    assert (r.exit_code, r.stdout) == (0, "")
