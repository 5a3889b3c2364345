"""`kubectl exec` runs in the container's own shell and filesystem."""

from kubetui import Simulation


def started():
    sim = Simulation(seed=1)
    sim.run("kubectl run web --image=nginx:1.24.0")
    sim.run("kubectl run bb --image=busybox -- sleep 3600")
    sim.step(10)
    return sim


def test_exec_reads_the_image_files_and_keeps_what_it_writes():
    sim = started()
    assert "Welcome to nginx!" in sim.run("kubectl exec web -- cat /usr/share/nginx/html/index.html").stdout
    assert sim.run("kubectl exec bb -- cat /etc/hostname").stdout == "bb\n"
    assert sim.run("kubectl exec bb -- sh -c 'echo hi > /tmp/f'").exit_code == 0
    assert sim.run("kubectl exec bb -- cat /tmp/f").stdout == "hi\n"


def test_exec_reports_the_exit_code_and_busybox_message():
    sim = started()
    r = sim.run("kubectl exec bb -- ls /notexist")
    assert r.exit_code == 1
    assert r.stderr == "ls: /notexist: No such file or directory\ncommand terminated with exit code 1\n"
    r = sim.run("kubectl exec bb -- sh -c 'notexist'")
    assert r.exit_code == 127 and r.stderr.startswith("sh: notexist: not found\n")
