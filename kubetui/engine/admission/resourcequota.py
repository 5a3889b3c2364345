"""ResourceQuota: what each namespace uses, and the admission check that keeps it under `hard`.

The ledger keeps every object's contribution (a pod's requests and limits, a claim's storage,
one per object for the counts) and each namespace's totals, updated from the change feed, so
admission compares `used + requested` with `hard` without summing pods, and the quota
controller writes `status.used` from the same totals. As in Kubernetes, finished pods
(Succeeded/Failed) stop counting for compute resources and `pods`; a terminating pod stops
counting once its grace period has passed a second time (a pod stuck on a lost node must not
block its replacement); `count/pods` counts every pod that exists.

A quota with `scopes` or a `scopeSelector` counts only the pods that match them (Terminating,
NotTerminating, BestEffort, NotBestEffort, PriorityClass, CrossNamespacePodAffinity) and no
other kind. The ledger also keeps pod totals per scope class (whether a pod has a deadline,
is BestEffort, its priority class, cross-namespace affinity), so a scoped quota's usage is a
sum over a handful of classes, never over pods.

The ledger keeps books only for namespaces that have (or had) a ResourceQuota: the first quota
of a namespace opens its books from the objects already there, and from then on the change feed
keeps them. A pod's status-only write (its kubelet reporting) is skipped unless the pod finished
(or is being deleted).
"""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction
from typing import TYPE_CHECKING

from kubetui.model import errors
from kubetui.model.clock import tick_of
from kubetui.model.kinds import KINDS
from kubetui.model.podresources import pod_totals
from kubetui.model.qos import qos_class
from kubetui.model.quantity import parse_quantity

if TYPE_CHECKING:
    from kubetui.engine.simulation import Simulation

COMPUTE = ("cpu", "memory", "requests.cpu", "requests.memory", "limits.cpu", "limits.memory",
           "ephemeral-storage", "requests.ephemeral-storage", "limits.ephemeral-storage")
"""Pod resources a quota can track besides counts."""
MUST_SPECIFY = ("cpu", "limits.cpu", "limits.memory", "memory", "requests.cpu", "requests.memory")
"""Tracked in a quota, these must be set on every container (Kubernetes' backward-compatible rule)."""
LEGACY_COUNTS = {"Pod": "pods", "Service": "services", "ConfigMap": "configmaps", "Secret": "secrets",
                 "PersistentVolumeClaim": "persistentvolumeclaims",
                 "ReplicationController": "replicationcontrollers", "ResourceQuota": "resourcequotas"}
STORAGE_CLASS_SUFFIX = ".storageclass.storage.k8s.io/"

COUNTED_BY_CONTENT = ("Pod", "Service", "PersistentVolumeClaim")
FINISHED = ("Succeeded", "Failed")
"""Kinds whose usage depends on what they hold, not only on their being there."""

_DECIMAL = [(10**18, "E"), (10**15, "P"), (10**12, "T"), (10**9, "G"), (10**6, "M"), (10**3, "k")]
_BINARY = [(2**60, "Ei"), (2**50, "Pi"), (2**40, "Ti"), (2**30, "Gi"), (2**20, "Mi"), (2**10, "Ki")]


def canonical(value: Fraction | int, binary: bool = False) -> str:
    """A quantity as Kubernetes prints it (`1500m`, `2`, `512Mi`, `1G`)."""
    value = Fraction(value)
    if value == 0:
        return "0"
    sign = "-" if value < 0 else ""
    value = abs(value)
    if value.denominator == 1:
        n = value.numerator
        if binary and n >= 1024:
            for size, suffix in _BINARY:
                if n % size == 0:
                    return f"{sign}{n // size}{suffix}"
            return f"{sign}{n}"
        for size, suffix in _DECIMAL:
            if n % size == 0:
                return f"{sign}{n // size}{suffix}"
        return f"{sign}{n}"
    for scale, suffix in ((10**3, "m"), (10**6, "u"), (10**9, "n")):
        scaled = value * scale
        if scaled.denominator == 1:
            return f"{sign}{scaled.numerator}{suffix}"
    return f"{sign}{-(-value.numerator * 10**9 // value.denominator)}n"


def is_binary(text) -> bool:
    return isinstance(text, str) and "i" in text


def show(value: Fraction, like) -> str:
    """`value` formatted the way `like` (a quantity as a user wrote it) is."""
    return canonical(value, is_binary(like))


def scope_class(pod: dict) -> tuple[bool, bool, str, bool]:
    """What scoped quotas look at in a pod: (has a deadline, BestEffort, priority class, cross-namespace affinity)."""
    spec = pod.get("spec") or {}
    return (_has_deadline(spec), qos_class(spec) == "BestEffort", spec.get("priorityClassName") or "",
            _cross_namespace_affinity(spec))


