"""`ls -l` in a Debian-family image is GNU coreutils': each column only as wide as its widest
entry, one space between (`-rw-r--r-- 1 root root 615 …`); busybox and alpine keep busybox's
fixed columns. A learner reading a mounted ConfigMap with `ls -la` sees the real layout."""

from kubetui import Simulation

CM_POD = ("kubectl run {name} --image={image} --overrides='{{\"spec\":{{\"volumes\":[{{\"name\":\"c\",\"configMap\":"
          "{{\"name\":\"cmvolume\"}}}}],\"containers\":[{{\"name\":\"{name}\",\"image\":\"{image}\",\"command\":"
          "[\"sleep\",\"3600\"],\"volumeMounts\":[{{\"name\":\"c\",\"mountPath\":\"/etc/lala\"}}]}}]}}}}'")


def cluster() -> Simulation:
    sim = Simulation(seed=0, nodes=1)
    assert sim.run("kubectl create configmap cmvolume --from-literal=var8=val8 --from-literal=var9=val9").exit_code == 0
    for name, image in (("deb", "debian:12"), ("bb", "busybox:1.36")):
        assert sim.run(CM_POD.format(name=name, image=image)).exit_code == 0, name
    sim.step(30)
    return sim


def test_gnu_ls_long_columns_fit_their_widest_entry():
    sim = cluster()
    lines = sim.run("kubectl exec deb -- ls -la /etc/lala").stdout.splitlines()
    assert lines[1] == "drwxrwxrwx 2 root root 4096 Jan  1 00:00 ."
    assert lines[-1] == "lrwxrwxrwx 1 root root   11 Jan  1 00:00 var9 -> ..data/var9"
    assert sim.run("kubectl exec deb -- ls -ln /etc/lala/..data/var8").stdout.startswith("-rw-r--r-- 1 0 0 4 ")


def test_busybox_keeps_its_fixed_columns():
    sim = cluster()
    lines = sim.run("kubectl exec bb -- ls -la /etc/lala").stdout.splitlines()
    assert lines[1] == "drwxrwxrwx    2 root     root          4096 Jan  1 00:00 ."
    assert lines[-1] == "lrwxrwxrwx    1 root     root            11 Jan  1 00:00 var9 -> ..data/var9"
