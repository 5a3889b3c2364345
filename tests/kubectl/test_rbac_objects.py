"""RBAC objects through kubectl: validation in the API server's words, tables, describe, replay with --as."""

import pytest

from kubetui import Simulation

GROUP = "rbac.authorization.k8s.io"


@pytest.fixture
def sim():
    s = Simulation(seed=3, nodes=1)
    s.run("kubectl create namespace dev")
    return s


def apply(sim, text):
    return sim.run("kubectl apply -f -", stdin=text)


def test_rules_need_verbs_groups_and_resources(sim):
    r = apply(sim, f"""apiVersion: {GROUP}/v1
kind: Role
metadata: {{name: r, namespace: dev}}
rules:
- resources: [pods]
- verbs: [get]
  nonResourceURLs: [/healthz]
""")
    assert r.exit_code == 1
    assert r.stderr == (
        'The Role "r" is invalid: \n'
        "* rules[0].verbs: Required value: verbs must contain at least one value\n"
        "* rules[0].apiGroups: Required value: resource rules must supply at least one api group\n"
        '* rules[1].nonResourceURLs: Invalid value: []string{"/healthz"}: namespaced rules cannot apply to '
        "non-resource URLs\n")


def test_cluster_role_rules_and_aggregation(sim):
    r = apply(sim, f"""apiVersion: {GROUP}/v1
kind: ClusterRole
metadata: {{name: "system:mine"}}
aggregationRule: {{clusterRoleSelectors: []}}
rules:
- verbs: [get]
  nonResourceURLs: [/healthz]
  resources: [pods]
""")
    assert r.stderr == (
        'The ClusterRole "system:mine" is invalid: \n'
        '* rules[0].nonResourceURLs: Invalid value: []string{"/healthz"}: rules cannot apply to both regular '
        "resources and non-resource URLs\n"
        "* aggregationRule.clusterRoleSelectors: Required value: at least one clusterRoleSelector required if "
        "aggregationRule is non-nil\n")


def test_binding_subjects_and_role_ref(sim):
    r = apply(sim, f"""apiVersion: {GROUP}/v1
kind: ClusterRoleBinding
metadata: {{name: b}}
roleRef: {{apiGroup: {GROUP}, kind: Role, name: r}}
subjects:
- {{kind: ServiceAccount, name: ci}}
- {{kind: Robot, name: x}}
- {{kind: User, name: jane, apiGroup: v1}}
""")
    assert r.stderr == (
        'The ClusterRoleBinding "b" is invalid: \n'
        '* roleRef.kind: Unsupported value: "Role": supported values: "ClusterRole"\n'
        "* subjects[0].namespace: Required value\n"
        '* subjects[1].kind: Unsupported value: "Robot": supported values: "ServiceAccount", "User", "Group"\n'
        f'* subjects[2].apiGroup: Unsupported value: "v1": supported values: "{GROUP}"\n')


def test_defaults_fill_the_rbac_group(sim):
    assert apply(sim, f"""apiVersion: {GROUP}/v1
kind: RoleBinding
metadata: {{name: b, namespace: dev}}
roleRef: {{kind: ClusterRole, name: view}}
subjects: [{{kind: User, name: jane}}, {{kind: ServiceAccount, name: ci}}]
""").exit_code == 0
    b = sim.get("RoleBinding", "b", namespace="dev")
    assert b["roleRef"]["apiGroup"] == GROUP
    assert b["subjects"] == [{"kind": "User", "name": "jane", "apiGroup": GROUP}, {"kind": "ServiceAccount", "name": "ci"}]


def test_role_ref_cannot_change(sim):
    sim.run("kubectl create rolebinding b --clusterrole=view --user=jane -n dev")
    r = sim.run("kubectl patch rolebinding b -n dev --type=merge -p '{\"roleRef\":{\"name\":\"edit\"}}'")
    assert r.exit_code == 1
    assert r.stderr == (f'The RoleBinding "b" is invalid: roleRef: Invalid value: rbac.RoleRef{{APIGroup:"{GROUP}", '
                        'Kind:"ClusterRole", Name:"edit"}: cannot change roleRef\n')
    assert sim.run("kubectl patch rolebinding b -n dev --type=merge -p '{\"subjects\":[]}'").exit_code == 0


def test_tables(sim):
    sim.run("kubectl create role pod-reader --verb=get --resource=pods -n dev")
    sim.run("kubectl create rolebinding b --role=pod-reader --user=jane --user=bob --group=g "
            "--serviceaccount=dev:ci -n dev")
    sim.step(90)
    assert sim.run("kubectl get roles -n dev").stdout == (
        "NAME         CREATED AT\npod-reader   2026-01-01T00:00:00Z\n")
    assert sim.run("kubectl get rolebinding -n dev -o wide").stdout == (
        "NAME   ROLE              AGE   USERS       GROUPS   SERVICEACCOUNTS\n"
        "b      Role/pod-reader   90s   jane, bob   g        dev/ci\n")
    assert "kind: Role" not in sim.run("kubectl get all -A -o yaml").stdout


