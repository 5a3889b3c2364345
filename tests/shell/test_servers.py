"""Servers a container's script starts (`nc -l`, busybox `httpd`, `python -m http.server`) listen
on the pod's network: other pods, Services and probes reach them until the program exits."""

import yaml

from kubetui import Simulation


def cluster(*pods: str) -> Simulation:
    sim = Simulation(seed=1)
    for line in pods:
        sim.run(line)
    sim.run("kubectl run bb --image=busybox -- sleep 3600")
    sim.step(15)
    return sim


def ip(sim: Simulation, pod: str) -> str:
    return sim.get("Pod", pod)["status"]["podIP"]


def test_httpd_serves_its_folder_through_a_service():
    sim = cluster("kubectl run web --image=busybox -- sh -c "
                  "'mkdir -p /www; echo hello > /www/index.html; httpd -f -p 8080 -h /www'",
                  "kubectl expose pod web --port=80 --target-port=8080")
    assert sim.run("kubectl exec bb -- wget -qO- web").stdout == "hello\n"
    r = sim.run(f"kubectl exec bb -- wget -qO- {ip(sim, 'web')}:8080/nope")
    assert (r.exit_code, r.stderr.splitlines()[0]) == (1, "wget: server returned error: HTTP/1.1 404 Not Found")
    r = sim.run(f"kubectl exec bb -- wget -qO- {ip(sim, 'web')}:9999")
    assert "Connection refused" in r.stderr


def test_httpd_without_f_goes_to_the_background_and_the_script_goes_on():
    sim = cluster("kubectl run web --image=busybox -- sh -c 'httpd -p 80 -h /etc; echo started; sleep 3600'")
    assert sim.run("kubectl logs web").stdout == "started\n"
    assert sim.run(f"kubectl exec bb -- wget -qO- {ip(sim, 'web')}/hostname").stdout == "web\n"


def test_nc_listens_once_prints_the_request_and_then_the_port_closes():
    sim = cluster("kubectl run once --image=busybox -- sh -c "
                  "'echo -e \"HTTP/1.1 200 OK\\r\\n\\r\\nhi\" | nc -l -p 9000; echo served; sleep 3600'")
    assert sim.run("kubectl logs once").stdout == ""
    assert sim.run(f"kubectl exec bb -- wget -qO- {ip(sim, 'once')}:9000").stdout == "hi\n"
    sim.step(2)
    logs = sim.run("kubectl logs once").stdout
    assert logs.startswith("GET / HTTP/1.1\r\n") and logs.endswith("served\n")
    r = sim.run(f"kubectl exec bb -- wget -qO- {ip(sim, 'once')}:9000")
    assert r.exit_code == 1 and "Connection refused" in r.stderr


def test_nc_in_a_loop_answers_every_connection_and_nc_client_talks_to_it():
    sim = cluster("kubectl run loop --image=busybox -- sh -c "
                  "'while true; do echo pong | nc -l -p 7000; done'")
    for _ in range(3):
        r = sim.run(f"kubectl exec bb -- sh -c 'echo ping | nc {ip(sim, 'loop')} 7000'")
        assert r.stdout == "pong\n"
        sim.step(2)
    assert sim.run("kubectl logs loop").stdout == "ping\n" * 3


def test_nc_e_runs_its_program_for_each_connection():
    sim = cluster("kubectl run e --image=busybox -- nc -lk -p 8080 -e sh -c "
                  "'printf \"HTTP/1.1 200 OK\\r\\n\\r\\nfrom e\\n\"'")
    for _ in range(2):
        assert sim.run(f"kubectl exec bb -- wget -qO- {ip(sim, 'e')}:8080").stdout == "from e\n"


