"""The engine: one simulated cluster, one clock, one seeded generator.

Every second of simulated time passes through `step()`. Within a tick the work happens in a
fixed order: timers (kubelets, node heartbeats, delayed queue keys), controllers, scheduler,
then what the command layer does at the end of a tick (`after_tick`: the commands due at that
tick, so the next tick's work sees them first). The same scenario, seed and commands give the
same state in any process.

The engine never runs a command line itself: `kubetui.shell.Simulation` (the one door) extends
this class with `run`, `start`, `cancel` and `schedule`, and dispatches to kubectl or `sim …`.
"""

from __future__ import annotations

import builtins
import copy
import gc
import heapq
import pickle
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from kubetui.engine import nodes as node_setup
from kubetui.engine.events import EmittedEvents, EventRecorder
from kubetui.engine.kubelet.images import ImageBehavior, Registry
from kubetui.engine.randomness import Stream
from kubetui.engine.store import Store
from kubetui.model.clock import timestamp
from kubetui.model.kinds import KindRegistry
from kubetui.model.labels import parse as parse_selector

if TYPE_CHECKING:
    from kubetui.engine.admission.resourcequota import QuotaLedger
    from kubetui.engine.controllers.manager import ControllerManager
    from kubetui.engine.figures import Meter
    from kubetui.engine.kubelet.agent import Kubelet
    from kubetui.engine.network.traffic import Network
    from kubetui.engine.scheduler import NodeInfo, Scheduler
    from kubetui.engine.user import UserInfo

SUFFIX_ALPHABET = "bcdfghjklmnpqrstvwxz2456789"
"""The alphabet of generated name suffixes (Kubernetes' rand.String avoids vowels and look-alikes)."""

CONTROL_PLANE_COMPONENTS = ("etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler")


@dataclass
class Result:
    """What a command printed and how it ended, exactly as the real tool would."""

    exit_code: int = 0
    stdout: str = ""
    stderr: str = ""


@dataclass
class TickResult:
    tick: int
    events: Sequence[dict] = field(default_factory=list)
    """Kubernetes Events created or bumped since the previous tick's result (those caused by
    commands typed in between included)."""
    commands: list[dict] = field(default_factory=list)
    """Commands run since the previous tick's result (from any source)."""


@dataclass(eq=False, slots=True)
class _Timer:
    tick: int
    seq: int
    fn: Callable
    args: tuple = ()


