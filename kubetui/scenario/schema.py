"""The scenario file: what a lesson or exercise sets up, lets the player do, and checks.

Fields are camelCase, as in Kubernetes manifests, and every model forbids unknown fields so that
a typo is an error with a line number instead of a silently ignored setting. `kubetui schema`
prints the JSON Schema of `Scenario` for editors.
"""

from __future__ import annotations

import copy
import random
import re
import shlex
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Annotated, Any, Literal, Union

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    PrivateAttr,
    Tag,
    field_validator,
    model_validator,
)

from kubetui.engine.kubelet.images import ImageBehavior
from kubetui.model.kinds import KINDS
from kubetui.model.safe_yaml import read_text, yaml_documents
from kubetui.scenario.objectives import Objective
from kubetui.scenario.text import Text

CONCEPTS: dict[str, str] = {
    "master-node": "One server is used as the Master ... Master: controls the overall functions.",
    "node": "Node: provides resources. To grow the cluster's resources, add Nodes.",
    "cluster": "Bound together, they make one Cluster.",
    "namespace": "Namespace: separates Kubernetes objects into independent spaces.",
    "service": "A Service gives those Pods an id so they can be reached from outside.",
    "networkpolicy": "A Pod can connect to Pods in the same Namespace, but not to Pods in another "
                     "Namespace (true once a NetworkPolicy says so).",
    "pod": "Pod: the smallest unit of deployment.",
    "multi-container-pod": "A Pod holds several containers; several containers can be grouped into a Pod.",
    "container": "Container: one App runs per container; split a service into modules, one per container.",
    "container-image": "A container image holds one service and the libraries it needs; Docker Hub "
                       "publishes images; deploy without worrying about the development environment.",
    "volume": "When a Pod is re-created its apps' data is gone, so a Volume is made.",
    "resourcequota": "ResourceQuota: limits the amount of resources one Namespace may use.",
    "limitrange": "LimitRange: limits the amount of resources one Namespace may use.",
    "configmap": "ConfigMap: puts environment variable values or files into a Pod when it is created.",
    "secret": "Secret: puts environment variable values or files into a Pod when it is created.",
    "controller": "Controller: does the work of managing Pods.",
    "replicationcontroller": "Replication Controller: brings a dead Pod back, or scales the number of Pods.",
    "replicaset": "ReplicaSet: brings a dead Pod back, or scales the number of Pods.",
    "deployment-upgrade": "Deployment: after deploying, upgrades the Pods to a new version.",
    "deployment-rollback": "Deployment: if a problem occurs during the upgrade, helps to roll back.",
    "daemonset": "DaemonSet: keeps exactly one Pod on each node.",
    "job": "Job: runs a Pod for a specific task that must be done and then end.",
    "cronjob": "CronJob: Jobs that must run periodically.",
    "cost": "Service efficiency: with fewer servers, maintenance costs less.",
    "auto-scaling": "Auto Scaling.",
    "auto-healing": "Auto Healing.",
    "vm-vs-container": "Containers share one OS while each VM carries its own OS, so containers are faster.",
    "container-isolation": "Isolation is done with namespaces (mnt, pid, net, ipc, uts, user) and "
                           "cgroups (memory, CPU, I/O, network).",
    "container-security": "If a container is breached and reaches the OS area, security problems can follow.",
}
"""The concepts the campaign teaches: id -> the line of the user's notes it comes from."""

Concept = Literal[tuple(CONCEPTS)]  # type: ignore[valid-type]

_QUANTITY = re.compile(r"^[+]?([0-9]+(\.[0-9]*)?|\.[0-9]+)(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$")
_DNS_NAME = re.compile(r"^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$")


def _quantity(v: Any) -> str:
    if isinstance(v, bool):
        raise ValueError("expected a quantity such as 2, 500m or 4Gi")
    text = str(v)
    if not _QUANTITY.match(text):
        raise ValueError(f"{text!r} is not a quantity (such as 2, 500m or 4Gi)")
    return text


Quantity = Annotated[str, BeforeValidator(_quantity)]


def _dns_name(v: str) -> str:
    if not _DNS_NAME.match(v) or len(v) > 253:
        raise ValueError(f"{v!r} must be a lowercase DNS name (letters, digits, '-' and '.')")
    return v


DnsName = Annotated[str, AfterValidator(_dns_name)]