def test_python_http_server_in_a_python_image_only():
    sim = cluster("kubectl run py --image=python:3.12-slim -- python -m http.server 8000 -d /etc",
                  "kubectl run nopy --image=busybox -- python -m http.server")
    assert sim.run(f"kubectl exec bb -- wget -qO- {ip(sim, 'py')}:8000/hostname").stdout == "py\n"
    sim.step(1)
    log = sim.run("kubectl logs py").stdout
    assert '"GET /hostname HTTP/1.1" 200 -' in log
    assert "sh: python: not found" in sim.run("kubectl logs nopy").stdout + sim.run("kubectl logs nopy -p").stdout


def test_a_second_server_on_a_taken_port_fails_like_busybox():
    sim = cluster("kubectl run two --image=busybox -- sh -c 'httpd -p 8080; httpd -p 8080; echo $?; sleep 3600'")
    assert sim.run("kubectl logs two").stdout == "httpd: bind: Address in use\n1\n"


def test_readiness_probes_reach_the_script_server_once_it_listens():
    pod = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "late"}, "spec": {"containers": [{
        "name": "c", "image": "busybox",
        "command": ["sh", "-c", "sleep 20; mkdir /www; echo ok > /www/index.html; httpd -f -p 8080 -h /www"],
        "readinessProbe": {"httpGet": {"port": 8080, "path": "/"}, "periodSeconds": 5}}, {
        "name": "tcp", "image": "busybox", "command": ["sh", "-c", "nc -lk -p 9000"],
        "readinessProbe": {"tcpSocket": {"port": 9001}, "periodSeconds": 5}}]}}
    sim = Simulation(seed=1)
    sim.run("kubectl apply -f -", stdin=yaml.safe_dump(pod))
    sim.step(15)
    ready = {c["name"]: c["ready"] for c in sim.get("Pod", "late")["status"]["containerStatuses"]}
    assert ready == {"c": False, "tcp": False}
    sim.step(15)
    ready = {c["name"]: c["ready"] for c in sim.get("Pod", "late")["status"]["containerStatuses"]}
    assert ready == {"c": True, "tcp": False}
    described = sim.run("kubectl describe pod late").stdout
    assert "dial tcp 10.244." in described and ":9001: connect: connection refused" in described


def test_a_server_started_at_an_exec_prompt_listens_until_the_line_is_stopped():
    sim = cluster("kubectl run box --image=busybox -- sh -c 'mkdir -p /srv; sleep 3600'")
    shell = sim.start("kubectl exec -it box -- sh")
    sim.send(shell.seq, "httpd -p 8080 -h /etc")
    sim.step(1)
    assert sim.run(f"kubectl exec bb -- wget -qO- {ip(sim, 'box')}:8080/hostname").stdout == "box\n"


EXEC_PODS = ["kubectl run web --image=nginx:1.27", "kubectl run py --image=python:3.12 -- sleep 3600"]
NETCAT = "apt-get update -qq && apt-get install -y -qq netcat-openbsd"
"""nginx's image (Debian) has no nc until a package puts it there."""


def with_netcat(sim, pod: str) -> None:
    r = sim.run(f"kubectl exec {pod} -- sh -c '{NETCAT}'")
    assert r.exit_code == 0, r.stderr


def test_a_server_started_by_kubectl_exec_listens_in_an_app_container():
    """nginx's own process is no shell script: a server `kubectl exec` starts still listens on
    the pod's network, for other pods and through a Service, until the container restarts."""
    sim = cluster(*EXEC_PODS, "kubectl expose pod web --name=side --port=80 --target-port=9000")
    web = ip(sim, "web")
    r = sim.run(f"kubectl exec bb -- wget -qO- {web}:8080")
    assert "Connection refused" in r.stderr
    assert sim.run("kubectl exec web -- sh -c 'mkdir /srv; echo side > /srv/index.html; "
                   "httpd -f -p 8080 -h /srv &'").exit_code == 0
    assert sim.run(f"kubectl exec bb -- wget -qO- {web}:8080").stdout == "side\n"
    assert sim.run("kubectl exec web -- sh -c 'httpd -p 9000 -h /srv'").exit_code == 0
    assert sim.run("kubectl exec bb -- wget -qO- side").stdout == "side\n"
    assert sim.run(f"kubectl exec bb -- wget -qO- {web}").stdout.count("Welcome to nginx!") == 2
    sim.run("sim exit pod/web 1")
    sim.step(15)
    assert sim.get("Pod", "web")["status"]["containerStatuses"][0]["restartCount"] == 1
    r = sim.run(f"kubectl exec bb -- wget -qO- {web}:8080")
    assert (r.exit_code, "Connection refused" in r.stderr) == (1, True)


