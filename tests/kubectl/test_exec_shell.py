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


def test_logs_carry_the_time_each_line_was_printed():
    sim = Simulation(seed=1)
    sim.run("kubectl run loop --image=busybox -- sh -c 'i=0; while true; do echo line $i; i=$((i+1)); sleep 5; done'")
    sim.step(23)
    assert sim.run("kubectl logs loop").stdout == "line 0\nline 1\nline 2\nline 3\n"
    assert sim.run("kubectl logs loop --since=8s").stdout == "line 2\nline 3\n"
    stamped = sim.run("kubectl logs loop --timestamps --tail=2").stdout.splitlines()
    assert [s.split(" ", 1)[0][11:19] for s in stamped] == ["00:00:15", "00:00:20"]


def test_previous_shows_the_last_run_of_a_failing_script():
    sim = Simulation(seed=1)
    sim.run("kubectl run fail --image=busybox -- sh -c 'echo starting; ls /notexist'")
    sim.step(30)
    r = sim.run("kubectl logs fail --previous")
    assert r.stdout == "starting\nls: /notexist: No such file or directory\n"
    assert "CrashLoopBackOff" in sim.run("kubectl get pod fail").stdout or "Error" in sim.run("kubectl get pod fail").stdout


def test_an_image_without_a_shell_has_no_sh_to_exec():
    sim = Simulation(seed=1)
    sim.run("kubectl run static --image=gcr.io/distroless/static:nonroot -- /app")
    sim.run("kubectl run pause --image=registry.k8s.io/pause:3.9")
    sim.step(10)
    r = sim.run("kubectl exec pause -- sh")
    assert r.exit_code == 1 and 'exec: "sh": executable file not found in $PATH: unknown' in r.stderr


def test_exec_i_sh_reads_its_script_from_stdin():
    sim = started()
    r = sim.run("kubectl exec -i bb -- sh", stdin="echo $HOSTNAME\ncat /etc/hostname\nexit 3\n")
    assert (r.exit_code, r.stdout, r.stderr) == (3, "bb\nbb\n", "command terminated with exit code 3\n")
    assert sim.run("kubectl exec -i bb -- /bin/sh -s", stdin="echo hi\n").stdout == "hi\n"
    assert sim.run("kubectl exec bb -- sh", stdin="echo hi\n").stdout == ""


def test_busybox_has_no_bash():
    sim = started()
    sim.run("kubectl run nb --image=busybox --restart=Never -- bash -c 'echo x'")
    sim.step(10)
    oci = ("error: Internal error occurred: error executing command in container: failed to exec in container: failed "
           "to start exec: OCI runtime exec failed: exec failed: unable to start container process: exec: ")
    for line, what in (("kubectl exec bb -- bash -c 'echo x'", '"bash": executable file not found in $PATH'),
                       ("kubectl exec -i bb -- /bin/bash", '"/bin/bash": no such file or directory')):
        r = sim.run(line)
        assert (r.exit_code, r.stdout, r.stderr) == (1, "", f"{oci}{what}: unknown\n"), line
    assert sim.run("kubectl exec web -- bash -c 'echo x'").stdout == "x\n"
    assert sim.store.get("Pod", "default", "nb")["status"]["containerStatuses"][0]["state"]["terminated"]["reason"] \
        == "StartError"
    assert 'exec: "bash": executable file not found in $PATH' in sim.run("kubectl describe pod nb").stdout


def test_sh_c_with_one_simple_command_execs_it_as_pid_1():
    sim = Simulation(seed=1)
    sim.run("kubectl run one --image=busybox:1.28 -- sh -c 'sleep 1h'")
    sim.run("kubectl run two --image=busybox:1.28 -- sh -c 'echo hi; sleep 1h'")
    sim.step(10)
    assert sim.run("kubectl exec one -- ps").stdout.splitlines()[1].split(None, 3)[3] == "sleep 1h"
    assert sim.run("kubectl exec one -- head -1 /proc/1/status").stdout == "Name:\tsleep\n"
    assert sim.run("kubectl exec two -- ps").stdout.splitlines()[1].split(None, 3)[3] == "sh -c echo hi; sleep 1h"


def test_exec_t_without_a_terminal_says_so():
    sim = started()
    r = sim.run("kubectl exec -it bb -- sh", stdin="echo hi\n")
    assert (r.exit_code, r.stdout, r.stderr) == (
        0, "hi\n", "Unable to use a TTY - input is not a terminal or the right kind of file\n")
    assert sim.run("kubectl exec -t bb -- echo hi").stderr == ""
    assert sim.run("kubectl exec -itq bb -- echo hi").stderr == ""
