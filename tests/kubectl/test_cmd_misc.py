"""The API server being down, Secrets never shown in tables or describe, label/annotate, patch,
edit (and the editor's result as stdin), and the client-side commands."""

import base64

import pytest
import yaml

from kubetui import Simulation
from kubetui.kubectl import CONNECTION_REFUSED
from kubetui.kubectl.commands.patch import edit_buffer


@pytest.fixture
def sim():
    s = Simulation(seed=7)
    s.run("kubectl create deployment web --image=nginx:1.25 --replicas=2")
    return s


REFUSED = CONNECTION_REFUSED + "\n"


@pytest.mark.parametrize("line", [
    "kubectl get pods", "kubectl get nodes -o yaml", "kubectl delete deploy web", "kubectl scale deploy web --replicas=5",
    "kubectl apply -f -", "kubectl create deployment api --image=nginx", "kubectl describe deploy web",
    "kubectl rollout status deploy/web", "kubectl cordon node-1", "kubectl logs web", "kubectl top nodes",
    "kubectl label deploy web a=b", "kubectl api-resources", "kubectl cluster-info", "kubectl wait --for=delete pod/x",
])
def test_api_server_down_refuses_everything_and_changes_nothing(sim, line):
    sim.run("sim stop apiserver")
    before = sim.checksum()
    tick = sim.tick
    r = sim.run(line, stdin="apiVersion: v1\nkind: Namespace\nmetadata: {name: x}\n")
    assert (r.exit_code, r.stdout, r.stderr) == (1, "", REFUSED)
    assert sim.checksum() == before and sim.tick == tick


def test_client_side_commands_work_without_the_server(sim):
    sim.run("sim stop etcd")
    assert sim.run("kubectl config current-context").stdout == "kubetui\n"
    r = sim.run("kubectl create deployment api --image=nginx --dry-run=client -o name")
    assert (r.exit_code, r.stdout) == (0, "deployment.apps/api\n")
    r = sim.run("kubectl version")
    assert (r.exit_code, r.stdout, r.stderr) == (1, "Client Version: v1.37.1\nKustomize Version: v5.8.1\n", REFUSED)


def test_version_config_cluster_info(sim):
    assert sim.run("kubectl version").stdout == ("Client Version: v1.37.1\nKustomize Version: v5.8.1\n"
                                                 "Server Version: v1.36.0\n")
    config = yaml.safe_load(sim.run("kubectl config view").stdout)
    assert config["current-context"] == "kubetui"
    assert config["contexts"] == [{"context": {"cluster": "kubetui", "user": "kubetui-admin"}, "name": "kubetui"}]
    rows = sim.run("kubectl config get-contexts").stdout.splitlines()
    assert rows[0].split() == ["CURRENT", "NAME", "CLUSTER", "AUTHINFO", "NAMESPACE"]
    assert rows[1].split() == ["*", "kubetui", "kubetui", "kubetui-admin"]
    assert sim.run("kubectl cluster-info").stdout.startswith(
        "Kubernetes control plane is running at https://control-plane:6443\n")


def test_api_resources(sim):
    rows = sim.run("kubectl api-resources").stdout.splitlines()
    assert rows[0].split() == ["NAME", "SHORTNAMES", "APIVERSION", "NAMESPACED", "KIND"]
    pods = next(r for r in rows if r.startswith("pods "))
    assert pods.split() == ["pods", "po", "v1", "true", "Pod"]
    deploy = next(r for r in rows if r.startswith("deployments "))
    assert deploy.split() == ["deployments", "deploy", "apps/v1", "true", "Deployment"]
    names = sim.run("kubectl api-resources --namespaced=false -o name").stdout.splitlines()
    assert "nodes" in names and "pods" not in names


def test_explain(sim):
    out = sim.run("kubectl explain pods").stdout
    assert out.startswith("KIND:       Pod\nVERSION:    v1\n\nDESCRIPTION:\n")
    assert "FIELDS:\n" in out and "  spec\t<PodSpec>" in out
    out = sim.run("kubectl explain deployment.spec.replicas").stdout
    assert "GROUP:      apps\nKIND:       Deployment\n" in out and "FIELD: replicas <integer>" in out
    r = sim.run("kubectl explain pod.spec.nope")
    assert (r.exit_code, r.stderr) == (1, 'error: field "nope" does not exist\n')


SECRET = base64.b64encode(b"hunter2-very-secret").decode()


def test_secrets_never_show_values_in_tables_or_describe(sim):
    sim.run("kubectl create secret generic db --from-literal=password=hunter2-very-secret")
    plain, encoded = "hunter2-very-secret", SECRET
    for line in ["kubectl get secrets", "kubectl get secret db -o wide", "kubectl describe secret db",
                 "kubectl describe secrets", "kubectl get all", "kubectl get secret db --show-labels"]:
        r = sim.run(line)
        assert r.exit_code == 0
        assert plain not in r.stdout and encoded not in r.stdout, line
    assert "password:  19 bytes" in sim.run("kubectl describe secret db").stdout
    assert encoded in sim.run("kubectl get secret db -o yaml").stdout
    assert encoded in sim.run("kubectl get secret db -o json").stdout
    assert sim.run("kubectl get secret db -o jsonpath={.data.password}").stdout == encoded


