"""`chroot NEWROOT [COMMAND...]`: a command (or, with none, a new shell) whose `/` is NEWROOT, as
in `kubectl debug node/NODE` then `chroot /host`. NEWROOT is a mounted volume (the node's root
at /host); `exit` from the new shell returns to the one before.

The words are the image's: GNU coreutils' chroot in a Debian-family image, busybox's elsewhere."""

from __future__ import annotations

from kubetui.engine.kubelet.shell import dialect
from kubetui.engine.kubelet.shell.applets import Run, applet, run_applet
from kubetui.engine.kubelet.shell.fs import FileSystem


def _fail(r: Run, gnu_text: str, busybox_text: str, gnu_code: int) -> int:
    gnu = dialect.of(r.m)
    r.m.write(2, f"chroot: {gnu_text if gnu else busybox_text}\n", r.local)
    return gnu_code if gnu else 1


@applet("chroot")
def chroot(r: Run) -> int:
    m, args = r.m, r.argv[1:]
    if not args:
        return _fail(r, "missing operand\nTry 'chroot --help' for more information.",
                     "BusyBox v1.36.1 multi-call binary.\n\nUsage: chroot NEWROOT [PROG ARGS]", 125)
    where = r.path(args[0])
    if not m.fs.is_dir(where):
        return _fail(r, f"cannot change root directory to '{args[0]}': No such file or directory",
                     f"can't change root directory to '{args[0]}': No such file or directory", 125)
    if m.fs.uid != 0:
        return _fail(r, f"cannot change root directory to '{args[0]}': Operation not permitted",
                     f"can't change root directory to '{args[0]}': Operation not permitted", 125)
    vol = m.fs.mounts.get(where)
    command = args[1:] or [m.env.get("SHELL") or "/bin/sh", "-i"]
    root = FileSystem(root=vol, uid=m.fs.uid, gid=m.fs.gid, groups=m.fs.groups) if vol is not None else None
    if root is None or not root.is_file(root.norm(command[0])) and "/" in command[0]:
        return _fail(r, f"failed to run command '{command[0]}': No such file or directory",
                     f"can't execute '{command[0]}': No such file or directory", 127)
    if not args[1:]:
        if m.interactive and not m.inner:
            m.context.setdefault("chroots", []).append((m.fs, m.cwd, m.context.get("shell")))
            m.fs, m.cwd, m.context["shell"] = root, "/", "dash"
            return 0
        command = ["sh"]
    saved = m.fs, m.cwd
    m.fs, m.cwd = root, "/"
    try:
        return run_applet(m, command, r.stdin, r.local, set())
    finally:
        m.fs, m.cwd = saved


def leave(m) -> bool:
    """`exit` in a shell chroot started at the prompt: back to the shell before (True)."""
    stack = m.context.get("chroots")
    if not stack or not m.interactive or m.inner:
        return False
    m.fs, m.cwd, m.context["shell"] = stack.pop()
    return True