def _has_deadline(spec: dict) -> bool:
    deadline = spec.get("activeDeadlineSeconds")
    return deadline is not None and deadline >= 0


def _cross_namespace_affinity(spec: dict) -> bool:
    affinity = spec.get("affinity") or {}
    for kind in ("podAffinity", "podAntiAffinity"):
        terms = affinity.get(kind) or {}
        for term in (*(terms.get("requiredDuringSchedulingIgnoredDuringExecution") or ()),
                     *((t.get("podAffinityTerm") or {}) for t in
                       terms.get("preferredDuringSchedulingIgnoredDuringExecution") or ())):
            if term.get("namespaces") or term.get("namespaceSelector") is not None:
                return True
    return False


def scope_selectors(quota: dict) -> list[dict]:
    """`spec.scopes` and `spec.scopeSelector` as one list of requirements, as Kubernetes merges them."""
    spec = quota.get("spec") or {}
    out = [{"scopeName": s, "operator": "Exists"} for s in spec.get("scopes") or ()]
    out.extend((spec.get("scopeSelector") or {}).get("matchExpressions") or ())
    return out


def class_matches(selectors: list[dict], cls: tuple[bool, bool, str, bool]) -> bool:
    terminating, best_effort, priority, cross = cls
    for req in selectors:
        name, op = req.get("scopeName", ""), req.get("operator", "")
        if name == "PriorityClass":
            values = req.get("values") or ()
            ok = {"Exists": priority != "", "DoesNotExist": priority == "", "In": priority != "" and priority in values,
                  "NotIn": priority == "" or priority not in values}.get(op, False)
        else:
            ok = {"Terminating": terminating, "NotTerminating": not terminating, "BestEffort": best_effort,
                  "NotBestEffort": not best_effort, "CrossNamespacePodAffinity": cross}.get(name, False)
        if not ok:
            return False
    return True


def pod_counts(pod: dict, now: int) -> bool:
    """Whether a pod still counts for `pods` and compute resources (Kubernetes' QuotaV1Pod)."""
    if pod.get("status", {}).get("phase") in ("Succeeded", "Failed"):
        return False
    deletion = tick_of(pod["metadata"].get("deletionTimestamp"))
    grace = pod["metadata"].get("deletionGracePeriodSeconds")
    return deletion is None or grace is None or now <= deletion + grace


def _sum_containers(spec: dict, field: str) -> dict[str, Fraction]:
    """Pod-level requests or limits: containers and sidecars summed, each init container a floor."""
    out = pod_totals(spec, field)
    for name, value in (spec.get("overhead") or {}).items():
        if name in out:
            out[name] += parse_quantity(value)
    return out


def usage(obj: dict, now: int) -> dict[str, Fraction]:
    """What one object adds to its namespace's usage, by quota resource name."""
    kind = obj["kind"]
    k = KINDS[kind]
    out: dict[str, Fraction] = {f"count/{k.resource}": Fraction(1)}
    legacy = LEGACY_COUNTS.get(kind)
    if kind == "Pod":
        if not pod_counts(obj, now):
            return out
        out["pods"] = Fraction(1)
        spec = obj.get("spec") or {}
        for name, value in _sum_containers(spec, "requests").items():
            if name in ("cpu", "memory", "ephemeral-storage"):
                out[f"requests.{name}"] = value
                out[name] = value
        for name, value in _sum_containers(spec, "limits").items():
            if name in ("cpu", "memory", "ephemeral-storage"):
                out[f"limits.{name}"] = value
        return out
    if legacy:
        out[legacy] = Fraction(1)
    if kind == "Service":
        spec = obj.get("spec") or {}
        if spec.get("type") in ("NodePort", "LoadBalancer"):
            out["services.nodeports"] = Fraction(len(spec.get("ports") or ()))
        if spec.get("type") == "LoadBalancer":
            out["services.loadbalancers"] = Fraction(1)
    elif kind == "PersistentVolumeClaim":
        spec = obj.get("spec") or {}
        storage = ((spec.get("resources") or {}).get("requests") or {}).get("storage")
        if storage is not None:
            out["requests.storage"] = parse_quantity(storage)
        sc = spec.get("storageClassName")
        if sc:
            out[f"{sc}{STORAGE_CLASS_SUFFIX}persistentvolumeclaims"] = Fraction(1)
            if storage is not None:
                out[f"{sc}{STORAGE_CLASS_SUFFIX}requests.storage"] = parse_quantity(storage)
    return out


