"""Bearer tokens at the served API: the real kubectl mints a ServiceAccount token and then
authenticates with it; forged, foreign-audience and impersonating requests are refused."""

from __future__ import annotations


def test_real_kubectl_creates_a_token_and_uses_it(served):
    r = served.kubectl("create", "token", "default", "--duration=20m")
    assert r.returncode == 0, r.stderr
    token = r.stdout.strip()
    assert token.count(".") == 2
    r = served.kubectl("--token", token, "run", "made-by-sa", "--image=nginx:1.25")
    assert r.returncode == 1 and 'User "system:serviceaccount:default:default" cannot create' in r.stderr
    served.builtin("kubectl create rolebinding sa-edits --clusterrole=edit --serviceaccount=default:default")
    r = served.kubectl("--token", token, "run", "made-by-sa", "--image=nginx:1.25")
    assert r.returncode == 0, r.stderr
    created = [c for c in served.sim.command_log if c.get("request") and c["line"].startswith("POST /api/v1/namespaces"
                                                                                             "/default/pods")]
    assert created[-1]["request"]["user"] == "system:serviceaccount:default:default"
    r = served.kubectl("create", "token", "nobody")
    assert (r.returncode, r.stderr) == (1, 'error: failed to create token: serviceaccounts "nobody" not found\n')


def test_tokens_that_do_not_stand_for_a_user_are_unauthorized(served):
    for token in ("garbage", served.kubectl("create", "token", "default", "--audience=vault").stdout.strip()):
        r = served.kubectl("--token", token, "get", "pods")
        assert r.returncode == 1
        assert "error: You must be logged in to the server" in r.stderr
    token = served.kubectl("create", "token", "default").stdout.strip()
    served.builtin("kubectl delete sa default")
    r = served.kubectl("--token", token, "get", "pods")
    assert "error: You must be logged in to the server" in r.stderr


def test_a_service_account_may_not_impersonate(served):
    token = served.kubectl("create", "token", "default").stdout.strip()
    r = served.kubectl("--token", token, "get", "pods", "--as=jane")
    assert r.returncode == 1 and "Forbidden" in r.stderr
    code, body, _ = served.http("GET", "/api/v1/pods", headers={"Authorization": f"Bearer {token}",
                                                               "Impersonate-User": "jane"})
    assert (code, body["reason"]) == (403, "Forbidden")
    assert body["message"] == ('users "jane" is forbidden: User "system:serviceaccount:default:default" cannot '
                               'impersonate resource "users" in API group "" at the cluster scope')
    r = served.kubectl("get", "pods", "--as=jane")
    assert r.returncode == 1 and 'User "jane" cannot list resource "pods"' in r.stderr, "the admin may; jane may not"
