"""`kubectl debug node/NAME` (a node-debugger pod) and `kubectl debug POD --copy-to` (a debuggable copy)."""

import pytest

from kubetui import Simulation

NO_TTY = "Unable to use a TTY - input is not a terminal or the right kind of file\n"
ATTACHING = ("All commands and output from this session will be recorded in container logs, including credentials "
             "and sensitive information passed through the command prompt.\n"
             "If you don't see a command prompt, try pressing enter.\n")


@pytest.fixture
def sim():
    s = Simulation(seed=1)
    s.run("kubectl run web --image=nginx --labels=app=web")
    s.step(20)
    return s


def test_node_debugger_pod_has_the_hosts_namespaces_and_root(sim):
    r = sim.run("kubectl debug node/node-1 --image=busybox")
    assert r.exit_code == 0 and r.stderr == ""
    assert r.stdout.startswith("Creating debugging pod node-debugger-node-1-")
    assert r.stdout.endswith(" with container debugger on node node-1.\n")
    name = r.stdout.split()[3]
    pod = sim.get("Pod", name)
    spec = pod["spec"]
    assert pod["metadata"]["labels"] == {"app.kubernetes.io/managed-by": "kubectl-debug"}
    assert (spec["nodeName"], spec["hostPID"], spec["hostNetwork"], spec["hostIPC"]) == ("node-1", True, True, True)
    assert spec["restartPolicy"] == "Never" and spec["tolerations"] == [{"operator": "Exists"}]
    assert spec["volumes"][0]["hostPath"]["path"] == "/"
    mounts = [m for m in spec["containers"][0]["volumeMounts"] if not m["name"].startswith("kube-api-access-")]
    assert mounts == [{"name": "host-root", "mountPath": "/host"}]
    again = sim.run("kubectl debug node/node-1 --image=busybox")
    assert again.exit_code == 0 and again.stdout.split()[3] != name


def test_node_debugger_runs_a_command_with_it(sim):
    r = sim.run("kubectl debug node/node-2 -it --image=busybox -- ps")
    assert r.exit_code == 0 and "PID" in r.stdout


def test_copy_to_adds_a_debug_container_and_drops_identity(sim):
    r = sim.run("kubectl debug web -it --image=busybox --copy-to=web-debug -- ps")
    assert r.exit_code == 0 and r.stdout.startswith("Defaulting debug container name to debugger-")
    copy = sim.get("Pod", "web-debug")
    names = [c["name"] for c in copy["spec"]["containers"]]
    assert names[0] == "web" and names[1].startswith("debugger-")
    assert copy["spec"]["shareProcessNamespace"] is True
    assert "labels" not in copy["metadata"]
    assert copy["spec"]["containers"][1]["securityContext"] == {"capabilities": {"add": ["SYS_PTRACE"]}}


def test_copy_to_with_set_image_and_kept_labels(sim):
    r = sim.run("kubectl debug web --copy-to=web2 --set-image=*=nginx:1.25 --keep-labels")
    assert (r.exit_code, r.stdout) == (0, "")
    copy = sim.get("Pod", "web2")
    assert [c["image"] for c in copy["spec"]["containers"]] == ["nginx:1.25"]
    assert copy["metadata"]["labels"] == {"app": "web"}


def test_an_interactive_node_debugger_keeps_running_for_exec(sim):
    r = sim.run("kubectl debug node/node-1 -it --image=busybox")
    assert r.exit_code == 0
    name = r.stdout.split()[3]
    assert r.stderr == NO_TTY + ATTACHING
    assert sim.get("Pod", name)["status"]["phase"] == "Running"
    ls = sim.run(f"kubectl exec {name} -- ls /host")
    assert ls.exit_code == 0


def test_what_kubetui_cannot_do_says_so(sim):
    assert sim.run("kubectl debug node/nope --image=busybox").stderr == 'Error from server (NotFound): nodes "nope" not found\n'


# -- ephemeral containers ---------------------------------------------------------------------

TARGETING = ('Targeting container "web". If you don\'t see processes from this container it may be because the '
             "container runtime doesn't support this feature.\n")


def _ephemeral(sim, name="web"):
    return sim.get("Pod", name)["spec"].get("ephemeralContainers") or []


