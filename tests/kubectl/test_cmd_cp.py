"""`kubectl cp` between the door's folder and a container's filesystem, as tar over exec does it."""

import pytest

from kubetui import Simulation


@pytest.fixture
def sim(tmp_path):
    (tmp_path / "page.html").write_text("<h1>hello</h1>\n")
    (tmp_path / "site" / "css").mkdir(parents=True)
    (tmp_path / "site" / "index.html").write_text("index\n")
    (tmp_path / "site" / "css" / "a.css").write_text("body{}\n")
    s = Simulation(seed=1)
    s.cwd = str(tmp_path)
    for line in ("kubectl run web --image=nginx", "kubectl run bb --image=busybox -- sleep 3600",
                 "kubectl run hello --image=gcr.io/google-samples/hello-app:1.0"):
        s.run(line)
    s.step(30)
    return s


def test_a_local_file_lands_in_the_container(sim):
    r = sim.run("kubectl cp page.html web:/usr/share/nginx/html/index.html")
    assert (r.exit_code, r.stdout, r.stderr) == (0, "", "")
    assert sim.run("kubectl exec web -- cat /usr/share/nginx/html/index.html").stdout == "<h1>hello</h1>\n"


def test_into_a_directory_keeps_the_name_and_folders_copy_whole(sim):
    assert sim.run("kubectl cp page.html bb:/tmp").exit_code == 0
    assert sim.run("kubectl exec bb -- cat /tmp/page.html").stdout == "<h1>hello</h1>\n"
    assert sim.run("kubectl cp site bb:/srv").exit_code == 0
    assert sim.run("kubectl exec bb -- cat /srv/css/a.css").stdout == "body{}\n"


def test_a_container_file_comes_out_with_tars_note(sim, tmp_path):
    r = sim.run("kubectl cp bb:/etc/hostname out/name.txt")
    assert (r.exit_code, r.stdout, r.stderr) == (0, "", "tar: removing leading '/' from member names\n")
    assert (tmp_path / "out" / "name.txt").read_text() == sim.run("kubectl exec bb -- cat /etc/hostname").stdout
    r = sim.run("kubectl cp web:/etc/hostname web-name")
    assert r.stderr == "tar: Removing leading `/' from member names\n"
    sim.run("kubectl cp site bb:/srv")
    assert sim.run("kubectl cp bb:/srv back").exit_code == 0
    assert (tmp_path / "back" / "css" / "a.css").read_text() == "body{}\n"


def test_a_missing_file_is_tars_error_and_exit_code(sim):
    r = sim.run("kubectl cp bb:/nope x")
    assert (r.exit_code, r.stderr) == (1, "tar: removing leading '/' from member names\n"
                                          "tar: /nope: No such file or directory\ncommand terminated with exit code 1\n")
    r = sim.run("kubectl cp web:/nope x")
    assert r.exit_code == 2 and r.stderr.endswith("tar: Exiting with failure status due to previous errors\n"
                                                  "command terminated with exit code 2\n")
    r = sim.run("kubectl cp page.html bb:/nodir/x")
    assert r.exit_code == 1 and r.stderr.startswith("tar: can't change directory to '/nodir'")


def test_an_image_without_tar_cannot_be_copied_to(sim):
    r = sim.run("kubectl cp page.html hello:/tmp/x")
    assert r.exit_code == 1
    assert r.stderr.endswith('exec: "tar": executable file not found in $PATH: unknown\n')


def test_cp_needs_exec_permission_and_a_pod(sim):
    assert sim.run("kubectl cp page.html nope:/tmp/x").stderr == 'Error from server (NotFound): pods "nope" not found\n'
    sim.run("kubectl create role read --verb=get,list --resource=pods")
    sim.run("kubectl create rolebinding jane --role=read --user=jane")
    r = sim.run("kubectl cp page.html bb:/tmp/x --as=jane")
    assert r.exit_code == 1 and 'cannot create resource "pods/exec"' in r.stderr
    r = sim.run("kubectl cp page.html default/bb:/tmp/x -c bb")
    assert r.exit_code == 0


def test_cp_is_replayed_from_the_command_log(sim):
    sim.run("kubectl cp page.html bb:/tmp/p.html")
    assert any(rec["line"] == "kubectl cp page.html bb:/tmp/p.html" for rec in sim.command_log)


def test_a_binary_file_goes_in_and_comes_back_byte_for_byte(sim, tmp_path):
    blob = bytes(range(256)) * 4 + b"\xff\xfe\x00tail"
    (tmp_path / "bin").mkdir()
    (tmp_path / "bin" / "app.bin").write_bytes(blob)
    (tmp_path / "bin" / "note.txt").write_text("héllo\n")
    assert sim.run("kubectl cp bin/app.bin bb:/tmp/app.bin").exit_code == 0
    ls = sim.run("kubectl exec bb -- ls -l /tmp/app.bin").stdout
    assert f" {len(blob)} " in ls, "the container sees the file's bytes, not its text"
    assert sim.run("kubectl cp bb:/tmp/app.bin back.bin").exit_code == 0
    assert (tmp_path / "back.bin").read_bytes() == blob
    assert sim.run("kubectl cp bin bb:/tmp/bin").exit_code == 0
    assert sim.run("kubectl cp bb:/tmp/bin again").exit_code == 0
    assert (tmp_path / "again" / "app.bin").read_bytes() == blob
    assert (tmp_path / "again" / "note.txt").read_text() == "héllo\n"
    assert sim.run("kubectl exec bb -- mv /tmp/app.bin /tmp/moved.bin").exit_code == 0
    assert sim.run("kubectl cp bb:/tmp/moved.bin moved.bin").exit_code == 0
    assert (tmp_path / "moved.bin").read_bytes() == blob
    sim.run("kubectl exec bb -- cp /tmp/moved.bin /tmp/app.bin")
    sim.run("kubectl exec bb -- sh -c 'echo text > /tmp/app.bin'")
    assert sim.run("kubectl cp bb:/tmp/app.bin text.bin").exit_code == 0
    assert (tmp_path / "text.bin").read_bytes() == b"text\n", "a shell's write replaces the bytes"
