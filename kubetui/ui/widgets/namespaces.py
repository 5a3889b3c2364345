"""The Namespaces pane: namespace → workloads → pods, with ResourceQuota usage as bars.

Controllers own what they create (ownerReferences), so the tree follows them: a Deployment
holds its ReplicaSets, which hold their pods; a CronJob holds its Jobs. Pods of a collapsed
workload are not built at all, so a large cluster costs only what is open.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Tree

from kubetui.kubectl.printers import pod_status
from kubetui.model.quantity import parse_quantity
from kubetui.ui.i18n import t
from kubetui.ui.widgets.bars import bar
from kubetui.ui.widgets.objects import status_style

TOP_KINDS = ("Deployment", "DaemonSet", "StatefulSet", "CronJob", "Job", "ReplicaSet", "ReplicationController")
MAX_PODS = 50
"""Pods listed under one workload before `… N more`."""


def _controller_uid(obj: dict) -> str | None:
    for ref in obj["metadata"].get("ownerReferences") or ():
        if ref.get("controller"):
            return ref.get("uid")
    return None


def workload_summary(kind: str, obj: dict) -> str:
    st = obj.get("status") or {}
    spec = obj.get("spec") or {}
    if kind in ("Deployment", "StatefulSet"):
        return f"{st.get('readyReplicas', 0)}/{spec.get('replicas', 1)} ready"
    if kind in ("ReplicaSet", "ReplicationController"):
        return f"{st.get('readyReplicas', 0)}/{spec.get('replicas', 1)} ready"
    if kind == "DaemonSet":
        return f"{st.get('numberReady', 0)}/{st.get('desiredNumberScheduled', 0)} ready"
    if kind == "Job":
        return f"{st.get('succeeded', 0)}/{spec.get('completions', 1) or 1} succeeded"
    if kind == "CronJob":
        return f"{spec.get('schedule', '')}, {len(st.get('active') or [])} active"
    return ""


class NamespaceTree(Tree):
    """The cluster's namespaces and what runs in them."""

    def __init__(self, **kwargs):
        super().__init__("cluster", **kwargs)
        self.show_root = False
        self._expanded: set[tuple] = {("Namespace", None, "default")}

    @property
    def lang(self) -> str:
        return getattr(self.app, "lang", "en")

    def selected(self) -> tuple[str, str | None, str] | None:
        node = self.cursor_node
        if node is None or not isinstance(node.data, tuple):
            return None
        return node.data

    def _remember_expanded(self) -> None:
        stack = list(self.root.children)
        expanded: set[tuple] = set()
        while stack:
            node = stack.pop()
            if node.is_expanded and isinstance(node.data, tuple):
                expanded.add(node.data)
            stack.extend(node.children)
        if self.root.children:
            self._expanded = expanded

    def rebuild(self, sim, watch=None) -> None:
        """The tree again from the store; `watch` (a ClusterWatch) supplies pod counts and the
        pods no controller owns, so that no namespace's pods are walked."""
        self._remember_expanded()
        cursor = self.selected()
        self.clear()
        store = sim.store
        for ns in store.list("Namespace"):
            name = ns["metadata"]["name"]
            if watch is not None:
                count = watch.pods_in.get(name, 0)
                bare_names = sorted(watch.bare_pods.get(name, ()))[:MAX_PODS]
                bare = [p for p in (store.get("Pod", name, n) for n in bare_names) if p is not None]
            else:
                pods = list(store.iter("Pod", name))
                count = len(pods)
                bare = sorted((p for p in pods if not _controller_uid(p)
                               or store.by_uid_get(_controller_uid(p)) is None),
                              key=lambda p: p["metadata"]["name"])[:MAX_PODS]
            label = Text(name, style="bold")
            phase = (ns.get("status") or {}).get("phase")
            if phase == "Terminating":
                label.append(" Terminating", style="magenta")
            label.append("  " + t("tree.pod" if count == 1 else "tree.pods", self.lang, count=count), style="dim")
            data = ("Namespace", None, name)
            ns_node = self.root.add(label, data=data, expand=data in self._expanded)
            for quota in store.list("ResourceQuota", name):
                self._quota(ns_node, quota)
            owned_uids: set[str] = set()
            for kind in TOP_KINDS:
                for obj in store.list(kind, name):
                    if _controller_uid(obj) and store.by_uid_get(_controller_uid(obj)) is not None:
                        continue
                    self._workload(ns_node, store, kind, obj, owned_uids)
            for pod in bare:
                self._pod(ns_node, sim, pod)
        if cursor is not None:
            self._move_to(cursor)

    def _quota(self, parent, quota: dict) -> None:
        st = quota.get("status") or {}
        hard, used = st.get("hard") or {}, st.get("used") or {}
        label = Text(f"ResourceQuota {quota['metadata']['name']}", style="italic")
        node = parent.add(label, data=("ResourceQuota", quota["metadata"]["namespace"], quota["metadata"]["name"]),
                          expand=True)
        for resource in sorted(hard):
            try:
                u = float(parse_quantity(used.get(resource, "0")))
                h = float(parse_quantity(hard[resource]))
            except ValueError:
                continue
            line = Text(f"{resource:<16} ")
            line.append_text(bar(u, h, 10, f"{used.get(resource, '0')}/{hard[resource]}"))
            node.add_leaf(line)

    def _workload(self, parent, store, kind: str, obj: dict, seen: set[str]) -> None:
        m = obj["metadata"]
        data = (kind, m["namespace"], m["name"])
        label = Text(f"{kind} ", style="dim")
        label.append(m["name"], style="bold")
        label.append(f"  {workload_summary(kind, obj)}", style="dim")
        node = parent.add(label, data=data, expand=data in self._expanded)
        uid = m["uid"]
        seen.add(uid)
        owned: dict[str, list[tuple[str, str, str]]] = {}
        for key3 in store.by_owner.get(uid, ()):
            owned.setdefault(key3[0], []).append(key3)
        for child_kind in ("ReplicaSet", "Job"):
            for key3 in sorted(owned.get(child_kind, ()), key=lambda k: k[2]):
                child = store.get(*key3)
                if child is not None:
                    self._workload(node, store, child_kind, child, seen)
        if data not in self._expanded:
            count = len(owned.get("Pod", ()))
            if count:
                node.allow_expand = True
                node.add_leaf(Text(t("tree.pod" if count == 1 else "tree.pods", self.lang, count=count), style="dim"))
            return
        pods = store.owned(uid, "Pod")
        if not pods:
            return
        pods.sort(key=lambda p: p["metadata"]["name"])
        for pod in pods[:MAX_PODS]:
            self._pod(node, store.sim, pod)
        if len(pods) > MAX_PODS:
            node.add_leaf(Text(f"… {len(pods) - MAX_PODS} more", style="dim"))

    def _pod(self, parent, sim, pod: dict) -> None:
        ready, status, restarts = pod_status(pod, sim.tick)
        label = Text(f"{pod['metadata']['name']} ")
        label.append(status, style=status_style(status))
        label.append(f" {ready}", style="dim")
        parent.add_leaf(label, data=("Pod", pod["metadata"]["namespace"], pod["metadata"]["name"]))

    def _move_to(self, data: tuple) -> None:
        stack = list(self.root.children)
        while stack:
            node = stack.pop()
            if node.data == data:
                try:
                    self.move_cursor(node)
                except Exception:
                    pass
                return
            stack.extend(node.children)

    def on_tree_node_expanded(self, event: Tree.NodeExpanded) -> None:
        data = event.node.data
        if isinstance(data, tuple) and data not in self._expanded:
            self._expanded.add(data)
            if self.app is not None and hasattr(self.screen, "request_tree_rebuild"):
                self.screen.request_tree_rebuild()
