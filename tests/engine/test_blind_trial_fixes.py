"""Behaviours a blind trial of the exercises found missing (issue 15): each one rejected a
correct answer or accepted a wrong one."""

import pytest

from kubetui import Simulation
from kubetui.scenario import parse_script

POD = """\
apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
  - name: c
    image: busybox:1.36
    command: [sh, -c, %s, %s]
"""


def logs_of(command: str, args: str, ticks: int = 15) -> str:
    sim = Simulation(seed=3)
    assert sim.run("kubectl apply -f -", stdin=POD % (command, args)).exit_code == 0
    sim.step(ticks)
    return sim.run("kubectl logs p").stdout


def test_sh_c_takes_its_name_and_positional_parameters_after_the_script():
    out = logs_of("""'for n in "$@"; do echo "[$n]"; done; echo "$# $0"; sleep 60'""", "me, kubernetes, world")
    assert out == "[kubernetes]\n[world]\n2 me\n"


def test_quoted_at_with_no_parameters_is_no_word_at_all():
    out = logs_of("""'for n in "$@"; do echo "<$n>"; done; set --; echo "$#" "$@" end; sleep 60'""", "sh")
    assert out == "0 end\n"


@pytest.mark.parametrize("source", ["configMap: {name: cm, defaultMode: 755}",
                                    "secret: {secretName: s, items: [{key: a, path: a, mode: 1000}]}",
                                    "downwardAPI: {defaultMode: 512, items: [{path: n, fieldRef: {fieldPath: metadata.name}}]}"])
def test_a_file_mode_above_0777_is_refused(source):
    sim = Simulation()
    pod = f"""\
apiVersion: v1
kind: Pod
metadata: {{name: p}}
spec:
  volumes: [{{name: v, {source}}}]
  containers: [{{name: c, image: busybox:1.36, volumeMounts: [{{name: v, mountPath: /v}}]}}]
"""
    result = sim.run("kubectl apply -f -", stdin=pod)
    assert result.exit_code == 1
    assert "must be a number between 0 and 0777 (octal), both inclusive" in result.stderr
    assert sim.store.get("Pod", "default", "p") is None


def test_dev_stdin_is_the_standard_input_for_f_and_for_a_debug_custom_profile():
    sim = Simulation()
    assert sim.run("kubectl apply -f /dev/stdin", stdin="{apiVersion: v1, kind: ConfigMap, metadata: {name: a}}").exit_code == 0
    assert sim.store.get("ConfigMap", "default", "a") is not None
    sim.run("kubectl run web --image=nginx:1.27")
    sim.step(10)
    result = sim.run("kubectl debug web --image=busybox:1.36 -c dbg --custom=/dev/stdin -- sleep 3600",
                     stdin="securityContext: {capabilities: {add: [NET_ADMIN]}}\n")
    assert result.exit_code == 0, result.stderr
    dbg = sim.store.get("Pod", "default", "web")["spec"]["ephemeralContainers"][0]
    assert dbg["securityContext"]["capabilities"]["add"] == ["NET_ADMIN"]


def test_a_trailing_ampersand_runs_the_command_on_in_the_background_as_every_blocking_one_does():
    steps = parse_script("@5 kubectl port-forward deploy/shop 8080:80 &\ncurl localhost:8080\n"
                         "kubectl get pods && kubectl get svc\n")
    assert [s.command for s in steps] == ["kubectl port-forward deploy/shop 8080:80", "curl localhost:8080",
                                          "kubectl get pods && kubectl get svc"]