class Simulation:
    """A whole cluster: API objects, control plane, nodes and their kubelets."""

    _frozen_at = 0
    """The store revision at the last `gc.freeze` (see `_settle_collector`)."""

    def __new__(cls, *args, **kwargs) -> Simulation:
        global _made
        _made += 1  # copies too: pickle makes them with `__new__` (see `_settle_collector`)
        return super().__new__(cls)

    def __init__(self, seed: int = 0, nodes: int | list[dict] = 3, *, control_plane: bool = True,
                 node_pools: list[dict] | None = None, images: dict[str, ImageBehavior] | None = None,
                 addons: list[str] | tuple[str, ...] = ()):
        self.seed = seed
        self.addons: tuple[str, ...] = tuple(addons)
        """kubeadm's add-ons this cluster runs in kube-system (engine/addons.py); none by default."""
        self.rng = Stream(seed)
        self.tick = 0
        self._timers: dict[int, deque[_Timer]] = {}
        """tick -> its timers, made first first (`at` only ever adds to a later tick, so a queue
        per tick is already in the heap's order, and the heap holds one entry per tick)."""
        self._timer_ticks: list[int] = []
        """The ticks of `_timers`, a heap."""
        self._timer_seq = 0
        self.components: dict[str, bool] = {c: True for c in CONTROL_PLANE_COMPONENTS}
        """Control-plane components and whether each is running (`sim stop scheduler`)."""
        self.node_pools: dict[str, dict] = {}
        """Node pools the cluster autoscaler may grow and shrink, by name."""
        self.booting: dict[str, dict] = {}
        """VMs still booting: name -> {spec, since, ready} (a Node appears when they are up)."""
        self.node_index = -1
        self.observers: list = []
        """Objects told of every tick (`on_tick(result)`) and, by the command layer, of every
        command (`on_command(record)`): the event-log writer, the UI. They read; they never
        change the simulation."""

        from kubetui.engine import admission
        from kubetui.engine.admission.resourcequota import QuotaLedger
        from kubetui.engine.controllers.manager import ControllerManager
        from kubetui.engine.figures import Meter
        from kubetui.engine.kubelet.agent import Kubelet
        from kubetui.engine.network.traffic import Network
        from kubetui.engine.scheduler import Scheduler

        # Built in this order on purpose: each part watches the store as it is built, and
        # watchers are told of a change in the order they registered.
        self.store: Store = Store(self)
        """The API server and etcd: objects, admission, resourceVersions, the watch feed."""
        self.recorder: EventRecorder = EventRecorder(self)
        """Events, as kubelets and controllers record them."""
        self.registry: Registry = Registry(images)
        """The container registry: which images exist and how the app in each behaves."""
        self.quota: QuotaLedger = QuotaLedger(self)
        """What each namespace uses against its ResourceQuotas (admission and the controller share it)."""
        self.network: Network = Network(self)
        """Service addresses, DNS, NetworkPolicy and the traffic Services serve."""
        self.store.admission = admission.chain(self)
        self.kubelet: Kubelet = Kubelet(self)
        """The kubelet of every node, with its volume, eviction and image managers."""
        self.controllers: ControllerManager = ControllerManager(self)
        """kube-controller-manager: each controller by name, iterated in run order."""
        self.scheduler: Scheduler = Scheduler(self)
        """kube-scheduler."""
        self.meter: Meter = Meter(self)
        """What the cluster costs, VM boot and pod start times."""
        with self.store.writing("kube-apiserver"):  # the API server makes its own objects at start-up
            node_setup.bootstrap(self, nodes, control_plane=control_plane, node_pools=node_pools or [])
        if self.addons:
            from kubetui.engine import addons as kubeadm_addons

            kubeadm_addons.install(self, self.addons)
        self.recorder.emitted.clear()
        self._settle_collector()

    # -- the clock ---------------------------------------------------------------------------
    def at(self, tick: int, fn: Callable, *args) -> None:
        """Call `fn(*args)` in the timer phase of `tick` (or of the next tick if that is past)."""
        self._timer_seq += 1
        if tick <= self.tick:
            tick = self.tick + 1
        due = self._timers.get(tick)
        if due is None:
            due = self._timers[tick] = deque()
            heapq.heappush(self._timer_ticks, tick)
        due.append(_Timer(tick, self._timer_seq, fn, args))

    def after(self, seconds: int, fn: Callable, *args) -> None:
        """`at(tick + seconds)` (at least the next tick), written out: the kubelet sets one a pod a step."""
        self._timer_seq += 1
        tick = self.tick + (seconds if seconds > 1 else 1)
        due = self._timers.get(tick)
        if due is None:
            due = self._timers[tick] = deque()
            heapq.heappush(self._timer_ticks, tick)
        due.append(_Timer(tick, self._timer_seq, fn, args))

    def random_suffix(self, n: int = 5) -> str:
        return self.rng.suffix(SUFFIX_ALPHABET, n)

    def step(self, n: int = 1) -> TickResult:
        """Advance `n` ticks; returns the last tick's result."""
        result = TickResult(self.tick)
        for _ in range(max(0, n)):
            was = gc.isenabled()  # `paused_gc`, written out: a quiet tick is a few dozen microseconds
            gc.disable()
            try:
                self.advance()
                self._settle_collector()
            finally:
                if was:
                    gc.enable()
            self.after_tick()
            result = self.report()
            for observer in self.observers:
                observer.on_tick(result)
        return result

    def advance(self) -> None:
        """The engine's work of one tick: timers, controllers, scheduler, Event expiry."""
        self.tick += 1
        store = self.store
        try:
            ticks = self._timer_ticks
            while ticks and ticks[0] <= self.tick:
                due = self._timers[ticks[0]]
                pop = due.popleft
                while due:
                    timer = pop()  # dropped once run (a timer that raises is gone too; the rest wait)
                    store.writer = writer_of(timer.fn)
                    timer.fn(*timer.args)
                del self._timers[heapq.heappop(ticks)]
            if self.components["kube-controller-manager"]:
                store.writer = "kube-controller-manager"
                self.controllers.run()
            if self.components["kube-scheduler"]:
                store.writer = "kube-scheduler"
                self.scheduler.run()
        finally:
            store.writer = None
        self.recorder.expire()

    def _settle_collector(self) -> None:
        """After a burst of writes (a cluster built, thousands of pods made), move what lives
        on out of the cycle collector's sight (`gc.freeze`): otherwise every full collection walks
        the whole cluster again. Reference counting still frees what is dropped later. Before
        this simulation's first freeze a full collection makes sure no garbage (another, dropped
        simulation's cycles) is frozen for good, when another simulation was ever made in this
        process (copies included; else the interpreter's own objects, tens of thousands, are not
        worth walking, and the young generations are). Later freezes do not collect first: a cycle
        that dies after a freeze stays frozen too, so walking one burst's objects (tenths of a
        second a busy tick at 30,000 pods; it found none in any measured burst) guards only against
        a cycle born and dropped within that burst."""
        if self.store.revision - self._frozen_at >= FREEZE_AFTER_WRITES:
            if self._frozen_at == 0:
                gc.collect(2 if _made > 1 else 1)
            self._frozen_at = self.store.revision
            gc.freeze()

    def after_tick(self) -> None:
        """What the command layer does once a tick's engine work is done (nothing here; the
        shell runs the commands due at this tick and polls the ones still waiting)."""

    def report(self) -> TickResult:
        """This tick's result: the Events created or bumped since the previous one."""
        result = TickResult(self.tick, self.recorder.emitted)
        self.recorder.emitted = EmittedEvents()
        return result

    # -- reading -----------------------------------------------------------------------------
    def get(self, kind: str, name: str, namespace: str | None = "default", *, copied: bool = True) -> dict | None:
        """The object, a copy the caller may change (`copied=False`: the stored one, to read only)."""
        kind = _kind_name(self.store.kinds, kind)
        obj = self.store.get(kind, namespace, name)
        return copy.deepcopy(obj) if obj is not None and copied else obj

    def list(self, kind: str, namespace: str | None = None, labels: str | None = None, *,
             copied: bool = True) -> list[dict]:
        """Objects of a kind, copies the caller may change (`copied=False`: the stored ones, to read only)."""
        kind = _kind_name(self.store.kinds, kind)
        objs = self.store.list(kind, namespace, parse_selector(labels) if labels else None)
        return copy.deepcopy(objs) if copied else objs

    def events(self) -> builtins.list[dict]:
        """Every Event still kept, oldest first."""
        evs = list(self.store.iter("Event"))
        evs.sort(key=lambda e: (e["firstTimestamp"], int(e["metadata"]["resourceVersion"])))
        return copy.deepcopy(evs)

    def dump(self) -> dict:
        """The whole cluster but its Events as one Kubernetes `List` (`--dump`)."""
        items = [obj for kind in self.store.kinds if kind != "Event" for obj in self.list(kind)]
        return {"apiVersion": "v1", "kind": "List", "items": items, "metadata": {"resourceVersion": ""}}

    def allocated(self, node: str) -> NodeInfo | None:
        """The scheduler's tally for `node`: allocatable CPU, memory and pods, and what its pods request."""
        return self.scheduler.nodes.get(node)

    def machines(self) -> builtins.list[str]:
        """Names of the machines that have a kubelet (what `sim fail-node` and friends accept)."""
        return sorted(self.kubelet.agents)

    def checksum(self) -> str:
        """A hash of the whole state: objects, clock, generator, pending timers and commands."""
        import hashlib

        h = hashlib.blake2b(digest_size=16)
        h.update(self.store.checksum().encode())
        h.update(repr((self.tick, self.rng.getstate(), self.components, self.waiting_commands())).encode())
        h.update(repr([(t.tick, t.seq, getattr(t.fn, "__qualname__", ""), _stable(t.args))
                       for tick in sorted(self._timers) for t in self._timers[tick]]).encode())
        h.update(self.kubelet.state_digest().encode())
        h.update(self.network.state_digest().encode())
        return h.hexdigest()

    def waiting_commands(self) -> builtins.list[int]:
        """Command numbers still waiting in the command layer (part of the state a checksum covers)."""
        return []

    def figures(self) -> dict:
        """Engine figures that objectives, the UI and `--json` read (cost, services, data)."""
        from kubetui.engine import figures

        return figures.collect(self)

    def now(self) -> str:
        return timestamp(self.tick)

    def kubectl_in_pod(self, args: builtins.list[str], stdin: str, fs) -> tuple[str, str, int]:
        """kubectl run by a program inside a container whose image ships it: (stdout, stderr, exit
        code). The command layer provides it (the engine never runs kubectl); `fs` is the
        container's filesystem, with the token the request is authenticated by."""
        return "", "sh: kubectl: not found\n", 127

    def authenticate(self, token: str) -> UserInfo | None:
        """The ServiceAccount a bearer token of this cluster stands for now (None: nobody): what a
        program inside a pod, holding its mounted token, is to the API server."""
        from kubetui.engine.authentication import service_account_user

        return service_account_user(self, token)

    def api_available(self) -> bool:
        return self.components["kube-apiserver"] and self.components["etcd"]

    # -- copies ------------------------------------------------------------------------------
    def __getstate__(self) -> dict:
        """What a copy takes: everything but the observers. They read this simulation (a
        screen, an event log); a copy must never reach them."""
        return {**vars(self), "observers": []}

    def snapshot(self) -> bytes:
        """The whole simulation as bytes (plain `pickle`), observers left out. Raises when some
        state cannot be copied (a command still waiting in the background)."""
        with paused_gc():
            return pickle.dumps(self, protocol=pickle.HIGHEST_PROTOCOL)

    @staticmethod
    def restore(data: bytes) -> Simulation:
        """The simulation a `snapshot` was taken of, as it was then, with no observers."""
        with paused_gc():
            return pickle.loads(data)

    def fork(self) -> Simulation:
        """An independent copy that runs on its own (a look-ahead objective's future)."""
        return self.restore(self.snapshot())


