"""procps' `ps` (Debian's `apt-get install procps`) and Debian's `lsof`: the container's
processes in their columns, from the process list the container's shell knows (context
"processes": (pid, command[, user]) rows, its own exec'd process last).

Figures a real kernel measures (VSZ, RSS, open files) are fixed per program (MEMORY), so the
same container always shows the same table."""

from __future__ import annotations

import posixpath

from kubetui.engine.kubelet.shell import dialect
from kubetui.engine.kubelet.shell.applets import Run, applet, user_name
from kubetui.model.clock import datetime_of

MEMORY = {"nginx: master": (11404, 7296), "nginx: worker": (11868, 2896), "bash": (4188, 3392),
          "sh": (2576, 912), "dash": (2576, 912), "ps": (8100, 4032), "lsof": (3780, 2112),
          "sleep": (2436, 1024), "cat": (5396, 1968), "tail": (5428, 1992)}
"""(VSZ, RSS) in KiB of the programs learners see in `ps aux`; others take DEFAULT_MEMORY."""
DEFAULT_MEMORY = (4360, 3120)
NODE_MEMORY_K = 8047192


def _comm(cmd: str) -> str:
    """The process's name (/proc/PID/comm): its program's file name, at most 15 characters."""
    if cmd.startswith("nginx: "):
        return "nginx"
    first = cmd.split(" ", 1)[0] if cmd else "sh"
    return posixpath.basename(first)[:15]


def _memory(cmd: str) -> tuple[int, int]:
    if cmd.startswith("nginx: "):
        return MEMORY["nginx: master" if "master" in cmd else "nginx: worker"]
    return MEMORY.get(_comm(cmd), DEFAULT_MEMORY)


class _Row:
    def __init__(self, pid: int, ppid: int, cmd: str, user: str, tty: str, stat: str, start: int):
        self.pid, self.ppid, self.cmd, self.user, self.tty, self.stat, self.start = pid, ppid, cmd, user, tty, stat, start


def rows(r: Run) -> list[_Row]:
    """The processes with procps' facts: the container's (PID 1, nginx's workers), then what
    `kubectl exec` started (on the terminal `pts/0` with `-t`) and this program itself."""
    m = r.m
    shown = [tuple(p) for p in m.context.get("processes", [(1, "sh")])]
    me = " ".join(r.argv)
    forked = shown[-1][1] != me
    if forked:
        shown.append((shown[-1][0] + (6 if len(shown) == 1 else 8), me))
    tty = "pts/0" if "tty" in m.context else "?"
    started = int(m.context.get("started", m.now))
    me_name = user_name(m.fs, m.fs.uid)
    out: list[_Row] = []
    mains = len(shown) - (2 if forked else 1)  # the container's own; then the exec'd shell (or this program)
    for i, p in enumerate(shown):
        pid, cmd = int(p[0]), "".join(" " if ch < " " else ch for ch in str(p[1]))
        user = str(p[2]) if len(p) > 2 else me_name
        if i < mains:
            ppid = 0 if pid == 1 else 1
            out.append(_Row(pid, ppid, cmd, user, "?", "Ss" if pid == 1 else "S", started))
        elif i == len(shown) - 1 and forked:
            out.append(_Row(pid, shown[-2][0], cmd, user, tty, "R+" if tty != "?" else "R", m.now))
        else:
            leader = "Rs" if i == len(shown) - 1 else "Ss"
            out.append(_Row(pid, 0, cmd, user, tty, leader + ("+" if tty != "?" and leader == "Rs" else ""), m.now))
    return out


def _hhmm(tick: int) -> str:
    return datetime_of(tick).strftime("%H:%M")


def ps(r: Run) -> int:
    """procps-ng's ps: `ps` (this terminal's processes), `ps -e`/`ax` (all), `ps aux` (BSD user
    format), `ps -ef` (full format)."""
    words = r.argv[1:]
    dashed = "".join(w[1:] for w in words if w.startswith("-"))
    bsd = "".join(w for w in words if not w.startswith("-"))
    every = "e" in dashed or "A" in dashed or ("a" in bsd and "x" in bsd)
    table = rows(r)
    if not every:
        mine = table[-1].tty
        table = [t for t in table if t.tty == mine and (mine != "?" or t.user == table[-1].user)]
    if "u" in bsd:
        r.out("USER         PID %CPU %MEM    VSZ   RSS TTY      STAT START   TIME COMMAND\n")
        for t in table:
            vsz, rss = _memory(t.cmd)
            mem = f"{rss * 100 / NODE_MEMORY_K:.1f}"
            r.out(f"{t.user[:8]:<8} {t.pid:>7}  0.0 {mem:>4} {vsz:>6} {rss:>5} {t.tty:<8} {t.stat:<4} "
                  f"{_hhmm(t.start):>5}   0:00 {t.cmd}\n")
        return 0
    if "f" in dashed:
        r.out("UID          PID    PPID  C STIME TTY          TIME CMD\n")
        for t in table:
            r.out(f"{t.user[:8]:<8} {t.pid:>7} {t.ppid:>7}  0 {_hhmm(t.start):>5} {t.tty:<8} 00:00:00 {t.cmd}\n")
        return 0
    r.out("    PID TTY          TIME CMD\n")
    for t in table:
        r.out(f"{t.pid:>7} {t.tty:<8} 00:00:00 {_comm(t.cmd)}\n")
    return 0


def _port(image: str) -> int | None:
    from kubetui.engine.kubelet.images import registry_data, split_reference
    ports = (registry_data().get(split_reference(image)[0]) or {}).get("ports") or ()
    return int(ports[0]) if ports else None


@applet("lsof")
def lsof(r: Run) -> int:
    """lsof: every process's open files (its directories, executable, mapped libraries, standard
    streams, listening sockets), from procfs.yaml's picture of each program. busybox's lsof
    prints a PID, the executable and each open file's name."""
    from kubetui.engine.kubelet import procfs
    image = str(r.m.context.get("image") or "")
    table = rows(r)
    if not dialect.of(r.m):
        for t in table:
            exe = procfs.executable(image, procfs.program(t.cmd))
            for fd, _kind, _dev, _size, node, name in procfs.open_files(image, t.cmd, None, t.tty != "?"):
                if fd[0].isdigit():
                    r.out(f"{t.pid}\t{exe}\t{f'pipe:[{node}]' if name == 'pipe' else name}\n")
        return 0
    port = _port(image)
    lines = [("COMMAND", "PID", "USER", "FD", "TYPE", "DEVICE", "SIZE/OFF", "NODE", "NAME")]
    for t in table:
        listens = t.pid == 1 or t.cmd.startswith("nginx: worker")
        for fd, kind, dev, size, node, name in procfs.open_files(image, t.cmd, port if listens else None, t.tty != "?"):
            lines.append((procfs.program(t.cmd)[:9], str(t.pid), t.user, fd, kind, dev, size, node, name))
    widths = [max(len(row[i]) for row in lines) for i in range(8)]
    for row in lines:
        cells = [row[0].ljust(widths[0]), row[1].rjust(widths[1]), row[2].ljust(widths[2]),
                 row[3].rjust(widths[3] + 1), row[4].rjust(widths[4]), row[5].rjust(widths[5]),
                 row[6].rjust(widths[6]), row[7].rjust(widths[7]), row[8]]
        r.out(" ".join(cells) + "\n")
    return 0