class QuotaLedger:
    """Per-namespace usage totals, kept current from the change feed of every namespaced kind."""

    def __init__(self, sim: Simulation):
        self.sim = sim
        self._by_object: dict[tuple[str, str, str], dict[str, Fraction]] = {}
        self._class_of: dict[tuple[str, str, str], tuple] = {}
        self.totals: dict[str, dict[str, Fraction]] = {}
        """namespace -> resource -> amount in use."""
        self.pod_classes: dict[str, dict[tuple, dict[str, Fraction]]] = {}
        """namespace -> pod scope class -> resource -> amount the pods of that class use."""
        self.listeners: list[Callable[[str, set[str]], None]] = []
        """Called as `listener(namespace, changed resources)` (the quota controller)."""
        self.tracked: dict[str, None] = {}
        """Namespaces whose books are kept: those where a ResourceQuota was ever created."""
        for kind, k in KINDS.items():
            if k.namespaced and kind != "Event":
                sim.store.watch(kind, self._on_change, metadata_only=kind not in COUNTED_BY_CONTENT)

    def used(self, namespace: str) -> dict[str, Fraction]:
        return self.totals.get(namespace, {})

    def used_by(self, quota: dict) -> dict[str, Fraction]:
        """What counts against this quota: the namespace's totals, or the matching pods' for a scoped one."""
        namespace = quota["metadata"].get("namespace") or "default"
        selectors = scope_selectors(quota)
        if not selectors:
            return self.used(namespace)
        out: dict[str, Fraction] = {}
        for cls, amounts in self.pod_classes.get(namespace, {}).items():
            if class_matches(selectors, cls):
                for name, value in amounts.items():
                    out[name] = out.get(name, Fraction(0)) + value
        return out

    def _on_change(self, event: str, old: dict | None, new: dict | None) -> None:
        if not self.tracked and old is not None and new is not None and old["metadata"] is new["metadata"] \
                and new["kind"] != "ResourceQuota":
            return  # no books kept, and a write that keeps the metadata starts no deletion's recount
        obj = new or old
        assert obj is not None
        if old is not None and new is not None and obj["kind"] not in COUNTED_BY_CONTENT:
            return  # only existence counts for this kind (a Lease renewed, a Deployment's status)
        meta = obj["metadata"]
        key3 = (obj["kind"], meta.get("namespace", ""), meta["name"])
        if new is not None and obj["kind"] == "Pod" and meta.get("deletionTimestamp") \
                and (old is None or not old["metadata"].get("deletionTimestamp")):
            grace = meta.get("deletionGracePeriodSeconds")
            if grace is not None:
                self.sim.at(tick_of(meta["deletionTimestamp"]) + grace + 1, self._recount, key3, meta["uid"])
        if key3[1] not in self.tracked:
            if new is not None and obj["kind"] == "ResourceQuota":
                self._open_books(key3[1])
            return
        if old is not None and new is not None and obj["kind"] == "Pod" and old["spec"] is new["spec"] \
                and not meta.get("deletionTimestamp") and not old["metadata"].get("deletionTimestamp") \
                and (old.get("status", {}).get("phase") in FINISHED) == (new.get("status", {}).get("phase") in FINISHED):
            return  # a status report that leaves the pod counting as it did
        cls = None
        if new is not None and obj["kind"] == "Pod":
            known = self._class_of.get(key3) if old is not None else None
            if known is None:
                cls = scope_class(new)
            else:  # QoS, priority class and affinity are immutable; only the deadline may change
                cls = (_has_deadline(new.get("spec") or {}), *known[1:])
        self._set(key3, usage(new, self.sim.tick) if new is not None else {}, cls)

    def _open_books(self, namespace: str) -> None:
        """Start keeping `namespace`'s usage: count every object already in it."""
        self.tracked[namespace] = None
        store = self.sim.store
        for kind, k in KINDS.items():
            if k.namespaced and kind != "Event":
                for obj in list(store.iter(kind, namespace)):
                    key3 = (kind, namespace, obj["metadata"]["name"])
                    self._set(key3, usage(obj, self.sim.tick), scope_class(obj) if kind == "Pod" else None)

    def _recount(self, key3: tuple[str, str, str], uid: str) -> None:
        if key3[1] not in self.tracked:
            return
        obj = self.sim.store.get(*key3)
        if obj is not None and obj["metadata"]["uid"] == uid:
            self._set(key3, usage(obj, self.sim.tick), scope_class(obj) if obj["kind"] == "Pod" else None)

    def _set(self, key3: tuple[str, str, str], now: dict[str, Fraction], cls: tuple | None = None) -> None:
        before = self._by_object.get(key3, {})
        old_cls = self._class_of.get(key3)
        if before == now and old_cls == cls:
            return
        if now:
            self._by_object[key3] = now
        else:
            self._by_object.pop(key3, None)
        if cls is not None and now:
            self._class_of[key3] = cls
        else:
            self._class_of.pop(key3, None)
        classes = self.pod_classes.setdefault(key3[1], {})
        if old_cls is not None:
            bucket = classes[old_cls]
            for name, value in before.items():
                bucket[name] -= value
        if cls is not None and now:
            bucket = classes.setdefault(cls, {})
            for name, value in now.items():
                bucket[name] = bucket.get(name, Fraction(0)) + value
        totals = self.totals.setdefault(key3[1], {})
        changed: set[str] = set()
        for name, value in before.items():
            totals[name] = totals.get(name, Fraction(0)) - value
            changed.add(name)
        for name, value in now.items():
            totals[name] = totals.get(name, Fraction(0)) + value
            changed.add(name)
        changed = {n for n in changed if before.get(n) != now.get(n)}
        if changed:
            for listener in self.listeners:
                listener(key3[1], changed)


