"""Two simulator gaps: an init container that runs a server image (nginx) never completes, so
the pod stays in Init; a Job failed by activeDeadlineSeconds counts the pods it stopped as
failed, even one whose process exits 0 on SIGTERM."""

from kubetui import Simulation

INIT = """apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  initContainers:
  - {name: %s, image: %s}
  containers:
  - {name: c, image: busybox, command: [sleep, "300"]}
"""

JOB = """apiVersion: batch/v1
kind: Job
metadata: {name: slow}
spec:
  activeDeadlineSeconds: 5
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: c
        image: busybox
        command: [sh, -c, "trap 'exit 0' TERM; while true; do sleep 1; done"]
"""


def test_an_init_container_running_a_server_never_completes():
    sim = Simulation(seed=1)
    assert sim.run("kubectl apply -f -", stdin=INIT % ("web", "nginx:1.27")).exit_code == 0
    sim.step(120)
    assert sim.run("kubectl get pod p --no-headers").stdout.split()[2] == "Init:0/1"
    state = sim.get("Pod", "p")["status"]["initContainerStatuses"][0]["state"]
    assert "running" in state


def test_an_init_container_of_a_tool_image_still_completes():
    sim = Simulation(seed=1)
    assert sim.run("kubectl apply -f -", stdin=INIT % ("setup", "myorg/setup:1.0")).exit_code == 0
    sim.step(40)
    assert sim.run("kubectl get pod p --no-headers").stdout.split()[2] == "Running"


def test_a_job_past_its_deadline_counts_the_stopped_pod_as_failed():
    sim = Simulation(seed=1)
    assert sim.run("kubectl apply -f -", stdin=JOB).exit_code == 0
    sim.step(80)
    status = sim.get("Job", "slow")["status"]
    assert (status.get("succeeded"), status.get("failed")) == (None, 1)
    failed = next(c for c in status["conditions"] if c["type"] == "Failed")
    assert failed["reason"] == "DeadlineExceeded"
    assert sim.run("kubectl get job slow --no-headers").stdout.split()[1:3] == ["Failed", "0/1"]
