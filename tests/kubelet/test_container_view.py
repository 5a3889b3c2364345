"""What a learner sees looking around inside a running container (trial14's walk of the task
pages): ps, /proc/mounts, ls -R of a volume, ash's [[ ]]."""

from __future__ import annotations

import pytest

from kubetui import Simulation

FOLDED_LOOP = """
apiVersion: v1
kind: Pod
metadata:
  name: counter
spec:
  containers:
  - name: count
    image: busybox:1.28
    args:
    - /bin/sh
    - -c
    - >
      i=0;
      while true;
      do
        echo "$i" >> /var/log/1.log;
        sleep 1;
      done
    volumeMounts:
    - name: varlog
      mountPath: /var/log
  volumes:
  - name: varlog
    emptyDir: {}
"""


@pytest.fixture(scope="module")
def counter():
    s = Simulation(seed=5, nodes=1)
    assert s.run("kubectl apply -f -", stdin=FOLDED_LOOP).exit_code == 0
    s.step(20)
    return s


def test_ps_shows_a_multi_line_script_on_one_line(counter):
    """busybox ps prints each control byte of a command line as a space (the folded YAML keeps
    the loop's indented lines' newlines)."""
    lines = counter.run("kubectl exec counter -- ps").stdout.splitlines()
    assert len(lines) == 4
    assert lines[1].startswith("    1 root      0:00 /bin/sh -c i=0; while true; do   echo")
    assert lines[1].endswith("sleep 1; done ")
    assert lines[2].endswith(" root      0:00 sleep 1")


def test_proc_mounts_lists_the_mount_table(counter):
    """Get a Shell to a Running Container: `cat /proc/mounts` shows what `mount` lists, in
    /proc's six-field form."""
    mounts = counter.run("kubectl exec counter -- cat /proc/mounts")
    assert mounts.exit_code == 0
    listed = counter.run("kubectl exec counter -- mount").stdout.splitlines()
    assert len(mounts.stdout.splitlines()) == len(listed)
    assert "/dev/vda1 /var/log ext4 rw,relatime 0 0" in mounts.stdout.splitlines()
    assert mounts.stdout.splitlines()[1] == "proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0"
    assert counter.run("kubectl exec counter -- cat /proc/self/mounts").stdout == mounts.stdout
    assert counter.run("kubectl exec counter -- sh -c 'grep -c overlay /proc/1/mounts'").stdout == "1\n"


DOWNWARD = """
apiVersion: v1
kind: Pod
metadata:
  name: dapi
  labels: {zone: us-est-coast, rack: rack-22}
  annotations: {build: two, quoted: 'say "hi"'}
spec:
  containers:
  - name: client-container
    image: registry.k8s.io/busybox:1.27.2
    command: ["sh", "-c"]
    args:
    - while true; do
        if [[ -e /etc/podinfo/labels ]]; then
          echo -en '\\n\\n'; cat /etc/podinfo/labels; fi;
        sleep 5;
      done;
    volumeMounts:
    - name: podinfo
      mountPath: /etc/podinfo
  volumes:
  - name: podinfo
    downwardAPI:
      items:
      - path: labels
        fieldRef: {fieldPath: metadata.labels}
      - path: annotations
        fieldRef: {fieldPath: metadata.annotations}
"""


@pytest.fixture(scope="module")
def dapi():
    s = Simulation(seed=5, nodes=1)
    assert s.run("kubectl create -f -", stdin=DOWNWARD).exit_code == 0
    s.step(20)
    return s


def test_double_bracket_test_runs_in_ash(dapi):
    """busybox ash's `[[ -e FILE ]]` (the downward API volume page's loop prints the file)."""
    assert dapi.run("kubectl logs dapi").stdout.startswith('\n\nrack="rack-22"\nzone="us-est-coast"\n\nrack=')
    r = dapi.run("kubectl exec dapi -- sh -c '[[ -e /nope ]]; echo $?; [[ -e /etc ]; echo $?'")
    assert (r.stdout, r.stderr) == ("1\n2\n", "sh: missing ]]\n")


