"""The adapter pattern (CKAD multi-container): `tail -f log | while read line; do …; done` prints
each line as the app appends it, its loop variables going on from line to line."""

from kubetui import Simulation

POD = """
apiVersion: v1
kind: Pod
metadata:
  name: adapter
spec:
  volumes:
  - name: logs
    emptyDir: {}
  containers:
  - name: app
    image: busybox
    command: ['sh', '-c', 'i=0; while true; do i=$((i+1)); echo "$i|INFO|started" >> /var/log/app.log; sleep 2; done']
    volumeMounts: [{name: logs, mountPath: /var/log}]
  - name: adapter
    image: busybox
    command: ['sh', '-c', 'tail -f /var/log/app.log | while read line; do n=$((n+1)); echo "$n: $(echo $line | cut -d"|" -f2,3)"; done']
    volumeMounts: [{name: logs, mountPath: /var/log}]
"""


def test_a_while_read_loop_after_tail_f_prints_each_line_as_it_comes_and_counts_on():
    sim = Simulation(seed=0, nodes=1)
    assert sim.run("kubectl apply -f -", stdin=POD).exit_code == 0
    sim.step(12)
    first = sim.run("kubectl logs adapter -c adapter").stdout.splitlines()
    assert len(first) >= 3 and first[:3] == ["1: INFO|started", "2: INFO|started", "3: INFO|started"]
    sim.step(10)
    later = sim.run("kubectl logs adapter -c adapter").stdout.splitlines()
    assert len(later) >= len(first) + 4
    assert later == [f"{k}: INFO|started" for k in range(1, len(later) + 1)]