def test_label_and_annotate(sim):
    assert sim.run("kubectl label deploy web tier=front").stdout == "deployment.apps/web labeled\n"
    r = sim.run("kubectl label deploy web tier=back")
    assert (r.exit_code, r.stderr) == (1, "error: 'tier' already has a value (front), and --overwrite is false\n")
    assert sim.run("kubectl label deploy web tier=back --overwrite").stdout == "deployment.apps/web labeled\n"
    assert sim.run("kubectl label deploy web tier=back").stdout == "deployment.apps/web not labeled\n"
    assert sim.run("kubectl label deploy web --list").stdout == "app=web\ntier=back\n"
    assert sim.run("kubectl label deploy web tier-").stdout == "deployment.apps/web unlabeled\n"
    assert sim.get("Deployment", "web")["metadata"]["labels"] == {"app": "web"}
    assert sim.run("kubectl annotate deploy web owner=ops").stdout == "deployment.apps/web annotated\n"
    assert sim.get("Deployment", "web")["metadata"]["annotations"]["owner"] == "ops"
    r = sim.run("kubectl label deploy web Bad_Key!=x")
    assert r.exit_code == 1 and "Invalid value" in r.stderr


def test_patch_kinds(sim):
    assert sim.run("""kubectl patch deploy web -p '{"spec":{"replicas":4}}'""").stdout == "deployment.apps/web patched\n"
    assert sim.run("""kubectl patch deploy web -p '{"spec":{"replicas":4}}'""").stdout == \
        "deployment.apps/web patched (no change)\n"
    sim.run("""kubectl patch deploy web -p '{"spec":{"template":{"spec":{"containers":[{"name":"nginx","image":"nginx:1.26"}]}}}}'""")
    c = sim.get("Deployment", "web")["spec"]["template"]["spec"]["containers"]
    assert len(c) == 1 and c[0]["image"] == "nginx:1.26" and c[0]["imagePullPolicy"] == "IfNotPresent"
    sim.run("""kubectl patch deploy web --type=merge -p '{"metadata":{"labels":{"app":null,"x":"y"}}}'""")
    assert sim.get("Deployment", "web")["metadata"]["labels"] == {"x": "y"}
    sim.run("""kubectl patch deploy web --type=json -p '[{"op":"replace","path":"/spec/replicas","value":1}]'""")
    assert sim.get("Deployment", "web")["spec"]["replicas"] == 1
    r = sim.run("""kubectl patch deploy web --type=json -p '[{"op":"remove","path":"/spec/nope"}]'""")
    assert r.exit_code == 1 and r.stderr.startswith("Error from server (UnprocessableEntity)")
    r = sim.run("""kubectl patch deploy web -p '{"spec":{"replicas":"many"}}'""")
    assert r.exit_code == 1 and "cannot be handled as a Deployment" in r.stderr


def test_edit_has_no_editor_but_the_editors_result_saves(sim):
    r = sim.run("kubectl edit deploy web")
    assert (r.exit_code, r.stderr) == (1, 'error: unable to launch the editor "vi"\n')
    assert sim.run("kubectl edit deploy nope").stderr == 'Error from server (NotFound): deployments.apps "nope" not found\n'
    text = edit_buffer(sim, "deploy", "default", "web")
    assert text.startswith("# Please edit the object below.")
    r = sim.run("kubectl edit deploy/web", stdin=text)
    assert r.stderr == "Edit cancelled, no changes made.\n"
    r = sim.run("kubectl edit deploy web", stdin=text.replace("replicas: 2", "replicas: 6", 1))
    assert (r.exit_code, r.stdout, r.stderr) == (0, "deployment.apps/web edited\n", "")
    assert sim.get("Deployment", "web")["spec"]["replicas"] == 6
    assert sim.command_log[-1]["line"] == "kubectl edit deploy web"
    r = sim.run("kubectl edit deploy web", stdin=text.replace("name: web", "name: other", 1))
    assert (r.exit_code, r.stderr) == (1, "error: At least one of apiVersion, kind and name was changed\n")


def test_unsupported_and_unknown_commands(sim):
    r = sim.run("kubectl proxy --port=8001")
    assert (r.exit_code, r.stderr) == (1, 'error: "kubectl proxy" is not available in kubetui\n')
    r = sim.run("kubectl gett pods")
    assert r.exit_code == 1 and r.stderr.startswith('error: unknown command "gett" for "kubectl"')
    r = sim.run("k get po --bogus")
    assert r.stderr == "error: unknown flag: --bogus\nSee 'kubectl get --help' for usage.\n"
    assert sim.run("get deploy").exit_code == 0
