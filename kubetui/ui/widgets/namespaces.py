"""The Namespaces pane: namespace → workloads → pods, with ResourceQuota usage as bars.

Controllers own what they create (ownerReferences), so the tree follows them: a Deployment
holds its ReplicaSets, which hold their pods; a CronJob holds its Jobs. Pods of a collapsed
workload are not built at all, so a large cluster costs only what is open.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from kubetui.kubectl.printers import pod_status
from kubetui.model.quantity import parse_quantity
from kubetui.ui.i18n import t
from kubetui.ui.widgets.bars import bar
from kubetui.ui.widgets.objects import status_style

TOP_KINDS = ("Deployment", "DaemonSet", "StatefulSet", "CronJob", "Job", "ReplicaSet", "ReplicationController")
TREE_KINDS = frozenset({"Namespace", "ResourceQuota", "Pod", *TOP_KINDS})
"""The kinds the tree shows: a change of another kind leaves it as it is."""
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
        self._built = False
        self._namespaces: dict[str, TreeNode] = {}
        self._workloads: dict[str, tuple[TreeNode, TreeNode | None, str | None]] = {}
        """Per workload uid: its node, its `N pods` leaf (None when its pods are listed or it
        has none) and its controller's uid, as last built."""
        self._bare: set[tuple[str, str]] = set()
        """Pods listed for having no controller."""
        self.rebuilds = 0
        """Whole rebuilds so far (tests read it)."""

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
        self.rebuilds += 1
        self._built = True
        self._namespaces, self._workloads, self._bare = {}, {}, set()
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
            data = ("Namespace", None, name)
            ns_node = self.root.add(self._namespace_label(ns, count), data=data, expand=data in self._expanded)
            self._namespaces[name] = ns_node
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
                self._bare.add((name, pod["metadata"]["name"]))
        if cursor is not None:
            self._move_to(cursor)

    def _namespace_label(self, ns: dict, count: int) -> Text:
        label = Text(ns["metadata"]["name"], style="bold")
        if (ns.get("status") or {}).get("phase") == "Terminating":
            label.append(" Terminating", style="magenta")
        label.append("  " + t("tree.pod" if count == 1 else "tree.pods", self.lang, count=count), style="dim")
        return label

    def update(self, sim, watch, keys: dict[str, dict[tuple[str, str], None]]) -> bool:
        """Follow changes without a rebuild where they only change words: a workload's summary,
        the pod counts of a namespace and of a folded workload. False when the tree's shape may
        have changed (an object of the tree came or went, a listed pod changed): then it needs
        `rebuild`. A rebuild at 30,000 pods costs tens of milliseconds; this costs what changed."""
        if not self._built or watch is None:
            return False
        store = sim.store
        if any(kind in keys for kind in ("Namespace", "ResourceQuota")):
            return False
        namespaces: set[str] = set()
        owners: set[str] = set()
        relabel: list[tuple[TreeNode, str, dict]] = []
        for kind in TOP_KINDS:
            for ns, name in keys.get(kind, ()):
                obj = store.get(kind, ns or None, name)
                if obj is None:
                    return False
                known = self._workloads.get(obj["metadata"]["uid"])
                if known is None or known[2] != _controller_uid(obj):
                    return False
                relabel.append((known[0], kind, obj))
        for ns, name in keys.get("Pod", ()):
            if (ns, name) in self._bare:
                return False
            pod = store.get("Pod", ns or None, name)
            namespaces.add(ns)
            if pod is None:
                owners.update(uid for uid, (node, _, _) in self._workloads.items() if node.data[1] == ns)
                continue
            uid = _controller_uid(pod)
            if uid is None or uid not in self._workloads or self._workloads[uid][1] is None:
                return False  # a pod without controller, of a controller not in the tree, or listed
            owners.add(uid)
        counts = {}
        for uid in owners:
            node, leaf, _ = self._workloads[uid]
            count = sum(1 for key3 in store.by_owner.get(uid, ()) if key3[0] == "Pod")
            if (leaf is None) != (count == 0):
                return False
            counts[uid] = count
        for ns in namespaces:
            if ns not in self._namespaces or store.get("Namespace", None, ns) is None:
                return False
        for node, kind, obj in relabel:
            self._relabel(node, self._workload_label(kind, obj))
        for uid, count in counts.items():
            leaf = self._workloads[uid][1]
            if leaf is not None:
                self._relabel(leaf, self._count_label(count))
        for ns in namespaces:
            self._relabel(self._namespaces[ns],
                          self._namespace_label(store.get("Namespace", None, ns), watch.pods_in.get(ns, 0)))
        return True

    @staticmethod
    def _relabel(node: TreeNode, label: Text) -> None:
        if node.label != label:
            node.set_label(label)

    def _count_label(self, count: int) -> Text:
        return Text(t("tree.pod" if count == 1 else "tree.pods", self.lang, count=count), style="dim")

    @staticmethod
    def _workload_label(kind: str, obj: dict) -> Text:
        label = Text(f"{kind} ", style="dim")
        label.append(obj["metadata"]["name"], style="bold")
        label.append(f"  {workload_summary(kind, obj)}", style="dim")
        return label

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
        node = parent.add(self._workload_label(kind, obj), data=data, expand=data in self._expanded)
        uid = m["uid"]
        seen.add(uid)
        self._workloads[uid] = (node, None, _controller_uid(obj))
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
                leaf = node.add_leaf(self._count_label(count))
                self._workloads[uid] = (node, leaf, self._workloads[uid][2])
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
