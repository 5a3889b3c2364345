"""An image's config as its registry publishes it (registry.yaml): the ENV its Dockerfile set,
and the distribution it is built on, which decides its package manager (packages.yaml).

Versions follow the tag pulled: `nginx:1.25.3` carries NGINX_VERSION=1.25.3; `nginx:1.25` the
last 1.25 release; `nginx` (latest) the newest.
"""

from __future__ import annotations

import re
from functools import cache
from importlib.resources import files

import yaml

from kubetui.engine.kubelet.images import registry_data, split_reference

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
"""containerd's default PATH, what an image without its own ENV PATH has."""
_VERSION = re.compile(r"(\d+(?:\.\d+)*)(.*)")


@cache
def package_data() -> dict:
    return yaml.load(files("kubetui.engine.kubelet").joinpath("packages.yaml").read_text(), Loader=_LOADER)


def tag_version(repo: dict, tag: str) -> str:
    """The version of the software a tag holds: the tag's own (`1.25.3`), the last of its series
    (`1.25` -> 1.25.5), or for a named tag (`latest`, `stable`, `alpine`) the one it points to."""
    prefix = str(repo.get("prefix", ""))
    m = _VERSION.fullmatch(tag[len(prefix):]) if tag.startswith(prefix) else None
    if m:
        return str((repo.get("series") or {}).get(m.group(1), m.group(1)))
    head = tag.split("-")[0]
    return str((repo.get("named") or {}).get(head, repo.get("latest", "")))


@cache
def distro(image: str) -> tuple[str, str] | None:
    """(distribution, release) the image is built on: ("debian", "bookworm"), ("alpine", "3.20");
    None for images without a package manager (busybox, distroless, scratch)."""
    name, tag = split_reference(image)
    repo = registry_data().get(name)
    base = (repo or {}).get("base")
    if not base:
        return None
    dists = package_data()["distros"]
    family, _, release = str(base).partition("/")
    if "alpine" in tag and family != "alpine":
        m = re.search(r"alpine(\d+\.\d+)", tag)
        return "alpine", m.group(1) if m else str(dists["alpine"]["latest"])
    words = set(re.split(r"[-.]", tag))
    for fam in ("debian", "ubuntu"):
        d = dists[fam]
        for codename in (*d["releases"].values(), *d.get("named", {})):
            if codename in words:
                return fam, str(d.get("named", {}).get(codename, codename))
    if release:
        return family, release
    d = dists[family]
    version = tag_version(repo or {}, tag)
    if family == "alpine":
        parts = version.split(".")
        return family, ".".join(parts[:2]) if len(parts) >= 2 and tag != "edge" else str(d["latest"])
    releases = {str(k): str(v) for k, v in d["releases"].items()}
    major = version if family == "ubuntu" else version.split(".")[0]
    return family, releases.get(major, str(d["latest"]))


@cache
def image_env(image: str) -> tuple[tuple[str, str], ...]:
    """The ENV of the image's config, in its order (PATH first when the image sets one)."""
    name, tag = split_reference(image)
    repo = registry_data().get(name) or {}
    env = dict(repo.get("env") or {})
    where = distro(image)
    if where is not None and where[0] == "alpine" and "alpine" in tag:
        env.update(repo.get("alpineEnv") or {})
    if not env:
        return (("PATH", PATH),)
    version = tag_version(repo, tag)
    parts = version.split(".")
    fill = {"version": version, "major": parts[0], "minor": ".".join(parts[:2]),
            "codename": where[1] if where else ""}
    out = {"PATH": PATH}
    for key, value in env.items():
        out[str(key)] = re.sub(r"\{(\w+)\}", lambda m: fill.get(m.group(1), m.group(0)), str(value))
    return tuple(out.items())


def container_env(image: str, env: dict[str, str]) -> dict[str, str]:
    """A container's environment as containerd builds it: its default PATH, HOSTNAME, the
    image's ENV, then what Kubernetes defines (the container's own variables, then the Service
    variables); a name set twice keeps its first place with the later value."""
    out = {"PATH": PATH}
    if "HOSTNAME" in env:
        out["HOSTNAME"] = env["HOSTNAME"]
    out.update(image_env(image))
    out.update(env)
    return out
