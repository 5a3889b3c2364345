"""Permissions a real busybox shows only to a non-root user or on a read-only mount (the goldens
are recorded as root on a writable disk): the kernel's checks, busybox's messages and codes."""

import pytest

from kubetui.engine.kubelet.shell import FileSystem, Volume, run


def container(uid: int = 1000, gid: int = 3000, groups: tuple[int, ...] = ()) -> FileSystem:
    """/data root's 0755, /tmp 1777 with root's 0644 file, /shared a 2775 directory of group 2000,
    /config a read-only volume (a ConfigMap's, 0644 files), /ro a writable volume mounted readOnly."""
    fs = FileSystem()
    for d in ("data", "tmp", "shared", "etc"):
        fs.mkdir("/" + d)
    fs.write("/data/app.conf", "port=80\n")
    fs.write("/tmp/roots", "r\n")
    fs.write("/etc/secret", "s3cr3t\n")
    fs.chmod("/etc/secret", 0o600)
    fs.chmod("/tmp", 0o1777)
    fs.chmod("/shared", 0o2775)
    fs.root.owners["shared"] = (0, 2000)
    config = Volume(readonly=True, dmode=0o777)
    config.add("greet.sh", "echo hello $1\n")
    config.links["greet.sh"] = "..data/greet.sh"
    fs.mounts["/config"] = config
    fs.mounts["/ro"] = Volume()
    fs.ro_mounts = frozenset({"/ro"})
    fs.root.dirs |= {"config", "ro"}
    fs.uid, fs.gid, fs.groups = uid, gid, groups
    return fs


CASES = [
    # a non-root user in root's 0755 directories
    ("echo x > /data/new; echo $?", "1\n", "sh: can't create /data/new: Permission denied\n"),
    ("echo x >> /data/app.conf; echo $?", "1\n", "sh: can't create /data/app.conf: Permission denied\n"),
    ("touch /data/t; echo $?", "1\n", "touch: /data/t: Permission denied\n"),
    ("mkdir /data/d; echo $?", "1\n", "mkdir: can't create directory '/data/d': Permission denied\n"),
    ("rm /data/app.conf; echo $?", "1\n", "rm: can't remove '/data/app.conf': Permission denied\n"),
    ("cat /data/app.conf", "port=80\n", ""),
    ("cat /etc/secret; echo $?", "1\n", "cat: can't open '/etc/secret': Permission denied\n"),
    ("test -w /data && echo w || echo no-w; test -r /data/app.conf && echo r", "no-w\nr\n", ""),
    ("chmod 777 /data/app.conf; echo $?", "1\n", "chmod: /data/app.conf: Operation not permitted\n"),
    ("chown 1000 /data/app.conf; echo $?", "1\n", "chown: /data/app.conf: Operation not permitted\n"),
    # the sticky /tmp: anyone creates, only the owner removes
    ("echo mine > /tmp/mine && ls -l /tmp/mine | cut -c1-43", "-rw-r--r--    1 1000     3000             5\n", ""),
    ("rm /tmp/roots; echo $?", "1\n", "rm: can't remove '/tmp/roots': Operation not permitted\n"),
    ("echo x > /tmp/f; chmod 755 /tmp/f; rm /tmp/f && echo gone", "gone\n", ""),
    ("id", "uid=1000 gid=3000\n", ""),
    ("whoami; echo $?", "1\n", "whoami: unknown uid 1000\n"),
    # read-only mounts: a ConfigMap's volume, a readOnly volumeMount
    ("echo x > /config/greet.sh; echo $?", "1\n", "sh: can't create /config/greet.sh: Read-only file system\n"),
    ("touch /ro/x; echo $?", "1\n", "touch: /ro/x: Read-only file system\n"),
    ("mkdir /ro/d; echo $?", "1\n", "mkdir: can't create directory '/ro/d': Read-only file system\n"),
    ("rm /config/greet.sh; echo $?", "1\n", "rm: can't remove '/config/greet.sh': Read-only file system\n"),
    ("test -w /ro && echo w || echo ro", "ro\n", ""),
    ("ls -l /config | cut -c1-10,57-", "total 4\nlrwxrwxrwx greet.sh -> ..data/greet.sh\n", ""),
    ("ls -lL /config/greet.sh | cut -c1-10", "-rw-r--r--\n", ""),
    # running by path: the exec bit
    ("/config/greet.sh you; echo $?", "126\n", "sh: /config/greet.sh: Permission denied\n"),
    ("sh /config/greet.sh you", "hello you\n", ""),
    ("cd /etc && cat secret; echo $?", "1\n", "cat: can't open 'secret': Permission denied\n"),
]


@pytest.mark.parametrize(("line", "out", "err"), CASES, ids=[c[0] for c in CASES])
def test_non_root_and_read_only(line, out, err):
    o, e, _, _ = run(line, container(), {"PATH": "/bin"})
    assert (o, e) == (out, err)


def test_a_setgid_group_directory_takes_the_groups_members():
    fs = container(groups=(2000,))
    out, err, _, _ = run("echo x > /shared/f && stat -c '%u %g %a' /shared/f && mkdir /shared/d && stat -c %A /shared/d",
                         fs, {"PATH": "/bin"})
    assert (out, err) == ("1000 2000 644\ndrwxr-sr-x\n", "")
    out, err, _, _ = run("echo x > /shared/f", container(), {"PATH": "/bin"})
    assert err == "sh: can't create /shared/f: Permission denied\n"


def test_root_is_refused_only_by_read_only_mounts_and_the_exec_bit():
    fs = container(uid=0, gid=0)
    out, err, _, _ = run("echo x > /data/new; cat /etc/secret; rm /tmp/roots; echo x > /ro/y; /config/greet.sh; echo $?",
                         fs, {"PATH": "/bin"})
    assert out == "s3cr3t\n126\n"
    assert err == "sh: can't create /ro/y: Read-only file system\nsh: /config/greet.sh: Permission denied\n"
