"""Images: the simulated container registry ("Docker Hub") the kubelet pulls from, which
images and tags exist and how the app inside each behaves once it runs; and image references
as the container runtime reports them.

Behaviour comes from the image, as in reality: a pod template stays a real manifest, and what
its containers do (start-up time, CPU and memory under load, requests served, exit, crash,
logs) is looked up here by image reference.
"""

from __future__ import annotations

import fnmatch
import hashlib
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib.resources import files

import yaml
from pydantic import BaseModel, ConfigDict, Field

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""libyaml's safe loader where PyYAML has it: the same data, read ~8× faster (package data, no limits needed)."""


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
    healthySeconds: int | None = None
    """The app's HTTP answers fail (500) once it has run this long (agnhost's `liveness`); None: never."""
    ports: tuple[int, ...] = ()
    """Ports the app listens on, as its image documents them (nginx: 80). Empty: not known, and
    any port the container declares is taken to answer."""
    shell: str | None = "/bin/sh"
    """The image's shell; None for distroless and scratch images (no `sh` to exec)."""
    command: tuple[str, ...] = ()
    """The image's default ENTRYPOINT+CMD, run when the container sets neither."""
    entrypoint: int = 0
    """How many leading words of `command` are the ENTRYPOINT (kept when a container sets only `args`)."""
    user: str = ""
    """The image's USER (`1001`, `65532:65532`, `nobody`); empty is root. The kubelet reads it to
    enforce `runAsNonRoot`, which a name cannot satisfy."""

    @property
    def wrapper(self) -> bool:
        """The ENTRYPOINT is a script that execs its arguments (`docker-entrypoint.sh`), not the app."""
        return self.entrypoint == 1 and bool(_WRAPPER.search(self.command[0] if self.command else ""))


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


AGNHOST: dict[str, dict[str, object]] = {
    "liveness": {"healthySeconds": 10}, "serve-hostname": {"ports": (9376,)}, "pause": {"ports": ()}, "netexec": {}}
"""agnhost's subcommands (`args: [liveness]`): how each differs from its netexec server on 8080.
`liveness` answers 200 for its first 10 seconds, then 500."""


def behavior_for(behavior: ImageBehavior, image: str, argv: list[str]) -> ImageBehavior:
    """The image's behaviour as the container's own command changes it: agnhost's subcommand,
    stress's `--vm` workers."""
    if split_reference(image)[0].endswith("e2e-test-images/agnhost"):
        sub = next((str(a) for a in argv if not str(a).startswith(("-", "/"))), "netexec")
        return behavior.model_copy(update=AGNHOST[sub]) if AGNHOST.get(sub) else behavior
    return stress_behavior(behavior, argv)


STRESS_UNITS = {"b": 1, "k": 1 << 10, "m": 1 << 20, "g": 1 << 30}


def stress_behavior(behavior: ImageBehavior, argv: list[str]) -> ImageBehavior:
    """`stress --vm N --vm-bytes SIZE` (polinux/stress, kubernetes.io's memory task): N workers
    each holding SIZE (256M unless said; B/K/M/G are powers of 1024), a steady amount instead of
    the image's endless growth. Without `--vm` the image behaves as it always does."""
    words = [str(a) for a in argv]
    if not words or words[0].rsplit("/", 1)[-1] != "stress" or not ({"--vm", "-m"} & set(words)):
        return behavior

    def value(*names: str) -> str | None:
        return next((words[i + 1] for i, w in enumerate(words[:-1]) if w in names), None)

    workers, size = value("--vm", "-m") or "1", (value("--vm-bytes") or "256M").lower()
    unit = STRESS_UNITS.get(size[-1:], 1) if not size[-1:].isdigit() else 1
    digits = size.rstrip("bkmg")
    if not workers.isdigit() or not digits.isdigit():
        return behavior
    held = int(workers) * int(digits) * unit / (1 << 20)
    hogs = ", ".join(f"{value(*flags) or 0} {kind}" for kind, flags in
                     (("cpu", ("--cpu", "-c")), ("io", ("--io", "-i")), ("vm", ("--vm", "-m")), ("hdd", ("--hdd", "-d"))))
    return behavior.model_copy(update={"memory": int(behavior.memory + held), "memoryGrowth": 0.0,
                                       "logs": [f"stress: info: [1] dispatching hogs: {hogs}"]})


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


_WRAPPER = re.compile(r"(^|/)[\w.-]*entrypoint[\w.-]*$")
"""An ENTRYPOINT that is a wrapper script (`/docker-entrypoint.sh`, `docker-entrypoint.sh`)."""
_VERSION = re.compile(r"(\d+(?:\.\d+)*)(.*)")
_DIGEST = re.compile(r"sha256:[0-9a-f]{64}")
_NAME = re.compile(r"(?:[a-z0-9.-]+(?::\d+)?/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*")


