"""Volumes as the kubelet mounts them, and the data simulated apps keep on them.

ConfigMap and Secret volumes show their keys as files (after `items` and `subPath`); a missing
object keeps the pod in ContainerCreating with a `FailedMount` Warning until it appears (unless
`optional: true`); mounted files follow updates after the kubelet's sync delay (~60 s), while
env stays as it was at container start.

Data: an image with `writesData: /path` writes one record per second while it runs. Where
that path lives decides what survives: the container's own filesystem is lost when the
container restarts, an emptyDir when the pod goes, a hostPath stays with its node, and a
PersistentVolumeClaim keeps it on its PersistentVolume across pod re-creation (until the
volume is deleted). `figures()` reports, per `<namespace>/<claim or workload>`, how many
records were written, how many are kept, and how many were lost.
"""

from __future__ import annotations

import base64
import hashlib
import posixpath
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

from kubetui.engine.kubelet.containers import _field_ref
from kubetui.engine.kubelet.shell.fs import as_text
from kubetui.engine.serviceaccount import PodToken
from kubetui.engine.sharedvalues import keep

if TYPE_CHECKING:
    from kubetui.engine.simulation import Simulation

SYNC_DELAY = 60
DOWNWARD_DELAY = 2
"""Seconds from a Pod's label or annotation change to its downward API files showing it (the
pod update's sync, then the volume manager's next remount pass)."""
"""Seconds before a changed ConfigMap or Secret shows in mounted files (kubelet sync + cache TTL)."""
MOUNT_RETRY = 10


@dataclass
class DataSet:
    """Records written to one place (a volume, a node's directory, a container's filesystem)."""

    label: str
    records: int = 0
    lost: int = 0
    writers: dict[tuple[str, str, str], int] = field(default_factory=dict)
    """(pod uid, container, mount) -> tick it started writing."""


class FirstWrite(NamedTuple):
    """The timestamped folders of a pod's volumes as the kubelet first wrote them, named when
    first asked (hardly any pod of a big cluster is ever looked into). Never changes."""

    uid: str
    names: tuple[str, ...]
    tick: int

    def get(self, name: str, default: str | None = None) -> str | None:
        return data_dir(self.uid, name, self.tick) if name in self.names else default

    def folders(self) -> dict[str, str]:
        return {name: data_dir(self.uid, name, self.tick) for name in self.names}


@dataclass
class Mounted:
    """A pod's view of its ConfigMap/Secret volumes: contents as of `synced` (the last sync)."""

    files: dict[str, dict[str, str]] = field(default_factory=dict)
    """volume name -> relative path -> content."""
    first: FirstWrite | None = None
    _written: dict[str, str] | None = None

    @property
    def written(self) -> dict[str, str]:
        """volume name -> the timestamped folder its files were last written to (`..data`'s target)."""
        if self._written is None:
            self._written = self.first.folders() if self.first is not None else {}
        return self._written

    def folders_now(self) -> FirstWrite | dict[str, str]:
        """`written` as it is now, unchanged by later writes."""
        return self.first if self._written is None and self.first is not None else dict(self.written)


class ProjectedFiles(dict):
    """A projected volume's files (relative path -> content) whose ServiceAccount token is signed
    when first read (`PodToken`), then kept as text. Every read of a value, however made
    (`[]`, `get`, `items`, `values`, iteration into `dict(...)`, equality), sees the text."""

    def _text(self, path: str) -> str:
        value = dict.__getitem__(self, path)
        if type(value) is PodToken:
            value = value.text()
            dict.__setitem__(self, path, value)
        return value

    def __getitem__(self, path: str) -> str:
        return self._text(path)

    def get(self, path: str, default=None):
        return self._text(path) if path in self else default

    def __iter__(self):
        return iter(list(dict.keys(self)))  # not dict's own iterator: `dict(x)` and `{**x}` then read through `[]`

    def items(self):
        return [(path, self._text(path)) for path in list(dict.keys(self))]

    def values(self):
        return [self._text(path) for path in list(dict.keys(self))]

    def __eq__(self, other: object) -> bool:
        return dict(self.items()) == other

    __hash__ = None

    def __repr__(self) -> str:
        return repr(dict(self.items()))

    def __reduce__(self):
        return (ProjectedFiles, (), None, None, iter(dict.items(self)))


