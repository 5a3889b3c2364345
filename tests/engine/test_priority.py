"""PriorityClasses and the Priority admission plugin: what a pod's priority resolves to, and what is refused."""

import yaml

from kubetui.shell import Simulation


def pod(name, cls=None, **spec):
    body = {"containers": [{"name": "c", "image": "nginx:1.25"}], **spec}
    if cls:
        body["priorityClassName"] = cls
    return yaml.safe_dump({"apiVersion": "v1", "kind": "Pod", "metadata": {"name": name}, "spec": body})


def test_built_in_classes_exist_and_control_plane_pods_are_node_critical():
    sim = Simulation(seed=1)
    out = sim.run("kubectl get priorityclass").stdout
    assert out.splitlines() == [
        "NAME                      VALUE        GLOBAL-DEFAULT   AGE   PREEMPTIONPOLICY",
        "system-cluster-critical   2000000000   false            0s    PreemptLowerPriority",
        "system-node-critical      2000001000   false            0s    PreemptLowerPriority",
    ]
    api = sim.get("Pod", "kube-apiserver-control-plane", namespace="kube-system")
    assert (api["spec"]["priorityClassName"], api["spec"]["priority"]) == ("system-node-critical", 2000001000)
    r = sim.run("kubectl delete pc system-node-critical")
    assert (r.exit_code, r.stderr) == (1, 'Error from server (Forbidden): priorityclasses.scheduling.k8s.io '
                                          '"system-node-critical" is forbidden: this is a system priority class '
                                          "and cannot be deleted\n")


def test_a_pod_gets_its_class_value_and_policy():
    sim = Simulation(seed=1)
    assert sim.run("kubectl create priorityclass high --value=1000 --preemption-policy=Never").exit_code == 0
    assert sim.run("kubectl apply -f -", stdin=pod("a", "high")).exit_code == 0
    assert sim.run("kubectl apply -f -", stdin=pod("b")).exit_code == 0
    a, b = sim.get("Pod", "a")["spec"], sim.get("Pod", "b")["spec"]
    assert (a["priority"], a["preemptionPolicy"]) == (1000, "Never")
    assert (b["priority"], b["preemptionPolicy"], "priorityClassName" in b) == (0, "PreemptLowerPriority", False)
    described = sim.run("kubectl describe pod a").stdout
    assert "Priority:             1000\n" in described and "Priority Class Name:  high\n" in described


def test_the_global_default_applies_to_pods_naming_no_class():
    sim = Simulation(seed=1)
    sim.run("kubectl create priorityclass batch --value=-5 --global-default --description='batch work'")
    sim.run("kubectl apply -f -", stdin=pod("a"))
    spec = sim.get("Pod", "a")["spec"]
    assert (spec["priorityClassName"], spec["priority"]) == ("batch", -5)
    refused = sim.run("kubectl create priorityclass other --value=5 --global-default")
    assert refused.stderr == ('error: failed to create priorityclass: priorityclasses.scheduling.k8s.io "other" is '
                              "forbidden: PriorityClass batch is already marked as default. Only one default can "
                              "exist\n")
    assert sim.run("kubectl describe pc batch").stdout == (
        "Name:              batch\n"
        "Value:             -5\n"
        "GlobalDefault:     true\n"
        "PreemptionPolicy:  PreemptLowerPriority\n"
        "Description:       batch work\n"
        "Annotations:       <none>\n"
        "Events:            <none>\n")


def test_admission_refusals_in_the_api_servers_words():
    sim = Simulation(seed=1)
    r = sim.run("kubectl apply -f -", stdin=pod("x", "foo"))
    assert (r.exit_code, r.stderr) == (1, 'Error from server (Forbidden): error when creating "STDIN": pods "x" is '
                                          "forbidden: no PriorityClass with name foo was found\n")
    r = sim.run("kubectl apply -f -", stdin=pod("y", priority=10))
    assert r.stderr == ('Error from server (Forbidden): error when creating "STDIN": pods "y" is forbidden: the '
                        "integer value of priority (10) must not be provided in pod spec; priority admission "
                        "controller computed 0 from the given PriorityClass name\n")
    assert sim.get("Pod", "x") is None and sim.get("Pod", "y") is None
    assert sim.run("kubectl apply -f -", stdin=pod("z", priority=0)).exit_code == 0, "the computed value is accepted"


