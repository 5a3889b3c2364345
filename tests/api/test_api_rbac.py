"""RBAC over the HTTP API, through the real kubectl: impersonation, Forbidden Statuses, auth can-i/whoami."""

import pytest

from kubetui.engine.user import UserInfo

pytestmark = pytest.mark.slow  # each test drives the real kubectl in subprocesses


@pytest.fixture(scope="module")
def rbac(shared):
    for line in ("kubectl create namespace dev",
                 "kubectl create deployment web --image=nginx -n dev",
                 "kubectl create role pod-reader --verb=get,list,watch --resource=pods,pods/log -n dev",
                 "kubectl create rolebinding jane-reads --role=pod-reader --user=jane -n dev",
                 "kubectl create rolebinding ci-edits --clusterrole=edit --serviceaccount=dev:ci -n dev"):
        assert shared.builtin(line).exit_code == 0, line
    return shared


def test_impersonated_user_reads_what_the_role_grants(rbac):
    r = rbac.kubectl("get", "pods", "-n", "dev", "--as=jane")
    assert (r.returncode, r.stderr) == (0, "No resources found in dev namespace.\n")


def test_forbidden_list_has_kube_apiservers_words(rbac):
    r = rbac.kubectl("get", "pods", "-n", "default", "--as=jane")
    assert r.returncode == 1
    assert r.stderr == ('Error from server (Forbidden): pods is forbidden: User "jane" cannot list resource "pods" in '
                        'API group "" in the namespace "default"\n')
    r = rbac.kubectl("get", "nodes", "--as=jane")
    assert r.stderr == ('Error from server (Forbidden): nodes is forbidden: User "jane" cannot list resource "nodes" '
                        'in API group "" at the cluster scope\n')


def test_forbidden_status_body(rbac):
    code, body, _ = rbac.http("GET", "/apis/apps/v1/namespaces/dev/deployments/web", headers={"Impersonate-User": "jane"})
    assert code == 403
    assert body == {"kind": "Status", "apiVersion": "v1", "metadata": {}, "status": "Failure",
                    "message": 'deployments.apps "web" is forbidden: User "jane" cannot get resource "deployments" '
                               'in API group "apps" in the namespace "dev"',
                    "reason": "Forbidden", "details": {"kind": "deployments", "group": "apps", "name": "web"},
                    "code": 403}


def test_service_account_writes_what_edit_grants(rbac):
    sa = "--as=system:serviceaccount:dev:ci"
    assert rbac.kubectl("scale", "deployment", "web", "-n", "dev", "--replicas=2", sa).returncode == 0
    assert rbac.sim.get("Deployment", "web", namespace="dev")["spec"]["replicas"] == 2
    r = rbac.kubectl("create", "role", "x", "--verb=get", "--resource=pods", "-n", "dev", sa)
    assert r.returncode == 1
    assert r.stderr == ('Error from server (Forbidden): roles.rbac.authorization.k8s.io is forbidden: User '
                        '"system:serviceaccount:dev:ci" cannot create resource "roles" in API group '
                        '"rbac.authorization.k8s.io" in the namespace "dev"\n')
    ours = rbac.builtin(f"kubectl create role x --verb=get --resource=pods -n dev {sa}")
    assert (ours.exit_code, ours.stderr) == (1, r.stderr)


def test_a_forbidden_write_is_not_recorded_and_a_permitted_one_carries_its_user(rbac):
    before = len(rbac.sim.command_log)
    assert rbac.kubectl("delete", "pod", "nope", "-n", "dev", "--as=jane").returncode == 1
    assert len(rbac.sim.command_log) == before
    assert rbac.kubectl("label", "deployment", "web", "-n", "dev", "x=y", "--as=system:serviceaccount:dev:ci")\
        .returncode == 0
    request = rbac.sim.command_log[-1]["request"]
    assert (request["user"], request["groups"]) == ("system:serviceaccount:dev:ci", [
        "system:serviceaccounts", "system:serviceaccounts:dev", "system:authenticated"])


