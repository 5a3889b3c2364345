"""A Debian-family image answers in its own programs' words (trial14 rows 6, 7, 25): /bin/sh is
dash, bash says `command not found`, the file tools are GNU coreutils', `ps` is procps' and only
there after `apt-get install procps`; busybox and alpine images keep busybox's words."""

from __future__ import annotations

import shlex

import pytest

from kubetui import Simulation
from kubetui.engine.kubelet.shell import run

OCI_PS = ('error: Internal error occurred: error executing command in container: failed to exec in container: '
          'failed to start exec: OCI runtime exec failed: exec failed: unable to start container process: '
          'exec: "ps": executable file not found in $PATH: unknown\n')


@pytest.fixture(scope="module")
def sim():
    s = Simulation(seed=14, nodes=1)
    for name, image in (("web", "nginx:1.27"), ("alp", "nginx:1.27-alpine"), ("bb", "busybox:1.36"),
                        ("ub", "ubuntu:24.04")):
        args = "" if name in ("web", "alp") else " -- sleep 3600"
        assert s.run(f"kubectl run {name} --image={image}{args}").exit_code == 0
    s.step(40)
    return s


def sh(sim, pod: str, line: str, shell: str = "sh"):
    r = sim.run(f"kubectl exec {pod} -- {shell} -c {shlex.quote(line)}")
    return r.exit_code, r.stdout, r.stderr


@pytest.mark.parametrize(("pod", "shell", "err"), [
    ("web", "sh", "sh: 1: ps: not found\n"),
    ("web", "/bin/sh", "/bin/sh: 1: ps: not found\n"),
    ("web", "bash", "bash: line 1: ps: command not found\n"),
    ("ub", "sh", "sh: 1: ps: not found\n"),
])
def test_ps_is_not_in_a_debian_image_and_the_shell_says_so_in_its_words(sim, pod, shell, err):
    assert sh(sim, pod, "true; ps aux", shell) == (127, "", err + "command terminated with exit code 127\n")


def test_dash_counts_the_line_of_a_script(sim):
    code, _, err = sh(sim, "web", "echo one\nnope")
    assert err.startswith("sh: 2: nope: not found\n")


def test_exec_of_ps_itself_is_the_runtimes_executable_not_found(sim):
    r = sim.run("kubectl exec web -- ps aux")
    assert (r.exit_code, r.stdout, r.stderr) == (1, "", OCI_PS)


@pytest.mark.parametrize(("line", "gnu", "busybox"), [
    ("cat /x", "cat: /x: No such file or directory", "cat: can't open '/x': No such file or directory"),
    ("ls /x", "ls: cannot access '/x': No such file or directory", "ls: /x: No such file or directory"),
    ("rm /x", "rm: cannot remove '/x': No such file or directory", "rm: can't remove '/x': No such file or directory"),
    ("mkdir /x/y", "mkdir: cannot create directory '/x/y': No such file or directory",
     "mkdir: can't create directory '/x/y': No such file or directory"),
    ("touch /x/y", "touch: cannot touch '/x/y': No such file or directory", "touch: /x/y: No such file or directory"),
    ("head /x", "head: cannot open '/x' for reading: No such file or directory", "head: /x: No such file or directory"),
    ("tail /x", "tail: cannot open '/x' for reading: No such file or directory",
     "tail: can't open '/x': No such file or directory\ntail: no files"),
    ("cp /x /y", "cp: cannot stat '/x': No such file or directory", "cp: can't stat '/x': No such file or directory"),
    ("mv /x /y", "mv: cannot stat '/x': No such file or directory", "mv: can't rename '/x': No such file or directory"),
    ("stat /x", "stat: cannot statx '/x': No such file or directory", "stat: can't stat '/x': No such file or directory"),
    ("chmod 600 /x", "chmod: cannot access '/x': No such file or directory", "chmod: /x: No such file or directory"),
    ("rmdir /x", "rmdir: failed to remove '/x': No such file or directory", "rmdir: '/x': No such file or directory"),
])
def test_file_tools_speak_gnu_coreutils_in_debian_and_busybox_elsewhere(line, gnu, busybox):
    assert run(line, context={"image": "nginx:1.27"})[1:3] == (gnu + "\n", 1)
    assert run(line, context={"image": "debian:bookworm"})[1:3] == (gnu + "\n", 1)
    assert run(line, context={"image": "busybox"})[1:3] == (busybox + "\n", 1)
    assert run(line, context={"image": "nginx:1.27-alpine"})[1:3] == (busybox + "\n", 1)
    assert run(line)[1:3] == (busybox + "\n", 1)


