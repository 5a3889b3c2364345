"""`TYPE,TYPE NAME NAME` and a missing pod's logs, as the real kubectl 1.37 answers them (measured
against `kubetui serve`, whose server messages are the API server's): each name of each type,
type by type; kubetui refused `delete deploy,svc web` with "you must specify only one resource"."""

from kubetui import Simulation


def cluster() -> Simulation:
    sim = Simulation(seed=1)
    for line in ("kubectl create deploy web --image=nginx", "kubectl expose deploy web --port=80",
                 "kubectl create deploy api --image=nginx"):
        assert sim.run(line).exit_code == 0
    sim.step(5)
    return sim


def said(sim: Simulation, line: str) -> tuple[int, str, str]:
    r = sim.run(line)
    return r.exit_code, r.stdout, r.stderr


def test_each_name_of_each_type():
    sim = cluster()
    assert said(sim, "kubectl get deploy,svc web api -o name") == (
        1, "deployment.apps/web\ndeployment.apps/api\nservice/web\n",
        'Error from server (NotFound): services "api" not found\n')
    assert said(sim, "kubectl label deploy,svc web a=b") == (0, "deployment.apps/web labeled\nservice/web labeled\n", "")
    assert said(sim, "kubectl delete deploy,svc web") == (
        0, 'deployment.apps "web" deleted from default namespace\nservice "web" deleted from default namespace\n', "")


def test_a_client_dry_run_delete_asks_the_server_nothing():
    sim = cluster()
    assert said(sim, "kubectl delete svc nope --dry-run=client") == (
        0, 'service "nope" deleted from default namespace (dry run)\n', "")


def test_logs_of_a_missing_pod_names_the_namespace():
    sim = cluster()
    for line, message in (("logs nope", 'pods "nope" not found in namespace "default"'),
                          ("logs deploy/nope", 'deployments.apps "nope" not found in namespace "default"'),
                          ("logs -f nope -n kube-system", 'pods "nope" not found in namespace "kube-system"')):
        assert said(sim, f"kubectl {line}") == (1, "", f"error: error from server (NotFound): {message}\n"), line
    assert said(sim, "kubectl exec nope -- ls") == (1, "", 'Error from server (NotFound): pods "nope" not found\n')
