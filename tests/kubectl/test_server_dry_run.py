"""`--dry-run=server` asks the API server: admission runs (quota, Pod Security, defaults), nothing is stored."""

from kubetui.shell import Simulation


def test_a_server_dry_run_meets_the_quota_and_stores_nothing():
    sim = Simulation(seed=1)
    sim.run("kubectl create quota tight --hard=pods=1")
    sim.run("kubectl run one --image=nginx:1.25")
    before = sim.checksum()
    refused = sim.run("kubectl run two --image=nginx:1.25 --dry-run=server")
    assert refused.exit_code == 1
    assert "exceeded quota: tight, requested: pods=1, used: pods=1, limited: pods=1" in refused.stderr
    assert sim.checksum() == before


def test_a_server_dry_run_returns_the_defaulted_object_and_its_warnings():
    sim = Simulation(seed=1)
    sim.run("kubectl create ns x")
    sim.run("kubectl label ns x pod-security.kubernetes.io/warn=restricted")
    before = sim.checksum()
    result = sim.run("kubectl run web -n x --image=nginx:1.25 --dry-run=server -o yaml")
    assert result.exit_code == 0
    assert result.stderr.startswith('Warning: would violate PodSecurity "restricted:latest": ')
    assert "priority: 0" in result.stdout and "terminationGracePeriodSeconds: 30" in result.stdout
    assert "uid:" in result.stdout
    assert sim.get("Pod", "web", "x") is None and sim.checksum() == before
    plain = sim.run("kubectl create deployment api -n x --image=nginx:1.25 --dry-run=server")
    assert plain.stdout == "deployment.apps/api created (server dry run)\n"
    assert sim.get("Deployment", "api", "x") is None
