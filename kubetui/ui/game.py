"""One play session as the screens see it: the simulation, the scenario's objectives judged
every tick, what changed since the screens last looked, and samples for the charts.

Nothing here changes the cluster except `run(line)`, which goes through the session's door like
every other command. The store's change feed only tells us which rows to redraw, so a refresh
costs what changed, not the cluster's size.
"""

from __future__ import annotations

import gc
from collections import deque
from dataclasses import dataclass, field

from kubetui.engine.addons import ADDONS
from kubetui.model.kinds import KINDS
from kubetui.session import Session
from kubetui.shell import Finished, Result, Simulation, normalize

WORKLOAD_KINDS = ("Deployment", "ReplicaSet", "ReplicationController", "DaemonSet", "StatefulSet", "Job", "CronJob")
UNWATCHED_KINDS = ("Event", "Lease")
"""Written all the time and shown elsewhere (the Events pane) or not at all."""
WATCHED_KINDS = tuple(kind for kind in KINDS if kind not in UNWATCHED_KINDS)
HISTORY = 300
"""Samples kept per chart: five simulated minutes."""
SANDBOX_ADDONS = ADDONS
"""The free sandbox is a cluster as kubeadm makes it: CoreDNS and kube-proxy run in kube-system."""
FREEZE_PODS = 5000
"""From this many pods on, the objects that exist when the game starts are left out of Python's
cycle collector: they live as long as the game, and a full collection over a cluster of
30,000 pods stalls the screen for most of a second."""


@dataclass
class Changes:
    """Keys written since the screens last drained them, per kind."""

    keys: dict[str, dict[tuple[str, str], None]] = field(default_factory=dict)
    nodes: dict[str, None] = field(default_factory=dict)
    """Nodes whose pods or object changed (their bars need redrawing)."""
    structure: bool = True
    """An object appeared or went away (the namespace tree needs rebuilding)."""

    def mark(self, kind: str, key: tuple[str, str]) -> None:
        self.keys.setdefault(kind, {})[key] = None


class ClusterWatch:
    """Listens to the store's change feed and remembers what the screens must redraw, and the
    pod counts the panes show (kept up to date here so that no pane walks every pod)."""

    def __init__(self, sim):
        self.sim = sim
        self.changes = Changes()
        self.ready_pods = 0
        self._ready: dict[tuple[str, str], None] = {}
        self.pods_in: dict[str, int] = {}
        """Pods per namespace."""
        self.bare_pods: dict[str, dict[str, None]] = {}
        """Pods no controller owns, per namespace (the namespace tree lists them by name)."""
        self.tally_nodes: dict[str, None] = {}
        """Nodes whose pods or object changed since the charts last summed the nodes' requests."""
        self._listeners = {kind: self._listener(kind) for kind in WATCHED_KINDS}
        for kind, listener in self._listeners.items():
            sim.store.observe(kind, listener)
        self._follow_custom()
        for pod in sim.store.iter("Pod"):
            self._count_ready(pod, pod)
            self._count_pod(None, pod)

    def _listener(self, kind: str):
        def on_change(event: str, old: dict | None, new: dict | None) -> None:
            obj = new if new is not None else old
            m = obj["metadata"]
            self.changes.mark(kind, (m.get("namespace", ""), m["name"]))
            if old is None or new is None:
                self.changes.structure = True
            if kind == "Pod":
                for o in (old, new):
                    node = o and (o.get("spec") or {}).get("nodeName")
                    if node:
                        self.changes.nodes[node] = None
                        self.tally_nodes[node] = None
                self._count_ready(obj, new)
                self._count_pod(old, new)
            elif kind == "Node":
                self.changes.nodes[m["name"]] = None
                self.tally_nodes[m["name"]] = None
            elif kind == "CustomResourceDefinition":
                self._follow_custom()
        return on_change

    def _follow_custom(self) -> None:
        """Follow the custom kinds the cluster serves now (a CRD was added or changed)."""
        for kind in sorted(self.sim.store.kinds.custom):
            if kind not in self._listeners:
                self._listeners[kind] = self._listener(kind)
                self.sim.store.observe(kind, self._listeners[kind])

    def _count_ready(self, obj: dict, new: dict | None) -> None:
        key = (obj["metadata"].get("namespace", ""), obj["metadata"]["name"])
        ready = new is not None and any(c.get("type") == "Ready" and c.get("status") == "True"
                                        for c in (new.get("status") or {}).get("conditions") or ())
        if ready and key not in self._ready:
            self._ready[key] = None
            self.ready_pods += 1
        elif not ready and key in self._ready:
            del self._ready[key]
            self.ready_pods -= 1

    def _count_pod(self, old: dict | None, new: dict | None) -> None:
        m = (new or old)["metadata"]
        ns, name = m.get("namespace", ""), m["name"]
        if old is None or new is None:
            self.pods_in[ns] = self.pods_in.get(ns, 0) + (1 if old is None else -1)
        if new is not None and not _has_controller(new):
            self.bare_pods.setdefault(ns, {})[name] = None
        elif old is not None and ns in self.bare_pods:
            self.bare_pods[ns].pop(name, None)

    def detach(self) -> None:
        """Stop following the simulation (the game ended, or a replay moved to another copy)."""
        for kind, listener in self._listeners.items():
            self.sim.store.unobserve(kind, listener)

    def drain(self) -> Changes:
        out, self.changes = self.changes, Changes(structure=False)
        return out