def test_replay_reproduces_commands_run_as_another_user(tmp_path):
    import json

    from kubetui.replay.reader import read_log
    from kubetui.replay.replayer import Replay, verify
    from kubetui.replay.writer import EventLog

    path = tmp_path / "sandbox-3-1.jsonl"
    sim = Simulation(seed=3, nodes=1)
    log = EventLog(path, {"seed": 3, "nodes": 1}).attach(sim)
    sim.run("kubectl create namespace dev")
    sim.run("kubectl create deployment web --image=nginx -n dev")
    sim.step(5)
    assert sim.run("kubectl scale deploy web --replicas=3 -n dev --as=system:serviceaccount:dev:ci").exit_code == 1
    sim.run("kubectl create rolebinding ci --clusterrole=edit --serviceaccount=dev:ci -n dev")
    sim.step(5)
    assert sim.run("kubectl scale deploy web --replicas=3 -n dev --as=system:serviceaccount:dev:ci").exit_code == 0
    sim.step(10)
    log.end({"passed": True})
    assert sim.get("Deployment", "web", namespace="dev")["spec"]["replicas"] == 3
    assert verify(Replay(read_log(path))).ok
    lines = path.read_text().splitlines()
    first = next(i for i, line in enumerate(lines) if "--as=system:serviceaccount" in line)
    lines[first] = lines[first].replace(" --as=system:serviceaccount:dev:ci", "")
    edited = tmp_path / "edited.jsonl"
    edited.write_text("\n".join(lines) + "\n")
    assert json.loads(lines[first])["line"] == "kubectl scale deploy web --replicas=3 -n dev"
    assert not verify(Replay(read_log(edited))).ok


def test_drain_logs_and_exec_need_their_subresources():
    sim = Simulation(seed=3, nodes=2)
    sim.run("kubectl create deployment web --image=nginx --replicas=2")
    sim.step(20)
    pod = sim.list("Pod", namespace="default", labels="app=web")[0]["metadata"]["name"]
    sim.run("kubectl create clusterrole drainer --verb=get,list,patch --resource=nodes,pods,daemonsets.apps")
    sim.run("kubectl create clusterrolebinding ops --clusterrole=drainer --user=ops")
    r = sim.run("kubectl drain node-1 --ignore-daemonsets --as=ops --timeout=20s")
    assert r.exit_code == 1 and 'cannot create resource "pods/eviction" in API group ""' in r.stderr
    r = sim.run(f"kubectl logs {pod} --as=ops")
    assert r.stderr == (f'Error from server (Forbidden): pods "{pod}" is forbidden: User "ops" cannot get resource '
                        '"pods/log" in API group "" in the namespace "default"\n')
    r = sim.run(f"kubectl exec {pod} --as=ops -- ls")
    assert 'cannot create resource "pods/exec"' in r.stderr
    sim.run("kubectl uncordon node-1")
    sim.run("kubectl create clusterrole evictor --verb=create --resource=pods/eviction")
    sim.run("kubectl create clusterrolebinding ops-evict --clusterrole=evictor --user=ops")
    r = sim.run("kubectl drain node-1 --ignore-daemonsets --as=ops --timeout=60s")
    assert r.exit_code == 0 and r.stdout.endswith("node/node-1 drained\n")


def test_escalation_is_refused_unless_escalate_or_bind_is_held(sim):
    sim.run("kubectl create rolebinding alice-admin --clusterrole=admin --user=alice -n dev")
    assert sim.run("kubectl create role pods --verb=get,list --resource=pods -n dev --as=alice").exit_code == 0
    r = sim.run("kubectl create role nodes --verb=list,delete --resource=nodes,persistentvolumes -n dev --as=alice")
    assert r.exit_code == 1
    assert r.stderr == (
        'Error from server (Forbidden): roles.rbac.authorization.k8s.io "nodes" is forbidden: user "alice" '
        '(groups=["system:authenticated"]) is attempting to grant RBAC permissions not currently held:\n'
        '{APIGroups:[""], Resources:["nodes"], Verbs:["list" "delete"]}\n'
        '{APIGroups:[""], Resources:["persistentvolumes"], Verbs:["list" "delete"]}\n')
    assert sim.run("kubectl create rolebinding bob-edit --clusterrole=edit --user=bob -n dev --as=alice").exit_code == 0
    r = sim.run("kubectl create rolebinding bob-root --clusterrole=cluster-admin --user=bob -n dev --as=alice")
    assert r.stderr.startswith('error: failed to create rolebinding: rolebindings.rbac.authorization.k8s.io "bob-root" '
                               'is forbidden: user "alice" (groups=["system:authenticated"]) is attempting to grant')
    sim.run("kubectl create clusterrole escalator --verb=escalate,bind --resource=roles,clusterroles")
    sim.run("kubectl create rolebinding alice-escalates --clusterrole=escalator --user=alice -n dev")
    assert sim.run("kubectl create role nodes --verb=list --resource=nodes -n dev --as=alice").exit_code == 0
    assert sim.run("kubectl create rolebinding bob-root --clusterrole=cluster-admin --user=bob -n dev "
                   "--as=alice").exit_code == 0