def data_dir(uid: str, volume: str, tick: int) -> str:
    """The folder the kubelet's atomic writer makes for a write: named from the time, with a
    random suffix (here drawn from the pod, volume and time, so a run replays exactly)."""
    suffix = int.from_bytes(hashlib.blake2b(f"{uid}/{volume}/{tick}".encode(), digest_size=8).digest(), "big")
    return _second(tick) + f"{suffix % 1_000_000_000:09d}"


@lru_cache(maxsize=64)
def _second(tick: int) -> str:
    from kubetui.model.clock import datetime_of

    return datetime_of(tick).strftime("..%Y_%m_%d_%H_%M_%S.")


def _decode(obj: dict) -> dict[str, str]:
    if obj["kind"] == "Secret":
        out = {k: as_text(base64.b64decode(v)) for k, v in (obj.get("data") or {}).items()}
        out.update(obj.get("stringData") or {})
        return out
    out = dict(obj.get("data") or {})
    out.update({k: as_text(base64.b64decode(v)) for k, v in (obj.get("binaryData") or {}).items()})
    return out


class Volumes:
    """The kubelet's volume manager for every node, and the data the apps wrote."""

    def __init__(self, sim: Simulation):
        self.sim = sim
        self.data: dict[tuple, DataSet] = {}
        """Where data lives: ("pv", name) / ("host", node, path) / ("emptyDir", uid, volume) /
        ("container", uid, container) -> the records there."""
        self.closed: dict[tuple[str, bool], list[int]] = {}
        """(label, on a claim) -> [written, lost] of data sets that no longer exist."""
        self.mounted: dict[tuple[str, str], Mounted] = {}
        self.sim.store.watch("ConfigMap", self._on_source)
        self.sim.store.watch("Secret", self._on_source)
        self.sim.store.watch("PersistentVolume", self._on_pv)
        self.sim.store.watch("Pod", self._on_pod, unbound=False, status_blind=True)
        self._users: dict[tuple[str, str, str], dict[tuple[str, str], None]] = {}
        """(kind, namespace, name) of a ConfigMap/Secret -> pods that mount it."""

    # -- mounting ------------------------------------------------------------------------------
    def mount(self, pod: dict) -> tuple[str, str] | None:
        """Set up the pod's volumes; (volume, error) for the first that cannot be, or None.

        An error of "" means "not yet, and not a failure" (a claim still being provisioned)."""
        ns = pod["metadata"]["namespace"]
        key = (ns, pod["metadata"]["name"])
        view = Mounted()
        for v in pod["spec"].get("volumes") or ():
            name = v["name"]
            if "configMap" in v or "secret" in v:
                src = v.get("configMap") or v.get("secret")
                kind = "ConfigMap" if "configMap" in v else "Secret"
                ref = src.get("name") or src.get("secretName")
                self._users.setdefault((kind, ns, ref), {})[key] = None
                obj = self.sim.store.get(kind, ns, ref)
                if obj is None:
                    if src.get("optional"):
                        view.files[name] = {}
                        continue
                    return name, f'{kind.lower()} "{ref}" not found'
                files, missing = _project(_decode(obj), src.get("items"))
                if missing and not src.get("optional"):
                    return name, f'configmap references non-existent config key: {missing}' if kind == "ConfigMap" \
                        else f'references non-existent secret key: {missing}'
                view.files[name] = files
            elif "projected" in v:
                files, error = self._planned(pod, ns, _plan_of(v["projected"]), key)
                if error is not None:
                    return name, error
                view.files[name] = files
            elif "downwardAPI" in v:
                view.files[name] = downward_files(pod, v["downwardAPI"].get("items"))
            elif "persistentVolumeClaim" in v:
                claim = v["persistentVolumeClaim"]["claimName"]
                pvc = self.sim.store.get("PersistentVolumeClaim", ns, claim)
                if pvc is None:
                    return name, f'persistentvolumeclaim "{claim}" not found'
                if pvc.get("status", {}).get("phase") != "Bound":
                    return name, ""
        view.first = FirstWrite(pod["metadata"].get("uid", ""), tuple(view.files), self.sim.tick)
        self.mounted[key] = view
        return None

    def _projected(self, pod: dict, source: dict, key: tuple[str, str],
                   keep: dict[str, str] | None = None) -> tuple[dict[str, str], str | None]:
        """The files of a projected volume (a ServiceAccount token, ConfigMap and Secret keys, downward
        API fields), or the error that keeps it from mounting. `keep`: files already mounted, whose
        tokens stay as issued (the kubelet renews a token only near its expiry)."""
        return self._planned(pod, pod["metadata"]["namespace"], _plan_of(source), key, keep)

    def _planned(self, pod: dict, ns: str, plan: _Plan, key: tuple[str, str],
                 keep: dict[str, str] | None = None) -> tuple[dict[str, str], str | None]:
        """`_projected` from the source's plan (what each source asks, read once). A first mount
        of a plan whose files are the same for every pod of the namespace but its tokens (the
        `kube-api-access` volume of every pod) takes them from the namespace's last such mount
        when it read the same objects."""
        if keep is not None or not plan.alike:
            return self._read_planned(pod, ns, plan, key, keep)
        found = _alike.get((id(plan), ns))
        if found is not None and found[0] is plan:
            files = self._alike_files(pod, ns, plan, key, found)
            if files is not None:
                return files, None
        files, error = self._read_planned(pod, ns, plan, key, None)
        if error is None:
            self._remember_alike(pod, ns, plan, files)
        return files, error

    def _remember_alike(self, pod: dict, ns: str, plan: _Plan, files: dict) -> None:
        """Keep a first mount's files for the namespace's next pods: the objects it read, and
        each file in order with whether a token step wrote it last (its text is the pod's own)."""
        store = self.sim.store
        objs = tuple(store.get(step[1], ns, step[2]) for step in plan.steps if step[0] == "object")
        written_by: dict[str, str] = {}
        read = 0
        for step in plan.steps:
            if step[0] == "token":
                written_by[step[1]] = "token"
            elif step[0] == "object":
                obj = objs[read]
                read += 1
                if obj is not None:
                    written_by.update(dict.fromkeys(_projection(obj, step[3])[0], "object"))
            else:
                written_by.update(dict.fromkeys(downward_files(pod, step[1]), "downward"))
        template = tuple((path, text, written_by.get(path) == "token") for path, text in dict.items(files))
        keep(_alike, (id(plan), ns), (plan, objs, template, type(files) is ProjectedFiles), 4096)

    def _alike_files(self, pod: dict, ns: str, plan: _Plan, key: tuple[str, str],
                     found: tuple) -> dict[str, str] | None:
        """`_read_planned`'s files for `pod` from an earlier mount's (`found`) when the plan's
        objects are the ones it read and the pod's ServiceAccount is there; else None."""
        _, objs, template, projected = found
        store = self.sim.store
        tokens: dict[str, PodToken] = {}
        read = 0
        for step in plan.steps:
            what = step[0]
            if what == "token":
                sa = store.get("ServiceAccount", ns, pod["spec"].get("serviceAccountName") or "default")
                if sa is None:
                    return None
                tokens[step[1]] = PodToken.issue(self.sim, sa, pod, step[2], step[3])
            elif what == "object":
                self._users.setdefault((step[1], ns, step[2]), {})[key] = None
                if store.get(step[1], ns, step[2]) is not objs[read]:
                    return None
                read += 1
        ordered: list[tuple[str, str]] = [(path, tokens[path] if token else text)  # type: ignore[misc]
                                          for path, text, token in template]
        return ProjectedFiles(ordered) if projected else dict(ordered)

    def _read_planned(self, pod: dict, ns: str, plan: _Plan, key: tuple[str, str],
                      keep: dict[str, str] | None = None) -> tuple[dict[str, str], str | None]:
        """`_planned`, each source read for this pod."""
        files: dict[str, str] = {}
        for step in plan.steps:
            what = step[0]
            if what == "token":
                if keep is not None and step[1] in keep:
                    files[step[1]] = keep[step[1]]
                    continue
                account = pod["spec"].get("serviceAccountName") or "default"
                sa = self.sim.store.get("ServiceAccount", ns, account)
                if sa is None:
                    return files, f'failed to fetch token: serviceaccounts "{account}" not found'
                files[step[1]] = PodToken.issue(self.sim, sa, pod, step[2], step[3])  # type: ignore[assignment]
            elif what == "object":
                _, kind, name, items, optional = step
                self._users.setdefault((kind, ns, name), {})[key] = None
                obj = self.sim.store.get(kind, ns, name)
                if obj is None:
                    if optional:
                        continue
                    return files, f'{kind.lower()} "{name}" not found'
                projected, missing = _projection(obj, items)
                if missing and not optional:
                    return files, (f"configmap references non-existent config key: {missing}" if kind == "ConfigMap"
                                   else f"references non-existent secret key: {missing}")
                files.update(projected)
            else:
                files.update(downward_files(pod, step[1]))
        ordered = sorted(files.items())
        for path in plan.tokens:
            if type(files.get(path)) is PodToken:
                return ProjectedFiles(ordered), None
        return dict(ordered), None

    def _on_source(self, event: str, old: dict | None, new: dict | None) -> None:
        obj = new or old
        assert obj is not None
        users = self._users.get((obj["kind"], obj["metadata"]["namespace"], obj["metadata"]["name"]))
        if users and old is not None:
            for key in list(users):
                self.sim.after(SYNC_DELAY, self._resync, key)

    def _resync(self, key: tuple[str, str]) -> None:
        pod = self.sim.store.get("Pod", *key)
        if pod is None or key not in self.mounted:
            return
        view = self.mounted[key]
        for v in pod["spec"].get("volumes") or ():
            if "projected" in v:
                files, error = self._projected(pod, v["projected"], key, keep=view.files.get(v["name"]))
                if error is None and files != view.files.get(v["name"]):
                    view.files[v["name"]] = files
                    view.written[v["name"]] = data_dir(pod["metadata"].get("uid", ""), v["name"], self.sim.tick)
                continue
            if "downwardAPI" in v:
                files = downward_files(pod, v["downwardAPI"].get("items"))
                if files != view.files.get(v["name"]):
                    view.files[v["name"]] = files
                    view.written[v["name"]] = data_dir(pod["metadata"].get("uid", ""), v["name"], self.sim.tick)
                continue
            src = v.get("configMap") or v.get("secret")
            if src is None:
                continue
            kind = "ConfigMap" if "configMap" in v else "Secret"
            obj = self.sim.store.get(kind, key[0], src.get("name") or src.get("secretName"))
            if obj is not None:
                files = _project(_decode(obj), src.get("items"))[0]
                if files != view.files.get(v["name"]):
                    view.files[v["name"]] = files
                    view.written[v["name"]] = data_dir(pod["metadata"].get("uid", ""), v["name"], self.sim.tick)
        self._refresh_containers(key, pod, view)

    def _refresh_containers(self, key: tuple[str, str], pod: dict, view: Mounted) -> None:
        """The atomic swap of a real kubelet's `..data` link: the running containers' mounts of
        the volumes now hold the new files (a `subPath` mount is a copy made at start: never)."""
        rt = self.sim.kubelet.pods.get(key)
        if rt is None:
            return
        from kubetui.engine.kubelet.process import UnreadFileSystem, fill
        from kubetui.engine.kubelet.shell import FileSystem
        for c in rt.containers:
            if isinstance(c.fs, UnreadFileSystem) and c.fs.unread:
                _restamp_unread(c.fs, c.spec, view)
                continue
            if c.fs is None or not c.fs.mounts:
                continue
            for m in c.spec.get("volumeMounts") or ():
                files = view.files.get(m.get("name"))
                vol = c.fs.mounts.get(FileSystem.norm(m.get("mountPath", "/")))
                if files is None or vol is None or m.get("subPath") or not vol.readonly:
                    continue
                if vol.links.get("..data") != view.written.get(m.get("name")):
                    fill(vol, files, view.written[m.get("name")])

    def stamp(self, namespace: str, pod_name: str, volume: str) -> str:
        """The timestamped folder of the pod's volume as last written (`..data`'s target)."""
        from kubetui.engine.kubelet.process import DATA_DIR

        view = self.mounted.get((namespace, pod_name))
        return view.written.get(volume, DATA_DIR) if view is not None else DATA_DIR

    def files(self, namespace: str, pod_name: str, container: str | None = None) -> dict[str, str]:
        """Absolute path -> content of the ConfigMap/Secret files a container sees (`kubectl exec cat`)."""
        pod = self.sim.store.get("Pod", namespace, pod_name)
        view = self.mounted.get((namespace, pod_name))
        if pod is None or view is None:
            return {}
        containers = [*(pod["spec"].get("initContainers") or ()), *(pod["spec"].get("containers") or ())]
        c = next((c for c in containers if container is None or c["name"] == container), None)
        if c is None:
            return {}
        out: dict[str, str] = {}
        for m in c.get("volumeMounts") or ():
            contents = view.files.get(m["name"])
            if contents is None:
                continue
            sub = m.get("subPath")
            if sub:
                copy = self._subpath_copy(namespace, pod_name, c["name"], m["mountPath"])
                if copy is not None:
                    out[m["mountPath"]] = copy
                elif sub in contents:
                    out[m["mountPath"]] = contents[sub]
                continue
            for rel, text in sorted(contents.items()):
                out[posixpath.join(m["mountPath"], rel)] = text
        return dict(sorted(out.items()))

    def _subpath_copy(self, namespace: str, pod_name: str, container: str, path: str) -> str | None:
        """The file a `subPath` mount put in the running container when it started."""
        rt = self.sim.kubelet.pods.get((namespace, pod_name))
        c = next((c for c in (rt.containers if rt else ()) if c.name == container), None)
        if c is None or c.fs is None or not c.fs.mounts:
            return None
        from kubetui.engine.kubelet.shell import FileSystem, FsError
        try:
            return c.fs.read(FileSystem.norm(path))
        except FsError:
            return None

    # -- data ------------------------------------------------------------------------------------
    def container_started(self, pod: dict | None, container: dict, behavior) -> None:
        path = getattr(behavior, "writesData", None)
        if not path or pod is None:
            return
        where, label = self._backing(pod, container, path)
        ds = self.data.get(where)
        if ds is None:
            ds = self.data[where] = DataSet(label)
        ds.writers[(pod["metadata"]["uid"], container["name"], path)] = self.sim.tick

    def container_stopped(self, pod: dict | None, uid: str, container: str) -> None:
        """Stop the container's writes; its own filesystem goes with it (a restart starts clean)."""
        for ds in list(self.data.values()):
            for w in [w for w in ds.writers if w[0] == uid and w[1] == container]:
                ds.records += self.sim.tick - ds.writers.pop(w)
        self._drop(("container", uid, container))

    def pod_removed(self, pod: dict) -> None:
        uid = pod["metadata"]["uid"]
        for c in (*(pod["spec"].get("initContainers") or ()), *(pod["spec"].get("containers") or ())):
            self.container_stopped(None, uid, c["name"])
        for v in pod["spec"].get("volumes") or ():
            if "emptyDir" in v:
                self._drop(("emptyDir", uid, v["name"]))
        self.mounted.pop((pod["metadata"]["namespace"], pod["metadata"]["name"]), None)

    def _on_pod(self, event: str, old: dict | None, new: dict | None) -> None:
        if new is not None and old is not None:
            key = (new["metadata"]["namespace"], new["metadata"]["name"])
            was, now = old["metadata"], new["metadata"]
            changed = [f for f in ("labels", "annotations") if was.get(f) != now.get(f)] if was is not now else []
            if changed and key in self.mounted and not _shown_fields(new).isdisjoint(changed):
                self.sim.after(DOWNWARD_DELAY, self._resync, key)
            return
        if new is None:
            assert old is not None
            self.pod_removed(old)
            key = (old["metadata"]["namespace"], old["metadata"]["name"])
            for users in self._users.values():
                users.pop(key, None)

    def _on_pv(self, event: str, old: dict | None, new: dict | None) -> None:
        if new is None:
            assert old is not None
            self._drop(("pv", old["metadata"]["name"]))

    def _drop(self, where: tuple) -> None:
        ds = self.data.pop(where, None)
        if ds is None:
            return
        written = self._count(ds)
        closed = self.closed.setdefault((ds.label, where[0] == "pv"), [0, 0])
        closed[0] += written
        closed[1] += written

    def _count(self, ds: DataSet) -> int:
        return ds.records + sum(self.sim.tick - t for t in ds.writers.values())

    def _backing(self, pod: dict, container: dict, path: str) -> tuple[tuple, str]:
        ns, uid = pod["metadata"]["namespace"], pod["metadata"]["uid"]
        best = None
        for m in container.get("volumeMounts") or ():
            mp = m["mountPath"].rstrip("/") or "/"
            if (path == mp or path.startswith(mp.rstrip("/") + "/")) and (best is None or len(mp) > len(best["mountPath"])):
                best = m
        workload = f"{ns}/{_workload(self.sim, pod)}"
        if best is not None:
            vol: dict = next((v for v in pod["spec"].get("volumes") or () if v["name"] == best["name"]), {})
            if "persistentVolumeClaim" in vol:
                claim = vol["persistentVolumeClaim"]["claimName"]
                pvc = self.sim.store.get("PersistentVolumeClaim", ns, claim) or {}
                pv = (pvc.get("spec") or {}).get("volumeName") or f"{ns}/{claim}"
                return ("pv", pv), f"{ns}/{claim}"
            if "hostPath" in vol:
                return ("host", pod["spec"].get("nodeName", ""), vol["hostPath"]["path"]), workload
            if "emptyDir" in vol:
                return ("emptyDir", uid, best["name"]), workload
        return ("container", uid, container["name"]), workload

    def figures(self) -> dict[str, dict]:
        """label -> written/kept/lost records. A claim's label is `ns/claim`, other data's
        `ns/workload`; unless every record under a label is on a claim, `onClaim` holds the part
        that is (a workload named like a claim wrote elsewhere before it used the claim)."""
        out: dict[str, dict] = {}

        def add(label: str, on_claim: bool, written: int, kept: int, lost: int) -> None:
            f = out.setdefault(label, {"written": 0, "kept": 0, "lost": 0,
                                       "onClaim": {"written": 0, "kept": 0, "lost": 0}})
            for part in (f, f["onClaim"]) if on_claim else (f,):
                part["written"] += written
                part["kept"] += kept
                part["lost"] += lost

        for (label, on_claim), (written, lost) in sorted(self.closed.items()):
            add(label, on_claim, written, 0, lost)
        for where, ds in self.data.items():
            n = self._count(ds)
            add(ds.label, where[0] == "pv", n, n, 0)
        for f in out.values():
            if f.get("onClaim") == {k: f[k] for k in ("written", "kept", "lost")}:
                del f["onClaim"]
        return dict(sorted(out.items()))