def _node_tally(sim, name: str) -> tuple[int, int, int, int]:
    info = sim.allocated(name)
    if info is None:
        return (0, 0, 0, 0)
    return (info.requested_cpu, info.requested_memory, info.cpu, info.memory)


def _has_controller(obj: dict) -> bool:
    return any(ref.get("controller") for ref in obj["metadata"].get("ownerReferences") or ())


class Samples:
    """A small ring buffer per chart, one sample per tick."""

    def __init__(self, size: int = HISTORY):
        self.series: dict[str, deque[float]] = {}
        self.size = size

    def add(self, name: str, value: float) -> None:
        self.series.setdefault(name, deque(maxlen=self.size)).append(value)

    def get(self, name: str) -> list[float]:
        return list(self.series.get(name, ()))


class Game:
    """A simulation being played, as the screens see it: the session (the one driver loop that
    judges objectives and keeps the log), what changed since the screens last looked, and
    samples for the charts."""

    _tally: dict[str, tuple[int, int, int, int]] = {}
    """Per node: (requested CPU, requested memory, allocatable CPU, memory), as last summed."""
    _tally_watch: ClusterWatch | None = None
    """The change feed `_tally` follows (a new one, or another cluster's, means summing afresh)."""
    _totals: tuple[int, int, int, int] = (0, 0, 0, 0)

    def __init__(self, session: Session):
        self.session = session
        self.sim = session.sim
        self.scenario = session.scenario
        self.watch = ClusterWatch(self.sim)
        self.samples = Samples()
        self.new_events: list[dict] = []
        """Events created or bumped since the screens last drained them."""
        self.log_path = str(session.log.path) if session.log is not None else None
        """Where this run's event log is written (None when not recorded)."""
        self.sim.observers.append(self)
        self._sample()
        if self.sim.store.count("Pod") >= FREEZE_PODS:
            gc.freeze()

    @classmethod
    def begin(cls, scenario=None, *, seed: int = 0, nodes: int = 3, log_path: str | None = None,
              record: bool = True, lang: str = "en", cwd: str | None = None, clusters: int = 1) -> Game:
        """A new game of `scenario` (a sandbox of `nodes` workers when None, on `clusters`
        clusters), its run logged; the player's relative paths resolve against `cwd` (the folder
        kubetui was started in)."""
        def log(sim):
            return open_log(sim, scenario, seed, log_path, lang) if record else None

        if scenario is not None:
            return cls(Session.begin(scenario, seed, log=log, cwd=cwd))
        sim = Simulation(seed=seed, nodes=nodes, addons=SANDBOX_ADDONS)
        if clusters > 1:
            sim.add_sandbox_clusters(clusters, nodes)
        return cls(Session(sim, log=log(sim), cwd=cwd))

    # -- what the screens read -----------------------------------------------------------------
    @property
    def viewed(self):
        """The cluster the panes show: the one the kubeconfig's current context names (the
        scenario's first when it names no cluster of the scenario)."""
        sim = self.sim
        if not sim.members:
            return sim
        name = sim.kubeconfig.cluster()
        return sim.members.get(name, sim)

    def follow(self, cluster) -> None:
        """Watch `cluster` instead (the player switched context to another of the scenario's clusters)."""
        self.watch.detach()
        self.watch = ClusterWatch(cluster)

    @property
    def seed(self) -> int:
        return self.sim.seed

    @property
    def duration(self) -> int | None:
        return self.session.duration

    @property
    def statuses(self) -> list:
        return self.session.statuses

    @property
    def objectives(self) -> list:
        return self.session.objectives

    @property
    def solved_at(self) -> int | None:
        return self.session.solved_at

    @property
    def hints_used(self) -> int:
        return self.session.hints_used

    @property
    def finished(self) -> bool:
        return self.session.finished

    # -- simulation observer -------------------------------------------------------------------
    def on_command(self, record: dict) -> None:
        pass

    def on_tick(self, result) -> None:
        self.new_events.extend(result.events)

    # -- the clock -----------------------------------------------------------------------------
    def step(self, n: int = 1) -> int:
        """Advance up to `n` ticks (stopping at the scenario's end); returns ticks advanced."""
        done = 0
        for _ in range(max(0, n)):
            if not self.session.step(1):
                break
            done += 1
            self._sample()
        return done

    def _sample(self) -> None:
        sim = self.sim
        self.samples.add("ready", self.watch.ready_pods)
        self.samples.add("pending", sim.scheduler.pending())
        cpu, mem, cpu_alloc, mem_alloc = self._requests()
        self.samples.add("cpu", 100.0 * cpu / cpu_alloc if cpu_alloc else 0.0)
        self.samples.add("memory", 100.0 * mem / mem_alloc if mem_alloc else 0.0)
        figures = sim.figures() if self.scenario is not None else {}
        services, ingresses = figures.get("services") or {}, figures.get("ingresses") or {}
        if services or ingresses:
            offered = sum(s.get("offeredRps", 0.0) for s in (*services.values(), *ingresses.values()))
            served = sum(s.get("servedRps", 0.0) for s in services.values())
            served += sum(i.get("statusRps", {}).get("200", 0.0) for i in ingresses.values())
            self.samples.add("success", 100.0 * served / offered if offered else 100.0)

    def _requests(self) -> tuple[int, int, int, int]:
        """What the pods request of the nodes and what the nodes offer, summed: again only for
        the nodes the change feed names (summing 1,000 nodes every tick was most of a tick's
        sampling)."""
        sim, watch = self.sim, self.watch
        if self._tally_watch is not watch or watch.sim is not sim:
            watch.tally_nodes.clear()
            self._tally = {node["metadata"]["name"]: _node_tally(sim, node["metadata"]["name"])
                           for node in sim.store.iter("Node")}
            self._totals = tuple(sum(t[i] for t in self._tally.values()) for i in range(4))
            self._tally_watch = watch if watch.sim is sim else None
            return self._totals
        dirty, watch.tally_nodes = watch.tally_nodes, {}
        totals = list(self._totals)
        for name in dirty:
            before = self._tally.pop(name, (0, 0, 0, 0))
            now = _node_tally(sim, name) if sim.store.get("Node", None, name) is not None else (0, 0, 0, 0)
            if now != (0, 0, 0, 0):
                self._tally[name] = now
            for i in range(4):
                totals[i] += now[i] - before[i]
        self._totals = tuple(totals)
        return self._totals

    # -- commands ------------------------------------------------------------------------------
    def run(self, line: str, stdin: str | None = None):
        """Start a player's command line; `kubectl` may be left out (`get pods`).

        Returns the invocation: done at once for most commands; `rollout status`, `wait`,
        `get -w`, `logs -f` go on while the game runs (the door polls them every tick) until
        they end or the player cancels them.
        """
        line = normalize(line)
        if not line:
            return Finished(0, Result(0))
        return self.session.start(line, stdin=stdin)

    def finish(self) -> None:
        """The player ends the run now (through the door, recorded)."""
        self.session.finish()

    def hint(self) -> int | None:
        """Reveal the next hint (logged); its index, or None when none is left."""
        return self.session.hint()

    # -- the end -------------------------------------------------------------------------------
    def score(self, final: bool = False):
        """The score breakdown now (or final verdicts when `final`)."""
        return self.session.score(final)

    def projected_score(self):
        """The score the header shows: what the objectives pane's marks promise. An objective at
        risk (`!`, e.g. one judged at the end that does not hold right now) is not lost until
        the pane marks it failed, so the figure moves when a mark turns to ✖, not before."""
        from kubetui.scenario.scoring import score

        verdicts = [s.model_copy(update={"state": "passing"}) if s.state == "at-risk" else s for s in self.statuses]
        return score(self.scenario, verdicts, self.sim.figures(), solved_at=self.solved_at, end_tick=self.sim.tick,
                     hints_used=self.hints_used)

    def close(self, result: dict | None = None) -> None:
        """Stop listening; end the event log with `result` (passed and score) when there is one."""
        if self in self.sim.observers:
            self.sim.observers.remove(self)
        self.watch.detach()
        self.session.close(result)


def open_log(sim, scenario, seed: int, path: str | None, lang: str):
    """The run's event log, at `path` or the default place; None when it cannot be written."""
    from kubetui.replay import open_writer

    try:
        return open_writer(sim, path, scenario=scenario, seed=seed, lang=lang)
    except OSError:
        return None