FREEZE_AFTER_WRITES = 5000
"""How many store writes since the last `gc.freeze` make the next one worth it."""
_made = 0
"""Simulations made in this process so far (copies included)."""
@contextmanager
def paused_gc() -> Iterator[None]:
    """A cluster is millions of small objects: collecting cycles while they are copied triples the
    cost. A tick runs paused too: its objects are kept or freed by reference counting, and the
    collector, run every 700 allocations, would walk the whole young cluster again and again
    (2 s of 14 at 30,000 pods); `_settle_collector` collects once after a busy tick instead."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _stable(value):
    """A value's state for the checksum, without anything that varies between processes
    (objects' reprs carry their memory addresses)."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, (tuple, list)):
        return tuple(_stable(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((str(k), _stable(v)) for k, v in value.items()))
    return type(value).__name__


WRITERS = (("kubetui.engine.kubelet", "kubelet"), ("kubetui.engine.nodes", "kubelet"),
           ("kubetui.engine.controllers", "kube-controller-manager"), ("kubetui.engine.scheduler", "kube-scheduler"))
"""The field manager of the component whose code a timer runs (module prefix -> manager)."""


def writer_of(fn: Callable) -> str | None:
    module = getattr(fn, "__module__", None) or ""
    try:
        return _WRITER_OF_MODULE[module]
    except KeyError:
        manager = _WRITER_OF_MODULE[module] = next((m for prefix, m in WRITERS if module.startswith(prefix)), None)
        return manager


_WRITER_OF_MODULE: dict[str, str | None] = {}
"""module -> its field manager (`writer_of` runs for every timer, a few modules run them all)."""


def _kind_name(kinds: KindRegistry, kind: str) -> str:
    if kind in kinds:
        return kind
    k = kinds.resolve(kind)
    if k is None:
        raise KeyError(f'the server doesn\'t have a resource type "{kind}"')
    return k.kind
