"""The files an image ships that learners look at and its web server serves (imagefiles.yaml):
nginx's html folder with its welcome and error pages, httpd's htdocs."""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

import yaml

from kubetui.engine.kubelet.shell.fs import FileSystem, FsError


@cache
def _data() -> dict:
    return yaml.safe_load(resources.files("kubetui.engine.kubelet").joinpath("imagefiles.yaml").read_text())


@cache
def family(image: str) -> str | None:
    """The entry of imagefiles.yaml whose files the image carries: its repository's name holds the key."""
    name = image.split("@")[0].rsplit("/", 1)[-1].split(":")[0]
    return next((key for key in _data() if key in name), None)


def files(image: str) -> dict[str, str]:
    """The image's own files (path relative to / -> text)."""
    key = family(image)
    return _data()[key]["files"] if key else {}


def html_root(key: str) -> str:
    """The folder the image's web server serves."""
    return _data()[key]["html"]


def page(key: str, rel: str) -> str | None:
    """A file of the image as it ships (`index.html` under its html folder), whatever a container did to it."""
    return _data()[key]["files"].get(html_root(key).strip("/") + "/" + rel.lstrip("/"))


NGINX_CONF = "/etc/nginx"
_LISTEN = re.compile(r"(?:^|[;{}\s])listen\s+([^;\s]+)[^;]*;")


def nginx_ports(cspec: dict, fs: FileSystem | None) -> tuple[int, ...] | None:
    """The ports an nginx container listens on as its configuration says when it starts: the
    `listen` directives of nginx.conf and conf.d/*.conf, read only when a volume is mounted over
    them (a ConfigMap over /etc/nginx/conf.d); None keeps the image's own (80)."""
    if family(str(cspec.get("image", ""))) != "nginx" or fs is None:
        return None
    mounts = [str(m.get("mountPath", "")).rstrip("/") for m in cspec.get("volumeMounts") or ()]
    if not any(m == NGINX_CONF or m.startswith(NGINX_CONF + "/") for m in mounts):
        return None
    texts = []
    for path in (f"{NGINX_CONF}/nginx.conf",
                 *sorted(f"{NGINX_CONF}/conf.d/{n}" for n in _names(fs, f"{NGINX_CONF}/conf.d") if n.endswith(".conf"))):
        try:
            texts.append(fs.read(path))
        except FsError:
            continue
    text = "\n".join(re.sub(r"#[^\n]*", "", t) for t in texts)
    ports = []
    for address in _LISTEN.findall(text):
        last = address.rsplit(":", 1)[-1] if not address.startswith("unix:") else ""
        if last.isdigit() and int(last) not in ports:
            ports.append(int(last))
    if not ports and re.search(r"(?:^|[;{}\s])server\s*\{", text):
        ports.append(80)
    return tuple(ports) or None


def _names(fs: FileSystem, path: str) -> list[str]:
    try:
        return list(fs.listdir(path))
    except FsError:
        return []