def test_impersonation_needs_the_impersonate_verb(rbac):
    r = rbac.kubectl("get", "pods", "-n", "dev", "--as=jane", "--as-group=x")
    assert r.returncode == 0
    code, body, _ = rbac.http("GET", "/api/v1/namespaces/dev/pods",
                              headers={"Impersonate-User": "jane"})
    assert code == 200
    rbac.call(lambda: rbac.server.tokens.__setitem__("jane-token", UserInfo("jane", ("system:authenticated",))))
    try:
        code, body, _ = rbac.http("GET", "/api/v1/namespaces/dev/pods", headers={
            "Authorization": "Bearer jane-token", "Impersonate-User": "bob"})
    finally:
        rbac.call(lambda: rbac.server.tokens.pop("jane-token"))
    assert (code, body["message"]) == (403, 'users "bob" is forbidden: User "jane" cannot impersonate resource '
                                            '"users" in API group "" at the cluster scope')


def test_real_kubectl_auth_can_i(rbac):
    r = rbac.kubectl("auth", "can-i", "list", "pods", "-n", "dev", "--as=jane")
    assert (r.returncode, r.stdout) == (0, "yes\n")
    r = rbac.kubectl("auth", "can-i", "delete", "pods", "-n", "dev", "--as=jane")
    assert (r.returncode, r.stdout) == (1, "no\n")
    r = rbac.kubectl("auth", "can-i", "get", "pods", "--subresource=log", "-n", "dev", "--as=jane")
    assert (r.returncode, r.stdout) == (0, "yes\n")
    for args in (["list", "pods", "-n", "dev"], ["delete", "pods", "-n", "dev"], ["--list", "-n", "dev"],
                 ["get", "nodes"], ["get", "/healthz"]):
        real = rbac.kubectl("auth", "can-i", *args, "--as=jane")
        ours = rbac.builtin("kubectl auth can-i " + " ".join(args) + " --as=jane")
        assert (ours.exit_code, ours.stdout, ours.stderr) == (real.returncode, real.stdout, real.stderr), args


def test_real_kubectl_auth_whoami(rbac):
    real = rbac.kubectl("auth", "whoami", "--as=jane", "--as-group=devs")
    ours = rbac.builtin("kubectl auth whoami --as=jane --as-group=devs")
    assert real.returncode == 0
    assert ours.stdout == real.stdout == ("ATTRIBUTE   VALUE\nUsername    jane\n"
                                          "Groups      [devs system:authenticated]\n")


def test_real_kubectl_creates_and_prints_rbac_objects(rbac):
    r = rbac.kubectl("create", "clusterrole", "pod-lister", "--verb=list", "--resource=pods,deployments.apps")
    assert (r.returncode, r.stdout) == (0, "clusterrole.rbac.authorization.k8s.io/pod-lister created\n")
    r = rbac.kubectl("create", "clusterrolebinding", "ops", "--clusterrole=pod-lister", "--group=ops",
                     "--serviceaccount=dev:ci")
    assert (r.returncode, r.stdout) == (0, "clusterrolebinding.rbac.authorization.k8s.io/ops created\n")
    for line in ("describe role pod-reader -n dev", "describe clusterrole pod-lister", "describe clusterrole view",
                 "describe rolebinding jane-reads -n dev", "describe clusterrolebinding ops",
                 "get rolebindings -n dev -o wide", "get clusterrolebinding ops -o wide", "get roles -n dev"):
        real = rbac.kubectl(*line.split())
        ours = rbac.builtin("kubectl " + line)
        assert real.returncode == 0, (line, real.stderr)
        assert ours.stdout == real.stdout, line


