"""`kubectl cp SRC DEST`: files between the player's folder and a container's filesystem.

kubectl runs `tar` in the container through exec (`tar cf - PATH` to copy out, `tar -xmf - -C
DIR` to copy in), so it needs the `pods/exec` permission, a running container and a `tar` in
the image: an image without a shell has none. What the container's tar prints on stderr passes
through, such as busybox's "removing leading '/' from member names" (GNU tar, in Debian-based
images, words it its own way). Local paths are relative to the door's folder. A file's bytes
go over as they are (a binary too); inside the container a shell reads a binary as text.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from pathlib import Path

from kubetui.engine.kubelet.images import split_reference
from kubetui.engine.kubelet.shell import FsError
from kubetui.kubectl.commands._base import CommandError, Context, get_object, kind_for, resolve_path
from kubetui.kubectl.commands._pods import container_for, container_status
from kubetui.model.errors import ApiError

FORMAT = "error: filespec must match the canonical format: [[namespace/]pod:]file/path"
NO_TAR = ("error: Internal error occurred: error executing command in container: failed to exec in container: "
          "failed to start exec: OCI runtime exec failed: exec failed: unable to start container process: exec: "
          '"tar": executable file not found in $PATH: unknown')
BUSYBOX_IMAGES = ("busybox", "alpine")


@dataclass
class FileSpec:
    path: str
    pod: str = ""
    namespace: str = ""


def file_spec(arg: str) -> FileSpec:
    """kubectl's extractFileSpec: `[[namespace/]pod:]path`; no colon is a local path."""
    i = arg.find(":")
    if i == 0:
        raise CommandError(FORMAT)
    if i < 0:
        return FileSpec(arg)
    pieces = arg[:i].split("/")
    if len(pieces) == 1:
        return FileSpec(arg[i + 1:], pieces[0])
    if len(pieces) == 2:
        return FileSpec(arg[i + 1:], pieces[1], pieces[0])
    raise CommandError(FORMAT)


class Tar:
    """The container's tar: busybox's in busybox and Alpine images, GNU tar's wording elsewhere."""

    def __init__(self, image: str):
        repo, tag = split_reference(image)
        self.busybox = repo.rsplit("/", 1)[-1] in BUSYBOX_IMAGES or "alpine" in (tag or "")
        self.failed = 1 if self.busybox else 2

    def leading_slash(self) -> str:
        return ("tar: removing leading '/' from member names\n" if self.busybox
                else "tar: Removing leading `/' from member names\n")

    def missing(self, path: str) -> str:
        if self.busybox:
            return f"tar: {path}: No such file or directory\n"
        return (f"tar: {path}: Cannot stat: No such file or directory\n"
                "tar: Exiting with failure status due to previous errors\n")

    def no_directory(self, path: str) -> str:
        if self.busybox:
            return f"tar: can't change directory to '{path}': No such file or directory\n"
        return (f"tar: {path}: Cannot open: No such file or directory\n"
                "tar: Error is not recoverable: exiting now\n")

    def cannot_write(self, path: str, why: str) -> str:
        if self.busybox:
            return f"tar: can't open '{path}': {why}\n"
        return f"tar: {path.lstrip('/')}: Cannot open: {why}\ntar: Exiting with failure status due to previous errors\n"


def cp(ctx: Context) -> int:
    args = ctx.parsed.args
    if len(args) != 2:
        raise CommandError("error: source and destination are required")
    src, dest = file_spec(args[0]), file_spec(args[1])
    if src.pod and dest.pod:
        raise CommandError("error: one of src or dest must be a local file specification")
    if not src.path or not dest.path:
        raise CommandError("error: filepath can not be empty")
    if src.pod:
        return _from_pod(ctx, src, dest.path)
    if dest.pod:
        return _to_pod(ctx, src.path, dest)
    raise CommandError("error: one of src or dest must be a remote file specification")


def _container(ctx: Context, spec: FileSpec):
    """The running container kubectl's exec reaches, with its filesystem and its tar."""
    pod = get_object(ctx, kind_for("pod", ctx.store.kinds), spec.pod, spec.namespace or None)
    container = container_for(ctx, pod, ctx.flag("container") or None)
    ns, name = pod["metadata"]["namespace"], pod["metadata"]["name"]
    try:
        ctx.authorize("create", "Pod", ns, name, "exec")
    except ApiError as exc:
        raise CommandError(f"error: unable to upgrade connection: {exc.message}") from None
    phase = (pod.get("status") or {}).get("phase")
    if phase in ("Succeeded", "Failed"):
        raise CommandError(f"error: cannot exec into a container in a completed pod; current phase is {phase}")
    cs = container_status(pod, container["name"])
    rt = ctx.sim.kubelet.runtime(ns, name)
    running = next((c for c in ([*rt.containers, *rt.ephemeral] if rt else []) if c.name == container["name"]), None)
    if cs is None or "running" not in (cs.get("state") or {}) or running is None:
        raise CommandError(f'error: unable to upgrade connection: container not found ("{container["name"]}")')
    if running.behavior is None or running.behavior.shell is None or running.fs is None:
        raise CommandError(NO_TAR)
    return running.fs, Tar(container.get("image", ""))


def _to_pod(ctx: Context, local: str, dest: FileSpec) -> int:
    source = resolve_path(ctx, local)
    if not source.exists():
        raise CommandError(f"error: {local} doesn't exist in local filesystem")
    fs, tar = _container(ctx, dest)
    target = fs.norm(dest.path)
    if fs.is_dir(target):
        target = posixpath.join(target, source.name)
    directory = posixpath.dirname(target)
    if not fs.is_dir(directory):
        ctx.error(tar.no_directory(directory))
        ctx.error(f"command terminated with exit code {tar.failed}")
        return tar.failed
    files = sorted(p for p in source.rglob("*") if p.is_file()) if source.is_dir() else [source]
    for f in files:
        rel = f.relative_to(source).as_posix() if source.is_dir() else ""
        path = posixpath.join(target, rel) if rel else target
        try:
            if source.is_dir():
                fs.mkdir(posixpath.dirname(path), parents=True)
            fs.write_bytes(path, f.read_bytes(), now=ctx.sim.tick)
        except FsError as exc:
            ctx.error(tar.cannot_write(path, str(exc)))
            ctx.error(f"command terminated with exit code {tar.failed}")
            return tar.failed
    if source.is_dir() and not files:
        try:
            fs.mkdir(target, parents=True)
        except FsError:
            pass
    return 0


def _from_pod(ctx: Context, src: FileSpec, local: str) -> int:
    fs, tar = _container(ctx, src)
    path = fs.norm(src.path)
    if src.path.startswith("/"):
        ctx.error(tar.leading_slash())
    if not fs.exists(path):
        ctx.error(tar.missing(src.path))
        ctx.error(f"command terminated with exit code {tar.failed}")
        return tar.failed
    dest = resolve_path(ctx, local)
    if fs.is_file(path):
        if dest.is_dir():
            raise CommandError(f"error: open {local}: is a directory")
        _write(dest, fs.read_bytes(path))
        return 0
    for rel, data in _tree(fs, path):
        _write(dest / rel, data)
    dest.mkdir(parents=True, exist_ok=True)
    return 0


def _tree(fs, path: str, rel: str = "") -> list[tuple[str, bytes]]:
    out = []
    for name in fs.listdir(path):
        full, sub = posixpath.join(path, name), posixpath.join(rel, name) if rel else name
        if fs.is_dir(full):
            out += _tree(fs, full, sub)
        else:
            try:
                out.append((sub, fs.read_bytes(full)))
            except FsError:
                continue
    return out


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
