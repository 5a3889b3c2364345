"""`ls` on a terminal lists names in columns, as busybox and GNU ls do (one per line only when
stdout is not a terminal, or with -1). Expected layouts are those of busybox 1.35 and GNU
coreutils 9.1 at the same width (`COLUMNS=W busybox ls -C`, `ls -C -w W`)."""

import pytest

from kubetui import Simulation
from kubetui.engine.kubelet.shell.applets import _busybox_columns, _gnu_columns


@pytest.fixture(scope="module")
def sim():
    s = Simulation(seed=7)
    s.run("kubectl run web --image=nginx:1.25")
    s.run("kubectl run bb --image=busybox -- sleep 3600")
    s.step(10)
    return s


def _typed(sim, pod, *lines):
    shell = sim.start(f"kubectl exec -it {pod} -- sh")
    for line in (*lines, "exit"):
        sim.send(shell.seq, line)
    return shell.stdout


def test_busybox_ls_on_a_terminal_prints_columns(sim):
    out = _typed(sim, "bb", "ls /", "ls /etc")
    assert "/ # ls /\nbin   dev   etc   home  proc  root  sys   tmp   usr   var\n" in out
    assert "/ # ls /etc\ngroup        hostname     hosts        passwd       resolv.conf\n" in out


def test_gnu_ls_on_a_terminal_prints_columns_with_tabs(sim):
    out = _typed(sim, "web", "ls /etc/nginx")
    assert "# ls /etc/nginx\nconf.d\t\tmime.types  nginx.conf\t uwsgi_params\nfastcgi_params\tmodules     scgi_params\n" in out


def test_one_per_line_when_not_a_terminal_or_asked(sim):
    out = _typed(sim, "bb", "ls -1 /etc", "ls /etc | cat", "echo $(ls /etc)", "ls /etc > /tmp/l; cat /tmp/l")
    one = "group\nhostname\nhosts\npasswd\nresolv.conf\n"
    assert f"/ # ls -1 /etc\n{one}/ # ls /etc | cat\n{one}" in out
    assert "/ # echo $(ls /etc)\ngroup hostname hosts passwd resolv.conf\n" in out
    assert f"/ # ls /etc > /tmp/l; cat /tmp/l\n{one}" in out
    assert sim.run("kubectl exec bb -- ls /etc").stdout == one
    assert sim.run("kubectl exec bb -- ls -C /etc").stdout == "group        hostname     hosts        passwd       resolv.conf\n"


def test_the_width_follows_the_terminal(sim):
    shell = sim.start("kubectl exec -it bb -- sh")
    sim.resize(shell.seq, 40, 24)
    sim.send(shell.seq, "ls /")
    sim.send(shell.seq, "exit")
    assert "/ # ls /\nbin   etc   proc  sys   usr\ndev   home  root  tmp   var\n" in shell.stdout


@pytest.mark.parametrize("width", [20, 40, 80, 120])
def test_layouts_match_the_real_tools(width):
    names = ["conf.d", "fastcgi.conf", "fastcgi_params", "koi-utf", "koi-win", "mime.types", "nginx.conf",
             "scgi_params", "uwsgi_params", "win-utf"]
    busybox = {20: "".join(n + "\n" for n in names[:10]),
               40: "conf.d          mime.types\nfastcgi.conf    nginx.conf\nfastcgi_params  scgi_params\n"
                   "koi-utf         uwsgi_params\nkoi-win         win-utf\n",
               80: "conf.d          koi-utf         nginx.conf      win-utf\nfastcgi.conf    koi-win         "
                   "scgi_params\nfastcgi_params  mime.types      uwsgi_params\n"}
    gnu = {40: "conf.d\t\tmime.types\nfastcgi.conf\tnginx.conf\nfastcgi_params\tscgi_params\nkoi-utf\t\tuwsgi_params\n"
               "koi-win\t\twin-utf\n",
           120: "conf.d\tfastcgi.conf  fastcgi_params  koi-utf  koi-win\tmime.types  nginx.conf\tscgi_params  "
                "uwsgi_params  win-utf\n"}
    if width in busybox:
        assert _busybox_columns(names, width) == busybox[width]
    if width in gnu:
        assert _gnu_columns(names, width) == gnu[width]