MAX_NODES = 5000
"""Nodes in one scenario's cluster, fixed and pooled: Kubernetes' largest supported cluster."""
MAX_DURATION = 100_000
"""Ticks a scenario may last (about 28 simulated hours)."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Hint(Text):
    """One rung of the hint ladder: later hints say more and cost more."""

    cost: int = Field(default=10, ge=0)
    """Points taken off the score when the player reveals this hint."""


class Taint(_Model):
    key: str
    value: str | None = None
    effect: Literal["NoSchedule", "PreferNoSchedule", "NoExecute"]


class NodeSpec(_Model):
    """A worker node that exists from tick 0."""

    name: DnsName
    cpu: Quantity = "2"
    memory: Quantity = "4Gi"
    pods: int = Field(default=110, ge=1)
    labels: dict[str, str] = Field(default_factory=dict)
    taints: list[Taint] = Field(default_factory=list)
    pricePerHour: float = Field(default=0.1, ge=0)


class NodePool(_Model):
    """Nodes the cluster autoscaler may add and remove; each new node is a VM that boots first."""

    name: DnsName
    min: int = Field(default=0, ge=0)
    max: int = Field(ge=1, le=MAX_NODES)
    cpu: Quantity = "2"
    memory: Quantity = "4Gi"
    pods: int = Field(default=110, ge=1)
    bootSeconds: int = Field(default=90, ge=0)
    """From the autoscaler's decision until the node is Ready (a VM boots; FIDELITY: 60-120 s)."""
    pricePerHour: float = Field(default=0.1, ge=0)
    labels: dict[str, str] = Field(default_factory=dict)
    taints: list[Taint] = Field(default_factory=list)

    @model_validator(mode="after")
    def _sizes(self):
        if self.min > self.max:
            raise ValueError(f"min ({self.min}) is larger than max ({self.max})")
        return self


class Cluster(_Model):
    """The machines: a control plane and workers, fixed and/or in autoscaled pools."""

    controlPlane: bool = True
    """A control-plane node running kube-apiserver, etcd, kube-scheduler and
    kube-controller-manager as kube-system pods (faults can stop each one)."""
    nodes: Annotated[Union[Annotated[int, Tag("count")], Annotated[list[NodeSpec], Tag("list")]],
                     Discriminator(lambda v: "list" if isinstance(v, list) else "count")] = 3
    """A number of default workers (2 CPU, 4Gi, 110 pods, named node-1 ... node-N), or a list."""
    nodePools: list[NodePool] = Field(default_factory=list)
    addons: list[Literal["coredns", "kube-proxy"]] = Field(default_factory=list)
    """kubeadm's add-ons in kube-system: `coredns` (the coredns Deployment behind the kube-dns
    Service; pods' DNS then works only while a CoreDNS pod is Ready) and `kube-proxy` (a
    DaemonSet). None by default."""

    @field_validator("addons")
    @classmethod
    def _addons(cls, v):
        dup = sorted({a for a in v if v.count(a) > 1})
        if dup:
            raise ValueError(f"addons repeat: {', '.join(dup)}")
        return v

    @field_validator("nodes")
    @classmethod
    def _nodes(cls, v):
        if isinstance(v, int) and v < 0:
            raise ValueError("the number of nodes cannot be negative")
        if (v if isinstance(v, int) else len(v)) > MAX_NODES:
            raise ValueError(f"at most {MAX_NODES} nodes (Kubernetes' own largest supported cluster)")
        if isinstance(v, list):
            names = [n.name for n in v]
            dup = sorted({n for n in names if names.count(n) > 1})
            if dup:
                raise ValueError(f"node names repeat: {', '.join(dup)}")
        return v

    @model_validator(mode="after")
    def _cluster_size(self):
        fixed = self.nodes if isinstance(self.nodes, int) else len(self.nodes)
        if fixed + sum(p.max for p in self.nodePools) > MAX_NODES:
            raise ValueError(f"nodes and nodePools' max add up to more than {MAX_NODES} nodes "
                             "(Kubernetes' own largest supported cluster)")
        return self

    def worker_nodes(self) -> list[NodeSpec]:
        """The fixed workers, with `nodes: N` spelled out."""
        if isinstance(self.nodes, int):
            return [NodeSpec(name=f"node-{i}") for i in range(1, self.nodes + 1)]
        return list(self.nodes)


