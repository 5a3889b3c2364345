"""The Priority admission plugin and the API server's built-in PriorityClasses.

A new pod's `priorityClassName` (or, when it names none, the class marked `globalDefault`)
becomes its `spec.priority` and `spec.preemptionPolicy`; a pod that names an unknown class,
or states a priority the class does not give, is refused. Only one class may be the global
default, and the two `system-` classes can be neither changed nor deleted.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from kubetui.model import errors
from kubetui.model.validation import SYSTEM_PRIORITY_CLASSES

if TYPE_CHECKING:
    from kubetui.engine.store import Store

RESOURCE = "priorityclasses.scheduling.k8s.io"


def system_classes() -> list[dict]:
    """The classes the API server creates at start-up, in its order."""
    return [{"apiVersion": "scheduling.k8s.io/v1", "kind": "PriorityClass", "metadata": {"name": name},
             "value": value, "description": description, "preemptionPolicy": "PreemptLowerPriority"}
            for name, (value, description) in SYSTEM_PRIORITY_CLASSES.items()]


def global_default(store: Store) -> dict | None:
    """The class marked globalDefault (the lowest value, should there ever be several)."""
    found = [pc for pc in store.iter("PriorityClass") if pc.get("globalDefault")]
    return min(found, key=lambda pc: (pc.get("value", 0), pc["metadata"]["name"])) if found else None


def admit(store: Store, op: str, obj: dict, old: dict | None) -> dict:
    kind = obj["kind"]
    if kind == "Pod":
        return _admit_pod(store, op, obj, old)
    if kind == "PriorityClass":
        _admit_class(store, op, obj, old)
    return obj


class Priority:
    """`admit` bound to its store, with the globalDefault class kept between pods and looked up
    again after any PriorityClass write (a cold start admits thousands of pods naming no class)."""

    def __init__(self, store: Store):
        self.store = store
        self._default: tuple[dict | None] | None = None
        store.watch("PriorityClass", self._on_class)

    def _on_class(self, event: str, old: dict | None, new: dict | None) -> None:
        self._default = None

    def default_class(self) -> dict | None:
        if self._default is None:
            self._default = (global_default(self.store),)
        return self._default[0]

    def admit(self, op: str, obj: dict, old: dict | None) -> dict:
        kind = obj["kind"]
        if kind == "Pod":
            return _admit_pod(self.store, op, obj, old, self.default_class)
        if kind == "PriorityClass":
            _admit_class(self.store, op, obj, old)
        return obj


def _name(meta: dict) -> str:
    """The name admission errors carry: the API server generates names after admission, so a
    pod made from `generateName` is still known by that prefix."""
    prefix = meta.get("generateName")
    if prefix and meta["name"].startswith(prefix) and len(meta["name"]) == len(prefix) + 5:
        return prefix
    return meta["name"]


def _admit_pod(store: Store, op: str, pod: dict, old: dict | None,
               default_class: Callable[[], dict | None] | None = None) -> dict:
    spec = pod["spec"]
    if op == "UPDATE":
        for field in ("priority", "preemptionPolicy"):
            if field not in spec and old is not None and field in old["spec"]:
                spec[field] = old["spec"][field]
        return pod
    name = spec.get("priorityClassName")
    if not name:
        pc = default_class() if default_class is not None else global_default(store)
        if pc is not None:
            spec["priorityClassName"] = pc["metadata"]["name"]
        priority = pc.get("value", 0) if pc else 0
        policy = pc.get("preemptionPolicy") if pc else "PreemptLowerPriority"
    else:
        pc = store.get("PriorityClass", None, name)
        if pc is None:
            raise errors.forbidden("pods", _name(pod["metadata"]), f"no PriorityClass with name {name} was found")
        priority, policy = pc.get("value", 0), pc.get("preemptionPolicy")
    if spec.get("priority") is not None and spec["priority"] != priority:
        raise errors.forbidden("pods", _name(pod["metadata"]),
                               f"the integer value of priority ({spec['priority']}) must not be provided in pod "
                               f"spec; priority admission controller computed {priority} from the given "
                               "PriorityClass name")
    spec["priority"] = priority
    if policy:
        if spec.get("preemptionPolicy") is not None and spec["preemptionPolicy"] != policy:
            raise errors.forbidden("pods", _name(pod["metadata"]),
                                   f"the string value of PreemptionPolicy ({spec['preemptionPolicy']}) must not be "
                                   f"provided in pod spec; priority admission controller computed {policy} from "
                                   "the given PriorityClass name")
        spec["preemptionPolicy"] = policy
    return pod


def _admit_class(store: Store, op: str, pc: dict, old: dict | None) -> None:
    name = pc["metadata"]["name"]
    if op == "UPDATE" and old is not None:
        causes = []
        if pc.get("value", 0) != old.get("value", 0):
            causes.append(("value", "Forbidden: may not be changed in an update."))
        if pc.get("preemptionPolicy") != old.get("preemptionPolicy"):
            from kubetui.model.validation import go_value

            causes.append(("preemptionPolicy",
                           f"Invalid value: {go_value(pc.get('preemptionPolicy'))}: field is immutable"))
        if causes:
            from kubetui.model.kinds import KINDS
            from kubetui.model.validation import FieldInvalid

            raise FieldInvalid(KINDS["PriorityClass"], name, causes)
    if pc.get("globalDefault"):
        current = global_default(store)
        if current is not None and (op == "CREATE" or current["metadata"]["name"] != name):
            raise errors.forbidden(RESOURCE, name, f"PriorityClass {current['metadata']['name']} is already marked "
                                                   "as default. Only one default can exist")


def check_delete(name: str) -> None:
    """The registry refuses to delete a built-in class."""
    if name in SYSTEM_PRIORITY_CLASSES:
        raise errors.forbidden(RESOURCE, name, "this is a system priority class and cannot be deleted")
