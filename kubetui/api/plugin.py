"""`kubectl sim …`: the kubectl plugin that sends kubetui's own commands to a served cluster.

    kubectl sim step 30          advance the clock 30 ticks (what a test uses to move time)
    kubectl sim pause | resume   stop or restart the clock
    kubectl sim speed 5          5 ticks a second
    kubectl sim tick             the current tick and the clock's state
    kubectl sim fail-node node-2 and every other `sim` command (load, add-node, stop, start, …)

It reads the kubeconfig kubectl reads (`--kubeconfig`, `$KUBECONFIG`, `~/.kube/config`) and
talks to the current context's server with its token.
"""

from __future__ import annotations

import base64
import json
import os
import ssl
import sys
import urllib.error
import urllib.request
from pathlib import Path

import yaml

SIM_PATH = "/kubetui/v1/sim"


def _config_path(args: list[str]) -> tuple[Path, list[str], str | None]:
    rest: list[str] = []
    path = None
    context = None
    i = 0
    while i < len(args):
        a = args[i]
        if a == "--kubeconfig" and i + 1 < len(args):
            path, i = args[i + 1], i + 2
            continue
        if a.startswith("--kubeconfig="):
            path = a.split("=", 1)[1]
        elif a == "--context" and i + 1 < len(args):
            context, i = args[i + 1], i + 2
            continue
        elif a.startswith("--context="):
            context = a.split("=", 1)[1]
        else:
            rest.append(a)
        i += 1
    if path is None:
        env = os.environ.get("KUBECONFIG", "")
        path = env.split(os.pathsep)[0] if env else str(Path.home() / ".kube" / "config")
    return Path(path), rest, context


def _target(config: Path, context: str | None) -> tuple[str, str, str]:
    doc = yaml.safe_load(config.read_text(encoding="utf-8")) or {}
    name = context or doc.get("current-context")
    ctx = next((c["context"] for c in doc.get("contexts") or [] if c.get("name") == name), None)
    if ctx is None:
        raise ValueError(f'context "{name}" not found in {config}')
    cluster = next((c["cluster"] for c in doc.get("clusters") or [] if c.get("name") == ctx.get("cluster")), {})
    user = next((u["user"] for u in doc.get("users") or [] if u.get("name") == ctx.get("user")), {})
    ca = cluster.get("certificate-authority-data")
    return cluster.get("server", ""), user.get("token", ""), base64.b64decode(ca).decode() if ca else ""


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    config, args, context = _config_path(args)
    if not args or args[0] in ("-h", "--help", "help"):
        print(__doc__.strip())
        return 0
    try:
        server, token, ca = _target(config, context)
    except (OSError, ValueError, yaml.YAMLError, AttributeError, UnicodeDecodeError) as exc:
        print(f"error: cannot read the kubeconfig {config}: {exc}", file=sys.stderr)
        return 1
    request = urllib.request.Request(server.rstrip("/") + SIM_PATH, data=json.dumps({"args": args}).encode(),
                                     method="POST", headers={"Authorization": f"Bearer {token}",
                                                             "Content-Type": "application/json"})
    try:
        tls = ssl.create_default_context(cadata=ca) if ca else None
        with urllib.request.urlopen(request, timeout=600, context=tls) as resp:
            data = json.loads(resp.read())
    except urllib.error.HTTPError as exc:
        print(f"error: the server refused the command: {exc.code} {exc.reason}", file=sys.stderr)
        return 1
    except (urllib.error.URLError, OSError) as exc:
        print(f"error: cannot reach {server}: {getattr(exc, 'reason', exc)} (is `kubetui serve` running?)",
              file=sys.stderr)
        return 1
    sys.stdout.write(data.get("stdout", ""))
    sys.stderr.write(data.get("stderr", ""))
    return int(data.get("exitCode", 1))


if __name__ == "__main__":
    sys.exit(main())