def _dotted(text: str) -> tuple[int, ...]:
    return tuple(int(p) for p in text.split("."))


@dataclass(frozen=True)
class Repository:
    """One public repository as registry.yaml describes it: which tags exist and what they run."""

    name: str
    size: int
    ports: tuple[int, ...]
    shell: str | None
    command: tuple[str, ...]
    entrypoint: int
    kind: str
    versions: tuple[tuple[tuple[int, ...], tuple[int, ...]], ...]
    prefix: str
    variants: tuple[str, ...]
    tags: frozenset[str]
    user: str = ""
    tag_users: tuple[tuple[str, str], ...] = ()

    def user_of(self, tag: str) -> str:
        """The USER of one tag: a tag's own (distroless `nonroot`) over the repository's."""
        return next((u for t, u in self.tag_users if t == tag), self.user)

    def has(self, tag: str) -> bool:
        """The tag exists: a named tag, or a version in one of the ranges (any prefix of it, as
        `1`, `1.24` and `1.24.0` all exist) followed by a known variant suffix."""
        if tag in self.tags or _DIGEST.fullmatch(tag):
            return True
        if not tag.startswith(self.prefix):
            return False
        m = _VERSION.fullmatch(tag[len(self.prefix):])
        if not m or not any(fnmatch.fnmatchcase(m.group(2), v) for v in self.variants):
            return False
        version = _dotted(m.group(1))
        n = len(version)
        return any(lo[:n] <= version <= hi[:n] for lo, hi in self.versions)

    def behavior(self, tag: str) -> ImageBehavior:
        tool = self.kind == "tool"
        return ImageBehavior(pullSeconds=max(1, min(30, round(self.size / 25))), startSeconds=0 if tool else 1,
                             cpu=1 if tool else 5, memory=max(1, min(self.size, 200) // 4),
                             runSeconds=0 if tool else None, ports=self.ports, shell=self.shell,
                             command=self.command, entrypoint=self.entrypoint, user=self.user_of(tag))


def _repository(name: str, d: dict) -> Repository:
    ranges = []
    for r in d.get("versions") or []:
        lo, _, hi = str(r).partition("..")
        ranges.append((_dotted(lo), _dotted(hi or lo)))
    command = tuple(d.get("command") or ())
    entrypoint = d.get("entrypoint", 1 if command and _WRAPPER.search(command[0]) else 0)
    return Repository(name, int(d["size"]), tuple(d.get("ports") or ()), d.get("shell"), command, int(entrypoint),
                      d.get("kind", "server"), tuple(ranges), d.get("prefix", ""), tuple(d.get("variants") or [""]),
                      frozenset(d.get("tags") or ()), str(d.get("user", "")),
                      tuple(sorted((str(t), str(u)) for t, u in (d.get("tagUsers") or {}).items())))


@cache
def registry_data() -> dict[str, dict]:
    """registry.yaml as written: repository name -> its facts."""
    return yaml.load(files("kubetui.engine.kubelet").joinpath("registry.yaml").read_text(), Loader=_LOADER)


@cache
def public_repositories() -> dict[str, Repository]:
    """The public images of registry.yaml, by repository name."""
    return {name: _repository(name, d) for name, d in registry_data().items()}


@cache
def compressed_size(image: str) -> int | None:
    """The compressed size in bytes of a public image (registry.yaml's `sizes` by tag variant,
    else its `size`), a little different per tag as real tags are; None for an image not there."""
    name, tag = split_reference(image)
    repo = registry_data().get(name)
    if repo is None:
        return None
    prefix = str(repo.get("prefix", ""))
    m = _VERSION.fullmatch(tag[len(prefix):]) if tag.startswith(prefix) else None
    variant = m.group(2) if m else "-" + tag
    sizes = repo.get("sizes") or {}
    mb = next((float(sizes[k]) for k in sorted(sizes, key=len, reverse=True) if k and fnmatch.fnmatchcase(variant, "*" + k)),
              float(sizes.get("", repo["size"])))
    return int(mb * 1_000_000) + int(hashlib.sha256(image.encode()).hexdigest()[:5], 16) % 100_000


def _distance(a: str, b: str) -> int:
    """Edit distance, counting a swap of neighbours as one edit (`ngnix` is one from `nginx`)."""
    d = [[i + j if i * j == 0 else 0 for j in range(len(b) + 1)] for i in range(len(a) + 1)]
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] != b[j - 1]))
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[-1][-1]