def _pretty(values: dict[str, str]) -> str:
    return ",".join(f"{k}={values[k]}" for k in sorted(values))


def _missing(spec: dict, required: list[str]) -> str | None:
    """`limits.cpu for: web; limits.memory for: web`, or None when every container sets them."""
    missing: dict[str, list[str]] = {}
    for c in (*(spec.get("containers") or ()), *(spec.get("initContainers") or ())):
        res = c.get("resources") or {}
        has: set[str] = set()
        for name in (res.get("requests") or {}):
            if name in ("cpu", "memory"):
                has.update((name, f"requests.{name}"))
        for name in (res.get("limits") or {}):
            if name in ("cpu", "memory"):
                has.add(f"limits.{name}")
        for r in required:
            if r not in has:
                missing.setdefault(r, []).append(c.get("name", ""))
    if not missing:
        return None
    return "; ".join(f"{r} for: {','.join(sorted(set(missing[r])))}" for r in sorted(missing))


class ResourceQuotaAdmission:
    """The ResourceQuota admission plugin (last in the chain): refuses what would exceed `hard`."""

    def __init__(self, sim: Simulation, ledger: QuotaLedger):
        self.sim = sim
        self.ledger = ledger

    def admit(self, op: str, obj: dict, old: dict | None) -> dict:
        kind = obj["kind"]
        if op != "CREATE" or kind == "Event" or kind not in KINDS or not KINDS[kind].namespaced:
            return obj
        ns = obj["metadata"].get("namespace") or "default"
        store = self.sim.store
        if not store.exists("ResourceQuota", ns):
            return obj
        quotas = store.list("ResourceQuota", ns)
        if not quotas:
            return obj
        name = obj["metadata"]["name"]
        resource = KINDS[kind].resource
        delta = usage(obj, self.sim.tick)
        relevant = []
        cls = None
        for q in quotas:
            selectors = scope_selectors(q)
            if selectors:
                if kind != "Pod":
                    continue
                cls = cls or scope_class(obj)
                if not class_matches(selectors, cls):
                    continue
            hard = (q.get("spec") or {}).get("hard") or {}
            matching = [r for r in hard if r in delta or (kind == "Pod" and r in COMPUTE)]
            if matching:
                relevant.append((q, hard, matching))
        if kind == "Pod":
            for q, _hard, matching in relevant:
                required = sorted(r for r in matching if r in MUST_SPECIFY)
                detail = _missing(obj.get("spec") or {}, required) if required else None
                if detail:
                    raise errors.forbidden(resource, name,
                                           f"failed quota: {q['metadata']['name']}: must specify {detail}")
        for q, hard, matching in relevant:
            used = self.ledger.used_by(q)
            requested = [r for r in matching if r in delta]
            exceeded = sorted(r for r in requested
                              if used.get(r, Fraction(0)) + delta[r] > parse_quantity(hard[r]))
            if exceeded:
                req = {r: show(delta[r], _wrote(obj, r) or hard[r]) for r in exceeded}
                use = {r: show(used.get(r, Fraction(0)), hard[r]) for r in exceeded}
                lim = {r: show(parse_quantity(hard[r]), hard[r]) for r in exceeded}
                raise errors.forbidden(resource, name,
                                       f"exceeded quota: {q['metadata']['name']}, requested: {_pretty(req)}, "
                                       f"used: {_pretty(use)}, limited: {_pretty(lim)}")
        return obj


def _wrote(obj: dict, resource: str):
    """The quantity text the object itself uses for `resource` (so 512Mi prints as 512Mi)."""
    if obj["kind"] == "Pod":
        field, _, name = resource.rpartition(".")
        field = {"limits": "limits"}.get(field, "requests")
        for c in (obj.get("spec") or {}).get("containers") or ():
            value = ((c.get("resources") or {}).get(field) or {}).get(name)
            if value is not None:
                return value
    if obj["kind"] == "PersistentVolumeClaim" and resource.endswith("requests.storage"):
        return ((obj.get("spec") or {}).get("resources") or {}).get("requests", {}).get("storage")
    return None
