"""`--record`: deprecated (pflag's warning), still writes the change-cause rollout history shows."""

from kubetui import Simulation

DEPRECATED = "Flag --record has been deprecated, --record will be removed in the future\n"


def test_record_writes_the_command_line_as_the_change_cause():
    sim = Simulation(seed=1)
    sim.run("kubectl create deployment web --image=nginx:1.25")
    sim.step(30)
    r = sim.run("kubectl set image deploy/web nginx=nginx:1.26 -n default --record")
    assert (r.exit_code, r.stdout, r.stderr) == (0, "deployment.apps/web image updated\n", DEPRECATED)
    cause = "kubectl set image deploy/web nginx=nginx:1.26 --namespace=default --record=true"
    assert sim.get("Deployment", "web")["metadata"]["annotations"]["kubernetes.io/change-cause"] == cause
    sim.step(60)
    history = sim.run("kubectl rollout history deploy/web").stdout
    assert history.splitlines()[3] == f"2         {cause}"


def test_record_false_warns_and_records_nothing():
    sim = Simulation(seed=1)
    sim.run("kubectl create deployment web --image=nginx:1.25")
    r = sim.run("kubectl scale deploy web --replicas=2 --record=false")
    assert r.stderr == DEPRECATED
    assert "kubernetes.io/change-cause" not in (sim.get("Deployment", "web")["metadata"].get("annotations") or {})


def test_record_on_create_from_a_file_and_commands_that_never_had_it():
    sim = Simulation(seed=1)
    r = sim.run("kubectl create -f - --record", stdin="apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n")
    assert r.exit_code == 0 and r.stderr == DEPRECATED
    assert sim.get("ConfigMap", "c")["metadata"]["annotations"] == {
        "kubernetes.io/change-cause": "kubectl create --filename=- --record=true"}
    r = sim.run("kubectl create deployment web --image=nginx --record")
    assert (r.exit_code, r.stderr) == (1, "error: unknown flag: --record\nSee 'kubectl create deployment --help' "
                                          "for usage.\n")
