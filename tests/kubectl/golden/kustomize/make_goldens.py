"""Regenerate the kustomize goldens from the real kubectl: `python make_goldens.py [KUBECTL]`.

`kubectl kustomize DIR` needs no server. Each entry of TARGETS is a folder under cases/;
goldens.json keeps what kubectl printed (stdout, stderr, exit code), with the absolute path
of cases/ written as <CASES> so the goldens do not depend on where the repository lives.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
CASES = HERE / "cases"
KUBECTL = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(sys.executable), "kubectl")

TARGETS = [
    "overlays/base", "overlays/dev", "overlays/prod", "patches", "generators", "labels", "images", "order",
    "empty", "layers/top", "errors-missing-file", "errors-missing-dir", "errors-patch", "errors-duplicate", "patch-order",
    "errors-unknown-field", "errors-empty", "errors-repeated-key", "repeated-key-patch"]


def main() -> None:
    version = subprocess.run([KUBECTL, "version", "--client"], capture_output=True, text=True).stdout.split("\n")
    out = {"kubectl": " ".join(line.strip() for line in version if line.strip()), "cases": {}}
    for target in TARGETS:
        done = subprocess.run([KUBECTL, "kustomize", target], capture_output=True, text=True, cwd=CASES)
        out["cases"][target] = {"stdout": done.stdout.replace(str(CASES), "<CASES>"),
                                "stderr": done.stderr.replace(str(CASES), "<CASES>"),
                                "exit_code": done.returncode}
    (HERE / "goldens.json").write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
