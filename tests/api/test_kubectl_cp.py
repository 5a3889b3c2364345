"""The real kubectl's `cp` runs `tar` in the container through exec: `tar cf - PATH` to copy
out, `tar xmf - -C DIR` to copy in. The container's busybox tar answers it, byte for byte a tar
archive that kubectl's Go reader takes."""

from __future__ import annotations


def _pod(served):
    if served.call(served.sim.get, "Pod", "bb", "default") is None:
        served.kubectl("run", "bb", "--image=busybox", "--", "sleep", "3600")
        served.step(20)


def test_real_kubectl_cp_out_of_a_pod(shared, tmp_path):
    _pod(shared)
    r = shared.kubectl("cp", "bb:/etc/hostname", str(tmp_path / "hostname"))
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "hostname").read_text() == "bb\n"
    line = shared.sim.command_log[-1]["line"]
    assert line.startswith("kubectl exec bb -n default") and "tar cf - /etc/hostname" in line


def test_real_kubectl_cp_a_directory_out(shared, tmp_path):
    _pod(shared)
    shared.builtin("kubectl exec bb -- sh -c 'mkdir -p /data/sub && echo one > /data/a && echo zwei > /data/sub/b'")
    r = shared.kubectl("cp", "bb:/data", str(tmp_path / "data"))
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "data" / "a").read_text() == "one\n"
    assert (tmp_path / "data" / "sub" / "b").read_text() == "zwei\n"


def test_real_kubectl_cp_into_a_pod(shared, tmp_path):
    _pod(shared)
    src = tmp_path / "notes.txt"
    src.write_text("line 1\n한국어 line 2\n")
    r = shared.kubectl("cp", str(src), "bb:/tmp/")
    assert r.returncode == 0, r.stderr
    assert shared.builtin("kubectl exec bb -- cat /tmp/notes.txt").stdout == "line 1\n한국어 line 2\n"
    r = shared.kubectl("cp", str(src), "bb:/tmp/renamed.txt")
    assert r.returncode == 0, r.stderr
    assert shared.builtin("kubectl exec bb -- cat /tmp/renamed.txt").stdout == "line 1\n한국어 line 2\n"


def test_real_kubectl_cp_a_missing_file(shared, tmp_path):
    _pod(shared)
    """The real kubectl exits 0 here (kubernetes/kubectl#980: it does not wait for the exec's
    status); the tar in the container fails, and nothing is written."""
    r = shared.kubectl("cp", "bb:/nosuch", str(tmp_path / "x"))
    assert r.returncode == 0
    assert not (tmp_path / "x").exists()
    mine = shared.builtin("kubectl exec bb -- tar cf - /nosuch")
    assert (mine.exit_code, mine.stdout) == (1, "\0" * 1024)
    assert "tar: /nosuch: No such file or directory\n" in mine.stderr


def test_builtin_kubectl_cp_still_works(shared, tmp_path):
    _pod(shared)
    src = tmp_path / "in.txt"
    src.write_text("mine\n")
    r = shared.builtin(f"kubectl cp {src} bb:/tmp/in.txt")
    assert r.exit_code == 0, r.stderr
    assert shared.builtin("kubectl exec bb -- cat /tmp/in.txt").stdout == "mine\n"
