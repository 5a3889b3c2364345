"""The scenario models: round trips, defaults, paths, allowed commands, concepts."""

import pytest
from pydantic import ValidationError
from scenario_fakes import GOOD

from kubetui.scenario import CONCEPTS, Scenario, Text, load_scenario
from kubetui.scenario.schema import Cluster, resolve_inside


def test_round_trip_through_json_keeps_everything():
    s = load_scenario(GOOD)
    dumped = s.model_dump(mode="json", exclude_unset=True)
    again = Scenario.model_validate(dumped)
    assert again.model_dump(mode="json") == s.model_dump(mode="json")
    assert dumped["objectives"][0]["during"] == [30, 300]
    assert again.images["shop/web:v1"].capacityRps == 50
    assert again.cluster.nodePools[0].bootSeconds == 90


def test_text_needs_both_languages():
    with pytest.raises(ValidationError):
        Text(en="only english")
    assert Text(en="a", ko="가").get("ko") == "가"
    assert Text(en="a", ko="가").get("fr") == "a"


def test_nodes_as_a_number_or_a_list():
    assert [n.name for n in Cluster(nodes=2).worker_nodes()] == ["node-1", "node-2"]
    c = Cluster(nodes=[{"name": "big", "cpu": 8, "memory": "32Gi", "taints": [{"key": "gpu", "effect": "NoSchedule"}]}])
    assert c.worker_nodes()[0].cpu == "8"
    with pytest.raises(ValidationError, match="node names repeat"):
        Cluster(nodes=[{"name": "a"}, {"name": "a"}])
    with pytest.raises(ValidationError):
        Cluster(nodes=[{"name": "a", "taints": [{"key": "k", "effect": "Sometimes"}]}])


def test_command_allowed_matches_word_prefixes():
    s = load_scenario(GOOD).model_copy(update={"allowedCommands": ["kubectl get", "kubectl scale", "sim load"]})
    assert s.command_allowed("kubectl get pods -o wide")
    assert s.command_allowed("kubectl -n shop get pods")
    assert s.command_allowed("kubectl --namespace=shop scale deploy/web --replicas=2")
    assert s.command_allowed("sim load web 200")
    assert not s.command_allowed("kubectl getx pods")
    assert not s.command_allowed("kubectl delete pod web")
    assert not s.command_allowed("sim fail-node node-1")
    assert load_scenario(GOOD).model_copy(update={"allowedCommands": ["kubectl"]}).command_allowed("kubectl delete pod x")


def test_the_players_shell_lines_are_always_allowed_and_k_is_kubectl():
    s = load_scenario(GOOD).model_copy(update={"allowedCommands": ["kubectl get"]})
    assert s.command_allowed("NS=shop") and s.command_allowed("export do='--dry-run=client -o yaml'")
    assert s.command_allowed("unset NS") and s.command_allowed("k get pods -n shop")
    assert s.command_allowed("KUBECONFIG=x kubectl get pods")
    assert s.command_allowed("cat | kubectl get -f -") and s.command_allowed("cat > pod.yaml")
    assert not s.command_allowed("cat | kubectl apply -f -")
    assert s.command_allowed("kubectl get pods && kubectl get nodes || true")
    assert not s.command_allowed("kubectl get pods && kubectl delete pod web")
    assert not s.command_allowed("NS=x; sim fail-node node-1")
    assert s.command_allowed("for p in $(kubectl get pods -o name); do kubectl get $p; done")
    assert not s.command_allowed("for p in $(kubectl get pods -o name); do kubectl delete $p; done")
    assert not s.command_allowed("NS=shop kubectl delete pod web") and not s.command_allowed("k delete pod web")
    assert not s.command_allowed("A=1 sim fail-node node-1")


def test_resolve_inside_refuses_escapes(tmp_path):
    assert resolve_inside(tmp_path, "a/b.yaml") == (tmp_path / "a" / "b.yaml").resolve()
    for bad in ("/etc/passwd", "../x.yaml", "a/../../x.yaml", "~/x.yaml", "C:\\x.yaml", ""):
        with pytest.raises(ValueError):
            resolve_inside(tmp_path, bad)


def test_concepts_cover_the_seed():
    for c in ("master-node", "namespace", "pod", "volume", "resourcequota", "limitrange", "configmap", "secret",
              "replicationcontroller", "replicaset", "deployment-upgrade", "deployment-rollback", "daemonset", "job",
              "cronjob", "auto-scaling", "auto-healing", "cost", "vm-vs-container", "container-isolation",
              "container-security", "service", "networkpolicy", "multi-container-pod"):
        assert c in CONCEPTS
    data = load_scenario(GOOD).model_dump(mode="json")
    data["concepts"] = ["kubelet"]
    with pytest.raises(ValidationError):
        Scenario.model_validate(data)


def test_manifest_items_are_a_file_or_an_inline_object():
    data = load_scenario(GOOD).model_dump(mode="json")
    for bad in ({"file": "a.yaml", "extra": 1}, {"kind": "Pod", "metadata": {"name": "x"}},
                {"apiVersion": "v1", "kind": "Pod", "metadata": {}},
                {"apiVersion": "v1", "kind": "Podd", "metadata": {"name": "x"}}):
        data["manifests"] = [bad]
        with pytest.raises(ValidationError):
            Scenario.model_validate(data)


def test_text_is_reflowed_for_the_screen_but_lists_keep_their_lines():
    from kubetui.scenario.text import Text

    t = Text(en="One line wrapped\nby hand.\n\n- a list item\n- another\nkubectl get pods\n", ko="가\n나")
    assert t.get("en") == "One line wrapped by hand.\n\n- a list item\n- another\nkubectl get pods"
    assert t.get("ko") == "가 나"
    assert t.en.startswith("One line wrapped\nby hand.")
