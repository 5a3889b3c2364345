"""Record the goldens of tests/shell/lines.py from a real busybox `sh`.

    apt-get install busybox && python tests/shell/make_goldens.py

Each line runs under `env -i` in a fresh directory, with PATH holding only busybox's applets
so that no coreutils answer instead. Owner names come from the recording machine's /etc/passwd
and /etc/group: the lines name only accounts a Debian base has (the test gives its filesystem
Debian's files). The AS_USER lines run as their uid, gid and supplementary groups (run as root).
"""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from lines import AS_USER, DIRS, FILES, LINES  # noqa: E402


def main() -> None:
    busybox = "/usr/bin/busybox"
    version = subprocess.run([busybox], capture_output=True, text=True).stdout.splitlines()[0]
    goldens = []
    with tempfile.TemporaryDirectory() as bin_dir:
        subprocess.run([busybox, "--install", "-s", bin_dir], check=True)
        os.chmod(bin_dir, 0o755)
        for who, line in [(None, line) for line in LINES] + [(u[:3], u[3]) for u in AS_USER]:
            with tempfile.TemporaryDirectory() as work:
                for d in DIRS:
                    os.makedirs(os.path.join(work, d), exist_ok=True)
                for name, text in FILES.items():
                    path = os.path.join(work, name)
                    os.makedirs(os.path.dirname(path), exist_ok=True)
                    Path(path).write_text(text)
                if who is not None:
                    os.chmod(work, 0o755)
                p = subprocess.run([busybox, "sh", "-c", line], cwd=work, capture_output=True, text=True,
                                   env={"PATH": bin_dir, "HOME": "/"}, stdin=subprocess.DEVNULL, timeout=10,
                                   **({} if who is None else {"user": who[0], "group": who[1], "extra_groups": list(who[2])}))
                case = {"line": line, "stdout": p.stdout, "stderr": p.stderr, "code": p.returncode}
                if who is not None:
                    case["as"] = list(who[:2]) + [list(who[2])]
                goldens.append(case)
    out = Path(__file__).parent / "goldens.json"
    out.write_text(json.dumps({"busybox": version, "cases": goldens}, indent=1, ensure_ascii=False) + "\n")
    print(f"{len(goldens)} cases from {version}")


if __name__ == "__main__":
    main()
