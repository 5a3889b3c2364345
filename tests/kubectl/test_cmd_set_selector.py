"""`kubectl set selector`: a Service's selector replaced whole; any other kind refused (kubectl v1.37)."""

from kubetui import Simulation


def test_set_selector_replaces_a_services_selector():
    sim = Simulation(seed=1)
    sim.run("kubectl create service clusterip web --tcp=80:80")
    assert sim.run("kubectl set selector svc web app=web,tier=front").stdout == "service/web selector updated\n"
    assert sim.get("Service", "web")["spec"]["selector"] == {"app": "web", "tier": "front"}
    sim.run("kubectl set selector service/web app=shop")
    assert sim.get("Service", "web")["spec"]["selector"] == {"app": "shop"}
    dry = sim.run("kubectl set selector svc web app=x --dry-run=client")
    assert dry.stdout == "service/web selector updated (dry run)\n"
    assert sim.get("Service", "web")["spec"]["selector"] == {"app": "shop"}


def test_set_selector_refuses_what_kubectl_refuses():
    sim = Simulation(seed=1)
    sim.run("kubectl create deployment d --image=nginx:1.25")
    sim.run("kubectl create service clusterip web --tcp=80:80")
    other = sim.run("kubectl set selector deploy d app=x")
    assert (other.exit_code, other.stderr) == (1, "error: setting a selector is only supported for Services\n")
    unequal = sim.run("kubectl set selector svc web app!=x")
    assert (unequal.exit_code, unequal.stderr) == (1, 'error: "!=" is not a valid label selector operator\n')
