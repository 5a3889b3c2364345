"""`kubectl exec POD -- env` through the real kubectl (the test extras' wheel, 1.37) shows the
kubelet's Service variables, as on a real cluster."""


def test_exec_env_shows_the_service_variables(shared):
    for line in ("kubectl create ns links", "kubectl -n links create svc clusterip api --tcp=8080:8080",
                 "kubectl -n links run p --image=busybox -- sleep 3600"):
        assert shared.builtin(line).exit_code == 0, line
    shared.call(lambda: shared.server.sim.step(15))
    r = shared.kubectl("-n", "links", "exec", "p", "--", "env")
    assert r.returncode == 0, r.stderr
    env = dict(line.split("=", 1) for line in r.stdout.splitlines())
    ip = shared.call(shared.sim.get, "Service", "api", "links")["spec"]["clusterIP"]
    assert env["KUBERNETES_SERVICE_HOST"] == "10.96.0.1" and env["KUBERNETES_PORT_443_TCP_PORT"] == "443"
    assert env["API_SERVICE_HOST"] == ip and env["API_PORT"] == f"tcp://{ip}:8080"
