"""ServiceAccounts: the controller's `default`, kube-root-ca.crt, ServiceAccount admission, the
kube-api-access projected volume, TokenRequest, the authenticator and legacy token Secrets."""

from __future__ import annotations

import base64
import json

import pytest
from cryptography import x509

from kubetui.engine.authentication import Authenticator
from kubetui.engine.user import UserInfo
from kubetui.model.errors import ApiError
from kubetui.shell import Simulation

MOUNT = "/var/run/secrets/kubernetes.io/serviceaccount"


def pod(name, **spec):
    return {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name},
            "spec": {"containers": [{"name": "app", "image": "nginx:1.25"}], **spec}}


def claims(token: str) -> dict:
    payload = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


def token_request(sim, name, namespace="default", **spec):
    r = sim.request("POST", f"/api/v1/namespaces/{namespace}/serviceaccounts/{name}/token",
                    body=json.dumps({"spec": spec}), content_type="application/json")
    return r.code, r.body


# -- the controllers ---------------------------------------------------------------------------------

def test_every_namespace_has_default_and_the_root_ca_from_the_start_and_when_created():
    sim = Simulation(seed=1)
    builtin = ["default", "kube-node-lease", "kube-public", "kube-system"]
    assert [(o["metadata"]["namespace"], o["metadata"]["name"]) for o in sim.list("ServiceAccount")] == \
        [(ns, "default") for ns in builtin]
    assert [(o["metadata"]["namespace"], o["metadata"]["name"]) for o in sim.list("ConfigMap")] == \
        [(ns, "kube-root-ca.crt") for ns in builtin]
    assert sim.run("kubectl create ns dev").exit_code == 0
    assert sim.get("ServiceAccount", "default", "dev") is not None
    cm = sim.get("ConfigMap", "kube-root-ca.crt", "dev")
    assert list(cm["data"]) == ["ca.crt"]
    assert cm["metadata"]["annotations"]["kubernetes.io/description"].startswith("Contains a CA bundle")
    # a pod in the brand-new namespace is admitted at once (admission waits for `default` on a real cluster)
    assert sim.run("kubectl run p --image=nginx -n dev").exit_code == 0


def test_the_cluster_ca_is_a_real_certificate_derived_from_the_seed():
    a, b, c = Simulation(seed=1), Simulation(seed=1), Simulation(seed=2)
    pem = a.get("ConfigMap", "kube-root-ca.crt")["data"]["ca.crt"]
    assert pem == b.get("ConfigMap", "kube-root-ca.crt", "kube-system")["data"]["ca.crt"]
    assert pem != c.get("ConfigMap", "kube-root-ca.crt")["data"]["ca.crt"]
    cert = x509.load_pem_x509_certificate(pem.encode())
    assert cert.subject.rfc4514_string() == "CN=kubernetes"
    assert cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca


def test_deleted_default_and_root_ca_come_back_and_an_edited_root_ca_is_put_back():
    sim = Simulation(seed=1)
    old_uid = sim.get("ServiceAccount", "default")["metadata"]["uid"]
    pem = sim.get("ConfigMap", "kube-root-ca.crt")["data"]["ca.crt"]
    assert sim.run("kubectl delete sa default").exit_code == 0
    assert sim.run("kubectl delete cm kube-root-ca.crt").exit_code == 0
    sim.step(1)
    again = sim.get("ServiceAccount", "default")
    assert again is not None and again["metadata"]["uid"] != old_uid
    assert sim.get("ConfigMap", "kube-root-ca.crt")["data"]["ca.crt"] == pem
    sim.run("kubectl patch cm kube-root-ca.crt -p '{\"data\":{\"ca.crt\":\"forged\",\"extra\":\"x\"}}'")
    sim.step(1)
    assert sim.get("ConfigMap", "kube-root-ca.crt")["data"] == {"ca.crt": pem}


def test_a_terminating_namespace_gets_nothing_back():
    sim = Simulation(seed=1)
    sim.run("kubectl create ns gone")
    sim.run("kubectl delete ns gone --wait=false")
    sim.step(5)
    assert sim.get("Namespace", "gone", None) is None
    assert sim.list("ServiceAccount", "gone") == [] and sim.list("ConfigMap", "gone") == []


def test_the_new_objects_draw_nothing_from_the_random_stream():
    """Pods keep the names they had before ServiceAccounts were simulated: the controllers'
    uids and the volume suffix come from hashes, not from the seeded generator."""
    sim, same = Simulation(seed=1), Simulation(seed=1)
    sim.run("kubectl delete sa default")
    sim.run("kubectl delete cm kube-root-ca.crt")
    sim.step(1)
    same.step(1)
    assert sim.get("ServiceAccount", "default") is not None
    assert sim.rng.getstate() == same.rng.getstate()


