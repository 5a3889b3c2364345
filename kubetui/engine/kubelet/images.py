"""Images: the simulated container registry ("Docker Hub") the kubelet pulls from, which
images and tags exist and how the app inside each behaves once it runs; and image references
as the container runtime reports them.

Behaviour comes from the image, as in reality: a pod template stays a real manifest, and what
its containers do (start-up time, CPU and memory under load, requests served, exit, crash,
logs) is looked up here by image reference.
"""

from __future__ import annotations

import hashlib

from pydantic import BaseModel, ConfigDict, Field


class ImageBehavior(BaseModel):
    """What the app in one image tag does. Fields are camelCase in scenario files."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True, frozen=True)

    pullSeconds: int = 2
    """Time to pull the image to a node the first time (the node caches it afterwards)."""
    startSeconds: int = 1
    """From container start until the app answers (readiness probes pass from then on)."""
    cpu: int = 5
    """CPU use at idle, in millicores."""
    cpuPerRps: float = 1.0
    """Extra millicores per request per second served."""
    memory: int = 20
    """Memory use at idle, in MiB."""
    memoryPerRps: float = 0.0
    """Extra MiB per request per second served."""
    memoryGrowth: float = 0.0
    """MiB added every second while running (a leak: it ends in OOMKilled at the limit)."""
    capacityRps: int = 100
    """Requests per second one replica serves before it fails requests."""
    runSeconds: int | None = None
    """A batch program ends after this many seconds; None serves forever."""
    exitCode: int = 0
    """Exit code when the program ends (or crashes)."""
    crashAfterSeconds: int | None = None
    """A broken build: the process exits with `exitCode` (1 if that is 0) after this long."""
    ready: bool = True
    """False: the app never answers its readiness probe (a bad release)."""
    logs: list[str] = Field(default_factory=list)
    """Lines the app prints at start ({pod}, {node} and $ENV_VARS are filled in)."""
    writesData: str | None = None
    """A path the app writes its state under (a volume must be mounted there to keep it)."""
    compromised: bool = False
    """The image carries an exploit: with a privileged or host-namespace pod it reaches the node."""
    ports: tuple[int, ...] = ()
    """Ports the app listens on, as its image documents them (nginx: 80). Empty: not known, and
    any port the container declares is taken to answer."""


DEFAULT_BEHAVIOR = ImageBehavior()

_BUILTIN: dict[str, dict[str, ImageBehavior]] = {
    "nginx": {t: ImageBehavior(logs=["/docker-entrypoint.sh: Configuration complete; ready for start up"], ports=(80,))
              for t in ("latest", "1.25", "1.26", "1.27", "1.25-alpine", "1.27-alpine", "alpine", "stable")},
    "httpd": {t: ImageBehavior(ports=(80,)) for t in ("latest", "2.4", "alpine")},
    "gcr.io/google-samples/hello-app": {t: ImageBehavior(ports=(8080,), logs=["Server listening on port 8080"])
                                        for t in ("1.0", "2.0")},
    "busybox": {t: ImageBehavior(pullSeconds=1, startSeconds=0, cpu=1, memory=1, runSeconds=0)
                for t in ("latest", "1.36", "1.37", "stable")},
    "alpine": {t: ImageBehavior(pullSeconds=1, startSeconds=0, cpu=1, memory=1, runSeconds=0)
               for t in ("latest", "3.19", "3.20", "3.21")},
    "redis": {t: ImageBehavior(memory=10, capacityRps=1000, cpuPerRps=0.2, writesData="/data", ports=(6379,),
                               logs=["Ready to accept connections tcp"]) for t in ("latest", "7", "7.2", "7.4")},
    "postgres": {t: ImageBehavior(pullSeconds=5, startSeconds=4, memory=60, writesData="/var/lib/postgresql/data",
                                  ports=(5432,),
                                  logs=["database system is ready to accept connections"])
                 for t in ("latest", "15", "16", "17")},
    "mysql": {t: ImageBehavior(pullSeconds=6, startSeconds=8, memory=350, writesData="/var/lib/mysql", ports=(3306,))
              for t in ("latest", "8", "8.0", "8.4")},
    "registry.k8s.io/pause": {"3.9": ImageBehavior(pullSeconds=1, startSeconds=0, cpu=0, memory=1),
                              "3.10": ImageBehavior(pullSeconds=1, startSeconds=0, cpu=0, memory=1)},
    "registry.k8s.io/hpa-example": {"latest": ImageBehavior(cpu=1, cpuPerRps=5.0, capacityRps=40, ports=(80,))},
    "fluentd": {t: ImageBehavior(memory=60) for t in ("latest", "v1.16", "v1.17")},
    "fluent/fluent-bit": {t: ImageBehavior(memory=15) for t in ("latest", "3.0", "3.1")},
    "prom/node-exporter": {t: ImageBehavior(memory=15, ports=(9100,)) for t in ("latest", "v1.8.0")},
    "perl": {t: ImageBehavior(pullSeconds=8, cpu=900, memory=20, runSeconds=8) for t in ("latest", "5.34", "5.40")},
    "python": {t: ImageBehavior(pullSeconds=6, memory=12, runSeconds=0) for t in ("latest", "3.12", "3.13")},
    "curlimages/curl": {"latest": ImageBehavior(pullSeconds=1, startSeconds=0, memory=2, runSeconds=0)},
    "polinux/stress": {"latest": ImageBehavior(cpu=100, memory=5, memoryGrowth=50.0)},
}


def split_reference(image: str) -> tuple[str, str]:
    """`nginx:1.25` -> (`nginx`, `1.25`); `docker.io/library/nginx` -> (`nginx`, `latest`)."""
    name, tag = image, "latest"
    if "@" in name:
        name, _, tag = name.partition("@")
    else:
        last = name.rsplit("/", 1)[-1]
        if ":" in last:
            name, _, tag = name.rpartition(":")
    for prefix in ("docker.io/library/", "docker.io/", "library/"):
        if name.startswith(prefix):
            name = name[len(prefix):]
            break
    return name, tag


class Registry:
    """Images the cluster can pull: the built-in ones plus a scenario's own."""

    def __init__(self, extra: dict[str, ImageBehavior] | None = None):
        self._repos: dict[str, dict[str, ImageBehavior]] = {k: dict(v) for k, v in _BUILTIN.items()}
        for ref, behavior in sorted((extra or {}).items()):
            self.add(ref, behavior)

    def add(self, ref: str, behavior: ImageBehavior) -> None:
        name, tag = split_reference(ref)
        self._repos.setdefault(name, {})[tag] = behavior

    def lookup(self, image: str) -> ImageBehavior | None:
        """The behaviour of an image reference, or None when the repository or tag does not exist."""
        name, tag = split_reference(image)
        tags = self._repos.get(name)
        if tags is None:
            return None
        return tags.get(tag)

    def repository_exists(self, image: str) -> bool:
        return split_reference(image)[0] in self._repos

    def images(self) -> list[str]:
        return [f"{n}:{t}" for n in sorted(self._repos) for t in sorted(self._repos[n])]


def qualified(image: str) -> str:
    """`nginx:1.25` -> `docker.io/library/nginx:1.25`, as containerd reports it."""
    name = image if ":" in image.rsplit("/", 1)[-1] or "@" in image else image + ":latest"
    first = name.split("/", 1)[0]
    if "/" not in name:
        return f"docker.io/library/{name}"
    if "." in first or ":" in first or first == "localhost":
        return name
    return f"docker.io/{name}"


def pulled_message(image: str, seconds: int) -> str:
    """The `Pulled` Event of an image pulled in `seconds`."""
    size = 10_000_000 + int(hashlib.sha256(image.encode()).hexdigest()[:6], 16) * 10
    return f'Successfully pulled image "{image}" in {seconds}s ({seconds}s including waiting). Image size: {size} bytes.'


def not_found_message(image: str) -> str:
    """Why pulling an image the registry does not have fails, in containerd's words."""
    ref = qualified(image)
    return (f'Failed to pull image "{image}": rpc error: code = NotFound desc = failed to pull and unpack '
            f'image "{ref}": failed to resolve reference "{ref}": {ref}: not found')