def _restamp_unread(fs, cspec: dict, view: Mounted) -> None:
    """A filesystem nobody has read yet takes the volume manager's new files (a downward API
    volume after a label change) into what it will mount when first read."""
    names = {_norm(m.get("mountPath", "/")): m.get("name") for m in cspec.get("volumeMounts") or ()
             if not m.get("subPath")}
    fs._mounts = tuple(
        (path, sub, view.files[names[path]], source, fs_group, view.written[names[path]], disk)
        if not sub and names.get(path) in view.files and names.get(path) in view.written else
        (path, sub, files, source, fs_group, stamp, disk)
        for path, sub, files, source, fs_group, stamp, disk in fs._mounts)


def _shown_fields(pod: dict) -> set[str]:
    """The metadata maps (labels, annotations) a downward API file of the pod shows."""
    out = set()
    for v in pod["spec"].get("volumes") or ():
        sources = [v["downwardAPI"]] if "downwardAPI" in v else \
            [s["downwardAPI"] for s in (v.get("projected") or {}).get("sources") or () if "downwardAPI" in s]
        for src in sources:
            for item in src.get("items") or ():
                path = (item.get("fieldRef") or {}).get("fieldPath", "")
                if path in ("metadata.labels", "metadata.annotations"):
                    out.add(path.split(".")[1])
    return out