# -- admission ---------------------------------------------------------------------------------------

def test_a_pod_runs_as_default_with_the_kube_api_access_volume_in_every_container():
    sim = Simulation(seed=1)
    spec = pod("p")["spec"]
    spec["initContainers"] = [{"name": "init", "image": "busybox", "command": ["true"]}]
    created = sim.store.create({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": spec})
    spec = created["spec"]
    assert spec["serviceAccountName"] == spec["serviceAccount"] == "default"
    [volume] = spec["volumes"]
    assert volume["name"].startswith("kube-api-access-") and len(volume["name"]) == len("kube-api-access-") + 5
    assert volume["projected"] == {"defaultMode": 420, "sources": [
        {"serviceAccountToken": {"expirationSeconds": 3607, "path": "token"}},
        {"configMap": {"name": "kube-root-ca.crt", "items": [{"key": "ca.crt", "path": "ca.crt"}]}},
        {"downwardAPI": {"items": [{"path": "namespace",
                                    "fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.namespace"}}]}}]}
    for c in spec["initContainers"] + spec["containers"]:
        assert c["volumeMounts"] == [{"name": volume["name"], "readOnly": True, "mountPath": MOUNT}]


def test_a_pod_naming_a_missing_service_account_is_refused():
    sim = Simulation(seed=1)
    with pytest.raises(ApiError) as err:
        sim.store.create(pod("p", serviceAccountName="robot"))
    assert err.value.code == 403
    assert err.value.message == ('pods "p" is forbidden: error looking up service account default/robot: '
                                 'serviceaccount "robot" not found')
    sim.run("kubectl create sa robot")
    assert sim.store.create(pod("p", serviceAccountName="robot"))["spec"]["serviceAccount"] == "robot"


@pytest.mark.parametrize("pod_setting, sa_setting, mounted", [
    (None, None, True), (False, None, False), (None, False, False), (True, False, True), (False, True, False)])
def test_automount_service_account_token_pod_wins_over_service_account(pod_setting, sa_setting, mounted):
    sim = Simulation(seed=1)
    sa = {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "robot"}}
    if sa_setting is not None:
        sa["automountServiceAccountToken"] = sa_setting
    sim.store.create(sa)
    extra = {"serviceAccountName": "robot"}
    if pod_setting is not None:
        extra["automountServiceAccountToken"] = pod_setting
    spec = sim.store.create(pod("p", **extra))["spec"]
    assert bool(spec.get("volumes")) is mounted
    assert bool(spec["containers"][0].get("volumeMounts")) is mounted


def test_an_own_mount_at_the_token_path_is_kept_and_pull_secrets_come_from_the_service_account():
    sim = Simulation(seed=1)
    sim.store.create({"apiVersion": "v1", "kind": "ServiceAccount", "metadata": {"name": "puller"},
                      "imagePullSecrets": [{"name": "regcred"}]})
    p = pod("p", serviceAccountName="puller", volumes=[{"name": "mine", "emptyDir": {}}])
    p["spec"]["containers"][0]["volumeMounts"] = [{"name": "mine", "mountPath": MOUNT}]
    spec = sim.store.create(p)["spec"]
    assert [v["name"] for v in spec["volumes"]] == ["mine"]
    assert spec["imagePullSecrets"] == [{"name": "regcred"}]


def test_controllers_pods_are_refused_until_the_service_account_exists():
    sim = Simulation(seed=1)
    sim.run("kubectl create deployment web --image=nginx:1.25 --replicas=2")
    sim.run("kubectl set serviceaccount deployment/web builder")
    sim.step(5)
    rs = [r for r in sim.list("ReplicaSet") if r["spec"]["template"]["spec"].get("serviceAccountName") == "builder"]
    assert rs and sim.list("Pod", labels="pod-template-hash=" + rs[0]["metadata"]["labels"]["pod-template-hash"]) == []
    failed = [e for e in sim.events() if e["reason"] == "FailedCreate"]
    assert failed and failed[-1]["message"] == (
        f'Error creating: pods "{rs[0]["metadata"]["name"]}-" is forbidden: error looking up service account '
        'default/builder: serviceaccount "builder" not found')
    sim.run("kubectl create sa builder")
    sim.step(20)
    pods = sim.list("Pod", labels="app=web")
    assert len(pods) == 2 and {p["spec"]["serviceAccountName"] for p in pods} == {"builder"}


# -- the kubelet's projected volume --------------------------------------------------------------

