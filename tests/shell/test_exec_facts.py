"""What CKAD exercises look at through `kubectl exec`: `ps` (PID 1 is the container's command,
then `ps` itself), the image's users (/etc/passwd), `df -h`, and the simulated internet."""

from __future__ import annotations

import pytest

from kubetui import Simulation


@pytest.fixture(scope="module")
def sim():
    s = Simulation()
    s.run("kubectl run web --image=nginx:1.25")
    s.run("kubectl run bb --image=busybox -- sleep 3600")
    s.step(20)
    return s


def run(sim, line: str, stdin: str | None = None):
    r = sim.run(line, stdin=stdin)
    return r.exit_code, r.stdout, r.stderr


PS = [
    ("kubectl exec bb -- ps", "PID   USER     TIME  COMMAND\n    1 root      0:00 sleep 3600\n    7 root      0:00 ps\n"),
    ("kubectl exec bb -- ps aux",
     "PID   USER     TIME  COMMAND\n    1 root      0:00 sleep 3600\n    7 root      0:00 ps aux\n"),
    ("kubectl exec bb -- sh -c 'ps | wc -l'", "4\n"),
]


@pytest.mark.parametrize("line,out", PS, ids=[p[0] for p in PS])
def test_ps_shows_the_containers_command_and_itself(sim, line, out):
    assert run(sim, line) == (0, out, "")


def test_exec_with_stdin_reads_it_and_without_does_not(sim):
    assert run(sim, "kubectl exec -i bb -- cat", "piped\n") == (0, "piped\n", "")
    assert run(sim, "kubectl exec bb -- cat", "piped\n") == (0, "", "")


def test_tar_round_trip_between_containers_through_stdin(sim):
    code, archive, err = run(sim, "kubectl exec bb -- tar cf - /etc/hostname")
    assert (code, err) == (0, "tar: removing leading '/' from member names\n")
    assert len(archive) == 2048 and archive.startswith("etc/hostname\0")
    assert run(sim, "kubectl exec -i web -- tar xmf - -C /tmp", archive) == (0, "", "")
    assert run(sim, "kubectl exec web -- cat /tmp/etc/hostname") == (0, "bb\n", "")


USERS = [  # image -> (lines of /etc/passwd, of /etc/group, a line it must hold)
    ("busybox", 9, 26, "operator:x:37:37:Operator:/var:/bin/false"),
    ("busybox:1.36", 9, 26, "www-data:x:33:33:www-data:/var/www:/bin/false"),
    ("nginx:1.25", 19, 39, "nginx:x:101:101:nginx user:/nonexistent:/bin/false"),
    ("nginx:1.25-alpine", 18, 37, "nginx:x:101:101:nginx:/var/cache/nginx:/sbin/nologin"),
    ("alpine:3.20", 17, 36, "guest:x:405:100:guest:/dev/null:/sbin/nologin"),
    ("debian:bookworm", 18, 38, "_apt:x:42:65534::/nonexistent:/usr/sbin/nologin"),
    ("example/app:1.0", 2, 2, "root:x:0:0:root:/root:/bin/sh"),
]


@pytest.mark.parametrize("image,passwd,group,line", USERS, ids=[u[0] for u in USERS])
def test_etc_passwd_is_the_images_own(image, passwd, group, line):
    from kubetui.engine.kubelet.process import accounts
    files = accounts(image)
    assert files["etc/passwd"].count("\n") == passwd
    assert files["etc/group"].count("\n") == group
    assert line + "\n" in files["etc/passwd"]


def test_cat_etc_passwd_in_a_busybox_pod_counts_the_real_users(sim):
    assert run(sim, "kubectl exec bb -- sh -c 'cat /etc/passwd | wc -l'") == (0, "9\n", "")
    assert run(sim, "kubectl exec web -- grep nginx /etc/passwd") == (
        0, "nginx:x:101:101:nginx user:/nonexistent:/bin/false\n", "")


VOLS = """
apiVersion: v1
kind: Pod
metadata: {name: vols}
spec:
  containers:
  - name: c
    image: busybox
    command: [sleep, "3600"]
    volumeMounts:
    - {name: disk, mountPath: /cache}
    - {name: mem, mountPath: /scratch}
    - {name: memnolimit, mountPath: /fast}
  volumes:
  - {name: disk, emptyDir: {}}
  - {name: mem, emptyDir: {medium: Memory, sizeLimit: 64Mi}}
  - {name: memnolimit, emptyDir: {medium: Memory}}
"""

DF = [
    ("df -h /scratch", "Filesystem                Size      Used Available Use% Mounted on\n"
                       "tmpfs                    64.0M         0     64.0M   0% /scratch\n"),
    ("df -h /cache/", "Filesystem                Size      Used Available Use% Mounted on\n"
                      "/dev/vda1                58.4G     19.2G     36.2G  35% /cache\n"),
    ("df -h /fast /etc", "Filesystem                Size      Used Available Use% Mounted on\n"
                         "tmpfs                     7.7G         0      7.7G   0% /fast\n"
                         "overlay                  58.4G     19.2G     36.2G  35% /\n"),
    ("df /scratch", "Filesystem           1K-blocks      Used Available Use% Mounted on\n"
                    "tmpfs                    65536         0     65536   0% /scratch\n"),
    ("sh -c 'echo hello > /scratch/x; df -h /scratch'",
     "Filesystem                Size      Used Available Use% Mounted on\n"
     "tmpfs                    64.0M      4.0K     64.0M   0% /scratch\n"),
]