def test_ephemeral_container_is_added_started_and_described(sim):
    r = sim.run("kubectl debug -it pod/web --image=busybox:1.36 --target=web")
    assert r.exit_code == 0
    assert r.stdout.startswith(TARGETING + "Defaulting debug container name to debugger-")
    [ec] = _ephemeral(sim)
    name = ec["name"]
    assert r.stderr == NO_TTY + ATTACHING
    assert (ec["image"], ec["targetContainerName"], ec["stdin"], ec["tty"]) == ("busybox:1.36", "web", True, True)
    assert ec["securityContext"] == {"capabilities": {"add": ["SYS_PTRACE"]}}
    [st] = sim.get("Pod", "web")["status"]["ephemeralContainerStatuses"]
    assert st["name"] == name and "running" in st["state"] and st["ready"] is False
    assert sim.run("kubectl get pod web").stdout.split("\n")[1].split()[1:3] == ["1/1", "Running"]
    ps = sim.run(f"kubectl exec web -c {name} -- ps")
    assert ps.exit_code == 0 and "nginx" in ps.stdout.split("\n")[1]
    described = sim.run("kubectl describe pod web").stdout
    section = described[described.index("Ephemeral Containers:"):described.index("Conditions:")]
    assert f"  {name}:\n" in section and "Image:          busybox:1.36" in section
    assert "Ready:          False" in section
    assert f"Started container {name}" in described
    events = sim.run("kubectl get events -o jsonpath={.items[*].involvedObject.fieldPath}").stdout
    assert f"spec.ephemeralContainers{{{name}}}" in events


def test_a_command_runs_in_the_targets_process_namespace(sim):
    r = sim.run("kubectl debug -i web --image=busybox --target=web -c dbg -- ps")
    assert r.exit_code == 0
    assert r.stdout.startswith(TARGETING + "PID   USER     TIME  COMMAND\n")
    assert "nginx" in r.stdout.split("\n")[2]
    assert "terminated" in sim.get("Pod", "web")["status"]["ephemeralContainerStatuses"][0]["state"]
    again = sim.run("kubectl debug web --image=busybox -c dbg")
    assert again.exit_code == 1
    assert again.stderr == 'The Pod "web" is invalid: spec.ephemeralContainers[1].name: Duplicate value: "dbg"\n'


def test_without_a_target_the_debug_container_sees_only_itself(sim):
    r = sim.run("kubectl debug -i web --image=busybox -c solo -- ps")
    assert r.exit_code == 0 and "nginx" not in r.stdout and "PID" in r.stdout
    assert "Targeting" not in r.stdout and "Defaulting" not in r.stdout


def test_a_missing_target_is_refused_by_the_api_server(sim):
    r = sim.run("kubectl debug web --image=busybox -c d --target=nope")
    assert r.exit_code == 1
    assert r.stderr.endswith('spec.ephemeralContainers[0].targetContainerName: Not found: "nope"\n')
    assert _ephemeral(sim) == []


def test_the_subresource_refuses_ports_probes_and_resources(sim):
    import json

    path = "/api/v1/namespaces/default/pods/web/ephemeralcontainers"
    body = {"spec": {"ephemeralContainers": [{
        "name": "d", "image": "busybox", "ports": [{"containerPort": 80}],
        "resources": {"limits": {"cpu": "1"}}, "readinessProbe": {"exec": {"command": ["true"]}}}]}}
    r = sim.request("PATCH", path, body=json.dumps(body), content_type="application/strategic-merge-patch+json")
    assert r.code == 422
    causes = [c["field"] + ": " + c["message"] for c in r.body["details"]["causes"]]
    assert causes == ["spec.ephemeralContainers[0].ports: Forbidden: cannot be set for an Ephemeral Container",
                      "spec.ephemeralContainers[0].resources: Forbidden: cannot be set for an Ephemeral Container",
                      "spec.ephemeralContainers[0].readinessProbe: Forbidden: cannot be set for an Ephemeral "
                      "Container"]
    ok = {"spec": {"ephemeralContainers": [{"name": "d", "image": "busybox"}]}}
    r = sim.request("PATCH", path, body=json.dumps(ok), content_type="application/strategic-merge-patch+json")
    assert r.code == 200 and [c["name"] for c in _ephemeral(sim)] == ["d"]
    gone = {"spec": {"ephemeralContainers": []}}
    r = sim.request("PUT", path, body=json.dumps({**sim.get("Pod", "web"), **gone}), content_type="application/json")
    assert r.code == 422
    assert 'existing ephemeral containers "d" may not be removed' in r.body["message"]