def test_the_mounted_token_authenticates_as_the_pods_service_account():
    sim = Simulation(seed=1)
    sim.run("kubectl create ns dev")
    sim.run("kubectl create sa ci -n dev")
    p = pod("p", serviceAccountName="ci")
    p["metadata"]["namespace"] = "dev"
    sim.store.create(p)
    sim.step(10)
    files = sim.kubelet.volumes.files("dev", "p")
    assert files[f"{MOUNT}/namespace"] == "dev"
    assert files[f"{MOUNT}/ca.crt"] == sim.get("ConfigMap", "kube-root-ca.crt", "dev")["data"]["ca.crt"]
    token = files[f"{MOUNT}/token"]
    c = claims(token)
    assert c["sub"] == "system:serviceaccount:dev:ci" and c["kubernetes.io"]["pod"]["name"] == "p"
    assert c["exp"] - c["iat"] == 365 * 24 * 3600 and c["kubernetes.io"]["warnafter"] - c["iat"] == 3607
    user = Authenticator().authenticate(sim, token)
    sa_uid = sim.get("ServiceAccount", "ci", "dev")["metadata"]["uid"]
    assert user == UserInfo("system:serviceaccount:dev:ci",
                            ("system:serviceaccounts", "system:serviceaccounts:dev", "system:authenticated"), sa_uid)
    sim.run("kubectl delete pod p -n dev --grace-period=0 --force")
    assert Authenticator().authenticate(sim, token) is None


def test_a_service_account_deleted_before_the_mount_fails_the_mount():
    sim = Simulation(seed=1)
    sim.run("kubectl create sa short")
    sim.store.create(pod("p", serviceAccountName="short"))
    sim.run("kubectl delete sa short")
    sim.step(10)
    assert sim.get("Pod", "p")["status"]["phase"] == "Pending"
    [event] = [e for e in sim.events() if e["reason"] == "FailedMount"][:1]
    assert event["message"].endswith(': failed to fetch token: serviceaccounts "short" not found')
    assert event["message"].startswith('MountVolume.SetUp failed for volume "kube-api-access-')


def test_projected_and_downward_api_volumes_of_ones_own():
    sim = Simulation(seed=1)
    sim.run("kubectl create configmap cfg --from-literal=mode=prod")
    p = pod("p", volumes=[
        {"name": "all", "projected": {"sources": [
            {"configMap": {"name": "cfg"}},
            {"serviceAccountToken": {"path": "vault-token", "audience": "vault", "expirationSeconds": 600}},
            {"downwardAPI": {"items": [{"path": "labels", "fieldRef": {"fieldPath": "metadata.labels"}}]}}]}},
        {"name": "info", "downwardAPI": {"items": [{"path": "name", "fieldRef": {"fieldPath": "metadata.name"}}]}}])
    p["metadata"]["labels"] = {"app": "web", "tier": "front"}
    p["spec"]["containers"][0]["volumeMounts"] = [{"name": "all", "mountPath": "/etc/all"},
                                                  {"name": "info", "mountPath": "/etc/info"}]
    sim.store.create(p)
    sim.step(10)
    files = sim.kubelet.volumes.files("default", "p")
    assert files["/etc/all/mode"] == "prod"
    assert files["/etc/all/labels"] == 'app="web"\ntier="front"'
    assert files["/etc/info/name"] == "p"
    vault = files["/etc/all/vault-token"]
    assert claims(vault)["aud"] == ["vault"] and claims(vault)["exp"] - claims(vault)["iat"] == 600
    assert Authenticator().authenticate(sim, vault) is None  # not meant for the API server


def test_projected_volumes_are_validated_as_the_api_server_does():
    sim = Simulation(seed=1)
    bad = pod("p", volumes=[{"name": "v", "projected": {"defaultMode": 1000, "sources": [
        {"serviceAccountToken": {"path": "t", "expirationSeconds": 60}},
        {"configMap": {"name": "c", "items": [{"key": "k", "path": "t"}]}, "secret": {"name": "s"}},
        {"serviceAccountToken": {"path": "/abs"}},
        {"downwardAPI": {"items": [{"path": "n", "fieldRef": {"fieldPath": "spec.nodeName"}}]}}]}}])
    with pytest.raises(ApiError) as err:
        sim.store.create(bad)
    text = err.value.message
    for expected in (
            "spec.volumes[0].projected.defaultMode: Invalid value: 1000: must be a number between 0 and 0777 "
            "(octal), both inclusive",
            "spec.volumes[0].projected.sources[0].serviceAccountToken.expirationSeconds: Invalid value: 60: may not "
            "specify a duration less than 10 minutes",
            'spec.volumes[0].projected: Invalid value: "c": conflicting duplicate paths',
            "spec.volumes[0].projected.sources[1]: Forbidden: may not specify more than 1 volume type per source",
            'spec.volumes[0].projected.path: Invalid value: "/abs": must be a relative path',
            'spec.volumes[0].projected.sources[3].downwardAPI.fieldRef.fieldPath: Unsupported value: '
            '"spec.nodeName"'):
        assert expected in text, expected