def test_busybox_images_keep_busybox_ps_and_its_not_found(sim):
    assert sh(sim, "bb", "nope") == (127, "", "sh: nope: not found\ncommand terminated with exit code 127\n")
    code, out, _ = sh(sim, "bb", "ps")
    assert code == 0 and out.startswith("PID   USER     TIME  COMMAND\n    1 root      0:00 sleep 3600\n")


def test_nginx_alpine_ps_shows_the_master_and_its_workers(sim):
    lines = sim.run("kubectl exec alp -- ps").stdout.splitlines()
    assert lines[0] == "PID   USER     TIME  COMMAND"
    assert lines[1] == "    1 root      0:00 nginx: master process nginx -g daemon off;"
    workers = [x for x in lines if x.endswith("nginx: worker process")]
    assert workers and all(" nginx " in x for x in workers)
    assert lines[-1].endswith(" root      0:00 ps")


def test_procps_installed_gives_ps_aux_and_ps_ef_with_the_nginx_master_as_pid_1():
    s = Simulation(seed=15, nodes=1)
    s.run("kubectl run shell-demo --image=nginx")
    s.step(30)
    assert s.run("kubectl exec shell-demo -- apt-get update").exit_code == 0
    s.step(10)
    assert s.run("kubectl exec shell-demo -- apt-get install -y procps").exit_code == 0
    s.step(10)
    aux = s.run("kubectl exec shell-demo -- ps aux").stdout.splitlines()
    assert aux[0] == "USER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND"
    assert aux[1].startswith("root           1  0.0 ")
    assert aux[1].endswith(" ?        Ss   00:00   0:00 nginx: master process nginx -g daemon off;")
    workers = aux[2:-1]
    assert workers and all(w.startswith("nginx ") and w.endswith(" S    00:00   0:00 nginx: worker process")
                           for w in workers)
    assert aux[-1].startswith("root ") and " ?        Rs   " in aux[-1] and aux[-1].endswith("   0:00 ps aux")
    ef = s.run("kubectl exec shell-demo -- ps -ef").stdout.splitlines()
    assert ef[0] == "UID          PID    PPID  C STIME TTY          TIME CMD"
    assert ef[1] == "root           1       0  0 00:00 ?        00:00:00 nginx: master process nginx -g daemon off;"
    assert all(" 1  0 " in w for w in ef[2:-1])
    assert sh(s, "shell-demo", "ps -e | head -2") == (0, "    PID TTY          TIME CMD\n      1 ?        00:00:00 nginx\n", "")


def _terminal(sim, line: str):
    shell = sim.start(line)
    for _ in range(10):
        if shell.terminal is not None:
            break
        sim.step(1)
    assert shell.terminal is not None, shell.stderr
    return shell


def test_the_terminal_prompt_and_words_are_the_shells_own():
    s = Simulation(seed=16, nodes=1)
    s.run("kubectl run shell-demo --image=nginx")
    s.run("kubectl run bb --image=busybox -- sleep 3600")
    s.step(30)
    dash = _terminal(s, "kubectl exec -it shell-demo -- /bin/sh")
    for line in ("ps aux", "echo hi", "nope", "exit 0"):
        s.send(dash.seq, line)
    assert dash.stdout == "# ps aux\n# echo hi\nhi\n# nope\n# exit 0\n"
    assert dash.stderr == "/bin/sh: 1: ps: not found\n/bin/sh: 3: nope: not found\n"
    bash = _terminal(s, "kubectl exec -it shell-demo -- bash")
    for line in ("ps aux", "exit 0"):
        s.send(bash.seq, line)
    assert bash.stdout == "root@shell-demo:/# ps aux\nroot@shell-demo:/# exit 0\n"
    assert bash.stderr == "bash: ps: command not found\n"
    ash = _terminal(s, "kubectl exec -it bb -- sh")
    for line in ("nope", "exit 0"):
        s.send(ash.seq, line)
    assert ash.stdout == "/ # nope\n/ # exit 0\n" and ash.stderr == "sh: nope: not found\n"


def test_an_exec_probe_in_a_debian_image_fails_in_gnu_words():
    s = Simulation(seed=17, nodes=1)
    pod = """
apiVersion: v1
kind: Pod
metadata: {name: ready}
spec:
  containers:
  - name: web
    image: nginx:1.27
    readinessProbe:
      exec: {command: [cat, /tmp/ready]}
      periodSeconds: 5
"""
    assert s.run("kubectl apply -f -", stdin=pod).exit_code == 0
    s.step(30)
    out = s.run("kubectl describe pod ready").stdout
    assert "Readiness probe failed: cat: /tmp/ready: No such file or directory" in out


