"""`kubectl set env --from=configmap/x` adds one variable per key, read by reference."""

from kubetui import Simulation


def test_set_env_from_a_configmap():
    sim = Simulation(seed=1)
    sim.run("kubectl create configmap cfg --from-literal=a.b=1 --from-literal=B=2")
    sim.run("kubectl create deployment web --image=nginx:1.25")
    assert sim.run("kubectl set env deploy/web --from=configmap/cfg").stdout == "deployment.apps/web env updated\n"
    env = sim.get("Deployment", "web")["spec"]["template"]["spec"]["containers"][0]["env"]
    assert env == [{"name": "B", "valueFrom": {"configMapKeyRef": {"name": "cfg", "key": "B"}}},
                   {"name": "A_B", "valueFrom": {"configMapKeyRef": {"name": "cfg", "key": "a.b"}}}]
    sim.run("kubectl set env deploy/web --from=configmap/cfg --prefix=X_ --keys=B")
    listed = sim.run("kubectl set env deploy/web --list").stdout
    assert "# X_B from configmap cfg, key B\n" in listed
    sim.step(12)
    pod = sim.list("Pod", "default", labels="app=web")[0]["metadata"]["name"]
    assert sim.run(f"kubectl exec {pod} -- printenv A_B X_B").stdout == "1\n2\n"
    missing = sim.run("kubectl set env deploy/web --from=secret/nope")
    assert missing.exit_code == 1 and missing.stderr == 'Error from server (NotFound): secrets "nope" not found\n'