class Registry:
    """Images the cluster can pull: the built-in ones plus a scenario's own, the public
    repositories of registry.yaml, and any other well-formed `user/app` repository (a
    third-party image that runs as a generic long-running server)."""

    def __init__(self, extra: dict[str, ImageBehavior] | None = None):
        self._repos: dict[str, dict[str, ImageBehavior]] = {k: dict(v) for k, v in _BUILTIN.items()}
        for ref, behavior in sorted((extra or {}).items()):
            self.add(ref, behavior)

    def add(self, ref: str, behavior: ImageBehavior) -> None:
        name, tag = split_reference(ref)
        self._repos.setdefault(name, {})[tag] = behavior
        self.__dict__.pop("_found", None)

    def lookup(self, image: str) -> ImageBehavior | None:
        """The behaviour of an image reference, or None when the repository or tag does not exist
        (remembered per reference until an image is added: every replica of a Deployment asks)."""
        found: dict[str, ImageBehavior | None] = self.__dict__.setdefault("_found", {})
        if image not in found:
            found[image] = self._lookup(image)
        return found[image]

    def _lookup(self, image: str) -> ImageBehavior | None:
        name, tag = split_reference(image)
        public = public_repositories().get(name)
        tags = self._repos.get(name)
        if tags is not None:
            base = tags.get(tag)
            if base is None and (public is not None and public.has(tag) or _DIGEST.fullmatch(tag)):
                base = tags.get("latest") or next(iter(tags.values()))
            if base is None or public is None:
                return base
            return base.model_copy(update={"shell": public.shell, "command": public.command,
                                           "entrypoint": public.entrypoint, "ports": base.ports or public.ports,
                                           "user": base.user or public.user_of(tag)})
        if public is not None:
            return public.behavior(tag) if public.has(tag) else None
        if self._third_party(name, tag):
            return DEFAULT_BEHAVIOR
        return None

    def _third_party(self, name: str, tag: str) -> bool:
        """A well-formed repository outside the official library, not a near miss of a known one."""
        if "/" not in name or not _NAME.fullmatch(name):
            return False
        if not (_DIGEST.fullmatch(tag) or re.fullmatch(r"[\w][\w.-]{0,127}", tag)):
            return False
        return not any(_distance(name, known) <= (2 if len(known) > 5 else 1)
                       for known in (*self._repos, *public_repositories()))

    def pull_error(self, image: str) -> str:
        """Why pulling `image` fails, in containerd's words: a missing tag of a repository that
        exists is NotFound; a repository that does not exist (a typo) is denied."""
        name, _ = split_reference(image)
        if name in self._repos or name in public_repositories():
            return not_found_message(image)
        ref = qualified(image)
        return (f'Failed to pull image "{image}": rpc error: code = Unknown desc = failed to pull and unpack image '
                f'"{ref}": failed to resolve reference "{ref}": pull access denied, repository does not exist or '
                f'may require authorization: server message: insufficient_scope: authorization failed')

    def size_bytes(self, image: str) -> int | None:
        """The compressed size of an image of registry.yaml's repositories; None for others
        (a scenario's own, a third party's)."""
        return compressed_size(image)

    def repository_exists(self, image: str) -> bool:
        name = split_reference(image)[0]
        return name in self._repos or name in public_repositories()

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


@lru_cache(maxsize=256)
def pulled_message(image: str, seconds: int, size: int | None = None) -> str:
    """The `Pulled` Event of an image pulled within `seconds` (kubelet 1.30+): the time it took
    to the millisecond, as Go prints a duration, the part under a second the image's own (one
    string for every pull of an image that took as long)."""
    digest = hashlib.sha256(image.encode()).hexdigest()
    size = size or 10_000_000 + int(digest[:6], 16) * 10
    took = go_duration(max(1, seconds * 1000 - int(digest[6:10], 16) % 1000))
    return f'Successfully pulled image "{image}" in {took} ({took} including waiting). Image size: {size} bytes.'


def present_message(image: str) -> str:
    """The `Pulled` Event of an image the node already has (kubelet 1.35+, where it also checks
    that the pod may use it: KubeletEnsureSecretPulledImages is on by default)."""
    return f'Container image "{image}" already present on machine and can be accessed by the pod'


def go_duration(ms: int) -> str:
    """A whole number of milliseconds as Go's time.Duration prints it: `284ms`, `1.5s`, `1m2.25s`."""
    if ms < 1000:
        return f"{ms}ms"
    minutes, rest = divmod(ms, 60_000)
    seconds = f"{rest // 1000}.{rest % 1000:03d}".rstrip("0").rstrip(".") + "s"
    return f"{minutes}m{seconds}" if minutes else seconds


def not_found_message(image: str) -> str:
    """Why pulling an image the registry does not have fails, in containerd's words."""
    ref = qualified(image)
    return (f'Failed to pull image "{image}": rpc error: code = NotFound desc = failed to pull and unpack '
            f'image "{ref}": failed to resolve reference "{ref}": {ref}: not found')