def test_lsof_is_a_debian_package_listing_each_processs_open_files():
    s = Simulation(seed=18, nodes=1)
    s.run("kubectl run shell-demo --image=nginx")
    s.run("kubectl run bb --image=busybox -- sleep 3600")
    s.step(30)
    before = s.run("kubectl exec shell-demo -- lsof")
    assert before.stderr.startswith("error: Internal error occurred") and '"lsof": executable file not found' in before.stderr
    s.run("kubectl exec shell-demo -- apt-get update")
    s.step(10)
    install = s.run("kubectl exec shell-demo -- apt-get install -y lsof")
    assert install.exit_code == 0 and "Setting up lsof (4.95.0-1) ...\n" in install.stdout
    s.step(10)
    lines = s.run("kubectl exec shell-demo -- lsof").stdout.splitlines()
    assert lines[0].split() == ["COMMAND", "PID", "USER", "FD", "TYPE", "DEVICE", "SIZE/OFF", "NODE", "NAME"]
    rows = [x.split() for x in lines[1:]]
    assert ["nginx", "1", "root", "cwd", "DIR"] == rows[0][:5] and rows[0][-1] == "/"
    assert any(r[:3] == ["nginx", "1", "root"] and r[3] == "txt" and r[-1] == "/usr/sbin/nginx" for r in rows)
    assert any(r[:4] == ["nginx", "1", "root", "6u"] and r[4] == "IPv4" and r[-3:] == ["TCP", "*:http", "(LISTEN)"]
               for r in rows)
    assert any(r[0] == "nginx" and r[2] == "nginx" for r in rows)  # the workers
    assert rows[-1][0] == "lsof" and rows[-1][2] == "root"
    assert lines == s.run("kubectl exec shell-demo -- lsof").stdout.splitlines()
    bb = s.run("kubectl exec bb -- lsof").stdout.splitlines()
    assert bb[0] == "1\t/bin/busybox\t/dev/null" and bb[1].startswith("1\t/bin/busybox\tpipe:[")


def test_proc_1_maps_is_the_main_programs_memory_map():
    s = Simulation(seed=19, nodes=1)
    s.run("kubectl run shell-demo --image=nginx")
    s.run("kubectl run bb --image=busybox -- sleep 3600")
    s.step(30)
    maps = s.run("kubectl exec shell-demo -- cat /proc/1/maps").stdout.splitlines()
    first = maps[0].split()
    assert first[1:4] == ["r--p", "00000000", "00:5e"] and first[-1] == "/usr/sbin/nginx"
    assert [x.split()[1] for x in maps[:5]] == ["r--p", "r-xp", "r--p", "r--p", "rw-p"]
    assert any(x.endswith(" [heap]") for x in maps)
    assert any(x.endswith("/usr/lib/x86_64-linux-gnu/libc.so.6") for x in maps)
    assert maps[-1] == "ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0" + " " * 18 + "[vsyscall]"
    assert all(len(x.split(" ")[0]) == 25 or x.startswith("ffff") for x in maps)
    assert maps == s.run("kubectl exec shell-demo -- cat /proc/1/maps").stdout.splitlines()
    bb = s.run("kubectl exec bb -- cat /proc/1/maps").stdout.splitlines()
    assert bb[0].endswith(" /bin/busybox") and not any(".so" in x for x in bb)


def test_command_v_finds_ps_only_once_a_package_put_it_on_the_path():
    from kubetui.engine.kubelet.shell import FileSystem
    assert run("command -v ps; echo $?", context={"image": "nginx"})[0] == "1\n"
    assert run("command -v ps", context={"image": "busybox"})[0] == "/bin/ps\n"
    fs = FileSystem()
    fs.mkdir("/usr/bin", parents=True)
    fs.write("/usr/bin/ps", "\x7fELF\x02\x01\x01\x00deb procps ps\n")
    fs.chmod("/usr/bin/ps", 0o755)
    assert run("command -v ps; type ps", fs=fs, env={"PATH": "/usr/bin:/bin"},
               context={"image": "nginx"})[0] == "/usr/bin/ps\nps is /usr/bin/ps\n"


def test_bash_runs_inside_a_debian_images_sh_and_not_in_busybox():
    assert run('bash -c "echo hi; nope"', context={"image": "nginx:1.27"})[:3] == (
        "hi\n", "bash: line 1: nope: command not found\n", 127)
    assert run('bash -c "echo hi"', context={"image": "busybox"})[:3] == ("", "sh: bash: not found\n", 127)
