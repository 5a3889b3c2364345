"""Writing files so that a crash never leaves half of one: progress, dumps, exam reports."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def _prefix(target: Path) -> str:
    return f".{target.name}."


def write_atomically(path: str | Path, text: str) -> None:
    """Write to a temporary file beside `path`, flush it to disk, move it into place, and flush
    the folder (so the rename itself survives a power cut). The temporary file's name carries
    the writer's pid, so `remove_stale_temporaries` knows which ones a dead writer left."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f"{_prefix(target)}{os.getpid()}.")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _fsync_folder(target.parent)


def _fsync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def remove_stale_temporaries(path: str | Path) -> list[Path]:
    """Remove the temporary files that writers of `path` left when they were killed mid-save
    (their pid is no longer running); returns what was removed."""
    target = Path(path)
    removed = []
    try:
        candidates = sorted(target.parent.glob(f"{glob_escape(_prefix(target))}*"))
    except OSError:
        return removed
    for tmp in candidates:
        pid_text = tmp.name[len(_prefix(target)):].split(".", 1)[0]
        if pid_text.isdigit() and _alive(int(pid_text)):
            continue
        try:
            tmp.unlink()
            removed.append(tmp)
        except OSError:
            pass
    return removed


def glob_escape(text: str) -> str:
    return "".join(f"[{c}]" if c in "*?[" else c for c in text)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True
