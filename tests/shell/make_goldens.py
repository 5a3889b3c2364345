"""Record the goldens of tests/shell/lines.py from a real busybox `sh` (and with the argument
`awk`, those of tests/shell/awk_lines.py from busybox `awk`; with `jq`, those of
tests/shell/jq_lines.py from the real jq: `apt-get install jq`).

    apt-get install busybox && python tests/shell/make_goldens.py [awk]

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

BUSYBOX = "/usr/bin/busybox"


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


def awk() -> None:
    """Each case runs `busybox awk ARGS` in a fresh directory holding the input files, its input on
    stdin; a file the program wrote (out.txt) is recorded too."""
    import awk_lines
    version = subprocess.run([BUSYBOX], capture_output=True, text=True).stdout.splitlines()[0]
    goldens = []
    for args, stdin in awk_lines.CASES:
        with tempfile.TemporaryDirectory() as work:
            for name, text in awk_lines.FILES.items():
                Path(work, name).write_text(text)
            p = subprocess.run([BUSYBOX, "awk", *args], cwd=work, capture_output=True, text=True,
                               input=awk_lines.FILES[stdin], env={"PATH": "/nonexistent"}, timeout=10)
            case = {"args": args, "stdin": stdin, "stdout": p.stdout, "stderr": p.stderr, "code": p.returncode}
            out = Path(work, "out.txt")
            if out.exists():
                case["out.txt"] = out.read_text()
            goldens.append(case)
    path = Path(__file__).parent / "awk_goldens.json"
    path.write_text(json.dumps({"busybox": version, "cases": goldens}, indent=1, ensure_ascii=False) + "\n")
    print(f"{len(goldens)} cases from {version}")


def jq() -> None:
    """Each case runs the real `jq ARGS` (Debian's jq 1.6 package) in a fresh directory holding the
    input files, its input on stdin."""
    import jq_lines
    version = subprocess.run(["jq", "--version"], capture_output=True, text=True).stdout.strip()
    goldens = []
    for args, stdin in jq_lines.CASES:
        with tempfile.TemporaryDirectory() as work:
            for name, text in jq_lines.FILES.items():
                Path(work, name).write_text(text)
            p = subprocess.run(["jq", *args], cwd=work, capture_output=True, text=True,
                               input=jq_lines.FILES[stdin], env={"PATH": "/usr/bin"}, timeout=10)
            goldens.append({"args": args, "stdin": stdin, "stdout": p.stdout, "stderr": p.stderr,
                            "code": p.returncode})
    path = Path(__file__).parent / "jq_goldens.json"
    path.write_text(json.dumps({"jq": version, "cases": goldens}, indent=1, ensure_ascii=False) + "\n")
    print(f"{len(goldens)} cases from {version}")


if __name__ == "__main__":
    {"awk": awk, "jq": jq}.get(" ".join(sys.argv[1:]), main)()