class TimelineEntry(_Model):
    """A command the scenario itself runs at a tick: a fault, traffic, a colleague's mistake."""

    at: int = Field(ge=0)
    run: str = Field(min_length=1)
    stdin: str | None = None
    jitter: int = Field(default=0, ge=0)
    """A twist that comes at a random tick: the entry runs between `at` and `at + jitter`, drawn
    from the run's seed (the same seed, the same tick)."""
    twist: str | None = None
    """Entries with the same `twist` name move together (drawn once, by the first of them)."""
    mayFail: bool = False
    """The story expects the cluster may refuse it (a custom object sent before its CRD exists, a
    bot acting before it has RBAC): not reported as a broken timeline."""


class ManifestFile(_Model):
    file: str = Field(min_length=1)
    """Path relative to the scenario's folder; may hold several YAML documents."""


def _inline_manifest(v: dict[str, Any]) -> dict[str, Any]:
    for key in ("apiVersion", "kind"):
        if not isinstance(v.get(key), str):
            raise ValueError(f"an inline manifest needs `{key}`")
    if v["kind"] != "List":
        if v["kind"] not in KINDS:
            raise ValueError(f"unknown kind {v['kind']!r}")
        meta = v.get("metadata")
        if not isinstance(meta, dict) or not (meta.get("name") or meta.get("generateName")):
            raise ValueError("an inline manifest needs `metadata.name`")
    return v


Manifest = Annotated[
    Union[Annotated[ManifestFile, Tag("file")],
          Annotated[dict[str, Any], AfterValidator(_inline_manifest), Tag("inline")]],
    Discriminator(lambda v: "file" if isinstance(v, (dict, ManifestFile)) and (isinstance(v, ManifestFile) or "file" in v)
                  else "inline"),
]
"""`{file: path}` or an inline object (apiVersion, kind, metadata.name)."""


class OtherCluster(Cluster):
    """A further cluster of the scenario: its own machines and objects, reached through a
    kubeconfig context of its name (`kubectl config use-context NAME`, `--context NAME`)."""

    name: DnsName
    manifests: list[dict[str, Any]] = Field(default_factory=list)
    """Inline objects applied in order before tick 0, in this cluster."""

    @field_validator("manifests")
    @classmethod
    def _manifests(cls, v: list[dict[str, Any]]):
        return [_inline_manifest(m) for m in v]

    @field_validator("name")
    @classmethod
    def _name(cls, v: str) -> str:
        if v == "kubetui":
            raise ValueError("`kubetui` is the scenario's own cluster (`cluster:`); name the others differently")
        return v


class CostLimit(_Model):
    nodeSeconds: float | None = Field(default=None, ge=0)
    price: float | None = Field(default=None, ge=0)

    @model_validator(mode="after")
    def _some(self):
        if self.nodeSeconds is None and self.price is None:
            raise ValueError("set `nodeSeconds` and/or `price`")
        return self


class StarThresholds(_Model):
    """Share of the maximum points needed for two and three stars (one star: every required
    objective passed)."""

    two: float = Field(default=0.6, ge=0, le=1)
    three: float = Field(default=0.9, ge=0, le=1)

    @model_validator(mode="after")
    def _order(self):
        if self.two > self.three:
            raise ValueError("`two` must not be above `three`")
        return self


class Scoring(_Model):
    pointsPerObjective: int = Field(default=100, ge=0)
    parTicks: int | None = Field(default=None, ge=0)
    """All objectives passing by this tick earns `timePoints` in full (less, linearly, up to the end)."""
    timePoints: int = Field(default=50, ge=0)
    costBudget: CostLimit | None = None
    """Cost at or under the budget earns `costPoints` in full (less, linearly, up to twice the budget)."""
    costPoints: int = Field(default=50, ge=0)
    stars: StarThresholds = Field(default_factory=StarThresholds)


def resolve_inside(folder: Path, rel: str) -> Path:
    """`rel` resolved against `folder`; refuses absolute paths and anything outside the folder."""
    if not rel or rel.startswith("~") or PurePosixPath(rel).is_absolute() or PureWindowsPath(rel).is_absolute() \
            or PureWindowsPath(rel).drive:
        raise ValueError(f"{rel!r}: paths must be relative to the scenario's folder")
    base = folder.resolve()
    target = (base / rel).resolve()
    if target != base and base not in target.parents:
        raise ValueError(f"{rel!r} points outside the scenario's folder")
    return target


_VALUE_FLAGS = {"-n", "--namespace", "--context", "--cluster", "--user", "--kubeconfig", "-s", "--server"}


def command_words(line: str) -> list[str]:
    """The words of a command without flags, and without the values of kubectl's global flags:
    `kubectl -n prod get pods` -> [kubectl, get, pods], so `kubectl get` matches it."""
    try:
        tokens = shlex.split(line, comments=False)
    except ValueError:
        tokens = line.split()
    words, skip = [], False
    for tok in tokens:
        if skip:
            skip = False
            continue
        if tok.startswith("-"):
            skip = tok in _VALUE_FLAGS
            continue
        words.append(tok)
    return words


