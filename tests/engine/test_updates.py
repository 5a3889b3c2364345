"""What may change on a live object, and what the cluster does when it does."""

from engine_kit import ready


def test_pod_image_update_restarts_the_container(sim):
    sim.run("kubectl run p --image=nginx:1.25")
    sim.step(6)
    assert sim.run("kubectl set image pod/p p=nginx:1.26").exit_code == 0
    sim.step(6)
    pod = sim.get("Pod", "p")
    st = pod["status"]["containerStatuses"][0]
    assert st["image"] == "docker.io/library/nginx:1.26" and st["restartCount"] == 1 and ready(pod)
    assert any(e["message"] == "Container p definition changed, will be restarted" for e in sim.events())


def test_other_pod_changes_are_forbidden(sim):
    sim.run("kubectl run p --image=nginx:1.25")
    sim.step(6)
    before = sim.checksum()
    r = sim.run("""kubectl patch pod p -p '{"spec":{"containers":[{"name":"p","command":["sleep","1"]}]}}'""")
    assert r.exit_code == 1
    assert r.stderr.startswith('The Pod "p" is invalid: spec: Forbidden: pod updates may not change fields other than')
    assert sim.checksum() == before
    assert sim.run("kubectl label pod p tier=web").exit_code == 0


def test_deployment_selector_is_immutable(sim):
    sim.run("kubectl create deployment web --image=nginx:1.25")
    r = sim.run("""kubectl patch deploy web -p '{"spec":{"selector":{"matchLabels":{"app":"x"}},"""
                """"template":{"metadata":{"labels":{"app":"x"}}}}}'""")
    assert r.exit_code == 1
    assert r.stderr == ('The Deployment "web" is invalid: spec.selector: Invalid value: v1.LabelSelector{MatchLabels:'
                        'map[string]string{"app":"x"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: '
                        'field is immutable\n')
