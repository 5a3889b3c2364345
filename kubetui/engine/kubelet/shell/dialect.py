"""The words of a Debian or Ubuntu image's own programs, where they differ from busybox's: its
/bin/sh is dash (`sh: 1: ps: not found`), bash says `command not found`, the file tools are GNU
coreutils' (`cat: /x: No such file or directory`), and the programs its base image lacks
(packages.yaml `lacks`: `ps` until `apt-get install procps`) are not there until a package puts
them in the container. Images of no such family (busybox, alpine) keep busybox's words."""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

from kubetui.engine.kubelet.imageconfig import distro, package_data
from kubetui.engine.kubelet.images import registry_data, split_reference

if TYPE_CHECKING:
    from kubetui.engine.kubelet.shell.machine import Machine

GNU_FAMILIES = ("debian", "ubuntu")


@cache
def gnu(image: str) -> bool:
    """The image is of the Debian family: dash, bash and GNU coreutils."""
    where = distro(image) if image else None
    return where is not None and where[0] in GNU_FAMILIES


def of(m: Machine) -> bool:
    return gnu(str(m.context.get("image") or ""))


PACKAGED_ONLY = frozenset({"jq"})
"""Programs kubetui knows that no image it knows ships: there once a package installs them."""


@cache
def lacks(image: str) -> frozenset[str]:
    """Programs kubetui knows that a fresh image of this family does not hold."""
    where = distro(image) if image else None
    if where is None or where[0] not in GNU_FAMILIES:
        return PACKAGED_ONLY
    family = frozenset(package_data()["distros"][where[0]].get("lacks") or ())
    name, tag = split_reference(image)
    if "slim" not in re.split(r"[-.]", tag):
        family -= frozenset((registry_data().get(name) or {}).get("fullShips") or ())
    return PACKAGED_ONLY | family


def shell_name(m: Machine) -> str:
    """The shell running the script: bash, dash (a Debian image's sh) or busybox's ash."""
    own = m.context.get("shell")
    if own:
        return str(own)
    return "dash" if of(m) else "ash"


def not_found(m: Machine, name: str) -> str:
    """The shell's words for a command it cannot find (exit 127)."""
    kind = shell_name(m)
    if kind == "bash":
        if m.context.get("prompt") and "tty" in m.context:
            return f"bash: {name}: command not found\n"
        if m.context.get("prompt"):  # lines read from a pipe (`exec -i` without `-t`): counted
            return f"bash: line {m.context.get('lines', 0)}: {name}: command not found\n"
        return f"bash: line {m.lineno + 1}: {name}: command not found\n"
    if kind == "dash":
        arg0 = m.context.get("sh_name") or "sh"
        line = m.context.get("lines", 0) if m.context.get("prompt") else m.lineno + 1
        return f"{arg0}: {line}: {name}: not found\n"
    return f"sh: {name}: not found\n"


_GNU: tuple[tuple[frozenset[str], re.Pattern, str], ...] = tuple(
    (frozenset(names.split()), re.compile(pattern), gnu_words) for names, pattern, gnu_words in (
        ("cat", r"^cat: can't open '(.*)': (.*)$", r"cat: \1: \2"),
        ("head tail", r"^(head|tail): can't open '(.*)': (.*)$", r"\1: cannot open '\2' for reading: \3"),
        ("head", r"^head: (?!cannot )(.*): (No such file or directory|Permission denied|Is a directory)$",
         r"head: cannot open '\1' for reading: \2"),
        ("ls", r"^ls: (.*): No such file or directory$", r"ls: cannot access '\1': No such file or directory"),
        ("rm", r"^rm: can't remove '(.*)': (.*)$", r"rm: cannot remove '\1': \2"),
        ("mkdir", r"^mkdir: can't create directory '(.*)': (.*)$", r"mkdir: cannot create directory '\1': \2"),
        ("cp mv", r"^(cp|mv): can't stat '(.*)': (.*)$", r"\1: cannot stat '\2': \3"),
        ("mv", r"^mv: can't rename '(.*)': No such file or directory$", r"mv: cannot stat '\1': No such file or directory"),
        ("cp mv", r"^(cp|mv): can't create '(.*)': (.*)$", r"\1: cannot create regular file '\2': \3"),
        ("touch", r"^touch: (.*): (.*)$", r"touch: cannot touch '\1': \2"),
        ("chmod chown chgrp", r"^(chmod|chown|chgrp): (.*): No such file or directory$",
         r"\1: cannot access '\2': No such file or directory"),
        ("stat", r"^stat: can't stat '(.*)': (.*)$", r"stat: cannot statx '\1': \2"),
        ("rmdir", r"^rmdir: '(.*)': (.*)$", r"rmdir: failed to remove '\1': \2"),
        ("tail", r"^tail: no files$", ""),
    ))
"""busybox's message -> GNU coreutils' (coreutils 9: ls `cannot access`, stat `cannot statx`)."""


def coreutils(name: str, text: str) -> str:
    """`text`, a busybox applet's error lines, in GNU coreutils' words."""
    rules = [(p, w) for names, p, w in _GNU if name in names]
    if not rules:
        return text
    out = []
    for line in text.split("\n"):
        for pattern, words in rules:
            new = pattern.sub(words, line)
            if new != line:
                if new:
                    out.append(new)
                break
        else:
            out.append(line)
    return "\n".join(out)
