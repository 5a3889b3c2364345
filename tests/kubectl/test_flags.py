"""The kubectl grammar, with error text checked against the real kubectl v1.37 (golden/flag_errors.json)."""

import json
from pathlib import Path

import pytest

from kubetui.kubectl.flags import (
    COMMANDS,
    KubectlUsageError,
    UnsupportedCommand,
    dry_run_strategy,
    parse,
    parse_duration,
    split_command_line,
    strip_kubectl_prefix,
    suggestions_for,
)

ERRORS = json.loads((Path(__file__).parent / "golden" / "flag_errors.json").read_text())


@pytest.mark.parametrize("name", sorted(ERRORS))
def test_error_text_matches_kubectl(name):
    case = ERRORS[name]
    with pytest.raises(KubectlUsageError) as err:
        p = parse(case["argv"])
        dry_run_strategy(p)
    assert err.value.stderr == case["stderr"]
    assert err.value.exit_code == case["exit_code"] == 1


@pytest.mark.parametrize("line", [
    "kubectl scale deploy/web --replicas=3",
    "kubectl scale deploy/web --replicas 3",
    "k scale --replicas=3 deploy/web",
    "scale deploy/web --replicas=0x3",
])
def test_int_flag_forms(line):
    p = parse(line)
    assert p.command == ["scale"]
    assert p.args == ["deploy/web"]
    assert p.flags["replicas"] == 3
    assert p.given("replicas")


@pytest.mark.parametrize("line", ["get pods -n x", "get pods -nx", "get pods -n=x",
                                  "get pods --namespace x", "get pods --namespace=x",
                                  "-n x get pods", "--namespace x get pods"])
def test_namespace_forms(line):
    p = parse(line)
    assert (p.command, p.args, p.flags["namespace"]) == (["get"], ["pods"], "x")


@pytest.mark.parametrize("line", ["get po -oyaml", "get po -o yaml", "get po -o=yaml",
                                  "get po --output yaml", "get po --output=yaml"])
def test_output_forms(line):
    assert parse(line).flags["output"] == "yaml"


def test_defaults_are_present_and_not_marked_given():
    p = parse("get pods")
    assert p.flags["output"] == "" and p.flags["all-namespaces"] is False
    assert p.flags["chunk-size"] == 500 and p.flags["namespace"] == ""
    assert p.set_flags == frozenset()


def test_bool_forms():
    assert parse("delete pod x --force").flags["force"] is True
    assert parse("delete pod x --force=true").flags["force"] is True
    assert parse("delete pod x --force=false").flags["force"] is False
    assert parse("delete pod x --force=F").flags["force"] is False
    p = parse("delete pod x --force false")
    assert p.flags["force"] is True and p.args == ["pod", "x", "false"]


def test_combined_bool_shorthands():
    p = parse("exec -it web -- sh")
    assert p.flags["stdin"] is True and p.flags["tty"] is True
    assert p.args == ["web"] and p.after_dashdash == ["sh"]
    p = parse("get pods -Aoyaml")
    assert p.flags["all-namespaces"] is True and p.flags["output"] == "yaml"
    p = parse("logs -pc app web")
    assert p.flags["previous"] is True and p.flags["container"] == "app"


def test_dashdash_ends_flags():
    p = parse("kubectl run x --image=busybox -- sleep 10 --not-a-flag")
    assert p.command == ["run"] and p.args == ["x"]
    assert p.after_dashdash == ["sleep", "10", "--not-a-flag"]
    assert parse("exec pod -- env").after_dashdash == ["env"]


def test_flag_value_may_start_with_dash():
    assert parse("get pods -l -x").flags["selector"] == "-x"


def test_aliases_resolve_to_canonical_path():
    assert parse("create deploy web --image=x").command == ["create", "deployment"]
    assert parse("create cm c").command == ["create", "configmap"]
    assert parse("create svc nodeport web --tcp=80").command == ["create", "service", "nodeport"]
    assert parse("top po").command == ["top", "pod"]
    assert parse("rollout status deploy/web").command == ["rollout", "status"]


def test_list_flags_repeat_and_split_only_for_slices():
    p = parse("create cm c --from-literal=a=1,b=2 --from-literal=c=3 --from-file=x,y")
    assert p.flags["from-literal"] == ["a=1,b=2", "c=3"]
    assert p.flags["from-file"] == ["x", "y"]
    p = parse("apply -f a.yaml -f b.yaml,c.yaml")
    assert p.flags["filename"] == ["a.yaml", "b.yaml", "c.yaml"]
    assert parse("run x --image=i --env=A=1 --env B=2").flags["env"] == ["A=1", "B=2"]


