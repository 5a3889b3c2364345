"""`kubectl attach POD [-c CONTAINER] [-i] [-t] [-q]`: join the process a container already runs.

Without a terminal, attaching shows what the container writes from that moment on, as `logs -f`
would from now, until the container stops or the player stops kubectl (ctrl+c; in a script, after
logs' FOLLOW_SECONDS). With `-i`, a container that keeps its stdin open
(`stdin: true`, as `kubectl run -it` makes it) and runs a shell is that shell's session, the
same one `run -it` opened (exec.Terminal, the container's own process: `exit` ends the container,
and where it is started again kubectl says how to resume); in a script it reads the lines kubectl
is given on stdin. Its terminal is raw where the
container allocated one (`tty: true`); kubectl 1.37 drops `-t` with a message where it did not,
and forces it where it did.
"""

from __future__ import annotations

import posixpath

from kubetui.kubectl.commands._base import CommandError, Context, help_error
from kubetui.kubectl.commands._pods import container_for, container_status, pod_for, waiting_error
from kubetui.kubectl.commands.debug import PROMPT_HINT, RECORDED, session_ended
from kubetui.kubectl.commands.exec import NO_TTY, Terminal, main_command
from kubetui.kubectl.commands.logs import FOLLOW_SECONDS
from kubetui.model.errors import ApiError


def attach(ctx: Context):
    args = list(ctx.parsed.args)
    if not args:
        raise CommandError("error: at least 1 argument is required for attach")
    if len(args) > 2:
        raise CommandError(f"error: expected POD, TYPE/NAME, or TYPE NAME, (at most 2 arguments) "
                           f"saw {len(args)}: [{' '.join(args)}]")
    if float(ctx.flag("pod-running-timeout", 60)) <= 0:
        raise help_error(ctx.parsed, "--pod-running-timeout must be higher than zero")
    pod = pod_for(ctx, "/".join(args), verb="attach")
    phase = (pod.get("status") or {}).get("phase")
    if phase in ("Succeeded", "Failed"):
        raise CommandError(f"error: cannot attach a container in a completed pod; current phase is {phase}")
    try:
        container = container_for(ctx, pod, ctx.flag("container") or None)
    except CommandError as exc:
        raise CommandError("error: cannot attach to the container: " + exc.message.removeprefix("error: ")) from None
    name, quiet = container["name"], bool(ctx.flag("quiet"))
    stdin, tty = bool(ctx.flag("stdin")), bool(ctx.flag("tty"))
    if tty and not container.get("tty"):
        tty = False
        if not quiet:
            ctx.error(f"error: Unable to use a TTY - container {name} did not allocate one")
    elif not tty and container.get("tty"):
        tty = True  # the container's terminal: kubectl must read it as one
    raw = stdin and tty and ctx.interactive
    if stdin and tty and not ctx.interactive and not quiet:
        ctx.error(NO_TTY)
    if not quiet:
        ctx.error(RECORDED)
        ctx.error(PROMPT_HINT)
    meta = pod["metadata"]
    try:
        ctx.authorize("create", "Pod", meta["namespace"], meta["name"], "attach")
    except ApiError as exc:
        raise CommandError(f"error: unable to upgrade connection: {exc.message}") from None
    waiting = waiting_error(pod, name)
    if waiting is not None:
        raise CommandError(f"error: unable to upgrade connection: {waiting.message}")
    status = container_status(pod, name)
    if status is None or "running" not in (status.get("state") or {}):
        raise CommandError(f'error: unable to upgrade connection: container not found ("{name}")')
    words = main_command(ctx.sim, pod, name)
    shell = len(words) == 1 and posixpath.basename(words[0]) in ("sh", "ash", "bash")
    session = Terminal.open(ctx, pod, container, words[0], main=True, pty=bool(container.get("tty"))) \
        if stdin and container.get("stdin") and shell and ctx.blocking else None
    if session is None:
        return (yield from _output(ctx, pod, name, status.get("restartCount", 0)))
    if ctx.interactive:
        session.tty = raw
        yield from session.run(ctx)
        if raw and not quiet:
            ctx.print(session_ended(pod, name))
    else:  # a script's here-document is the shell's input; the container's terminal echoes it
        session.echo = bool(container.get("tty"))
        if ctx.stdin:
            session.feed(ctx.stdin.removesuffix("\n"))
        yield from session.run(ctx, detach=True)
    return 0  # attach reports no exit code: the container's is in its status


def _output(ctx: Context, pod: dict, name: str, restarts: int):
    """What the container writes from now until it stops (this run of it: a restart is another)."""
    ns, pod_name, uid = pod["metadata"]["namespace"], pod["metadata"]["name"], pod["metadata"]["uid"]
    seen = len(ctx.sim.kubelet.logs(ns, pod_name, name, False) or [])

    def stopped() -> bool:
        nonlocal seen
        live = ctx.store.get("Pod", ns, pod_name)
        status = container_status(live, name) if live is not None and live["metadata"]["uid"] == uid else None
        if status is not None and status.get("restartCount", 0) == restarts:
            lines = ctx.sim.kubelet.logs(ns, pod_name, name, False) or []
            for line in lines[seen:]:
                ctx.print(line)
            seen = len(lines)
        return status is None or status.get("restartCount", 0) != restarts \
            or "running" not in (status.get("state") or {})

    yield from ctx.wait_until(stopped, None if ctx.interactive else FOLLOW_SECONDS)
    return 0
