"""`kubectl diff -f`: a unified diff of live against what apply would make; exit 1 when they differ."""

from kubetui import Simulation

DEPLOY = ("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2\n  selector:\n"
          "    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n"
          "      containers:\n      - name: nginx\n        image: nginx:1.25\n")


def test_no_difference_is_exit_0_and_no_output():
    sim = Simulation(seed=1)
    assert sim.run("kubectl apply -f -", stdin=DEPLOY).exit_code == 0
    r = sim.run("kubectl diff -f -", stdin=DEPLOY)
    assert (r.exit_code, r.stdout, r.stderr) == (0, "", "")


def test_a_change_is_a_unified_diff_and_exit_1_and_changes_nothing():
    sim = Simulation(seed=1)
    sim.run("kubectl apply -f -", stdin=DEPLOY)
    before = sim.get("Deployment", "web")
    r = sim.run("kubectl diff -f -", stdin=DEPLOY.replace("replicas: 2", "replicas: 3"))
    assert r.exit_code == 1 and r.stderr == ""
    lines = r.stdout.splitlines()
    name = "apps.v1.Deployment.default.web"
    assert lines[0] == f"diff -u -N /tmp/LIVE-0000000001/{name} /tmp/MERGED-0000000002/{name}"
    assert lines[1].startswith(f"--- /tmp/LIVE-0000000001/{name}\t2026-01-01 ")
    assert lines[2].startswith(f"+++ /tmp/MERGED-0000000002/{name}\t2026-01-01 ")
    assert "-  replicas: 2" in lines and "+  replicas: 3" in lines
    assert "-  generation: 1" in lines and "+  generation: 2" in lines
    assert lines[3].startswith("@@ -") and lines[3].endswith(" @@")
    assert sim.get("Deployment", "web") == before


def test_a_new_object_diffs_against_nothing_and_secrets_are_masked():
    sim = Simulation(seed=1)
    r = sim.run("kubectl diff -f -", stdin="apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\ndata:\n  a: YQ==\n")
    lines = r.stdout.splitlines()
    assert r.exit_code == 1
    assert lines[1] == "--- /tmp/LIVE-0000000001/v1.Secret.default.s\t1970-01-01 00:00:00.000000000 +0000"
    assert lines[3].startswith("@@ -0,0 +1,")
    assert "+  a: '*** (after)'" in lines
    assert sim.get("Secret", "s") is None


def test_diff_usage_and_server_errors():
    sim = Simulation(seed=1)
    assert sim.run("kubectl diff").stderr == "error: must specify one of -f and -k\n"
    r = sim.run("kubectl diff -f -", stdin=DEPLOY.replace("replicas: 2", "replicas: -1"))
    assert r.exit_code == 2 and "is invalid" in r.stderr