def test_ls_recursive_walks_the_timestamped_folder_not_the_links(dapi):
    """`ls -R` heads each directory with its name and goes into subdirectories; `..data` is a
    link to the timestamped one, so only that is walked (and only with -a, as both are hidden)."""
    assert dapi.run("kubectl exec dapi -- ls -R /etc/podinfo").stdout == "/etc/podinfo:\nannotations\nlabels\n"
    out = dapi.run("kubectl exec dapi -- ls -aR /etc/podinfo").stdout.split("\n\n")
    assert len(out) == 2
    stamp = out[0].splitlines()[3]
    assert stamp.startswith("..2026_") and out[0].splitlines()[4] == "..data"
    assert out[1] == f"/etc/podinfo/{stamp}:\n.\n..\nannotations\nlabels\n"


def test_annotation_values_are_go_quoted(dapi):
    """The kubelet writes `key=%q`: a quote inside a value is escaped."""
    assert dapi.run("kubectl exec dapi -- cat /etc/podinfo/annotations").stdout == \
        'build="two"\nquoted="say \\"hi\\""'


@pytest.mark.parametrize("look_first", [True, False])
def test_a_label_change_reaches_the_downward_api_file(look_first):
    """Expose Pod Information Through Files: the kubelet rewrites labels after a change (env
    would not change); whether or not anyone read the container's files before."""
    s = Simulation(seed=5, nodes=1)
    s.run("kubectl create -f -", stdin=DOWNWARD)
    s.step(20)
    if look_first:
        assert "newlabel" not in s.run("kubectl exec dapi -- cat /etc/podinfo/labels").stdout
    assert s.run("kubectl label pod dapi newlabel=x").exit_code == 0
    s.step(3)
    assert s.run("kubectl exec dapi -- cat /etc/podinfo/labels").stdout == \
        'newlabel="x"\nrack="rack-22"\nzone="us-est-coast"'
    assert 'newlabel="x"' in s.run("kubectl exec dapi -- cat /etc/podinfo/..data/labels").stdout


def test_a_shared_process_namespace_shows_every_containers_process():
    """`shareProcessNamespace: true` (`kubectl debug --share-processes --copy-to`): ps in one
    container lists the sandbox's /pause as PID 1 and the other containers' processes."""
    s = Simulation(seed=5, nodes=1)
    s.run("kubectl apply -f -", stdin="""
apiVersion: v1
kind: Pod
metadata: {name: shared}
spec:
  shareProcessNamespace: true
  containers:
  - {name: app, image: "busybox:1.36", command: [sleep, "3600"]}
  - {name: side, image: "busybox:1.36", command: [sh, -c, "while true; do sleep 5; done"]}
""")
    s.step(20)
    assert s.run("kubectl exec shared -c side -- ps").stdout == (
        "PID   USER     TIME  COMMAND\n"
        "    1 root      0:00 /pause\n"
        "    7 root      0:00 sleep 3600\n"
        "   13 root      0:00 sh -c while true; do sleep 5; done\n"
        "   19 root      0:00 ps\n")
    s.run("kubectl run alone --image=busybox:1.36 -- sleep 3600")
    s.step(10)
    assert s.run("kubectl exec alone -- ps").stdout.splitlines()[1] == "    1 root      0:00 sleep 3600"


def test_ls_root_of_a_debian_image_shows_its_top_level_directories():
    """Get a Shell to a Running Container: `ls /` in nginx (Debian) lists boot, lib, media, mnt,
    opt, run, sbin, srv too; busybox keeps its short list."""
    s = Simulation(seed=5, nodes=1)
    s.run("kubectl run web --image=nginx")
    s.run("kubectl run bb --image=busybox:1.36 -- sleep 3600")
    s.step(20)
    listed = s.run("kubectl exec web -- ls /").stdout.split()
    assert {"boot", "lib", "lib64", "media", "mnt", "opt", "run", "sbin", "srv", "etc", "usr"} <= set(listed)
    assert listed == sorted(listed)
    assert "boot" not in s.run("kubectl exec bb -- ls /").stdout.split()