def test_optional_value_flags():
    assert parse("delete pod x --cascade").flags["cascade"] == "background"
    assert parse("delete pod x --cascade=orphan").flags["cascade"] == "orphan"
    p = parse("create ns x --dry-run")
    assert dry_run_strategy(p) == (
        "client", "--dry-run is deprecated and can be replaced with --dry-run=client.")
    assert dry_run_strategy(parse("create ns x --dry-run=server")) == ("server", None)
    assert dry_run_strategy(parse("create ns x")) == ("none", None)


def test_durations():
    assert parse("wait pod/x --for=condition=Ready --timeout=1m30s").flags["timeout"] == 90.0
    assert parse("wait pod/x").flags["timeout"] == 30.0
    assert parse_duration("1.5h") == 5400.0
    assert parse_duration("250ms") == 0.25
    with pytest.raises(ValueError, match='unknown unit "x" in duration "3x"'):
        parse_duration("3x")


def test_all_namespaces_only_where_kubectl_has_it():
    assert parse("get pods -A").flags["all-namespaces"] is True
    assert parse("top pods -A").flags["all-namespaces"] is True
    with pytest.raises(KubectlUsageError, match="unknown shorthand flag: 'A' in -A"):
        parse("scale deploy/x --replicas=1 -A")


def test_ignored_globals_are_accepted():
    p = parse("get pods --context=prod --kubeconfig /tmp/x -v=6")
    assert p.flags["context"] == "prod" and p.flags["v"] == 6


def test_help_flag():
    assert parse("get -h").flags["help"] is True
    assert parse("create deployment --help").command == ["create", "deployment"]


def test_groups_without_subcommand_parse_to_the_group():
    assert parse("kubectl rollout").command == ["rollout"]
    assert parse("kubectl").command == []


def test_unsupported_real_commands():
    with pytest.raises(UnsupportedCommand) as err:
        parse("kubectl proxy --port=8001")
    assert err.value.path == ("proxy",)
    assert parse("kubectl cp web:/etc/hosts hosts").command == ["cp"]


def test_suggestions_follow_cobra_order():
    assert suggestions_for("gett") == ["set", "get"]
    assert suggestions_for("rolout") == ["rollout"]
    assert suggestions_for("xyzzy") == []


def test_split_command_line_and_prefix():
    words = split_command_line("""kubectl run x --image=busybox -- sh -c 'echo "hi"; exit 1'""")
    assert words[-3:] == ["sh", "-c", 'echo "hi"; exit 1']
    assert strip_kubectl_prefix(["k", "get", "po"]) == ["get", "po"]
    assert strip_kubectl_prefix(["get", "po"]) == ["get", "po"]
    assert parse(["kubectl", "get", "po"]).args == ["po"]
    with pytest.raises(KubectlUsageError):
        split_command_line("kubectl get 'pods")


def test_every_command_the_project_needs_has_a_spec():
    needed = """get describe apply create;create namespace;create deployment;create job;
    create cronjob;create configmap;create secret generic;create secret docker-registry;
    create quota;create service clusterip;create service nodeport;create serviceaccount;run;
    expose;delete;scale;autoscale;rollout status;rollout history;rollout undo;rollout pause;
    rollout resume;rollout restart;set image;set env;set resources;patch;label;annotate;taint;
    cordon;uncordon;drain;logs;top node;top pod;explain;wait;exec;api-resources;config view;
    config get-contexts;config current-context;edit;version;cluster-info"""
    names = set()
    for part in needed.replace("\n", " ").split(";"):
        part = " ".join(part.split())
        names.update(part.split() if part.startswith("get ") else [part])
    assert names <= set(COMMANDS)


def test_flag_specs_carry_kubectl_defaults_and_shorthands():
    deploy = COMMANDS["create deployment"].flags
    assert (deploy["replicas"].short, deploy["replicas"].default) == ("r", 1)
    assert deploy["port"].default == -1 and deploy["image"].type == "list"
    assert COMMANDS["run"].flags["restart"].default == "Always"
    assert COMMANDS["drain"].flags["ignore-daemonsets"].type == "bool"
    assert COMMANDS["logs"].flags["follow"].short == "f"
    assert COMMANDS["autoscale"].flags["cpu-percent"].default == -1
