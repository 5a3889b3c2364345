"""A small deterministic POSIX shell (busybox `sh` semantics) over a container's in-memory
filesystem, run in simulated time."""

from kubetui.engine.kubelet.shell import chroot as _chroot  # noqa: F401  (registers chroot)
from kubetui.engine.kubelet.shell import dialect
from kubetui.engine.kubelet.shell import encoding as _encoding  # noqa: F401  (registers base64)
from kubetui.engine.kubelet.shell import jq as _jq  # noqa: F401  (registers jq)
from kubetui.engine.kubelet.shell import mounts as _mounts  # noqa: F401  (registers mount)
from kubetui.engine.kubelet.shell import net as _net  # noqa: F401  (registers wget, curl and nc)
from kubetui.engine.kubelet.shell import packages as _packages  # noqa: F401  (registers apt-get, apt and apk)
from kubetui.engine.kubelet.shell import privileged as _privileged  # noqa: F401  (registers ip)
from kubetui.engine.kubelet.shell import procps as _procps  # noqa: F401  (registers lsof)
from kubetui.engine.kubelet.shell import sums as _sums  # noqa: F401  (registers md5sum and the sha sums)
from kubetui.engine.kubelet.shell import tar as _tar  # noqa: F401  (registers tar)
from kubetui.engine.kubelet.shell.fs import FileSystem, FsError, Volume
from kubetui.engine.kubelet.shell.machine import Machine


def run(script: str, fs: FileSystem | None = None, env: dict[str, str] | None = None, now: int = 0,
        cwd: str = "/", context: dict | None = None, max_ticks: int = 100_000) -> tuple[str, str, int, int]:
    """Run `script` to its end: (stdout, stderr, exit code, simulated seconds it took)."""
    fs = fs or FileSystem()
    m = Machine.for_script(script, fs, env or {}, cwd=cwd, context=dict(context or {}))
    start = now
    while not m.done and now - start < max_ticks and not m.following:
        m.advance(now)
        if not m.done:
            now = max(now + 1, m.wake_at)
    out = "".join(t for fd, t in m.console if fd == 1)
    err = "".join(t for fd, t in m.console if fd == 2)
    return out, err, m.exit_code, now - start


__all__ = ["FileSystem", "FsError", "Machine", "Volume", "dialect", "run"]