def test_real_kubectl_exec_and_logs_need_their_subresources(rbac):
    rbac.builtin("kubectl run box --image=nginx:1.25 -n dev")
    rbac.step(10)
    for line in ("exec box -n dev --as=jane -- ls /", "logs box -n dev --as=jane"):
        real = rbac.kubectl(*line.split())
        ours = rbac.builtin("kubectl " + line)
        assert (ours.exit_code, ours.stdout, ours.stderr) == (real.returncode, real.stdout, real.stderr), line
    real = rbac.kubectl("exec", "box", "-n", "dev", "--as=jane", "--", "ls")
    assert real.returncode == 1 and 'cannot create resource "pods/exec"' in real.stderr


RECONCILE = [
    "auth reconcile -f {d}/reconcile-1.yaml --dry-run=client",
    "auth reconcile -f {d}/reconcile-1.yaml",
    "auth reconcile -f {d}/reconcile-1.yaml",
    "auth reconcile -f {d}/reconcile-2.yaml --dry-run=client",
    "auth reconcile -f {d}/reconcile-2.yaml",
    "auth reconcile -f {d}/reconcile-1.yaml --remove-extra-permissions --remove-extra-subjects",
    "auth reconcile -f {d}/reconcile-2.yaml -o name",
    "auth reconcile -f {d}/reconcile-3.yaml --remove-extra-permissions --remove-extra-subjects --dry-run=client",
    "auth reconcile -f {d}/reconcile-3.yaml --remove-extra-permissions --remove-extra-subjects",
    "auth reconcile -f {d}/reconcile-1.yaml",
    "auth reconcile",
]


def test_auth_reconcile_matches_the_real_kubectl(tmp_path, serve_session):
    from pathlib import Path

    from kubetui.session import Session
    from kubetui.shell import Simulation

    fixtures = Path(__file__).parent / "fixtures"
    real_side = serve_session(tmp_path / "real", Session(Simulation(seed=0)))
    ours_side = serve_session(tmp_path / "ours", Session(Simulation(seed=0)))
    try:
        for line in RECONCILE:
            line = line.format(d=fixtures)
            real = real_side.kubectl(*line.split())
            ours = ours_side.builtin("kubectl " + line)
            assert (ours.exit_code, ours.stdout, ours.stderr) == (real.returncode, real.stdout, real.stderr), line
        for kind, name in (("Role", "reader"), ("RoleBinding", "reader"), ("ClusterRole", "agg")):
            got = [side.call(side.sim.get, kind, name, "default") for side in (real_side, ours_side)]
            assert [g.get("rules", g.get("subjects")) for g in got][0] == [g.get("rules", g.get("subjects"))
                                                                          for g in got][1], kind
    finally:
        real_side.running.stop()
        ours_side.running.stop()


def test_escalation_through_the_api(rbac):
    rbac.builtin("kubectl create rolebinding alice-admin --clusterrole=admin --user=alice -n dev")
    real = rbac.kubectl("create", "rolebinding", "root", "--clusterrole=cluster-admin", "--user=bob", "-n", "dev",
                        "--as=alice")
    ours = rbac.builtin("kubectl create rolebinding root --clusterrole=cluster-admin --user=bob -n dev --as=alice")
    assert real.returncode == ours.exit_code == 1
    assert real.stderr == ours.stderr
    assert real.stderr.startswith('error: failed to create rolebinding: rolebindings.rbac.authorization.k8s.io "root" '
                                  'is forbidden: user "alice" (groups=["system:authenticated"]) is attempting to '
                                  "grant RBAC permissions not currently held:\n")
    for args in (["create", "rolebinding", "x", "--role=r", "--user=a"], ["create", "clusterrolebinding", "x",
                                                                          "--clusterrole=r", "--user=a"],
                 ["create", "clusterrole", "x", "--verb=get", "--resource=pods"]):
        real = rbac.kubectl(*args, "--as=nobody")
        ours = rbac.builtin("kubectl " + " ".join(args) + " --as=nobody")
        assert (ours.exit_code, ours.stderr) == (real.returncode, real.stderr), args
    assert rbac.kubectl("create", "rolebinding", "bob-view", "--clusterrole=view", "--user=bob", "-n", "dev",
                        "--as=alice").returncode == 0