def test_class_validation():
    sim = Simulation(seed=1)
    cases = {
        "kubectl create pc huge --value=1000000001":
            'error: failed to create priorityclass: PriorityClass.scheduling.k8s.io "huge" is invalid: value: '
            'Forbidden: maximum allowed value of a user defined '
            "priority is 1000000000\n",
        "kubectl create pc system-mine --value=1":
            'error: failed to create priorityclass: PriorityClass.scheduling.k8s.io "system-mine" is invalid: '
            'metadata.name: Forbidden: priority class names with '
            "'system-' prefix are reserved for system use only. error: system-mine is not a known system "
            "priority class\n",
        "kubectl create pc odd --value=1 --preemption-policy=Sometimes":
            'error: failed to create priorityclass: PriorityClass.scheduling.k8s.io "odd" is invalid: '
            'preemptionPolicy: Unsupported value: "Sometimes": supported '
            'values: "PreemptLowerPriority", "Never"\n',
    }
    for line, err in cases.items():
        r = sim.run(line)
        assert (r.exit_code, r.stderr) == (1, err), line
    sim.run("kubectl create pc high --value=10")
    r = sim.run("kubectl patch pc high -p '{\"value\": 20}'")
    assert r.exit_code == 1 and "value: Forbidden: may not be changed in an update." in r.stderr
    assert sim.get("PriorityClass", "high", namespace=None)["value"] == 10


def test_create_priorityclass_generator_matches_kubectl():
    sim = Simulation(seed=1)
    r = sim.run("kubectl create priorityclass high --value=1000 --global-default --description='x y' "
                "--preemption-policy=Never --dry-run=client -o yaml")
    assert r.stdout == ("apiVersion: scheduling.k8s.io/v1\n"
                        "description: x y\n"
                        "globalDefault: true\n"
                        "kind: PriorityClass\n"
                        "metadata:\n"
                        "  name: high\n"
                        "preemptionPolicy: Never\n"
                        "value: 1000\n")
    r = sim.run("kubectl create pc low --dry-run=client -o yaml")
    assert r.stdout.endswith("preemptionPolicy: PreemptLowerPriority\nvalue: 0\n")


def test_a_template_naming_a_missing_class_fails_to_create_pods_until_it_exists():
    sim = Simulation(seed=1)
    sim.run("kubectl create deployment web --image=nginx:1.25")
    sim.run("kubectl patch deployment web -p '{\"spec\":{\"template\":{\"spec\":{\"priorityClassName\":\"gold\"}}}}'")
    sim.step(3)
    failed = {e["message"] for e in sim.events() if e["reason"] == "FailedCreate"}
    assert failed == {'Error creating: pods "web-76cb8b47d5-" is forbidden: no PriorityClass with name gold was found'}
    sim.run("kubectl create priorityclass gold --value=7")
    sim.step(40)
    pods = sim.list("Pod", labels="app=web")
    assert [(p["spec"]["priority"], p["status"]["phase"]) for p in pods] == [(7, "Running")]


def test_the_kept_global_default_follows_class_writes():
    """The plugin keeps the globalDefault class between pods: a class created, changed or deleted
    after pods were admitted is what the next pod gets, in a copy of the cluster as well."""
    sim = Simulation(seed=1)
    sim.run("kubectl apply -f -", stdin=pod("a"))
    sim.run("kubectl create priorityclass batch --value=-5 --global-default")
    sim.run("kubectl apply -f -", stdin=pod("b"))
    sim.run("kubectl label pc batch team=x")
    sim.run("kubectl apply -f -", stdin=pod("c"))
    copy = sim.fork()
    sim.run("kubectl delete pc batch")
    sim.run("kubectl apply -f -", stdin=pod("d"))
    copy.run("kubectl apply -f -", stdin=pod("d"))
    assert [sim.get("Pod", n)["spec"]["priority"] for n in "abcd"] == [0, -5, -5, 0]
    assert "priorityClassName" not in sim.get("Pod", "d")["spec"]
    assert copy.get("Pod", "d")["spec"]["priorityClassName"] == "batch"