def _norm(path: str) -> str:
    from kubetui.engine.kubelet.shell import FileSystem
    return FileSystem.norm(path)


_GO_ESCAPES = {'"': '\\"', "\\": "\\\\", "\a": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r",
               "\t": "\\t", "\v": "\\v"}


def go_quote(text: str) -> str:
    """Go's `%q` of a string (strconv.Quote), as the kubelet writes label and annotation values."""
    return '"' + "".join(_GO_ESCAPES.get(ch) or (f"\\x{ord(ch):02x}" if ord(ch) < 0x20 or ord(ch) == 0x7f else ch)
                         for ch in text) + '"'


def downward_files(pod: dict, items: list[dict] | None) -> dict[str, str]:
    """A downward API volume's files: pod fields (labels and annotations as `key="value"` lines)."""
    meta = pod["metadata"]
    out: dict[str, str] = {}
    for item in items or ():
        path = (item.get("fieldRef") or {}).get("fieldPath", "")
        if path in ("metadata.labels", "metadata.annotations"):
            values = meta.get(path.split(".")[1]) or {}
            out[item["path"]] = "\n".join(f"{k}={go_quote(str(v))}" for k, v in sorted(values.items()))
        elif path:
            out[item["path"]] = _field_ref(pod, path, "", "")
    return out


