"""kubectl and ServiceAccounts: get/describe sa, describe pod's Service Account, create token,
set serviceaccount, the mounted files through exec, and kubectl run inside a pod."""

from __future__ import annotations

import base64
import json

from kubetui.shell import Simulation

KUBECTL_POD = """\
apiVersion: v1
kind: Pod
metadata: {name: k, namespace: dev}
spec:
  serviceAccountName: ci
  automountServiceAccountToken: %s
  containers: [{name: k, image: bitnami/kubectl:1.32.0, command: [sleep, "3600"]}]
"""


def ok(sim, line, stdin=None):
    r = sim.run(line, stdin=stdin)
    assert r.exit_code == 0, r.stderr
    return r.stdout


def test_get_and_describe_service_accounts():
    sim = Simulation(seed=1)
    assert ok(sim, "kubectl create serviceaccount robot") == "serviceaccount/robot created\n"
    assert ok(sim, "kubectl get sa") == "NAME      SECRETS   AGE\ndefault   0         0s\nrobot     0         0s\n"
    ok(sim, "kubectl apply -f -", """\
apiVersion: v1
kind: Secret
metadata: {name: robot-token, annotations: {kubernetes.io/service-account.name: robot}}
type: kubernetes.io/service-account-token
""")
    sim.step(1)
    assert ok(sim, "kubectl describe sa robot") == (
        "Name:                robot\n"
        "Namespace:           default\n"
        "Labels:              <none>\n"
        "Annotations:         <none>\n"
        "Image pull secrets:  <none>\n"
        "Events:              <none>\n")


def test_describe_pod_shows_the_service_account_after_priority():
    sim = Simulation(seed=1)
    ok(sim, "kubectl run p --image=nginx:1.25")
    sim.step(5)
    lines = ok(sim, "kubectl describe pod p").splitlines()
    assert lines[2:4] == ["Priority:         0", "Service Account:  default"]
    assert lines[4].startswith("Node:")
    assert any(line.startswith("  kube-api-access-") for line in lines)
    assert any("/var/run/secrets/kubernetes.io/serviceaccount from kube-api-access-" in line and line.endswith("(ro)")
               for line in lines)


def test_create_token_prints_a_token_for_the_service_account_and_refuses_as_kubectl_does():
    sim = Simulation(seed=1)
    ok(sim, "kubectl create ns dev")
    ok(sim, "kubectl create sa ci -n dev")
    token = ok(sim, "kubectl create token ci -n dev --duration=2h --audience=https://kubernetes.default.svc.cluster.local")
    assert token.endswith("\n") and token.count(".") == 2
    payload = json.loads(base64.urlsafe_b64decode(token.split(".")[1] + "=="))
    assert payload["sub"] == "system:serviceaccount:dev:ci" and payload["exp"] - payload["iat"] == 7200
    yaml_out = ok(sim, "kubectl create token ci -n dev -o yaml")
    assert yaml_out.startswith("apiVersion: authentication.k8s.io/v1\nkind: TokenRequest\n")
    for line, err in (
            ("kubectl create token", "error: exactly one NAME is required, got 0\n"
                                     "See 'kubectl create token -h' for help and examples\n"),
            ("kubectl create token ci", 'error: failed to create token: serviceaccounts "ci" not found\n'),
            ("kubectl create token ci -n dev --duration=1m",
             'error: failed to create token: TokenRequest.authentication.k8s.io "ci" is invalid: '
             "spec.expirationSeconds: Invalid value: 60: may not specify a duration less than 10 minutes\n"),
            ("kubectl create token ci -n dev --duration=-1s", "error: --duration must be greater than or equal to 0\n"),
            ("kubectl create token ci -n dev --duration=1.5s",
             "error: --duration cannot be expressed in units less than seconds\n"),
            ("kubectl create token ci -n dev --audience=", "error: --audience must not be an empty string\n"),
            ("kubectl create token ci -n dev --bound-object-kind=Foo",
             "error: supported --bound-object-kind values are Node, Pod, Secret\n")):
        r = sim.run(line)
        assert (r.exit_code, r.stdout, r.stderr) == (1, "", err), line


def test_set_serviceaccount_on_a_deployment_and_on_a_pod():
    sim = Simulation(seed=1)
    ok(sim, "kubectl create deployment web --image=nginx:1.25")
    ok(sim, "kubectl run p --image=nginx:1.25")
    ok(sim, "kubectl create sa builder")
    assert ok(sim, "kubectl set serviceaccount deployment/web builder") == \
        "deployment.apps/web serviceaccount updated\n"
    assert sim.get("Deployment", "web")["spec"]["template"]["spec"]["serviceAccountName"] == "builder"
    assert ok(sim, "kubectl set sa deploy web default") == "deployment.apps/web serviceaccount updated\n"
    r = sim.run("kubectl set serviceaccount pod/p builder")
    assert r.exit_code == 1
    assert r.stderr.startswith('error: failed to patch ServiceAccountName Pod "p" is invalid: spec: Forbidden: '
                               "pod updates may not change fields other than `spec.containers[*].image`")
    assert sim.run("kubectl set serviceaccount").stderr == "error: serviceaccount is required\n"


