"""nginx's image started as a user other than root (`securityContext.runAsUser: 101`, a CKAD
configuration drill) does not come up: default.conf is root's, `user` is ignored with a warning
and nginx cannot make its temp folder under /var/cache/nginx: [emerg], exit 1, CrashLoopBackOff."""

from kubetui import Simulation

POD = """
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  securityContext:
    runAsUser: 101
  containers:
  - name: nginx
    image: nginx:1.27
"""


def test_nginx_as_user_101_cannot_make_its_temp_folder_and_crashloops():
    sim = Simulation(seed=0, nodes=1)
    assert sim.run("kubectl apply -f -", stdin=POD).exit_code == 0
    sim.step(30)
    st = sim.get("Pod", "web")["status"]["containerStatuses"][0]
    assert st["restartCount"] >= 1
    assert st["lastState"]["terminated"]["exitCode"] == 1
    log = sim.run("kubectl logs web").stdout.splitlines()
    assert "10-listen-on-ipv6-by-default.sh: info: can not modify /etc/nginx/conf.d/default.conf " \
           "(read-only file system?)" in log
    assert log[-4].endswith('[warn] 1#1: the "user" directive makes sense only if the master process runs with '
                            'super-user privileges, ignored in /etc/nginx/nginx.conf:2')
    assert log[-2].endswith(' [emerg] 1#1: mkdir() "/var/cache/nginx/client_temp" failed (13: Permission denied)')
    assert log[-1] == 'nginx: [emerg] mkdir() "/var/cache/nginx/client_temp" failed (13: Permission denied)'


def test_a_volume_this_user_may_write_at_var_cache_nginx_lets_it_start():
    sim = Simulation(seed=0, nodes=1)
    pod = POD.replace("    image: nginx:1.27\n", "    image: nginx:1.27\n    volumeMounts: [{name: cache, mountPath: "
                      "/var/cache/nginx}]\n  volumes: [{name: cache, emptyDir: {}}]\n")
    assert sim.run("kubectl apply -f -", stdin=pod).exit_code == 0
    sim.step(30)
    st = sim.get("Pod", "web")["status"]["containerStatuses"][0]
    assert st["ready"] and st["restartCount"] == 0


def test_root_nginx_is_unchanged():
    sim = Simulation(seed=0, nodes=1)
    assert sim.run("kubectl run web --image=nginx:1.27").exit_code == 0
    sim.step(30)
    assert "Enabled listen on IPv6" in sim.run("kubectl logs web").stdout
    assert sim.get("Pod", "web")["status"]["containerStatuses"][0]["ready"]