def _project(data: dict[str, str], items: list[dict] | None) -> tuple[dict[str, str], str | None]:
    """The files a ConfigMap/Secret volume shows: every key, or only `items` at their paths."""
    if not items:
        return dict(sorted(data.items())), None
    out: dict[str, str] = {}
    for item in items:
        if item["key"] not in data:
            return out, item["key"]
        out[item["path"]] = data[item["key"]]
    return out, None


class _Plan(NamedTuple):
    """What a projected volume's sources ask for, read once per source list (a template's pods
    share it: stored objects are never changed in place). Steps in the sources' order:
    ("token", path, audiences, expirationSeconds), ("object", kind, name, items, optional),
    ("downward", items)."""

    source: dict
    steps: tuple[tuple, ...]
    tokens: tuple[str, ...]
    alike: bool = False
    """Its downward API items show nothing of a pod but its namespace: every pod of a namespace
    mounts the same files from it but for the tokens, while the objects stay the same."""


_alike: dict[tuple[int, str], tuple] = {}
"""(id of a plan, namespace) -> (the plan, the objects its last first mount there read, its files
in order as (path, text, is a token), whether they were ProjectedFiles): `Volumes._planned`."""


_plans: dict[int, _Plan] = {}


def _plan_of(source: dict) -> _Plan:
    found = _plans.get(id(source))
    if found is not None and found.source is source:
        return found
    steps: list[tuple] = []
    for src in source.get("sources") or ():
        if "serviceAccountToken" in src:
            tsrc = src["serviceAccountToken"]
            steps.append(("token", tsrc.get("path", "token"), [tsrc["audience"]] if tsrc.get("audience") else None,
                          tsrc.get("expirationSeconds", 3600)))
        elif "configMap" in src or "secret" in src:
            ref = src.get("configMap") or src.get("secret")
            steps.append(("object", "ConfigMap" if "configMap" in src else "Secret", ref.get("name", ""),
                          ref.get("items"), ref.get("optional")))
        elif "downwardAPI" in src:
            steps.append(("downward", src["downwardAPI"].get("items")))
    alike = all((item.get("fieldRef") or {}).get("fieldPath", "") in ("", "metadata.namespace")
                for step in steps if step[0] == "downward" for item in step[1] or ())
    plan = _Plan(source, tuple(steps), tuple(step[1] for step in steps if step[0] == "token"), alike)
    return keep(_plans, id(source), plan, 4096)


_projections: dict[tuple[int, int], tuple] = {}


def _projection(obj: dict, items: list[dict] | None) -> tuple[dict[str, str], str | None]:
    """`_project(_decode(obj), items)`, worked out once per stored version of a ConfigMap or
    Secret and `items` list (stored objects are never changed in place): every pod's projected
    token volume holds the namespace's `kube-root-ca.crt`. The files are read, never changed."""
    found = _projections.get((id(obj), id(items)))
    if found is None or found[0] is not obj or found[1] is not items:
        found = keep(_projections, (id(obj), id(items)), (obj, items, *_project(_decode(obj), items)), 4096)
    return found[2], found[3]


def _workload(sim: Simulation, pod: dict) -> str:
    """The name of the pod's top owner (Deployment, StatefulSet, ...) or of the pod itself."""
    obj = pod
    for _ in range(4):
        refs = [r for r in obj["metadata"].get("ownerReferences") or () if r.get("controller")]
        if not refs:
            break
        owner = sim.store.by_uid_get(refs[0]["uid"])
        if owner is None:
            return refs[0]["name"]
        obj = owner
    return obj["metadata"]["name"]