def test_exec_reads_the_mounted_service_account_files():
    sim = Simulation(seed=1)
    ok(sim, "kubectl create ns dev")
    ok(sim, "kubectl run web --image=nginx:1.25 -n dev")
    ok(sim, "kubectl run box --image=busybox:1.36 -n dev -- sleep 3600")
    sim.step(10)
    for pod in ("web", "box"):
        assert ok(sim, f"kubectl exec {pod} -n dev -- cat /var/run/secrets/kubernetes.io/serviceaccount/namespace") \
            == "dev"
        assert ok(sim, f"kubectl exec {pod} -n dev -- ls /var/run/secrets/kubernetes.io/serviceaccount") == \
            "ca.crt\nnamespace\ntoken\n"
    crt = ok(sim, "kubectl exec box -n dev -- cat /var/run/secrets/kubernetes.io/serviceaccount/ca.crt")
    assert crt == sim.get("ConfigMap", "kube-root-ca.crt", "dev")["data"]["ca.crt"]


def test_kubectl_inside_a_pod_acts_as_its_service_account_in_its_namespace():
    sim = Simulation(seed=1)
    ok(sim, "kubectl create ns dev")
    ok(sim, "kubectl create sa ci -n dev")
    ok(sim, "kubectl apply -f -", KUBECTL_POD % "true")
    sim.step(10)
    who = ok(sim, "kubectl exec k -n dev -- kubectl auth whoami")
    uid = sim.get("ServiceAccount", "ci", "dev")["metadata"]["uid"]
    denied = sim.run("kubectl exec k -n dev -- kubectl get pods -o name")
    assert 'User "system:serviceaccount:dev:ci" cannot list resource "pods"' in denied.stderr, "RBAC binds the token"
    ok(sim, "kubectl create rolebinding ci-view --clusterrole=view --serviceaccount=dev:ci -n dev")
    assert who == ("ATTRIBUTE   VALUE\n"
                   "Username    system:serviceaccount:dev:ci\n"
                   f"UID         {uid}\n"
                   "Groups      [system:serviceaccounts system:serviceaccounts:dev system:authenticated]\n")
    assert ok(sim, "kubectl exec k -n dev -- sh -c 'kubectl get pods -o name'") == "pod/k\n"
    assert ok(sim, "kubectl auth whoami").splitlines()[1] == "Username    kubernetes-admin"
    ok(sim, "kubectl delete sa ci -n dev")
    r = sim.run("kubectl exec k -n dev -- kubectl get pods")
    assert r.exit_code == 1
    assert r.stderr == "error: You must be logged in to the server (Unauthorized)\ncommand terminated with exit code 1\n"


def test_kubectl_inside_a_pod_without_a_token_or_without_kubectl():
    sim = Simulation(seed=1)
    ok(sim, "kubectl create ns dev")
    ok(sim, "kubectl create sa ci -n dev")
    ok(sim, "kubectl apply -f -", KUBECTL_POD % "false")
    ok(sim, "kubectl run box --image=busybox:1.36 -n dev -- sleep 3600")
    sim.step(10)
    r = sim.run("kubectl exec k -n dev -- kubectl get pods")
    assert r.stderr.startswith("The connection to the server localhost:8080 was refused")
    r = sim.run("kubectl exec box -n dev -- sh -c 'kubectl get pods'")
    assert (r.exit_code, r.stderr) == (127, "sh: kubectl: not found\ncommand terminated with exit code 127\n")


def test_a_containers_own_script_runs_kubectl_as_its_service_account():
    sim = Simulation(seed=1)
    ok(sim, "kubectl create ns dev")
    ok(sim, "kubectl create sa ci -n dev")
    ok(sim, "kubectl create rolebinding ci-edit --clusterrole=edit --serviceaccount=dev:ci -n dev")
    ok(sim, "kubectl apply -f -", """\
apiVersion: v1
kind: Pod
metadata: {name: k, namespace: dev}
spec:
  serviceAccountName: ci
  containers:
  - name: k
    image: bitnami/kubectl:1.32.0
    command:
    - sh
    - -c
    - >-
      kubectl auth whoami -o jsonpath='{.status.userInfo.username}'; echo;
      kubectl create configmap from-pod --from-literal=a=b; sleep 3600
""")
    sim.step(15)
    assert ok(sim, "kubectl logs k -n dev") == "system:serviceaccount:dev:ci\nconfigmap/from-pod created\n"
    assert sim.get("ConfigMap", "from-pod", "dev")["data"] == {"a": "b"}
    copy = Simulation.restore(sim.snapshot())
    assert copy.checksum() == sim.checksum()