# -- tokens -------------------------------------------------------------------------------------

def test_token_request_issues_a_jwt_for_the_simulated_clock():
    sim = Simulation(seed=1)
    sim.step(7)
    code, body = token_request(sim, "default")
    assert code == 201
    assert body["spec"] == {"audiences": ["https://kubernetes.default.svc.cluster.local"], "expirationSeconds": 3600,
                            "boundObjectRef": None}
    assert body["status"]["expirationTimestamp"] == "2026-01-01T01:00:07Z"
    token = body["status"]["token"]
    header = json.loads(base64.urlsafe_b64decode(token.split(".")[0] + "=="))
    assert header["alg"] == "RS256"
    c = claims(token)
    assert c["iss"] == "https://kubernetes.default.svc.cluster.local"
    assert c["sub"] == "system:serviceaccount:default:default"
    assert c["iat"] == c["nbf"] == 1767225600 + 7 and c["exp"] == c["iat"] + 3600
    assert c["kubernetes.io"] == {"namespace": "default", "serviceaccount": {
        "name": "default", "uid": sim.get("ServiceAccount", "default")["metadata"]["uid"]}}
    auth = Authenticator()
    assert auth.authenticate(sim, token).name == "system:serviceaccount:default:default"
    sim.step(3599)
    assert auth.authenticate(sim, token) is not None
    sim.step(1)
    assert auth.authenticate(sim, token) is None


def test_a_token_dies_with_its_service_account_even_if_one_of_that_name_comes_back():
    sim = Simulation(seed=1)
    sim.run("kubectl create sa robot")
    token = token_request(sim, "robot")[1]["status"]["token"]
    sim.run("kubectl delete sa robot")
    assert Authenticator().authenticate(sim, token) is None
    sim.run("kubectl create sa robot")
    assert Authenticator().authenticate(sim, token) is None


def test_forged_or_foreign_tokens_are_refused_and_static_tokens_map_to_their_user():
    sim, other = Simulation(seed=1), Simulation(seed=2)
    token = token_request(sim, "default")[1]["status"]["token"]
    head, payload, signature = token.split(".")
    forged = dict(claims(token), sub="system:serviceaccount:kube-system:default")
    forged_payload = base64.urlsafe_b64encode(json.dumps(forged).encode()).rstrip(b"=").decode()
    auth = Authenticator({"s3cret": UserInfo("kubetui-admin", ("system:masters",))})
    assert auth.authenticate(sim, f"{head}.{forged_payload}.{signature}") is None
    assert auth.authenticate(other, token) is None  # another cluster's key
    assert auth.authenticate(sim, "garbage") is None and auth.authenticate(sim, "") is None
    assert auth.authenticate(sim, "s3cret").is_admin


def test_token_request_refusals():
    sim = Simulation(seed=1)
    assert token_request(sim, "nobody")[0] == 404
    code, body = token_request(sim, "default", expirationSeconds=599)
    assert (code, body["message"]) == (422, 'TokenRequest.authentication.k8s.io "default" is invalid: '
                                             'spec.expirationSeconds: Invalid value: 599: may not specify a duration '
                                             'less than 10 minutes')
    code, body = token_request(sim, "default", boundObjectRef={"kind": "Pod", "apiVersion": "v1", "name": "nope"})
    assert (code, body["message"]) == (404, 'pods "nope" not found')


def test_the_same_run_gives_the_same_tokens():
    a, b = Simulation(seed=5), Simulation(seed=5)
    for sim in (a, b):
        sim.run("kubectl create sa robot")
        sim.step(3)
    assert a.run("kubectl create token robot").stdout == b.run("kubectl create token robot").stdout
    assert a.checksum() == b.checksum()


