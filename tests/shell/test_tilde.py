"""Tilde expansion as busybox ash does it (outputs checked against busybox 1.35's `sh -c`):
`~/tmp` in a redirection, a `du -sh ~`, an assignment's `~` after `=` and `:` (bmuschko's
failing-pod and adapter exercises write to `~/tmp/…` and `du -sh ~`)."""

from __future__ import annotations

import pytest

from kubetui.engine.kubelet.shell import FileSystem, run


def _fs() -> FileSystem:
    fs = FileSystem()
    fs.mkdir("/root/tmp", parents=True)
    fs.mkdir("/etc")
    fs.write("/etc/passwd", "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/home:/bin/false\n")
    return fs


@pytest.mark.parametrize("line, out, err", [
    ('echo ~ ~/x a~ "~" \'~\' ~root ~nobody/y ~nouser x:~/y', "/root /root/x a~ ~ ~ /root /home/y ~nouser x:~/y\n", ""),
    ("x=~/a; echo $x; y=a:~/b:~; echo $y", "/root/a\na:/root/b:/root\n", ""),
    ("echo ${z:-~}", "/root\n", ""),
    ("echo hi > ~/nonexist/f", "", "sh: can't create /root/nonexist/f: nonexistent directory\n"),
    ("echo hi > ~/tmp/f; cat /root/tmp/f", "hi\n", ""),
    ("du -sh ~", "4.0K\t/root\n", ""),
    ("cd ~/tmp; pwd", "/root/tmp\n", ""),
])
def test_tilde_expands_as_ash_does(line, out, err):
    got = run(line, _fs(), {"HOME": "/root", "PATH": "/bin"}, cwd="/")
    assert got[:2] == (out, err)