def test_ephemeral_containers_need_their_own_rbac_permission(sim):
    sim.run("kubectl create role pods --verb=get,list,update,patch --resource=pods")
    sim.run("kubectl create rolebinding jane --role=pods --user=jane")
    r = sim.run("kubectl debug web --image=busybox --as=jane")
    assert r.exit_code == 1
    assert ('User "jane" cannot patch resource "pods/ephemeralcontainers" in API group "" in the namespace '
            '"default"') in r.stderr
    assert _ephemeral(sim) == []


def test_target_and_copy_to_do_not_mix(sim):
    r = sim.run("kubectl debug web --image=busybox --target=web --copy-to=x")
    assert (r.exit_code, r.stderr) == (
        1, "error: --target is incompatible with --copy-to. Use --share-processes instead.\n")


def test_profiles_set_the_debug_containers_security_context(sim):
    expected = {"baseline": None, "netadmin": {"capabilities": {"add": ["NET_ADMIN", "NET_RAW"]}},
                "sysadmin": {"privileged": True},
                "restricted": {"capabilities": {"drop": ["ALL"]}, "runAsNonRoot": True,
                               "allowPrivilegeEscalation": False, "seccompProfile": {"type": "RuntimeDefault"}}}
    for profile, context in expected.items():
        r = sim.run(f"kubectl debug web --image=busybox --profile={profile} -c d-{profile}")
        assert (r.exit_code, r.stderr) == (0, ""), profile
        [ec] = [c for c in _ephemeral(sim) if c["name"] == f"d-{profile}"]
        assert ec.get("securityContext") == context, profile
    r = sim.run("kubectl debug web --image=busybox --profile=legacy -c d-legacy")
    assert r.stderr == ('--profile=legacy is deprecated and planned to be removed in v1.39. It is recommended to '
                        'specify other profile, for example "--profile=general".\n')
    assert sim.run("kubectl debug web --image=busybox --profile=bogus").stderr == "error: unknown profile: bogus\n"


def test_a_baseline_node_debugger_has_no_host_access(sim):
    r = sim.run("kubectl debug node/node-1 --image=busybox --profile=baseline")
    spec = sim.get("Pod", r.stdout.split()[3])["spec"]
    assert not any(spec.get(k) for k in ("hostNetwork", "hostPID", "hostIPC"))
    assert all(v["name"].startswith("kube-api-access-") for v in spec.get("volumes") or [])
    r = sim.run("kubectl debug node/node-1 --image=busybox --profile=sysadmin -q")
    assert r.stdout == ""


def test_in_a_script_the_debug_shell_reads_stdin_as_kubectl_attaches_it(sim):
    """Without a terminal kubectl says so, attaches anyway, and the shell runs the piped lines;
    with -t the container's terminal echoes them after its prompt, and `exit` ends it."""
    r = sim.run("kubectl debug -it web --image=busybox -c dbg --target=web", stdin="echo hi > /tmp/f\ncat /tmp/f\nexit 3\n")
    assert r.exit_code == 3
    assert r.stderr == NO_TTY + ATTACHING
    assert r.stdout.endswith("/ # echo hi > /tmp/f\n/ # cat /tmp/f\nhi\n/ # exit 3\n")
    [st] = sim.get("Pod", "web")["status"]["ephemeralContainerStatuses"]
    assert st["state"]["terminated"]["exitCode"] == 3
    r = sim.run("kubectl debug -i web --image=busybox -c plain -q", stdin="echo $((6*7))\n")
    assert (r.exit_code, r.stdout, r.stderr) == (0, "42\n", "")
    st = next(s for s in sim.get("Pod", "web")["status"]["ephemeralContainerStatuses"] if s["name"] == "plain")
    assert "running" in st["state"], "the input ended, the shell did not: it keeps running"


def test_in_a_script_a_node_debugger_reads_stdin_too(sim):
    r = sim.run("kubectl debug node/node-1 -i --image=busybox", stdin="ls /host >/dev/null; echo done\n")
    assert r.exit_code == 0 and r.stdout.endswith("done\n") and r.stderr == ATTACHING
    r = sim.run("kubectl debug node/node-1 -it --image=busybox -- ps")
    assert r.stderr == NO_TTY + ATTACHING and "PID" in r.stdout