def test_nc_started_by_kubectl_exec_answers_once_then_stops():
    sim = cluster(*EXEC_PODS)
    web = ip(sim, "web")
    assert sim.run("kubectl exec web -- sh -c 'echo pong | nc -l -p 9000 &'").stderr == "sh: 1: nc: not found\n"
    with_netcat(sim, "web")
    assert sim.run("kubectl exec web -- sh -c 'echo pong | nc -l -p 9000 &'").exit_code == 0
    assert sim.run(f"kubectl exec bb -- sh -c 'echo ping | nc {web} 9000'").stdout == "pong\n"
    r = sim.run(f"kubectl exec bb -- sh -c 'echo ping | nc {web} 9000'")
    assert (r.stdout, r.exit_code) == ("", 1)


def test_python_http_server_started_by_kubectl_exec_in_a_python_image():
    sim = cluster(*EXEC_PODS)
    assert sim.run("kubectl exec py -- sh -c 'cd /etc && python -m http.server 8000 &'").exit_code == 0
    assert sim.run(f"kubectl exec bb -- wget -qO- {ip(sim, 'py')}:8000/hostname").stdout == "py\n"
    r = sim.run("kubectl exec bb -- sh -c 'python -m http.server 8000 &'")
    assert "python: not found" in r.stderr


def test_a_background_server_lets_the_script_go_on():
    sim = cluster("kubectl run srv --image=busybox -- sh -c "
                  "'mkdir /w; echo up > /w/index.html; httpd -f -p 8080 -h /w & echo started; sleep 3600'")
    assert sim.run("kubectl logs srv").stdout == "started\n"
    assert sim.run(f"kubectl exec bb -- wget -qO- {ip(sim, 'srv')}:8080").stdout == "up\n"


def test_probes_reach_a_server_kubectl_exec_started():
    pod = {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "probed"}, "spec": {"containers": [{
        "name": "web", "image": "nginx:1.27",
        "readinessProbe": {"tcpSocket": {"port": 7000}, "periodSeconds": 5}}]}}
    sim = Simulation(seed=1)
    sim.run("kubectl apply -f -", stdin=yaml.safe_dump(pod))
    sim.step(20)
    assert sim.get("Pod", "probed")["status"]["containerStatuses"][0]["ready"] is False
    with_netcat(sim, "probed")
    assert sim.run("kubectl exec probed -- sh -c 'nc -lk -p 7000 &'").exit_code == 0
    sim.step(10)
    assert sim.get("Pod", "probed")["status"]["containerStatuses"][0]["ready"] is True


def test_a_cluster_with_an_exec_started_server_forks_and_the_copy_serves_it():
    """A look-ahead objective or a replay copies the simulation: the server's shell copies too."""
    sim = cluster(*EXEC_PODS)
    with_netcat(sim, "web")
    assert sim.run("kubectl exec web -- sh -c 'echo pong | nc -lk -p 9000 &'").exit_code == 0
    shell = sim.start("kubectl exec -it bb -- sh")
    sim.send(shell.seq, "httpd -p 8080 -h /etc")
    sim.step(1)
    sim.send(shell.seq, "exit")
    sim.step(1)
    assert shell.done
    copy = sim.fork()
    assert copy.checksum() == sim.checksum()
    assert copy.run(f"kubectl exec bb -- sh -c 'echo ping | nc {ip(copy, 'web')} 9000'").stdout == "pong\n"
    assert copy.run(f"kubectl exec web -- curl -s {ip(copy, 'bb')}:8080/hostname").stdout == "bb\n"
