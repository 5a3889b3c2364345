"""`kubectl describe cronjob` and `describe pod` through the real kubectl (the test extras' wheel, 1.37) on
`kubetui serve` and through kubetui's own kubectl: the same lines in the same order."""

import difflib

CJ = """apiVersion: batch/v1
kind: CronJob
metadata: {name: tz}
spec:
  schedule: "*/1 * * * *"
  timeZone: Etc/UTC
  concurrencyPolicy: Forbid
  startingDeadlineSeconds: 20
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers: [{name: c, image: busybox, command: [sleep, "300"]}]
"""


def test_describe_cronjob_alike(shared):
    assert shared.builtin("kubectl apply -f -", stdin=CJ).exit_code == 0
    assert shared.builtin("kubectl create cronjob plain --image=busybox --schedule='*/5 * * * *'").exit_code == 0
    printed = {}
    for name in ("tz", "plain"):
        real = shared.kubectl("describe", "cronjob", name)
        own = shared.builtin(f"kubectl describe cronjob {name}")
        assert (own.exit_code, own.stdout, own.stderr) == (real.returncode, real.stdout, real.stderr)
        printed[name] = own.stdout
    assert "Suspend:                       False\nTime Zone:                     Etc/UTC\n" in printed["tz"]


TWO = """apiVersion: v1
kind: Pod
metadata: {name: two}
spec:
  initContainers:
  - {name: log, image: busybox, restartPolicy: Always, command: [sleep, "3600"]}
  containers:
  - {name: app, image: nginx}
"""


def _without_ages(text: str) -> str:
    """The real kubectl counts Age from the wall clock, kubetui's from the simulated one."""
    out = []
    for line in text.splitlines():
        parts = line.split()
        if len(parts) > 3 and parts[0] in ("Normal", "Warning"):
            line = " ".join(parts[:2] + parts[3:])
        out.append(line)
    return "\n".join(out)


def test_describe_pod_alike(shared):
    """Each event about a container says which one (`spec.containers{app}: ...`); the projected
    kube-root-ca.crt source prints `Optional: false`."""
    assert shared.builtin("kubectl apply -f -", stdin=TWO).exit_code == 0
    assert shared.builtin("kubectl run single --image=nginx").exit_code == 0
    shared.step(10)
    for name in ("two", "single"):
        real = shared.kubectl("describe", "pod", name)
        own = shared.builtin(f"kubectl describe pod {name}")
        assert own.exit_code == real.returncode == 0
        assert _without_ages(own.stdout) == _without_ages(real.stdout)
        assert "    Optional:                false\n" in own.stdout
        assert f"spec.containers{{{'app' if name == 'two' else name}}}: Started container" in own.stdout


SPREAD = """apiVersion: apps/v1
kind: Deployment
metadata: {name: spread}
spec:
  replicas: 4
  selector: {matchLabels: {app: spread}}
  template:
    metadata: {labels: {app: spread}}
    spec:
      containers: [{name: app, image: nginx}]
      affinity:
        podAntiAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
          - labelSelector: {matchLabels: {app: spread}}
            topologyKey: kubernetes.io/hostname
      topologySpreadConstraints:
      - maxSkew: 1
        topologyKey: kubernetes.io/hostname
        whenUnsatisfiable: ScheduleAnyway
        labelSelector: {matchLabels: {app: spread}}
"""


def test_describe_pod_and_deployment_with_affinity_and_spread_alike(shared):
    """kubectl prints neither affinity nor topologySpreadConstraints in describe; the Pending
    replica's FailedScheduling event is the scheduler's sentence."""
    assert shared.builtin("kubectl apply -f -", stdin=SPREAD).exit_code == 0
    shared.step(10)
    names = shared.builtin("kubectl get pods -l app=spread -o name").stdout.split()
    pending = shared.builtin("kubectl get pods -l app=spread --field-selector=status.phase=Pending -o name")
    assert len(names) == 4 and len(pending.stdout.split()) == 1
    for args in (("pod", pending.stdout.split()[0].split("/")[1]), ("deployment", "spread")):
        real = shared.kubectl("describe", *args)
        own = shared.builtin("kubectl describe " + " ".join(args))
        assert own.exit_code == real.returncode == 0
        diff = difflib.unified_diff(_without_ages(real.stdout).splitlines(), _without_ages(own.stdout).splitlines(),
                                    "real", "kubetui", lineterm="")
        assert _without_ages(own.stdout) == _without_ages(real.stdout), "\n".join(diff)
        if args[0] == "pod":
            assert "3 node(s) didn't match pod anti-affinity rules" in own.stdout