class Scenario(_Model):
    """A lesson (`mode: scenario`) or a practice task (`mode: exercise`)."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    mode: Literal["scenario", "exercise"]
    title: Text
    briefing: Text
    """What the player reads before the clock starts: the situation and the goal."""
    hints: list[Hint] = Field(default_factory=list)
    """A ladder: the player reveals them in order."""
    debrief: Text
    """Shown at the end: what happened and what Kubernetes concept it showed."""
    otherWays: list[Text] = Field(default_factory=list)
    """Other correct ways to win, shown after the debrief (the lesson) once the run is over."""
    concepts: list[Concept] = Field(min_length=1)
    seedLine: Text
    """The line of the user's notes (kubernetes-basics) this lesson comes from."""
    difficulty: int = Field(ge=1, le=5)
    order: int = Field(ge=0)
    """Position in the campaign (or the exercise list)."""
    cluster: Cluster = Field(default_factory=Cluster)
    clusters: list[OtherCluster] = Field(default_factory=list)
    """Further clusters (the first, `cluster:`, is named `kubetui`): each its own simulated
    cluster with a context of its name in the player's kubeconfig."""
    images: dict[str, ImageBehavior] = Field(default_factory=dict)
    """Image reference (`shop/web:v2`) -> what the app in it does."""
    manifests: list[Manifest] = Field(default_factory=list)
    """Applied in order before tick 0."""
    timeline: list[TimelineEntry] = Field(default_factory=list)
    allowedCommands: list[str] = Field(default_factory=lambda: ["kubectl"])
    """Command prefixes the player may use (`kubectl get`, `sim load`); `kubectl` allows all of kubectl."""
    duration: int = Field(ge=1, le=MAX_DURATION)
    """The run ends at this tick."""
    objectives: list[Objective] = Field(min_length=1)
    scoring: Scoring = Field(default_factory=Scoring)
    solution: str
    """The reference solution: a script path relative to the folder, or (several lines) the script."""
    timeLimitMinutes: int | None = Field(default=None, ge=1)
    """Exercises: wall-clock minutes the player has (the UI keeps the time)."""
    startReady: bool = False
    """Exercises whose task speaks of the starting pods as serving: the set-up also waits until
    every pod is Ready, so that an `always` part is judged from a cluster that already serves."""
    startFinished: bool = False
    """Exercises whose task speaks of a pod that has already ended (`restartPolicy: Never`): the
    set-up also waits until every such pod has finished, so that the player's first command finds
    its exit code, as a real task presents a finished pod."""
    tags: list[str] = Field(default_factory=list)

    _path: Path | None = PrivateAttr(default=None)
    _sha256: str | None = PrivateAttr(default=None)
    _solution_line: int = PrivateAttr(default=0)
    _pack: tuple[str, Text | None] | None = PrivateAttr(default=None)

    @field_validator("images")
    @classmethod
    def _images(cls, v: dict[str, ImageBehavior]):
        for ref in v:
            if not ref or any(c.isspace() for c in ref) or ref != ref.strip("/:@"):
                raise ValueError(f"{ref!r} is not an image reference (such as shop/web:v2)")
        return v

    # -- cross-field problems, reported by the loader with the line of `path` -----------------

    def problems(self) -> list[tuple[tuple[Any, ...], str]]:
        """Consistency problems as (path in the file, message)."""
        out: list[tuple[tuple[Any, ...], str]] = []
        seen: dict[str, int] = {}
        for i, o in enumerate(self.objectives):
            if o.id in seen:
                out.append((("objectives", i, "id"), f"objective id {o.id!r} is used twice (first at objectives[{seen[o.id]}])"))
            seen.setdefault(o.id, i)
            if o.during is not None and o.during[1] > self.duration:
                out.append((("objectives", i, "during"),
                            f"the window ends at tick {o.during[1]}, after the scenario's duration ({self.duration})"))
            if o.by is not None and o.by > self.duration:
                out.append((("objectives", i, "by"), f"tick {o.by} is after the scenario's duration ({self.duration})"))
        names = ["kubetui", *(c.name for c in self.clusters)]
        for i, c in enumerate(self.clusters):
            if names.count(c.name) > 1:
                out.append((("clusters", i, "name"), f"cluster name {c.name!r} is used twice"))
        for i, o in enumerate(self.objectives):
            if o.cluster is not None and o.cluster not in names:
                out.append((("objectives", i, "cluster"),
                            f"no cluster {o.cluster!r} (the scenario has {', '.join(names)})"))
        for i, e in enumerate(self.timeline):
            if e.at + e.jitter > self.duration:
                out.append((("timeline", i, "at"), f"tick {e.at + e.jitter} is after the scenario's duration ({self.duration})"))
        if self.scoring.parTicks is not None and self.scoring.parTicks > self.duration:
            out.append((("scoring", "parTicks"), f"tick {self.scoring.parTicks} is after the scenario's duration ({self.duration})"))
        return out

    # -- what the engine and the runner read ------------------------------------------------

    @property
    def path(self) -> Path | None:
        """The file it was loaded from."""
        return self._path

    @property
    def pack(self) -> tuple[str, Text | None] | None:
        """An exercise's pack: its id and its title (None when the pack has no title)."""
        return self._pack

    @property
    def folder(self) -> Path:
        """Relative paths in the file (manifests, solution) are resolved against this folder."""
        return self._path.parent if self._path is not None else Path.cwd()

    @property
    def sha256(self) -> str | None:
        """Digest of the file's bytes, for the replay log's header."""
        return self._sha256

    @property
    def solution_is_inline(self) -> bool:
        return "\n" in self.solution

    def manifest_objects(self) -> list[dict]:
        """Every initial object, in order: files read (all their documents), `List`s unpacked."""
        out: list[dict] = []
        for m in self.manifests:
            if isinstance(m, ManifestFile):
                path = resolve_inside(self.folder, m.file)
                docs = [d for d, _ in yaml_documents(read_text(path), str(path)) if d is not None]
            else:
                docs = [copy.deepcopy(m)]
            for d in docs:
                if isinstance(d, dict) and d.get("kind") == "List":
                    out.extend(copy.deepcopy(x) for x in d.get("items") or [])
                else:
                    out.append(d)
        return out

    def solution_script(self):
        """The reference solution parsed: a `Script` (steps and the folder `-f` paths are relative to)."""
        from kubetui.scenario.script import Script, load_script, parse_script

        if self.solution_is_inline:
            source = str(self._path or "<scenario>")
            return Script(steps=parse_script(self.solution, source, line_offset=self._solution_line),
                          base=self.folder, source=source)
        return load_script(resolve_inside(self.folder, self.solution))

    def command_allowed(self, line: str) -> bool:
        """Whether the player may run `line` here (prefix match on words, flags ignored). The
        player's shell's own lines (`NS=shop`, `export`, `unset`) change nothing in a cluster and are
        always allowed; `k` is kubectl, as the alias every exam terminal has."""
        from kubetui.pipeline import for_loop, split_list
        from kubetui.shell import substitute

        loop = for_loop(line)
        if loop is not None:
            return self.command_allowed(loop[2])
        parts = split_list(line)
        if parts is not None:
            return all(self.command_allowed(part) for _, part in parts)
        try:
            words = command_words(substitute(line, lambda _: "x"))  # `NODE=$(kubectl get …)` is an assignment
        except ValueError:
            words = command_words(line)
        while words and re.match(r"^[A-Za-z_][A-Za-z0-9_]*=", words[0]):
            words = words[1:]
        if words[:2] == ["cat", "|"]:
            words = words[2:]  # `cat <<EOF | kubectl apply -f -` is the kubectl command's
        if not words or words[0] in ("export", "unset", "cat", "true", "false", ":", "alias", "complete"):
            return True
        if words[0] == "k":
            words = ["kubectl", *words[1:]]
        for prefix in self.allowedCommands:
            want = command_words(prefix)
            if want and words[: len(want)] == want:
                return True
        return False

    def timeline_ticks(self, seed: int = 0) -> list[int]:
        """The tick each timeline entry runs at in a run with `seed`: `at`, moved by up to `jitter`
        ticks by a generator of its own (the cluster's generator is not touched)."""
        drawn: dict[str, int] = {}
        out = []
        for i, e in enumerate(self.timeline):
            key = e.twist or f"#{i}"
            if key not in drawn:
                drawn[key] = random.Random(f"{self.id}/{key}/{seed}").randint(0, e.jitter) if e.jitter else 0
            out.append(e.at + min(drawn[key], e.jitter))
        return out

    def fresh_objectives(self) -> list:
        """The objectives with empty state, for one run."""
        return [o.fresh() for o in self.objectives]