@pytest.fixture(scope="module")
def vols(sim):
    assert sim.run("kubectl apply -f -", stdin=VOLS).exit_code == 0
    sim.step(20)
    return sim


@pytest.mark.parametrize("line,out", DF, ids=[d[0] for d in DF])
def test_df_shows_the_filesystem_of_the_path(vols, line, out):
    assert run(vols, "kubectl exec vols -- " + line) == (0, out, "")


def test_df_lists_every_mount_and_fails_on_a_missing_path(vols):
    code, out, _ = run(vols, "kubectl exec vols -- df -h")
    assert [row.split()[0] + " " + row.split()[-1] for row in out.splitlines()[1:]] == [
        "overlay /", "tmpfs /dev", "/dev/vda1 /cache", "tmpfs /scratch", "tmpfs /fast",
        "/dev/vda1 /etc/hosts", "/dev/vda1 /dev/termination-log", "/dev/vda1 /etc/hostname",
        "/dev/vda1 /etc/resolv.conf", "shm /dev/shm", "tmpfs /var/run/secrets/kubernetes.io/serviceaccount",
        "tmpfs /proc/acpi", "tmpfs /proc/kcore", "tmpfs /proc/keys", "tmpfs /proc/timer_list", "tmpfs /proc/scsi",
        "tmpfs /sys/firmware"]
    assert "12.0K" in out.splitlines()[11]
    assert run(vols, "kubectl exec vols -- df /nope") == (
        1, "Filesystem           1K-blocks      Used Available Use% Mounted on\n",
        "df: /nope: can't find mount point\ncommand terminated with exit code 1\n")


@pytest.mark.parametrize("kib,text", [(0, "0"), (12, "12.0K"), (65536, "64.0M"), (65532, "64.0M"),
                                      (264212084, "252.0G"), (43369404, "41.4G"), (24683772, "23.5G")])
def test_human_sizes_as_busybox_prints_them(kib, text):
    from kubetui.engine.kubelet.shell.applets import human
    assert human(kib) == text


INTERNET = [
    ("kubectl exec bb -- wget -qO- http://neverssl.com/online", 0,
     "<html><head><title>NeverSSL - Online</title></head><body><h1>NeverSSL</h1><p>You are online.</p></body></html>\n",
     ""),
    ("kubectl exec bb -- wget -qO- http://nowhere-at-all.example", 1, "",
     "wget: bad address 'nowhere-at-all.example'\ncommand terminated with exit code 1\n"),
    ("kubectl exec bb -- nslookup kubernetes.io", 0,
     "Server:\t\t10.96.0.10\nAddress:\t10.96.0.10:53\n\nNon-authoritative answer:\nName:\tkubernetes.io\n"
     "Address: 15.197.167.90\n\n", ""),
    ("kubectl exec bb -- sh -c 'wget -q google.com && grep -c Google index.html'", 0, "1\n", ""),
]


@pytest.mark.parametrize("line,code,out,err", INTERNET, ids=[i[0] for i in INTERNET])
def test_well_known_internet_hosts_answer(sim, line, code, out, err):
    assert run(sim, line) == (code, out, err)


def test_curl_example_com_and_an_unknown_name():
    s = Simulation()
    s.run("kubectl run cu --image=curlimages/curl -- sleep 3600")
    s.step(30)
    code, out, _ = run(s, "kubectl exec cu -- curl -s http://example.com")
    assert code == 0 and "<title>Example Domain</title>" in out
    assert run(s, "kubectl exec cu -- curl -s http://no-such-host.invalid")[0] == 6


EGRESS = """
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: egress}
spec:
  podSelector: {matchLabels: {run: bb}}
  policyTypes: [Egress]
  egress:
  - ports: [{port: 53, protocol: UDP}, {port: 53, protocol: TCP}]
"""


def test_egress_policy_without_the_internet_blocks_it_and_with_0_0_0_0_lets_it_through():
    s = Simulation()
    s.run("kubectl run bb --image=busybox -- sleep 3600")
    s.step(20)
    assert s.run("kubectl apply -f -", stdin=EGRESS).exit_code == 0
    code, _, err = run(s, "kubectl exec bb -- wget -qO- -T 5 http://example.com")
    assert code == 1 and "timed out" in err
    opened = EGRESS + "  - to: [{ipBlock: {cidr: 0.0.0.0/0}}]\n    ports: [{port: 80}]\n"
    assert s.run("kubectl apply -f -", stdin=opened).exit_code == 0
    code, out, _ = run(s, "kubectl exec bb -- wget -qO- -T 5 http://example.com")
    assert code == 0 and "Example Domain" in out