@pytest.mark.slow
def test_legacy_token_secrets_are_filled_and_go_with_their_service_account():
    sim = Simulation(seed=1)
    sim.run("kubectl create sa robot")
    secret = {"apiVersion": "v1", "kind": "Secret", "type": "kubernetes.io/service-account-token",
              "metadata": {"name": "robot-token", "annotations": {"kubernetes.io/service-account.name": "robot"}}}
    sim.store.create(secret)
    sim.step(1)
    stored = sim.get("Secret", "robot-token")
    assert sorted(stored["data"]) == ["ca.crt", "namespace", "token"]
    assert stored["metadata"]["annotations"]["kubernetes.io/service-account.uid"] == \
        sim.get("ServiceAccount", "robot")["metadata"]["uid"]
    token = base64.b64decode(stored["data"]["token"]).decode()
    assert claims(token)["iss"] == "kubernetes/serviceaccount" and "exp" not in claims(token)
    assert Authenticator().authenticate(sim, token).name == "system:serviceaccount:default:robot"
    sim.step(100_000)
    assert Authenticator().authenticate(sim, token) is not None  # legacy tokens never expire
    sim.run("kubectl delete sa robot")
    sim.step(1)
    assert sim.get("Secret", "robot-token") is None
    assert Authenticator().authenticate(sim, token) is None


def test_a_legacy_token_secret_must_name_its_service_account():
    sim = Simulation(seed=1)
    with pytest.raises(ApiError) as err:
        sim.store.create({"apiVersion": "v1", "kind": "Secret", "type": "kubernetes.io/service-account-token",
                          "metadata": {"name": "t"}})
    assert "metadata.annotations[kubernetes.io/service-account.name]: Required value" in err.value.message


def test_what_the_controllers_and_admission_store_is_valid_kubernetes():
    import kubernetes_validate

    sim = Simulation(seed=1)
    sim.run("kubectl create sa robot")
    sim.store.create({"apiVersion": "v1", "kind": "Secret", "type": "kubernetes.io/service-account-token",
                      "metadata": {"name": "robot-token", "annotations": {"kubernetes.io/service-account.name": "robot"}}})
    sim.store.create(pod("p", serviceAccountName="robot"))
    sim.step(10)
    for obj in (sim.get("ServiceAccount", "default"), sim.get("ConfigMap", "kube-root-ca.crt"),
                sim.get("Secret", "robot-token"), sim.get("Pod", "p")):
        kubernetes_validate.validate(obj, "1.32.0", strict=True)


def test_a_projected_token_signed_when_first_read_is_the_token_signed_at_mount(monkeypatch):
    """The kubelet's projected token is signed only when something reads it (`PodToken`); read
    ticks later, after the cluster moved on, it is the text signing at mount time gave."""
    import pickle

    from kubetui.engine.kubelet.volumes import ProjectedFiles
    from kubetui.engine.serviceaccount import PodToken

    def run(lazy: bool):
        if not lazy:
            issue = PodToken.issue
            monkeypatch.setattr(PodToken, "issue", staticmethod(lambda *args: issue(*args).text()))
        sim = Simulation(seed=5)
        sim.run("kubectl create deployment web --image=nginx:1.25 --replicas=2")
        sim.step(3)
        sim.run("kubectl create configmap later --from-literal=a=b")
        sim.step(5)
        monkeypatch.undo()
        pods = sorted(p["metadata"]["name"] for p in sim.store.iter("Pod", "default"))
        views = [sim.kubelet.volumes.mounted[("default", name)] for name in pods]
        return sim, pods, views

    lazy_sim, pods, lazy_views = run(True)
    held = [files for view in lazy_views for files in view.files.values() if isinstance(files, ProjectedFiles)]
    assert len(held) == 2 and all(type(dict.get(f, "token")) is PodToken for f in held), "nothing read them yet"
    copy = pickle.loads(pickle.dumps(held[0]))
    eager_sim, eager_pods, eager_views = run(False)
    assert pods == eager_pods
    for name, lazy, eager in zip(pods, lazy_views, eager_views):
        assert lazy.files == eager.files
        assert lazy_sim.kubelet.volumes.files("default", name) == eager_sim.kubelet.volumes.files("default", name)
        token = lazy_sim.kubelet.volumes.files("default", name)["/var/run/secrets/kubernetes.io/serviceaccount/token"]
        assert claims(token)["kubernetes.io"]["pod"]["name"] == name
    assert copy == held[0] and dict(copy) == dict(held[0]) == {**held[0]}


def test_the_token_volumes_suffix_is_five_alphabet_characters_of_the_uids_digest():
    import hashlib
    import random

    from kubetui.engine.admission.serviceaccount import SUFFIX_ALPHABET, _suffix

    r = random.Random(5)
    for uid in ["", "u-1", *(f"{r.getrandbits(128):032x}" for _ in range(500))]:
        digest = hashlib.sha256(uid.encode()).digest()
        assert _suffix(uid) == "".join(SUFFIX_ALPHABET[b % len(SUFFIX_ALPHABET)] for b in digest[:5])
