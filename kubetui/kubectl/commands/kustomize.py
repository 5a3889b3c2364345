"""`kubectl kustomize DIR` and the `-k DIR` of apply, create, get, describe and delete."""

from __future__ import annotations

from pathlib import Path

from kubetui.kubectl.commands._base import CommandError, Context, Manifest, resolve_path
from kubetui.kubectl.kustomize import Build, KustomizeError, build, to_yaml


def run_build(ctx: Context, target: str) -> Build:
    """Build the kustomization at `target` (relative to the door's folder); kustomize's
    deprecation warnings go to stderr, as kubectl prints them."""
    path = resolve_path(ctx, target)
    if not path.is_dir():
        if path.exists():
            raise CommandError(f"error: must build at directory: '{target}': file is not directory")
        raise CommandError(f"error: must build at directory: not a valid directory: evalsymlink failure on "
                           f"'{target}' : lstat {path}: no such file or directory")
    try:
        result = build(Path(path))
    except KustomizeError as exc:
        raise CommandError(f"error: {exc}") from None
    for line in dict.fromkeys(result.warnings):
        ctx.error(line)
    return result


def kustomize(ctx: Context) -> int:
    args = ctx.parsed.args
    if len(args) > 1:
        raise CommandError("error: specify one path to kustomization.yaml")
    result = run_build(ctx, args[0] if args else ".")
    text = to_yaml(result)
    if ctx.flag("output"):
        from kubetui.files import write_atomically

        write_atomically(resolve_path(ctx, str(ctx.flag("output"))), text)
        return 0
    ctx.write(text)
    return 0


def kustomize_manifests(ctx: Context) -> list[Manifest]:
    """The objects `-k DIR` stands for, as if read from a file."""
    target = str(ctx.flag("kustomize"))
    if ctx.flag("filename"):
        raise CommandError("error: only one of -f or -k can be specified")
    if ctx.flag("recursive", False):
        raise CommandError("error: the -k flag can't be used with -f or -R")
    result = run_build(ctx, target)
    return [Manifest(r.obj, target) for r in result.resources]
