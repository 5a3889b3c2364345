"""The apiextensions API server's controllers for CustomResourceDefinitions.

Serving: while a CRD exists and its names are free, the store serves its kind (objects,
REST paths, kubectl words); when the CRD goes, so do its objects and the kind. The naming
and establishing controllers then write the CRD's status: `acceptedNames` and the
NamesAccepted and Established conditions.
"""

from __future__ import annotations

import copy

from kubetui.engine.controllers.base import Controller, Key
from kubetui.model.apiextensions import served_kind
from kubetui.model.clock import timestamp
from kubetui.model.kinds import KINDS, CustomKind

CRD = "CustomResourceDefinition"


class CustomResourceDefinitionController(Controller):
    name = "apiextensions-apiserver"

    def __init__(self, sim):
        super().__init__(sim)
        self.store.watch(CRD, self._on_change)

    def _on_change(self, event: str, old: dict | None, new: dict | None) -> None:
        if new is None:
            assert old is not None
            served = served_by(self.store, old)
            if served is not None:
                self.store.unserve(served.kind)
                self._serve_waiting()
        else:
            before = served_by(self.store, old) if old is not None else None
            if before is not None and before.kind != served_kind(new).kind:
                self.store.unserve(before.kind)
            self._serve(new)
        self.enqueue_obj(new or old)

    def _serve(self, crd: dict) -> None:
        kind = served_kind(crd)
        if not self.conflicts(crd):
            self.store.serve(kind)

    def _serve_waiting(self) -> None:
        """A freed name lets a CRD that waited for it be served (oldest first)."""
        for crd in sorted(self.store.list(CRD), key=lambda c: (c["metadata"]["creationTimestamp"], c["metadata"]["name"])):
            if served_kind(crd).kind not in self.store.kinds.custom:
                self._serve(crd)
                self.enqueue_obj(crd)

    def conflicts(self, crd: dict) -> list[str]:
        """Names of `crd` another served kind already uses (the naming controller's check, within
        the group; a kind name is unique in the whole of kubetui's store)."""
        kind = served_kind(crd)
        out = []
        if kind.kind in KINDS:
            out.append(f'"{kind.kind}" is already in use')
        for other in self.store.kinds.custom.values():
            if other.crd == kind.crd:
                continue
            if other.kind == kind.kind:
                out.append(f'"{kind.kind}" is already in use')
            if other.group != kind.group:
                continue
            if other.plural == kind.plural:
                out.append(f'"{kind.plural}" is already in use')
            for short in kind.short_names:
                if short in other.short_names:
                    out.append(f'"{short}" is already in use')
        return out

    def reconcile(self, key: Key) -> None:
        crd = self.store.get(CRD, None, key[1])
        if crd is None:
            return
        served = served_by(self.store, crd)
        problems = [] if served is not None else self.conflicts(crd)
        if served is None and not problems:
            problems = ["not all names are accepted"]
        names = crd["spec"]["names"]
        status = copy.deepcopy(crd.get("status") or {})
        now = timestamp(self.sim.tick)
        if problems:
            accepted = {"plural": "", "kind": ""}
            conds = [("NamesAccepted", "False", "NameConflict", problems[0]),
                     ("Established", "False", "NotAccepted", "not all names are accepted")]
        else:
            accepted = {k: copy.deepcopy(names[k]) for k in
                        ("plural", "singular", "shortNames", "kind", "listKind", "categories") if k in names}
            conds = [("NamesAccepted", "True", "NoConflicts", "no conflicts found"),
                     ("Established", "True", "InitialNamesAccepted", "the initial names have been accepted")]
        before = {c["type"]: c for c in status.get("conditions") or []}
        status["acceptedNames"] = accepted
        status["conditions"] = [
            {"type": t, "status": s, "lastTransitionTime":
                before[t]["lastTransitionTime"] if t in before and before[t]["status"] == s else now,
             "reason": r, "message": m}
            for t, s, r, m in conds]
        if status != crd.get("status"):
            self.store.update_status({**crd, "status": status})


def served_by(store, crd: dict) -> CustomKind | None:
    """The kind `crd` serves now, or None (its names are taken, or it is being set up)."""
    kind = store.kinds.custom.get(served_kind(crd).kind)
    return kind if kind is not None and kind.crd == crd["metadata"]["name"] else None
