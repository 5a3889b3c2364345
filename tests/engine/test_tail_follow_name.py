"""`tail -F` (follow by name, retrying) in a log-shipping sidecar: it follows a file another
container appends to, and waits for one that does not exist yet (kubernetes.io's counter pod)."""

from kubetui import Simulation

COUNTER = """\
apiVersion: v1
kind: Pod
metadata: {name: counter}
spec:
  containers:
  - name: count
    image: busybox:1.28
    args: [/bin/sh, -c, 'i=0; while true; do echo "$i: $(date)" >> /var/log/1.log; i=$((i+1)); sleep 1; done']
    volumeMounts: [{name: varlog, mountPath: /var/log}]
  - name: count-log-1
    image: busybox:1.28
    args: [/bin/sh, -c, 'tail -n+1 -F /var/log/1.log']
    volumeMounts: [{name: varlog, mountPath: /var/log}]
  volumes:
  - {name: varlog, emptyDir: {}}
"""


def test_a_tail_F_sidecar_ships_every_line_and_keeps_running():
    sim = Simulation(seed=1)
    sim.run("kubectl apply -f -", stdin=COUNTER)
    sim.step(30)
    pod = sim.store.get("Pod", "default", "counter")
    assert [cs["restartCount"] for cs in pod["status"]["containerStatuses"]] == [0, 0]
    shipped = sim.run("kubectl logs counter -c count-log-1").stdout.splitlines()
    written = sim.run("kubectl exec counter -c count -- cat /var/log/1.log").stdout.splitlines()
    assert len(written) > 20 and shipped == written
    assert [line.split(":")[0] for line in shipped] == [str(i) for i in range(len(shipped))]


def test_tail_F_waits_for_the_file_and_tail_f_gives_up():
    sim = Simulation(seed=1)
    sim.run("kubectl run by-name --image=busybox --restart=Never -- tail -F /tmp/x")
    sim.run("kubectl run by-fd --image=busybox --restart=Never -- tail -f /tmp/x")
    sim.step(10)
    sim.run("kubectl exec by-name -- sh -c 'echo hello > /tmp/x'")
    sim.step(2)
    assert sim.run("kubectl logs by-name").stdout == (
        "tail: can't open '/tmp/x': No such file or directory\n"
        "tail: /tmp/x has appeared; following end of new file\nhello\n")
    assert sim.run("kubectl logs by-fd").stdout == "tail: can't open '/tmp/x': No such file or directory\n" \
                                                   "tail: no files\n"
    phases = {p: sim.store.get("Pod", "default", p)["status"]["phase"] for p in ("by-name", "by-fd")}
    assert phases == {"by-name": "Running", "by-fd": "Failed"}
