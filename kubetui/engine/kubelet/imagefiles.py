"""The files an image ships that learners look at and its web server serves (imagefiles.yaml):
nginx's html folder with its welcome and error pages, httpd's htdocs."""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

import yaml


@cache
def _data() -> dict:
    return yaml.safe_load(resources.files("kubetui.engine.kubelet").joinpath("imagefiles.yaml").read_text())


@cache
def family(image: str) -> str | None:
    """The entry of imagefiles.yaml whose files the image carries: its repository's name holds the key."""
    name = image.split("@")[0].rsplit("/", 1)[-1].split(":")[0]
    return next((key for key in _data() if key in name), None)


@cache
def flavour(image: str) -> dict:
    """The family's flavour the repository is (nginx-unprivileged): the files, owners and modes it
    has in place of the family's; {} for the family's own images."""
    key = family(image)
    name = image.split("@")[0].rsplit("/", 1)[-1].split(":")[0]
    found = (_data()[key].get("flavours") or {}) if key else {}
    return next((f for k, f in found.items() if k in name), {})


@cache
def _files(image: str) -> dict[str, str]:
    key = family(image)
    assert key is not None
    own = flavour(image).get("files")
    return {**_data()[key]["files"], **own} if own else _data()[key]["files"]


def files(image: str) -> dict[str, str]:
    """The image's own files (path relative to / -> text), those its tag's version ships."""
    key = family(image)
    if not key:
        return {}
    every = _files(image)
    newer = left_out(image)
    return {rel: text for rel, text in every.items() if rel not in newer} if newer else every


@cache
def left_out(image: str) -> frozenset[str]:
    """The files of the image's family that came after the version its tag holds (`since`)."""
    from kubetui.engine.kubelet.imageconfig import tag_version
    from kubetui.engine.kubelet.images import registry_data, split_reference

    key = family(image)
    since = (_data()[key].get("since") or {}) if key else {}
    if not since:
        return frozenset()
    name, tag = split_reference(image)
    version = tag_version(registry_data().get(name) or {}, tag)
    if not re.fullmatch(r"\d+(\.\d+)*", version):
        return frozenset()
    have = tuple(int(x) for x in version.split("."))
    return frozenset(rel for rel, first in since.items() if tuple(int(x) for x in str(first).split(".")) > have)


@cache
def modes(image: str) -> dict[str, int]:
    """The image's files whose mode is not 0644 (path relative to / -> mode)."""
    key = family(image)
    return _data()[key].get("modes", {}) if key else {}


def owners(image: str) -> dict[str, tuple[int, int]]:
    """Paths of the image not root's, each with everything under it (path relative to / -> (uid,
    gid)): the Dockerfile's `chown -R` and `chmod -R g+w`."""
    return {path: (int(uid), int(gid)) for path, (uid, gid) in (flavour(image).get("owners") or {}).items()}


def links(image: str) -> dict[str, str]:
    """The image's symbolic links (path relative to / -> target): nginx's /etc/nginx/modules."""
    key = family(image)
    return _data()[key].get("links", {}) if key else {}


def dirs(image: str) -> list[str]:
    """Folders of the image that hold none of its files here (relative to /)."""
    key = family(image)
    return [*(_data()[key].get("dirs", []) if key else []), *flavour(image).get("dirs", [])]


def html_root(key: str) -> str:
    """The folder the image's web server serves."""
    return _data()[key]["html"]


def page(key: str, rel: str) -> str | None:
    """A file of the image as it ships (`index.html` under its html folder), whatever a container did to it."""
    return _data()[key]["files"].get(html_root(key).strip("/") + "/" + rel.lstrip("/"))
