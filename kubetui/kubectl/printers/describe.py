"""`kubectl describe`: kubectl's describers, over dicts and a read-only ClusterView.

Output is built as kubectl builds it — lines of tab-separated cells written at two-space
indent levels, then aligned by a tabwriter (min width 0, padding 2) — so the columns line
up, and break, exactly where kubectl's do.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kubetui.model.clock import datetime_of, tick_of

from ._util import (
    Quantity,
    canonical,
    controller_of,
    dig,
    format_labels,
    format_selector,
    meta,
    quantity,
    selector_string,
)
from .age import age, between
from .output import PrinterError
from .table import _access_modes, _is_default_class, _pv_class, node_roles
from .tabwriter import tabwrite

if TYPE_CHECKING:
    from kubetui.model.view import ClusterView


class _Writer:
    """kubectl's PrefixWriter: each write is prefixed by two spaces per level."""

    def __init__(self):
        self.parts: list[str] = []

    def w(self, level: int, text: str) -> None:
        self.parts.append("  " * level + text)

    def line(self, text: str = "") -> None:
        self.parts.append(text + "\n")

    def render(self) -> str:
        return tabwrite("".join(self.parts), 0, 2)


def _rfc1123z(ts: str | None) -> str:
    tick = tick_of(ts)
    if tick is None:
        return "Mon, 01 Jan 0001 00:00:00 +0000"
    return datetime_of(tick).strftime("%a, %d %b %Y %H:%M:%S +0000")


def _labels_multiline(w: _Writer, title: str, labels: dict | None, indent: str = "") -> None:
    w.w(0, f"{indent}{title}:\t")
    if not labels:
        w.line("<none>")
        return
    for i, key in enumerate(sorted(labels)):
        if i:
            w.w(0, f"{indent}\t")
        w.w(0, f"{key}={labels[key]}\n")


def _annotations_multiline(w: _Writer, title: str, annotations: dict | None) -> None:
    w.w(0, f"{title}:\t")
    keys = sorted(k for k in (annotations or {}) if k != "kubectl.kubernetes.io/last-applied-configuration")
    if not keys:
        w.line("<none>")
        return
    for i, key in enumerate(keys):
        if i:
            w.w(0, "\t")
        value = annotations[key].removesuffix("\n")
        if len(value) + len(key) + 2 > 140 or "\n" in value:
            w.w(0, f"{key}:\n")
            for s in value.split("\n"):
                w.w(0, f"\t  {s[:138] + '...' if len(s) > 138 else s}\n")
        else:
            w.w(0, f"{key}: {value}\n")


def _tolerations_multiline(w: _Writer, title: str, tolerations: list | None) -> None:
    w.w(0, f"{title}:\t")
    if not tolerations:
        w.line("<none>")
        return
    for i, t in enumerate(sorted(tolerations, key=lambda t: t.get("key", ""))):
        if i:
            w.w(0, "\t")
        text = t.get("key", "")
        if t.get("value"):
            text += f"={t['value']}"
        if t.get("effect"):
            text += f":{t['effect']}"
        if t.get("operator") == "Exists" and not t.get("value"):
            text += " op=Exists" if (t.get("key") or t.get("effect")) else "op=Exists"
        if t.get("tolerationSeconds") is not None:
            text += f" for {t['tolerationSeconds']}s"
        w.w(0, text + "\n")


def _spread_multiline(w: _Writer, title: str, constraints: list, indent: str = "") -> None:
    """printTopologySpreadConstraintMultiline: one line per constraint, by topologyKey."""
    w.w(0, f"{indent}{title}:\t")
    for i, c in enumerate(sorted(constraints, key=lambda c: c.get("topologyKey") or "")):
        if i:
            w.w(0, f"{indent}\t")
        text = f"{c.get('topologyKey') or ''}:{c.get('whenUnsatisfiable') or ''} when max skew {c.get('maxSkew') or 0} is exceeded"
        if c.get("labelSelector") is not None:
            text += f" for selector {selector_string(c['labelSelector'])}"
        w.w(0, text + "\n")


def _taints_multiline(w: _Writer, title: str, taints: list | None) -> None:
    w.w(0, f"{title}:\t")
    if not taints:
        w.line("<none>")
        return
    ordered = sorted(taints, key=lambda t: f"{t.get('effect', '')},{t.get('key', '')}")
    for i, t in enumerate(ordered):
        if i:
            w.w(0, "\t")
        text = t.get("key", "")
        if t.get("value"):
            text += f"={t['value']}"
        text += f":{t.get('effect', '')}"
        w.w(0, text + "\n")


# --- events ---------------------------------------------------------------------------

def events_for(view: ClusterView | None, kind: str, obj: dict) -> list[dict]:
    """Events whose involvedObject is `obj` (a node's kubelet events name it by its name as uid)."""
    if view is None:
        return []
    m = meta(obj)
    name, ns, uid = m.get("name"), m.get("namespace"), m.get("uid")
    found = []
    for e in view.events():
        inv = e.get("involvedObject") or {}
        if inv.get("name") != name:
            continue
        if inv.get("kind") and inv.get("kind") != kind:
            continue
        if ns and (inv.get("namespace") or ns) != ns:
            continue
        if uid and inv.get("uid") and inv["uid"] != uid and not (kind == "Node" and inv["uid"] == name):
            continue
        found.append(e)
    return found


def event_interval(e: dict, now: int) -> str:
    """An Event's age as kubectl words it: `AGE`, or `LAST (xN over FIRST)` once it repeated."""
    first = age(e.get("eventTime") or e.get("firstTimestamp"), now)
    if e.get("series"):
        return f"{age(dig(e, 'series', 'lastObservedTime'), now)} (x{dig(e, 'series', 'count')} over {first})"
    if (e.get("count") or 0) > 1:
        return f"{age(e.get('lastTimestamp'), now)} (x{e['count']} over {first})"
    return first


def _events(w: _Writer, events: list[dict], now: int) -> None:
    """kubectl 1.37 starts the message of an event about one container with its field path."""
    if not events:
        w.w(0, "Events:\t<none>\n")
        return
    ordered = sorted(events, key=lambda e: tick_of(e.get("lastTimestamp") or e.get("firstTimestamp")
                                                   or e.get("eventTime")) or 0)
    w.w(0, "Events:\n  Type\tReason\tAge\tFrom\tMessage\n")
    w.w(1, "----\t------\t----\t----\t-------\n")
    for e in ordered:
        interval = event_interval(e, now)
        source = dig(e, "source", "component") or e.get("reportingComponent") or e.get("reportingController") or ""
        message = (e.get("message") or "").strip()
        path = dig(e, "involvedObject", "fieldPath")
        if path:
            message = f"{path}: {message}"
        w.w(1, f"{e.get('type', '')}\t{e.get('reason', '')}\t{interval}\t{source}\t{message}\n")


# --- pods and templates ---------------------------------------------------------------

def _ports(ports: list | None, field: str) -> str:
    return ", ".join(f"{p.get(field, 0)}/{p.get('protocol') or 'TCP'}" for p in ports or [])


def _resources(w: _Writer, res: dict | None, level: int) -> None:
    for title, key in (("Limits", "limits"), ("Requests", "requests")):
        values = (res or {}).get(key) or {}
        if values:
            w.w(level, f"{title}:\n")
        for name in sorted(values):
            w.w(level + 1, f"{name}:\t{canonical(values[name])}\n")


def _probe(p: dict) -> str:
    attrs = (f"delay={p.get('initialDelaySeconds', 0)}s timeout={p.get('timeoutSeconds', 1)}s "
             f"period={p.get('periodSeconds', 10)}s successThreshold={p.get('successThreshold', 1)} "
             f"failureThreshold={p.get('failureThreshold', 3)}")
    if p.get("exec"):
        return f"exec [{' '.join(p['exec'].get('command') or [])}] {attrs}"
    if p.get("httpGet"):
        g = p["httpGet"]
        scheme = (g.get("scheme") or "HTTP").lower()
        return f"http-get {scheme}://{g.get('host', '')}:{g.get('port', '')}{g.get('path', '')} {attrs}"
    if p.get("tcpSocket"):
        return f"tcp-socket {p['tcpSocket'].get('host', '')}:{p['tcpSocket'].get('port', '')} {attrs}"
    if p.get("grpc"):
        return f"grpc <pod>:{p['grpc'].get('port')} {p['grpc'].get('service', '')} {attrs}"
    return f"unknown {attrs}"


def _state(w: _Writer, title: str, state: dict | None) -> None:
    state = state or {}
    if state.get("running") is not None:
        w.w(2, f"{title}:\tRunning\n")
        w.w(3, f"Started:\t{_rfc1123z(state['running'].get('startedAt'))}\n")
    elif state.get("waiting") is not None:
        w.w(2, f"{title}:\tWaiting\n")
        if state["waiting"].get("reason"):
            w.w(3, f"Reason:\t{state['waiting']['reason']}\n")
    elif state.get("terminated") is not None:
        t = state["terminated"]
        w.w(2, f"{title}:\tTerminated\n")
        if t.get("reason"):
            w.w(3, f"Reason:\t{t['reason']}\n")
        if t.get("message"):
            w.w(3, f"Message:\t{t['message']}\n")
        w.w(3, f"Exit Code:\t{t.get('exitCode', 0)}\n")
        if t.get("signal"):
            w.w(3, f"Signal:\t{t['signal']}\n")
        w.w(3, f"Started:\t{_rfc1123z(t.get('startedAt'))}\n")
        w.w(3, f"Finished:\t{_rfc1123z(t.get('finishedAt'))}\n")
    else:
        w.w(2, f"{title}:\tWaiting\n")


def _env(w: _Writer, c: dict) -> None:
    if c.get("envFrom"):
        w.w(2, "Environment Variables from:\n")
        for e in c["envFrom"]:
            ref, frm = (e.get("configMapRef"), "ConfigMap") if e.get("configMapRef") else (e.get("secretRef"), "Secret")
            ref = ref or {}
            optional = "true" if ref.get("optional") else "false"
            if e.get("prefix"):
                w.w(3, f"{ref.get('name', '')}\t{frm} with prefix '{e['prefix']}'\tOptional: {optional}\n")
            else:
                w.w(3, f"{ref.get('name', '')}\t{frm}\tOptional: {optional}\n")
    env = c.get("env") or []
    w.w(2, "Environment:" + ("\t<none>" if not env else "") + "\n")
    for e in env:
        vf = e.get("valueFrom")
        if vf is None:
            for i, s in enumerate(str(e.get("value", "")).split("\n")):
                w.w(3, f"{e.get('name')}:\t{s}\n" if i == 0 else f"\t{s}\n")
        elif vf.get("fieldRef"):
            fr = vf["fieldRef"]
            w.w(3, f"{e.get('name')}:\t ({fr.get('apiVersion', 'v1')}:{fr.get('fieldPath', '')})\n")
        elif vf.get("resourceFieldRef"):
            w.w(3, f"{e.get('name')}:\t ({vf['resourceFieldRef'].get('resource', '')})\n")
        elif vf.get("secretKeyRef"):
            r = vf["secretKeyRef"]
            opt = "true" if r.get("optional") else "false"
            w.w(3, f"{e.get('name')}:\t<set to the key '{r.get('key')}' in secret '{r.get('name')}'>\tOptional: {opt}\n")
        elif vf.get("configMapKeyRef"):
            r = vf["configMapKeyRef"]
            opt = "true" if r.get("optional") else "false"
            w.w(3, f"{e.get('name')}:\t<set to the key '{r.get('key')}' of config map '{r.get('name')}'>\t"
                   f"Optional: {opt}\n")


def _containers(w: _Writer, label: str, containers: list, statuses: list | None, space: str) -> None:
    by_name = {s.get("name"): s for s in statuses or []}
    w.w(0, f"{space}{label}:{' <none>' if not containers else ''}\n")
    indent = " " if space else ""
    for c in containers:
        st = by_name.get(c.get("name"))
        w.w(1, f"{indent}{c.get('name')}:\n")
        if st is not None:
            w.w(2, f"Container ID:\t{st.get('containerID', '')}\n")
        w.w(2, f"Image:\t{c.get('image', '')}\n")
        if st is not None:
            w.w(2, f"Image ID:\t{st.get('imageID', '')}\n")
        ports, host_ports = _ports(c.get("ports"), "containerPort"), _ports(c.get("ports"), "hostPort")
        w.w(2, f"Ports:\t{ports}\n" if "," in ports else f"Port:\t{ports or '<none>'}\n")
        w.w(2, f"Host Ports:\t{host_ports}\n" if "," in host_ports else f"Host Port:\t{host_ports or '<none>'}\n")
        for title, key in (("Command", "command"), ("Args", "args")):
            if c.get(key):
                w.w(2, f"{title}:\n")
                for part in c[key]:
                    for s in str(part).split("\n"):
                        w.w(3, f"{s}\n")
        if st is not None:
            _state(w, "State", st.get("state"))
            if dig(st, "lastState", "terminated") is not None:
                _state(w, "Last State", st.get("lastState"))
            w.w(2, f"Ready:\t{'True' if st.get('ready') else 'False'}\n")
            w.w(2, f"Restart Count:\t{st.get('restartCount', 0)}\n")
        _resources(w, c.get("resources"), 2)
        for title, key in (("Liveness", "livenessProbe"), ("Readiness", "readinessProbe"),
                           ("Startup", "startupProbe")):
            if c.get(key):
                w.w(2, f"{title}:\t{_probe(c[key])}\n")
        _env(w, c)
        mounts = sorted(c.get("volumeMounts") or [], key=lambda m: m.get("mountPath", ""))
        w.w(2, "Mounts:" + ("\t<none>" if not mounts else "") + "\n")
        for m in mounts:
            flags = ["ro" if m.get("readOnly") else "rw"]
            if m.get("subPath"):
                flags.append(f'path="{m["subPath"]}"')
            w.w(3, f"{m.get('mountPath')} from {m.get('name')} ({','.join(flags)})\n")


def _volumes(w: _Writer, volumes: list | None, space: str) -> None:
    if not volumes:
        w.w(0, f"{space}Volumes:\t<none>\n")
        return
    w.w(0, f"{space}Volumes:\n")
    for v in volumes:
        w.w(1, f"{' ' if space else ''}{v.get('name')}:\n")
        if "hostPath" in v:
            hp = v["hostPath"]
            w.w(2, f"Type:\tHostPath (bare host directory volume)\n    Path:\t{hp.get('path', '')}\n"
                   f"    HostPathType:\t{hp.get('type') or '<none>'}\n")
        elif "emptyDir" in v:
            ed = v["emptyDir"] or {}
            limit = canonical(ed["sizeLimit"]) if ed.get("sizeLimit") else "<unset>"
            w.w(2, "Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n"
                   f"    Medium:\t{ed.get('medium', '')}\n    SizeLimit:\t{limit}\n")
        elif "secret" in v:
            s = v["secret"]
            w.w(2, f"Type:\tSecret (a volume populated by a Secret)\n    SecretName:\t{s.get('secretName', '')}\n"
                   f"    Optional:\t{'true' if s.get('optional') else 'false'}\n")
        elif "configMap" in v:
            cm = v["configMap"]
            w.w(2, f"Type:\tConfigMap (a volume populated by a ConfigMap)\n    Name:\t{cm.get('name', '')}\n"
                   f"    Optional:\t{'true' if cm.get('optional') else 'false'}\n")
        elif "persistentVolumeClaim" in v:
            pvc = v["persistentVolumeClaim"]
            w.w(2, "Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)\n"
                   f"    ClaimName:\t{pvc.get('claimName', '')}\n"
                   f"    ReadOnly:\t{'true' if pvc.get('readOnly') else 'false'}\n")
        elif "projected" in v:
            w.w(2, "Type:\tProjected (a volume that contains injected data from multiple sources)\n")
            for src in dig(v, "projected", "sources") or []:
                if "serviceAccountToken" in src:
                    w.w(2, f"TokenExpirationSeconds:\t{src['serviceAccountToken'].get('expirationSeconds', 3600)}\n")
                elif "configMap" in src:
                    w.w(2, f"ConfigMapName:\t{src['configMap'].get('name', '')}\n"
                           f"    Optional:\t{'true' if src['configMap'].get('optional') else 'false'}\n")
                elif "secret" in src:
                    w.w(2, f"SecretName:\t{src['secret'].get('name', '')}\n"
                           f"    Optional:\t{'true' if src['secret'].get('optional') else 'false'}\n")
                elif "downwardAPI" in src:
                    w.w(2, "DownwardAPI:\ttrue\n")
        elif "downwardAPI" in v:
            w.w(2, "Type:\tDownwardAPI (a volume populated by information about the pod)\n    Items:\n")
            for item in dig(v, "downwardAPI", "items") or []:
                ref = item.get("fieldRef") or {}
                src = ref.get("fieldPath") or dig(item, "resourceFieldRef", "resource", default="")
                w.w(3, f"{src} -> {item.get('path', '')}\n")
        else:
            w.w(1, "<unknown>\n")


def qos_class(pod: dict) -> str:
    """The pod's QoS class: as the API server recorded it, else derived from its spec."""
    from kubetui.model.qos import qos_class as derive

    return dig(pod, "status", "qosClass") or derive(pod.get("spec") or {})


def _pod_template(w: _Writer, template: dict | None) -> None:
    w.w(0, "Pod Template:\n")
    if template is None:
        w.w(1, "<unset>")
        return
    _labels_multiline(w, "  Labels", dig(template, "metadata", "labels"))
    if dig(template, "metadata", "annotations"):
        _annotations_multiline(w, "  Annotations", template["metadata"]["annotations"])
    spec = template.get("spec") or {}
    if spec.get("serviceAccountName"):
        w.w(1, f"Service Account:\t{spec['serviceAccountName']}\n")
    if spec.get("initContainers"):
        _containers(w, "Init Containers", spec["initContainers"], None, "  ")
    _containers(w, "Containers", spec.get("containers") or [], None, "  ")
    _volumes(w, spec.get("volumes"), "  ")
    if spec.get("topologySpreadConstraints"):
        _spread_multiline(w, "Topology Spread Constraints", spec["topologySpreadConstraints"], "  ")
    if spec.get("priorityClassName"):
        w.w(1, f"Priority Class Name:\t{spec['priorityClassName']}\n")
    _labels_multiline(w, "  Node-Selectors", spec.get("nodeSelector"))
    _tolerations_multiline(w, "  Tolerations", spec.get("tolerations"))


def _pod_counts(view: ClusterView | None, owner: dict) -> tuple[int, int, int, int]:
    """Running / Waiting / Succeeded / Failed among the pods `owner` controls."""
    counts = {"Running": 0, "Pending": 0, "Succeeded": 0, "Failed": 0}
    if view is None:
        return 0, 0, 0, 0
    uid = meta(owner).get("uid")
    for pod in view.list("Pod", meta(owner).get("namespace")):
        ref = controller_of(pod)
        if ref is None or (uid and ref.get("uid") != uid) or (not uid and ref.get("name") != meta(owner).get("name")):
            continue
        phase = dig(pod, "status", "phase")
        if phase in counts:
            counts[phase] += 1
    return counts["Running"], counts["Pending"], counts["Succeeded"], counts["Failed"]


def _header(w: _Writer, obj: dict, namespaced: bool = True) -> None:
    w.w(0, f"Name:\t{meta(obj).get('name', '')}\n")
    if namespaced:
        w.w(0, f"Namespace:\t{meta(obj).get('namespace', '')}\n")


def _controlled_by(w: _Writer, obj: dict) -> None:
    ref = controller_of(obj)
    if ref:
        w.w(0, f"Controlled By:\t{ref.get('kind')}/{ref.get('name')}\n")


# --- describers -----------------------------------------------------------------------

def _describe_pod(pod, view, now, w):
    spec, status, m = pod.get("spec") or {}, pod.get("status") or {}, meta(pod)
    _header(w, pod)
    if spec.get("priority") is not None:
        w.w(0, f"Priority:\t{spec['priority']}\n")
    if spec.get("priorityClassName"):
        w.w(0, f"Priority Class Name:\t{spec['priorityClassName']}\n")
    if spec.get("runtimeClassName"):
        w.w(0, f"Runtime Class Name:\t{spec['runtimeClassName']}\n")
    if spec.get("serviceAccountName"):
        w.w(0, f"Service Account:\t{spec['serviceAccountName']}\n")
    if not spec.get("nodeName"):
        w.w(0, "Node:\t<none>\n")
    else:
        w.w(0, f"Node:\t{spec['nodeName']}/{status.get('hostIP', '')}\n")
    if status.get("startTime"):
        w.w(0, f"Start Time:\t{_rfc1123z(status['startTime'])}\n")
    _labels_multiline(w, "Labels", m.get("labels"))
    _annotations_multiline(w, "Annotations", m.get("annotations"))
    if m.get("deletionTimestamp") and status.get("phase") not in ("Failed", "Succeeded"):
        w.w(0, f"Status:\tTerminating (lasts {age(m['deletionTimestamp'], now)})\n")
        w.w(0, f"Termination Grace Period:\t{m.get('deletionGracePeriodSeconds', 30)}s\n")
    else:
        w.w(0, f"Status:\t{status.get('phase', '')}\n")
    if status.get("reason"):
        w.w(0, f"Reason:\t{status['reason']}\n")
    if status.get("message"):
        w.w(0, f"Message:\t{status['message']}\n")
    w.w(0, f"IP:\t{status.get('podIP', '')}\n")
    ips = status.get("podIPs") or []
    if not ips:
        w.w(0, "IPs:\t<none>\n")
    else:
        w.w(0, "IPs:\n")
        for ip in ips:
            w.w(1, f"IP:\t{ip.get('ip', '')}\n")
    _controlled_by(w, pod)
    if status.get("nominatedNodeName"):
        w.w(0, f"NominatedNodeName:\t{status['nominatedNodeName']}\n")
    if spec.get("initContainers"):
        _containers(w, "Init Containers", spec["initContainers"], status.get("initContainerStatuses"), "")
    _containers(w, "Containers", spec.get("containers") or [], status.get("containerStatuses"), "")
    if spec.get("ephemeralContainers"):
        _containers(w, "Ephemeral Containers", spec["ephemeralContainers"], status.get("ephemeralContainerStatuses"),
                    "")
    if spec.get("readinessGates"):
        w.w(0, "Readiness Gates:\n  Type\tStatus\n")
        for g in spec["readinessGates"]:
            st = next((c.get("status") for c in status.get("conditions") or []
                       if c.get("type") == g.get("conditionType")), "<none>")
            w.w(1, f"{g.get('conditionType')} \t{st} \n")
    if status.get("conditions"):
        w.w(0, "Conditions:\n  Type\tStatus\n")
        for c in status["conditions"]:
            w.w(1, f"{c.get('type')} \t{c.get('status')} \n")
    _volumes(w, spec.get("volumes"), "")
    w.w(0, f"QoS Class:\t{qos_class(pod)}\n")
    _labels_multiline(w, "Node-Selectors", spec.get("nodeSelector"))
    _tolerations_multiline(w, "Tolerations", spec.get("tolerations"))
    if spec.get("topologySpreadConstraints"):
        _spread_multiline(w, "Topology Spread Constraints", spec["topologySpreadConstraints"])
    _events(w, events_for(view, "Pod", pod), now)


def _pod_requests_limits(pod: dict) -> tuple[dict[str, Quantity], dict[str, Quantity]]:
    """Effective pod requests/limits: containers summed, init containers as a floor."""
    reqs: dict[str, Quantity] = {}
    lims: dict[str, Quantity] = {}
    spec = pod.get("spec") or {}
    for c in spec.get("containers") or []:
        res = c.get("resources") or {}
        for k, v in (res.get("requests") or {}).items():
            reqs[k] = reqs.get(k, Quantity()) + quantity(v)
        for k, v in (res.get("limits") or {}).items():
            lims[k] = lims.get(k, Quantity()) + quantity(v)
    for c in spec.get("initContainers") or []:
        res = c.get("resources") or {}
        for target, key in ((reqs, "requests"), (lims, "limits")):
            for k, v in (res.get(key) or {}).items():
                q = quantity(v)
                if k not in target or q.value > target[k].value:
                    target[k] = q
    for k, v in (spec.get("overhead") or {}).items():
        reqs[k] = reqs.get(k, Quantity()) + quantity(v)
        if k in lims:
            lims[k] = lims[k] + quantity(v)
    return reqs, lims


def _pct(part: Quantity, whole: Quantity, milli: bool) -> int:
    denom = whole.milli() if milli else whole.units()
    if denom == 0:
        return 0
    num = part.milli() if milli else part.units()
    return int(num * 100 / denom)


def _describe_node(node, view, now, w):
    m, spec, st = meta(node), node.get("spec") or {}, node.get("status") or {}
    w.w(0, f"Name:\t{m.get('name', '')}\n")
    w.w(0, f"Roles:\t{','.join(node_roles(node)) or '<none>'}\n")
    _labels_multiline(w, "Labels", m.get("labels"))
    _annotations_multiline(w, "Annotations", m.get("annotations"))
    w.w(0, f"CreationTimestamp:\t{_rfc1123z(m.get('creationTimestamp'))}\n")
    _taints_multiline(w, "Taints", spec.get("taints"))
    w.w(0, f"Unschedulable:\t{'true' if spec.get('unschedulable') else 'false'}\n")
    lease = view.get("Lease", m.get("name", ""), "kube-node-lease") if view is not None else None
    if lease is None:
        w.w(0, f'Lease:\tFailed to get lease: leases.coordination.k8s.io "{m.get("name", "")}" not found\n')
    else:
        w.w(0, "Lease:\n")
        ls = lease.get("spec") or {}
        w.w(1, f"HolderIdentity:\t{ls.get('holderIdentity') or '<unset>'}\n")
        w.w(1, f"AcquireTime:\t{_rfc1123z(ls['acquireTime']) if ls.get('acquireTime') else '<unset>'}\n")
        w.w(1, f"RenewTime:\t{_rfc1123z(ls['renewTime']) if ls.get('renewTime') else '<unset>'}\n")
    if st.get("conditions"):
        w.w(0, "Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n")
        w.w(1, "----\t------\t-----------------\t------------------\t------\t-------\n")
        for c in st["conditions"]:
            w.w(1, f"{c.get('type')} \t{c.get('status')} \t{_rfc1123z(c.get('lastHeartbeatTime'))} \t"
                   f"{_rfc1123z(c.get('lastTransitionTime'))} \t{c.get('reason', '')} \t{c.get('message', '')}\n")
    w.w(0, "Addresses:\n")
    for a in st.get("addresses") or []:
        w.w(1, f"{a.get('type')}:\t{a.get('address')}\n")
    for title, key in (("Capacity", "capacity"), ("Allocatable", "allocatable")):
        if st.get(key):
            w.w(0, f"{title}:\n")
            for r in sorted(st[key]):
                w.w(0, f"  {r}:\t{canonical(st[key][r])}\n")
    info = st.get("nodeInfo") or {}
    w.w(0, "System Info:\n")
    for label, key in (("Machine ID", "machineID"), ("System UUID", "systemUUID"), ("Boot ID", "bootID"),
                       ("Kernel Version", "kernelVersion"), ("OS Image", "osImage"),
                       ("Operating System", "operatingSystem"), ("Architecture", "architecture"),
                       ("Container Runtime Version", "containerRuntimeVersion"),
                       ("Kubelet Version", "kubeletVersion"), ("Kube-Proxy Version", "kubeProxyVersion")):
        w.w(0, f"  {label}:\t{info.get(key, '')}\n")
    if spec.get("podCIDR"):
        w.w(0, f"PodCIDR:\t{spec['podCIDR']}\n")
    if spec.get("podCIDRs"):
        w.w(0, f"PodCIDRs:\t{','.join(spec['podCIDRs'])}\n")
    if spec.get("providerID"):
        w.w(0, f"ProviderID:\t{spec['providerID']}\n")
    pods = []
    if view is not None:
        pods = [p for p in view.list("Pod", None) if dig(p, "spec", "nodeName") == m.get("name")
                and dig(p, "status", "phase") not in ("Succeeded", "Failed")]
    alloc = st.get("allocatable") or st.get("capacity") or {}
    cpu_alloc, mem_alloc = quantity(alloc.get("cpu", "0")), quantity(alloc.get("memory", "0"))
    eph_alloc = quantity(alloc.get("ephemeral-storage", "0"))
    w.w(0, f"Non-terminated Pods:\t({len(pods)} in total)\n")
    w.w(1, "Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n")
    w.w(1, "---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n")
    total_req: dict[str, Quantity] = {}
    total_lim: dict[str, Quantity] = {}
    for p in pods:
        req, lim = _pod_requests_limits(p)
        for k, q in req.items():
            total_req[k] = total_req.get(k, Quantity()) + q
        for k, q in lim.items():
            total_lim[k] = total_lim.get(k, Quantity()) + q
        cr, cl = req.get("cpu", Quantity()), lim.get("cpu", Quantity())
        mr, ml = req.get("memory", Quantity()), lim.get("memory", Quantity())
        w.w(1, f"{meta(p).get('namespace', '')}\t{meta(p).get('name', '')}\t\t"
               f"{cr} ({_pct(cr, cpu_alloc, True)}%)\t{cl} ({_pct(cl, cpu_alloc, True)}%)\t"
               f"{mr} ({_pct(mr, mem_alloc, False)}%)\t{ml} ({_pct(ml, mem_alloc, False)}%)\t"
               f"{age(meta(p).get('creationTimestamp'), now)}\n")
    w.w(0, "Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n")
    w.w(1, "Resource\tRequests\tLimits\n")
    w.w(1, "--------\t--------\t------\n")
    for name, whole, milli in (("cpu", cpu_alloc, True), ("memory", mem_alloc, False),
                               ("ephemeral-storage", eph_alloc, False)):
        r, lm = total_req.get(name, Quantity()), total_lim.get(name, Quantity())
        w.w(1, f"{name}\t{r} ({_pct(r, whole, milli)}%)\t{lm} ({_pct(lm, whole, milli)}%)\n")
    for name in sorted(alloc):
        if name.startswith("hugepages-"):
            r, lm, whole = total_req.get(name, Quantity()), total_lim.get(name, Quantity()), quantity(alloc[name])
            w.w(1, f"{name}\t{r} ({_pct(r, whole, False)}%)\t{lm} ({_pct(lm, whole, False)}%)\n")
    for name in sorted(alloc):
        if "/" in name and not name.startswith("requests.") and not name.startswith("limits."):
            w.w(1, f"{name}\t{total_req.get(name, Quantity())}\t{total_lim.get(name, Quantity())}\n")
    _events(w, events_for(view, "Node", node), now)


def _intstr(v, default: str) -> str:
    return default if v is None else str(v)


def _describe_deployment(d, view, now, w):
    m, spec, st = meta(d), d.get("spec") or {}, d.get("status") or {}
    _header(w, d)
    w.w(0, f"CreationTimestamp:\t{_rfc1123z(m.get('creationTimestamp'))}\n")
    _labels_multiline(w, "Labels", m.get("labels"))
    _annotations_multiline(w, "Annotations", m.get("annotations"))
    w.w(0, f"Selector:\t{selector_string(spec.get('selector'))}\n")
    w.w(0, f"Replicas:\t{spec.get('replicas', 1)} desired | {st.get('updatedReplicas', 0)} updated | "
           f"{st.get('replicas', 0)} total | {st.get('availableReplicas', 0)} available | "
           f"{st.get('unavailableReplicas', 0)} unavailable\n")
    strategy = spec.get("strategy") or {}
    w.w(0, f"StrategyType:\t{strategy.get('type', 'RollingUpdate')}\n")
    w.w(0, f"MinReadySeconds:\t{spec.get('minReadySeconds', 0)}\n")
    ru = strategy.get("rollingUpdate")
    if ru is not None:
        w.w(0, f"RollingUpdateStrategy:\t{_intstr(ru.get('maxUnavailable'), '25%')} max unavailable, "
               f"{_intstr(ru.get('maxSurge'), '25%')} max surge\n")
    _pod_template(w, spec.get("template"))
    if st.get("conditions"):
        w.w(0, "Conditions:\n  Type\tStatus\tReason\n")
        w.w(1, "----\t------\t------\n")
        for c in st["conditions"]:
            w.w(1, f"{c.get('type')} \t{c.get('status')}\t{c.get('reason', '')}\n")
    old, new = _deployment_replicasets(d, view)
    if old or new:
        w.w(0, f"OldReplicaSets:\t{_rs_list(old)}\n")
        w.w(0, f"NewReplicaSet:\t{_rs_list(new)}\n")
    _events(w, events_for(view, "Deployment", d), now)


def _rs_list(rss: list[dict]) -> str:
    text = ", ".join(f"{meta(r).get('name')} ({dig(r, 'status', 'replicas', default=0)}/"
                     f"{dig(r, 'spec', 'replicas', default=1)} replicas created)" for r in rss)
    return text or "<none>"


def _deployment_replicasets(d: dict, view) -> tuple[list[dict], list[dict]]:
    """The deployment's ReplicaSets: the one whose template matches is new, the rest old."""
    if view is None:
        return [], []
    uid, name = meta(d).get("uid"), meta(d).get("name")
    owned = []
    for rs in view.list("ReplicaSet", meta(d).get("namespace")):
        ref = controller_of(rs)
        if ref and ref.get("kind") == "Deployment" and (ref.get("uid") == uid if uid else ref.get("name") == name):
            owned.append(rs)
    template = _strip_hash(dig(d, "spec", "template") or {})
    new = [rs for rs in owned if _strip_hash(dig(rs, "spec", "template") or {}) == template][:1]
    old = sorted((rs for rs in owned if rs not in new), key=lambda r: meta(r).get("name", ""))
    return old, new


def _strip_hash(template: dict) -> dict:
    t = dict(template)
    md = dict(t.get("metadata") or {})
    labels = dict(md.get("labels") or {})
    labels.pop("pod-template-hash", None)
    md["labels"] = labels
    md.pop("creationTimestamp", None)
    t["metadata"] = md
    return t


def _describe_replicaset(rs, view, now, w, kind="ReplicaSet"):
    m, spec, st = meta(rs), rs.get("spec") or {}, rs.get("status") or {}
    _header(w, rs)
    if kind == "ReplicaSet":
        w.w(0, f"Selector:\t{format_selector(spec.get('selector'))}\n")
    else:
        w.w(0, f"Selector:\t{format_labels(spec.get('selector'))}\n")
    _labels_multiline(w, "Labels", m.get("labels"))
    _annotations_multiline(w, "Annotations", m.get("annotations"))
    if kind == "ReplicaSet":
        _controlled_by(w, rs)
    w.w(0, f"Replicas:\t{st.get('replicas', 0)} current / {spec.get('replicas', 1)} desired\n")
    running, waiting, succeeded, failed = _pod_counts(view, rs)
    w.w(0, f"Pods Status:\t{running} Running / {waiting} Waiting / {succeeded} Succeeded / {failed} Failed\n")
    _pod_template(w, spec.get("template"))
    if st.get("conditions"):
        w.w(0, "Conditions:\n  Type\tStatus\tReason\n")
        w.w(1, "----\t------\t------\n")
        for c in st["conditions"]:
            w.w(1, f"{c.get('type')} \t{c.get('status')}\t{c.get('reason', '')}\n")
    _events(w, events_for(view, kind, rs), now)


def _describe_rc(rc, view, now, w):
    _describe_replicaset(rc, view, now, w, kind="ReplicationController")


def _describe_daemonset(ds, view, now, w):
    m, spec, st = meta(ds), ds.get("spec") or {}, ds.get("status") or {}
    _header(w, ds)
    w.w(0, f"Selector:\t{selector_string(spec.get('selector'))}\n")
    w.w(0, f"Node-Selector:\t{format_labels(dig(spec, 'template', 'spec', 'nodeSelector'))}\n")
    _labels_multiline(w, "Labels", m.get("labels"))
    _annotations_multiline(w, "Annotations", m.get("annotations"))
    w.w(0, f"Desired Number of Nodes Scheduled: {st.get('desiredNumberScheduled', 0)}\n")
    w.w(0, f"Current Number of Nodes Scheduled: {st.get('currentNumberScheduled', 0)}\n")
    w.w(0, f"Number of Nodes Scheduled with Up-to-date Pods: {st.get('updatedNumberScheduled', 0)}\n")
    w.w(0, f"Number of Nodes Scheduled with Available Pods: {st.get('numberAvailable', 0)}\n")
    w.w(0, f"Number of Nodes Misscheduled: {st.get('numberMisscheduled', 0)}\n")
    running, waiting, succeeded, failed = _pod_counts(view, ds)
    w.w(0, f"Pods Status:\t{running} Running / {waiting} Waiting / {succeeded} Succeeded / {failed} Failed\n")
    _pod_template(w, spec.get("template"))
    _events(w, events_for(view, "DaemonSet", ds), now)


def _describe_statefulset(sts, view, now, w):
    m, spec, st = meta(sts), sts.get("spec") or {}, sts.get("status") or {}
    _header(w, sts)
    w.w(0, f"CreationTimestamp:\t{_rfc1123z(m.get('creationTimestamp'))}\n")
    w.w(0, f"Selector:\t{selector_string(spec.get('selector'))}\n")
    _labels_multiline(w, "Labels", m.get("labels"))
    _annotations_multiline(w, "Annotations", m.get("annotations"))
    w.w(0, f"Replicas:\t{spec.get('replicas', 1)} desired | {st.get('replicas', 0)} total\n")
    strategy = spec.get("updateStrategy") or {}
    w.w(0, f"Update Strategy:\t{strategy.get('type', '')}\n")
    ru = strategy.get("rollingUpdate")
    if ru is not None and ru.get("partition") is not None:
        w.w(1, f"Partition:\t{ru['partition']}\n")
        if ru.get("maxUnavailable") is not None:
            w.w(1, f"MaxUnavailable:\t{ru['maxUnavailable']}\n")
    running, waiting, succeeded, failed = _pod_counts(view, sts)
    w.w(0, f"Pods Status:\t{running} Running / {waiting} Waiting / {succeeded} Succeeded / {failed} Failed\n")
    _pod_template(w, spec.get("template"))
    templates = spec.get("volumeClaimTemplates") or []
    if not templates:
        w.w(0, "Volume Claims:\t<none>\n")
    else:
        w.w(0, "Volume Claims:\n")
        for claim in templates:
            cm, cs = claim.get("metadata") or {}, claim.get("spec") or {}
            w.w(1, f"Name:\t{cm.get('name', '')}\n")
            w.w(1, f"StorageClass:\t{cs.get('storageClassName') or ''}\n")
            _labels_multiline(w, "Labels", cm.get("labels"), indent="  ")
            _labels_multiline(w, "Annotations", cm.get("annotations"), indent="  ")
            capacity = dig(cs, "resources", "requests", "storage")
            w.w(1, f"Capacity:\t{capacity if capacity is not None else '<default>'}\n")
            w.w(1, f"Access Modes:\t[{' '.join(cs.get('accessModes') or [])}]\n")
    _events(w, events_for(view, "StatefulSet", sts), now)


def _describe_job(job, view, now, w):
    m, spec, st = meta(job), job.get("spec") or {}, job.get("status") or {}
    _header(w, job)
    w.w(0, f"Selector:\t{selector_string(spec.get('selector'))}\n")
    _labels_multiline(w, "Labels", m.get("labels"))
    _annotations_multiline(w, "Annotations", m.get("annotations"))
    _controlled_by(w, job)
    if spec.get("parallelism") is not None:
        w.w(0, f"Parallelism:\t{spec['parallelism']}\n")
    w.w(0, f"Completions:\t{spec['completions'] if spec.get('completions') is not None else '<unset>'}\n")
    if spec.get("completionMode"):
        w.w(0, f"Completion Mode:\t{spec['completionMode']}\n")
    if spec.get("suspend") is not None:
        w.w(0, f"Suspend:\t{'true' if spec['suspend'] else 'false'}\n")
    if spec.get("backoffLimit") is not None:
        w.w(0, f"Backoff Limit:\t{spec['backoffLimit']}\n")
    if spec.get("ttlSecondsAfterFinished") is not None:
        w.w(0, f"TTL Seconds After Finished:\t{spec['ttlSecondsAfterFinished']}\n")
    if st.get("startTime"):
        w.w(0, f"Start Time:\t{_rfc1123z(st['startTime'])}\n")
    if st.get("completionTime"):
        w.w(0, f"Completed At:\t{_rfc1123z(st['completionTime'])}\n")
    if st.get("startTime") and st.get("completionTime"):
        w.w(0, f"Duration:\t{between(st['startTime'], st['completionTime'])}\n")
    if spec.get("activeDeadlineSeconds") is not None:
        w.w(0, f"Active Deadline Seconds:\t{spec['activeDeadlineSeconds']}s\n")
    if st.get("ready") is None:
        w.w(0, f"Pods Statuses:\t{st.get('active', 0)} Active / {st.get('succeeded', 0)} Succeeded / "
               f"{st.get('failed', 0)} Failed\n")
    else:
        w.w(0, f"Pods Statuses:\t{st.get('active', 0)} Active ({st['ready']} Ready) / {st.get('succeeded', 0)} "
               f"Succeeded / {st.get('failed', 0)} Failed\n")
    if spec.get("completionMode") == "Indexed":
        w.w(0, f"Completed Indexes:\t{st.get('completedIndexes') or '<none>'}\n")
    _pod_template(w, spec.get("template"))
    _events(w, events_for(view, "Job", job), now)


def _describe_cronjob(cj, view, now, w):
    m, spec, st = meta(cj), cj.get("spec") or {}, cj.get("status") or {}
    _header(w, cj)
    _labels_multiline(w, "Labels", m.get("labels"))
    _annotations_multiline(w, "Annotations", m.get("annotations"))
    w.w(0, f"Schedule:\t{spec.get('schedule', '')}\n")
    w.w(0, f"Concurrency Policy:\t{spec.get('concurrencyPolicy', 'Allow')}\n")
    suspend = spec.get("suspend")
    w.w(0, f"Suspend:\t{'<unset>' if suspend is None else ('True' if suspend else 'False')}\n")
    w.w(0, f"Time Zone:\t{spec.get('timeZone') or '<unset>'}\n")
    for label, key in (("Successful Job History Limit", "successfulJobsHistoryLimit"),
                       ("Failed Job History Limit", "failedJobsHistoryLimit")):
        w.w(0, f"{label}:\t{spec[key] if spec.get(key) is not None else '<unset>'}\n")
    sds = spec.get("startingDeadlineSeconds")
    w.w(0, f"Starting Deadline Seconds:\t{f'{sds}s' if sds is not None else '<unset>'}\n")
    jt = dig(spec, "jobTemplate", "spec") or {}
    w.w(0, f"Selector:\t{selector_string(jt['selector']) if jt.get('selector') else '<unset>'}\n")
    w.w(0, f"Parallelism:\t{jt['parallelism'] if jt.get('parallelism') is not None else '<unset>'}\n")
    w.w(0, f"Completions:\t{jt['completions'] if jt.get('completions') is not None else '<unset>'}\n")
    if jt.get("activeDeadlineSeconds") is not None:
        w.w(0, f"Active Deadline Seconds:\t{jt['activeDeadlineSeconds']}s\n")
    _pod_template(w, jt.get("template"))
    last = st.get("lastScheduleTime")
    w.w(0, f"Last Schedule Time:\t{_rfc1123z(last) if last else '<unset>'}\n")
    active = st.get("active") or []
    w.w(0, f"Active Jobs:\t{', '.join(a.get('name', '') for a in active) if active else '<none>'}\n")
    _events(w, events_for(view, "CronJob", cj), now)


def _describe_service(svc, view, now, w):
    m, spec = meta(svc), svc.get("spec") or {}
    _header(w, svc)
    _labels_multiline(w, "Labels", m.get("labels"))
    _annotations_multiline(w, "Annotations", m.get("annotations"))
    w.w(0, f"Selector:\t{format_labels(spec.get('selector'))}\n")
    w.w(0, f"Type:\t{spec.get('type', 'ClusterIP')}\n")
    if spec.get("ipFamilyPolicy"):
        w.w(0, f"IP Family Policy:\t{spec['ipFamilyPolicy']}\n")
    w.w(0, f"IP Families:\t{','.join(spec.get('ipFamilies') or []) or '<none>'}\n")
    w.w(0, f"IP:\t{spec.get('clusterIP', '')}\n")
    w.w(0, f"IPs:\t{','.join(spec.get('clusterIPs') or []) or '<none>'}\n")
    if spec.get("externalIPs"):
        w.w(0, f"External IPs:\t{','.join(spec['externalIPs'])}\n")
    if spec.get("loadBalancerIP"):
        w.w(0, f"Desired LoadBalancer IP:\t{spec['loadBalancerIP']}\n")
    if spec.get("externalName"):
        w.w(0, f"External Name:\t{spec['externalName']}\n")
    ingress = dig(svc, "status", "loadBalancer", "ingress") or []
    if ingress:
        shown = [f"{i['ip']} ({i['ipMode']})" if i.get("ip") and i.get("ipMode") else i.get("ip") or i.get("hostname", "")
                 for i in ingress]
        w.w(0, f"LoadBalancer Ingress:\t{', '.join(shown)}\n")
    ep = view.get("Endpoints", m.get("name", ""), m.get("namespace")) if view is not None else None
    for p in spec.get("ports") or []:
        name = p.get("name") or "<unset>"
        proto = p.get("protocol") or "TCP"
        w.w(0, f"Port:\t{name}\t{p.get('port')}/{proto}\n")
        w.w(0, f"TargetPort:\t{p.get('targetPort', p.get('port'))}/{proto}\n")
        if p.get("nodePort"):
            w.w(0, f"NodePort:\t{name}\t{p['nodePort']}/{proto}\n")
        w.w(0, f"Endpoints:\t{_service_endpoints(ep, p.get('name') or '')}\n")
    w.w(0, f"Session Affinity:\t{spec.get('sessionAffinity', 'None')}\n")
    if spec.get("externalTrafficPolicy"):
        w.w(0, f"External Traffic Policy:\t{spec['externalTrafficPolicy']}\n")
    if spec.get("internalTrafficPolicy"):
        w.w(0, f"Internal Traffic Policy:\t{spec['internalTrafficPolicy']}\n")
    if spec.get("healthCheckNodePort"):
        w.w(0, f"HealthCheck NodePort:\t{spec['healthCheckNodePort']}\n")
    if spec.get("loadBalancerSourceRanges"):
        w.w(0, f"LoadBalancer Source Ranges:\t{','.join(spec['loadBalancerSourceRanges'])}\n")
    _events(w, events_for(view, "Service", svc), now)


def _service_endpoints(ep: dict | None, port_name: str) -> str:
    """Ready addresses serving the named port, as `ip:port`; three at most, then `+ N more...`."""
    if not ep:
        return "<none>"
    items, count = [], 0
    for ss in ep.get("subsets") or []:
        for port in ss.get("ports") or []:
            if (port.get("name") or "") != port_name:
                continue
            for a in ss.get("addresses") or []:
                count += 1
                if len(items) < 3:
                    items.append(f"{a.get('ip')}:{port.get('port')}")
    text = ",".join(items)
    return f"{text} + {count - 3} more..." if count > 3 else text


def _describe_namespace(ns, view, now, w):
    m = meta(ns)
    w.w(0, f"Name:\t{m.get('name', '')}\n")
    _labels_multiline(w, "Labels", m.get("labels"))
    _annotations_multiline(w, "Annotations", m.get("annotations"))
    w.w(0, f"Status:\t{dig(ns, 'status', 'phase', default='')}\n")
    conds = dig(ns, "status", "conditions") or []
    if conds:
        w.w(0, "Conditions:\n")
        w.w(1, "Type\tStatus\tLastTransitionTime\tReason\tMessage\n")
        w.w(1, "----\t------\t------------------\t------\t-------\n")
        for c in conds:
            w.w(1, f"{c.get('type')}\t{c.get('status')}\t{_rfc1123z(c.get('lastTransitionTime'))}\t"
                   f"{c.get('reason', '')}\t{c.get('message', '')}\n")
    quotas = sorted(view.list("ResourceQuota", m.get("name")) if view is not None else [],
                    key=lambda q: meta(q).get("name", ""))
    w.w(0, "\n")
    if not quotas:
        w.w(0, "No resource quota.\n")
    else:
        w.w(0, "Resource Quotas\n")
        for q in quotas:
            w.w(1, f"Name:\t{meta(q).get('name')}\n")
            _quota_scopes(w, q, "  ", "  ")
            w.w(1, "Resource\tUsed\tHard\n")
            w.w(1, "--------\t---\t---\n")
            hard, used = dig(q, "status", "hard") or {}, dig(q, "status", "used") or {}
            for r in sorted(hard):
                w.w(1, f"{r}\t{canonical(used.get(r, '0'))}\t{canonical(hard[r])}\n")
    limits = view.list("LimitRange", m.get("name")) if view is not None else []
    w.w(0, "\n")
    if not limits:
        w.w(0, "No LimitRange resource.\n")
    else:
        w.w(0, "Resource Limits\n Type\tResource\tMin\tMax\tDefault Request\tDefault Limit\tMax Limit/Request Ratio\n")
        w.w(0, " ----\t--------\t---\t---\t---------------\t-------------\t-----------------------\n")
        for lr in limits:
            _limit_rows(w, lr, " ")


def _limit_rows(w: _Writer, lr: dict, prefix: str) -> None:
    for item in dig(lr, "spec", "limits") or []:
        fields = ("min", "max", "defaultRequest", "default", "maxLimitRequestRatio")
        names = sorted({k for f in fields for k in (item.get(f) or {})})
        for r in names:
            vals = [canonical(item[f][r]) if r in (item.get(f) or {}) else "-" for f in fields]
            w.w(0, f"{prefix}{item.get('type', '')}\t{r}\t" + "\t".join(vals) + "\n")


def _describe_limitrange(lr, view, now, w):
    _header(w, lr)
    w.w(0, "Type\tResource\tMin\tMax\tDefault Request\tDefault Limit\tMax Limit/Request Ratio\n")
    w.w(0, "----\t--------\t---\t---\t---------------\t-------------\t-----------------------\n")
    _limit_rows(w, lr, "")


QUOTA_SCOPE_HELP = {
    "Terminating": "Matches all pods that have an active deadline. These pods have a limited lifespan on a node "
                   "before being actively terminated by the system.",
    "NotTerminating": "Matches all pods that do not have an active deadline. These pods usually include long "
                      "running pods whose container command is not expected to terminate.",
    "BestEffort": "Matches all pods that do not have resource requirements set. These pods have a best effort "
                  "quality of service.",
    "NotBestEffort": "Matches all pods that have at least one resource requirement set. These pods have a burstable "
                     "or guaranteed quality of service."}


def _quota_scopes(w: _Writer, q: dict, indent: str, bullet_indent: str) -> None:
    """A scoped quota's `Scopes:` line and what each scope matches."""
    scopes = sorted(dig(q, "spec", "scopes") or [])
    if scopes:
        w.w(0, f"{indent}Scopes:\t{', '.join(scopes)}\n")
        for scope in scopes:
            if scope in QUOTA_SCOPE_HELP:
                w.w(0, f"{bullet_indent}* {QUOTA_SCOPE_HELP[scope]}\n")


def _describe_quota(q, view, now, w):
    _header(w, q)
    _quota_scopes(w, q, "", " ")
    w.w(0, "Resource\tUsed\tHard\n")
    w.w(0, "--------\t----\t----\n")
    hard, used = dig(q, "status", "hard") or {}, dig(q, "status", "used") or {}
    for r in sorted(hard):
        w.w(0, f"{r}\t{canonical(used.get(r, '0'))}\t{canonical(hard[r])}\n")


def _describe_hpa(hpa, view, now, w):
    m, spec, st = meta(hpa), hpa.get("spec") or {}, hpa.get("status") or {}
    _header(w, hpa)
    _labels_multiline(w, "Labels", m.get("labels"))
    _annotations_multiline(w, "Annotations", m.get("annotations"))
    w.w(0, f"CreationTimestamp:\t{_rfc1123z(m.get('creationTimestamp'))}\n")
    ref = spec.get("scaleTargetRef") or {}
    w.w(0, f"Reference:\t{ref.get('kind', '')}/{ref.get('name', '')}\n")
    w.w(0, "Metrics:\t( current / target )\n")
    current_metrics = st.get("currentMetrics") or []
    for i, metric in enumerate(spec.get("metrics") or []):
        cur = current_metrics[i] if i < len(current_metrics) else {}
        if metric.get("type") == "Resource":
            res = metric.get("resource") or {}
            target = res.get("target") or {}
            w.w(1, f"resource {res.get('name')} on pods")
            c = (cur or {}).get("resource")
            if target.get("averageValue") is not None:
                current = canonical(dig(c, "current", "averageValue")) if c else "<unknown>"
                w.w(0, f":\t{current} / {canonical(target['averageValue'])}\n")
            else:
                util = dig(c, "current", "averageUtilization") if c else None
                current = (f"{util}% ({canonical(dig(c, 'current', 'averageValue'))})"
                           if util is not None else "<unknown>")
                goal = f"{target['averageUtilization']}%" if target.get("averageUtilization") is not None else "<auto>"
                w.w(1, f"(as a percentage of request):\t{current} / {goal}\n")
        elif metric.get("type") == "Pods":
            c = (cur or {}).get("pods")
            current = canonical(dig(c, "current", "averageValue")) if c else "<unknown>"
            w.w(1, f'"{dig(metric, "pods", "metric", "name")}" on pods:\t{current} / '
                   f'{canonical(dig(metric, "pods", "target", "averageValue"))}\n')
        else:
            w.w(1, f'<unknown metric type "{metric.get("type")}">\n')
    w.w(0, f"Min replicas:\t{spec['minReplicas'] if spec.get('minReplicas') is not None else '<unset>'}\n")
    w.w(0, f"Max replicas:\t{spec.get('maxReplicas', 0)}\n")
    w.w(0, f"{ref.get('kind', '')} pods:\t{st.get('currentReplicas', 0)} current / {st.get('desiredReplicas', 0)} desired\n")
    if st.get("conditions"):
        w.w(0, "Conditions:\n")
        w.w(1, "Type\tStatus\tReason\tMessage\n")
        w.w(1, "----\t------\t------\t-------\n")
        for c in st["conditions"]:
            w.w(1, f"{c.get('type')}\t{c.get('status')}\t{c.get('reason', '')}\t{c.get('message', '')}\n")
    _events(w, events_for(view, "HorizontalPodAutoscaler", hpa), now)


def _describe_pvc(pvc, view, now, w):
    m, spec, st = meta(pvc), pvc.get("spec") or {}, pvc.get("status") or {}
    _header(w, pvc)
    w.w(0, f"StorageClass:\t{_pv_class(pvc)}\n")
    if m.get("deletionTimestamp"):
        w.w(0, f"Status:\tTerminating (lasts {age(m['deletionTimestamp'], now)})\n")
    else:
        w.w(0, f"Status:\t{st.get('phase', '')}\n")
    w.w(0, f"Volume:\t{spec.get('volumeName', '')}\n")
    _labels_multiline(w, "Labels", m.get("labels"))
    _annotations_multiline(w, "Annotations", m.get("annotations"))
    w.w(0, f"Finalizers:\t[{' '.join(m.get('finalizers') or [])}]\n")
    capacity = modes = ""
    if spec.get("volumeName"):
        modes = _access_modes(st.get("accessModes"))
        capacity = canonical(dig(st, "capacity", "storage"))
    w.w(0, f"Capacity:\t{capacity}\n")
    w.w(0, f"Access Modes:\t{modes}\n")
    if spec.get("volumeMode"):
        w.w(0, f"VolumeMode:\t{spec['volumeMode']}\n")
    users = []
    if view is not None:
        for p in view.list("Pod", m.get("namespace")):
            if any(dig(v, "persistentVolumeClaim", "claimName") == m.get("name")
                   for v in dig(p, "spec", "volumes") or []):
                users.append(meta(p).get("name", ""))
    w.w(0, "Used By:\t")
    if not users:
        w.line("<none>")
    for i, name in enumerate(sorted(users)):
        w.w(0, ("\t" if i else "") + name + "\n")
    _events(w, events_for(view, "PersistentVolumeClaim", pvc), now)


def _describe_pv(pv, view, now, w):
    m, spec, st = meta(pv), pv.get("spec") or {}, pv.get("status") or {}
    w.w(0, f"Name:\t{m.get('name', '')}\n")
    _labels_multiline(w, "Labels", m.get("labels"))
    _annotations_multiline(w, "Annotations", m.get("annotations"))
    w.w(0, f"Finalizers:\t[{' '.join(m.get('finalizers') or [])}]\n")
    w.w(0, f"StorageClass:\t{_pv_class(pv)}\n")
    if m.get("deletionTimestamp"):
        w.w(0, f"Status:\tTerminating (lasts {age(m['deletionTimestamp'], now)})\n")
    else:
        w.w(0, f"Status:\t{st.get('phase', '')}\n")
    claim = spec.get("claimRef")
    w.w(0, f"Claim:\t{claim.get('namespace', '') + '/' + claim.get('name', '') if claim else ''}\n")
    w.w(0, f"Reclaim Policy:\t{spec.get('persistentVolumeReclaimPolicy', '')}\n")
    w.w(0, f"Access Modes:\t{_access_modes(spec.get('accessModes'))}\n")
    if spec.get("volumeMode"):
        w.w(0, f"VolumeMode:\t{spec['volumeMode']}\n")
    w.w(0, f"Capacity:\t{canonical(dig(spec, 'capacity', 'storage'))}\n")
    w.w(0, "Node Affinity:\t<none>\n" if not dig(spec, "nodeAffinity", "required") else "Node Affinity:\t\n")
    w.w(0, f"Message:\t{st.get('message', '')}\n")
    w.w(0, "Source:\n")
    if spec.get("hostPath"):
        hp = spec["hostPath"]
        w.w(2, f"Type:\tHostPath (bare host directory volume)\n    Path:\t{hp.get('path', '')}\n"
               f"    HostPathType:\t{hp.get('type') or '<none>'}\n")
    elif spec.get("local"):
        w.w(2, f"Type:\tLocalVolume (a persistent volume backed by local storage on a node)\n"
               f"    Path:\t{spec['local'].get('path', '')}\n")
    elif spec.get("csi"):
        c = spec["csi"]
        w.w(2, f"Type:\tCSI (a Container Storage Interface (CSI) volume source)\n    Driver:\t{c.get('driver', '')}\n"
               f"    FSType:\t{c.get('fsType', '')}\n    VolumeHandle:\t{c.get('volumeHandle', '')}\n"
               f"    ReadOnly:\t{'true' if c.get('readOnly') else 'false'}\n")
        w.w(2, "VolumeAttributes:\t<none>\n")
    else:
        w.w(1, "<unknown>\n")
    _events(w, events_for(view, "PersistentVolume", pv), now)


def _describe_configmap(cm, view, now, w):
    m = meta(cm)
    _header(w, cm)
    _labels_multiline(w, "Labels", m.get("labels"))
    _annotations_multiline(w, "Annotations", m.get("annotations"))
    w.w(0, "\nData\n====\n")
    for k in sorted(cm.get("data") or {}):
        w.w(0, f"{k}:\n----\n")
        w.w(0, f"{cm['data'][k]}\n")
        w.w(0, "\n")
    w.w(0, "\nBinaryData\n====\n")
    for k in sorted(cm.get("binaryData") or {}):
        w.w(0, f"{k}: {len(_b64len(cm['binaryData'][k]))} bytes\n")
    w.w(0, "\n")
    _events(w, events_for(view, "ConfigMap", cm), now)


def _b64len(value: str) -> bytes:
    import base64
    try:
        return base64.b64decode(value or "", validate=False)
    except (ValueError, TypeError):
        return (value or "").encode()


def _describe_secret(secret, view, now, w):
    """Only sizes: the values never reach the screen (a service-account token is the one exception)."""
    m = meta(secret)
    _header(w, secret)
    _labels_multiline(w, "Labels", m.get("labels"))
    _annotations_multiline(w, "Annotations", m.get("annotations"))
    stype = secret.get("type") or "Opaque"
    w.w(0, f"\nType:\t{stype}\n")
    w.w(0, "\nData\n====\n")
    data = dict(secret.get("data") or {})
    sizes = {k: len(_b64len(v)) for k, v in data.items()}
    for k, v in (secret.get("stringData") or {}).items():
        sizes[k] = len(str(v).encode())
    for k in sorted(sizes):
        if k == "token" and stype == "kubernetes.io/service-account-token":
            w.w(0, f"{k}:\t{_b64len(data.get(k, '')).decode(errors='replace')}\n")
        else:
            w.w(0, f"{k}:\t{sizes[k]} bytes\n")


def _describe_serviceaccount(sa, view, now, w):
    """kubectl 1.37 no longer lists an account's mountable secrets and legacy tokens."""
    m = meta(sa)
    _header(w, sa)
    _labels_multiline(w, "Labels", m.get("labels"))
    _annotations_multiline(w, "Annotations", m.get("annotations"))
    pulls = [s.get("name", "") for s in sa.get("imagePullSecrets") or []]
    if not pulls:
        w.w(0, "Image pull secrets:\t<none>\n")
    for i, n in enumerate(pulls):
        w.w(0, f"{'Image pull secrets:' if i == 0 else ' ' * 19}\t{n}\n")
    _events(w, events_for(view, "ServiceAccount", sa), now)


def _describe_storageclass(sc, view, now, w):
    w.w(0, f"Name:\t{meta(sc).get('name', '')}\n")
    w.w(0, f"IsDefaultClass:\t{'Yes' if _is_default_class(sc) else 'No'}\n")
    w.w(0, f"Annotations:\t{format_labels(meta(sc).get('annotations'))}\n")
    w.w(0, f"Provisioner:\t{sc.get('provisioner', '')}\n")
    w.w(0, f"Parameters:\t{format_labels(sc.get('parameters'))}\n")
    ave = sc.get("allowVolumeExpansion")
    w.w(0, f"AllowVolumeExpansion:\t{'<unset>' if ave is None else ('True' if ave else 'False')}\n")
    w.w(0, "MountOptions:\t<none>\n" if not sc.get("mountOptions") else "MountOptions:\n")
    for opt in sc.get("mountOptions") or []:
        w.w(1, f"{opt}\n")
    if sc.get("reclaimPolicy"):
        w.w(0, f"ReclaimPolicy:\t{sc['reclaimPolicy']}\n")
    if sc.get("volumeBindingMode"):
        w.w(0, f"VolumeBindingMode:\t{sc['volumeBindingMode']}\n")
    _events(w, events_for(view, "StorageClass", sc), now)


def _describe_networkpolicy(np, view, now, w):
    m = meta(np)
    created = tick_of(m.get("creationTimestamp")) or 0
    w.w(0, f"Name:\t{m.get('name', '')}\n")
    w.w(0, f"Namespace:\t{m.get('namespace', '')}\n")
    w.w(0, f"Created on:\t{datetime_of(created).strftime('%Y-%m-%d %H:%M:%S +0000 UTC')}\n")
    _labels_multiline(w, "Labels", m.get("labels"))
    _annotations_multiline(w, "Annotations", m.get("annotations"))
    spec = np.get("spec") or {}
    w.w(0, "Spec:\n")
    w.w(1, "PodSelector: ")
    selector = spec.get("podSelector") or {}
    if not selector.get("matchLabels") and not selector.get("matchExpressions"):
        w.w(2, "<none> (Allowing the specific traffic to all pods in this namespace)\n")
    else:
        w.w(2, f"{format_selector(selector)}\n")
    types = spec.get("policyTypes") or []
    ingress = "Ingress" in types if types else True
    egress = "Egress" in types if types else bool(spec.get("egress"))
    for enabled, rules, word, peer, isolated, unrestricted in (
            (ingress, spec.get("ingress"), "ingress", "from", "ingress", "source"),
            (egress, spec.get("egress"), "egress", "to", "egress", "destination")):
        if not enabled:
            w.w(1, f"Not affecting {word} traffic\n")
            continue
        w.w(1, f"Allowing {word} traffic:\n")
        _policy_rules(w, rules or [], peer, isolated, unrestricted)
    w.w(1, f"Policy Types: {', '.join(types)}\n")


def _policy_rules(w: _Writer, rules: list, peer: str, isolated: str, unrestricted: str) -> None:
    """kubectl's printNetworkPolicySpecIngressFrom / EgressTo, with their four-space indent."""
    indent = "    "
    if not rules:
        w.w(0, f"{indent}<none> (Selected pods are isolated for {isolated} connectivity)\n")
        return
    title = "From" if peer == "from" else "To"
    for i, rule in enumerate(rules):
        ports = rule.get("ports") or []
        if not ports:
            w.w(0, f"{indent}To Port: <any> (traffic allowed to all ports)\n")
        for port in ports:
            w.w(0, f"{indent}To Port: {port.get('port', '<any>')}/{port.get('protocol', 'TCP')}\n")
        peers = rule.get(peer) or []
        if not peers:
            w.w(0, f"{indent}{title}: <any> (traffic not restricted by {unrestricted})\n")
        for p in peers:
            w.w(0, f"{indent}{title}:\n")
            if "podSelector" in p and "namespaceSelector" in p:
                w.w(1, f"{indent}NamespaceSelector: {format_selector(p['namespaceSelector'])}\n")
                w.w(1, f"{indent}PodSelector: {format_selector(p['podSelector'])}\n")
            elif "podSelector" in p:
                w.w(1, f"{indent}PodSelector: {format_selector(p['podSelector'])}\n")
            elif "namespaceSelector" in p:
                w.w(1, f"{indent}NamespaceSelector: {format_selector(p['namespaceSelector'])}\n")
            elif "ipBlock" in p:
                w.w(1, f"{indent}IPBlock:\n")
                w.w(2, f"{indent}CIDR: {p['ipBlock'].get('cidr', '')}\n")
                w.w(2, f"{indent}Except: {', '.join(p['ipBlock'].get('except') or [])}\n")
        if i != len(rules) - 1:
            w.w(0, f"{indent}----------\n")


def _ingress_backend(view, ns: str, backend: dict) -> str:
    """describeBackendV1: `svc:port (endpoints)`, or the resource a backend names."""
    service = backend.get("service")
    if service is not None:
        port = service.get("port") or {}
        shown = f"{service.get('name', '')}:{port.get('number') or port.get('name', '')}"
        svc = view.get("Service", service.get("name", ""), ns) if view is not None else None
        if svc is None:
            return f'{shown} (<error: services "{service.get("name", "")}" not found>)'
        port_name = ""
        for sp in dig(svc, "spec", "ports") or []:
            if (port.get("number") and port["number"] == sp.get("port")) or \
                    (port.get("name") and port["name"] == sp.get("name")):
                port_name = sp.get("name") or ""
        slices = [s for s in view.list("EndpointSlice", ns)
                  if (meta(s).get("labels") or {}).get("kubernetes.io/service-name") == service.get("name")]
        return f"{shown} ({_slice_endpoints(slices, port_name)})"
    resource = backend.get("resource")
    if resource is not None:
        return (f"APIGroup: {resource.get('apiGroup') or '<none>'}, Kind: {resource.get('kind', '')}, "
                f"Name: {resource.get('name', '')}")
    return ""


def _slice_endpoints(slices: list[dict], port_name: str) -> str:
    """formatEndpointSlices for one port name: ready `ip:port`s, three at most, then `+ N more...`."""
    if not slices:
        return "<none>"
    items, count = [], 0
    for s in sorted(slices, key=lambda s: meta(s).get("name", "")):
        for port in s.get("ports") or []:
            if (port.get("name") or "") != port_name:
                continue
            for e in s.get("endpoints") or []:
                if (e.get("conditions") or {}).get("ready") is False:
                    continue
                count += 1
                if len(items) < 3:
                    items.append(f"{(e.get('addresses') or [''])[0]}:{port.get('port')}")
    text = ",".join(items)
    return f"{text} + {count - 3} more..." if count > 3 else text


def _describe_ingress(ing, view, now, w):
    """describeIngressV1."""
    from .table import ingress_address

    m, spec = meta(ing), ing.get("spec") or {}
    ns = m.get("namespace", "")
    w.w(0, f"Name:\t{m.get('name', '')}\n")
    _labels_multiline(w, "Labels", m.get("labels"))
    w.w(0, f"Namespace:\t{ns}\n")
    w.w(0, f"Address:\t{ingress_address(ing, True)}\n")
    w.w(0, f"Ingress Class:\t{spec.get('ingressClassName') or '<none>'}\n")
    default = _ingress_backend(view, ns, spec["defaultBackend"]) if spec.get("defaultBackend") else "<default>"
    w.w(0, f"Default backend:\t{default}\n")
    if spec.get("tls"):
        w.w(0, "TLS:\n")
        for t in spec["tls"]:
            hosts = ",".join(t.get("hosts") or [])
            if t.get("secretName"):
                w.w(1, f"{t['secretName']} terminates {hosts}\n")
            else:
                w.w(1, f"SNI routes {hosts}\n")
    w.w(0, "Rules:\n  Host\tPath\tBackends\n")
    w.w(1, "----\t----\t--------\n")
    count = 0
    for rule in spec.get("rules") or []:
        if rule.get("http") is None:
            continue
        count += 1
        w.w(1, f"{rule.get('host') or '*'}\t\n")
        for p in rule["http"].get("paths") or []:
            w.w(2, f"\t{p.get('path', '')} \t{_ingress_backend(view, ns, p.get('backend') or {})}\n")
    if count == 0:
        w.w(1, f"*\t*\t{default}\n")
    _annotations_multiline(w, "Annotations", m.get("annotations"))
    _events(w, events_for(view, "Ingress", ing), now)


def _describe_ingressclass(ic, view, now, w):
    """describeIngressClassV1."""
    m, spec = meta(ic), ic.get("spec") or {}
    w.w(0, f"Name:\t{m.get('name', '')}\n")
    _labels_multiline(w, "Labels", m.get("labels"))
    _annotations_multiline(w, "Annotations", m.get("annotations"))
    w.w(0, f"Controller:\t{spec.get('controller', '')}\n")
    params = spec.get("parameters")
    if params:
        w.w(0, "Parameters:\n")
        if params.get("apiGroup"):
            w.w(1, f"APIGroup:\t{params['apiGroup']}\n")
        w.w(1, f"Kind:\t{params.get('kind', '')}\n")
        w.w(1, f"Name:\t{params.get('name', '')}\n")
    _events(w, events_for(view, "IngressClass", ic), now)


def _describe_pdb(pdb, view, now, w):
    """describePodDisruptionBudgetV1."""
    spec, st = pdb.get("spec") or {}, pdb.get("status") or {}
    _header(w, pdb)
    if spec.get("minAvailable") is not None:
        w.w(0, f"Min available:\t{spec['minAvailable']}\n")
    elif spec.get("maxUnavailable") is not None:
        w.w(0, f"Max unavailable:\t{spec['maxUnavailable']}\n")
    selector = spec.get("selector")
    w.w(0, f"Selector:\t{selector_string(selector) if selector is not None else ''}\n")
    w.w(0, "Status:\n")
    w.w(2, f"Allowed disruptions:\t{st.get('disruptionsAllowed', 0)}\n")
    w.w(2, f"Current:\t{st.get('currentHealthy', 0)}\n")
    w.w(2, f"Desired:\t{st.get('desiredHealthy', 0)}\n")
    w.w(2, f"Total:\t{st.get('expectedPods', 0)}\n")
    _events(w, events_for(view, "PodDisruptionBudget", pdb), now)


def _describe_priorityclass(pc, view, now, w):
    """describePriorityClass."""
    w.w(0, f"Name:\t{meta(pc).get('name', '')}\n")
    w.w(0, f"Value:\t{pc.get('value', 0)}\n")
    w.w(0, f"GlobalDefault:\t{'true' if pc.get('globalDefault') else 'false'}\n")
    w.w(0, f"PreemptionPolicy:\t{pc.get('preemptionPolicy') or ''}\n")
    w.w(0, f"Description:\t{pc.get('description') or ''}\n")
    w.w(0, f"Annotations:\t{format_labels(meta(pc).get('annotations'))}\n")
    _events(w, events_for(view, "PriorityClass", pc), now)


def _describe_csr(csr, view, now, w):
    """describeCertificateSigningRequest: who asked, for which signer, and the requested subject."""
    import base64

    from cryptography import x509
    from cryptography.x509.oid import NameOID

    from kubetui.kubectl.printers.age import human_duration
    from kubetui.kubectl.printers.table import csr_condition

    m, spec = meta(csr), csr.get("spec") or {}
    try:
        subject = x509.load_pem_x509_csr(base64.b64decode(spec.get("request") or "")).subject
    except ValueError:
        w.w(0, "error: PEM block type must be CERTIFICATE REQUEST\n")
        return
    w.w(0, f"Name:\t{m.get('name', '')}\n")
    w.w(0, f"Labels:\t{format_labels(m.get('labels'))}\n")
    w.w(0, f"Annotations:\t{format_labels(m.get('annotations'))}\n")
    w.w(0, f"CreationTimestamp:\t{_rfc1123z(m.get('creationTimestamp'))}\n")
    w.w(0, f"Requesting User:\t{spec.get('username', '')}\n")
    if spec.get("signerName"):
        w.w(0, f"Signer:\t{spec['signerName']}\n")
    if spec.get("expirationSeconds") is not None:
        w.w(0, f"Requested Duration:\t{human_duration(spec['expirationSeconds'])}\n")
    w.w(0, f"Status:\t{csr_condition(csr)}\n")
    w.w(0, "Subject:\n")

    def values(oid) -> list[str]:
        return [str(a.value) for a in subject.get_attributes_for_oid(oid)]

    w.w(0, f"\tCommon Name:\t{(values(NameOID.COMMON_NAME) or [''])[0]}\n")
    w.w(0, f"\tSerial Number:\t{(values(NameOID.SERIAL_NUMBER) or [''])[0]}\n")
    for title, oid in (("Organization", NameOID.ORGANIZATION_NAME),
                       ("Organizational Unit", NameOID.ORGANIZATIONAL_UNIT_NAME),
                       ("Country", NameOID.COUNTRY_NAME), ("Locality", NameOID.LOCALITY_NAME),
                       ("Province", NameOID.STATE_OR_PROVINCE_NAME), ("StreetAddress", NameOID.STREET_ADDRESS),
                       ("PostalCode", NameOID.POSTAL_CODE)):
        found = values(oid)
        if found:
            w.w(0, f"\t{title}:\t" + "\n\t\t".join(found) + "\n")
    _events(w, events_for(view, "CertificateSigningRequest", csr), now)


def _describe_endpoints(ep, view, now, w):
    """describeEndpoints."""
    m = meta(ep)
    _header(w, ep)
    _labels_multiline(w, "Labels", m.get("labels"))
    _annotations_multiline(w, "Annotations", m.get("annotations"))
    w.w(0, "Subsets:\n")
    for subset in ep.get("subsets") or ():
        ready = [a.get("ip", "") for a in subset.get("addresses") or ()]
        not_ready = [a.get("ip", "") for a in subset.get("notReadyAddresses") or ()]
        w.w(1, f"Addresses:\t{','.join(ready) or '<none>'}\n")
        w.w(1, f"NotReadyAddresses:\t{','.join(not_ready) or '<none>'}\n")
        ports = subset.get("ports") or ()
        if ports:
            w.w(1, "Ports:\n")
            w.w(2, "Name\tPort\tProtocol\n")
            w.w(2, "----\t----\t--------\n")
            for p in ports:
                w.w(2, f"{p.get('name') or '<unset>'}\t{p.get('port')}\t{p.get('protocol', 'TCP')}\n")
        w.w(0, "\n")
    _events(w, events_for(view, "Endpoints", ep), now)


def _describe_endpointslice(eps, view, now, w):
    """describeEndpointSliceV1."""
    m = meta(eps)
    _header(w, eps)
    _labels_multiline(w, "Labels", m.get("labels"))
    _annotations_multiline(w, "Annotations", m.get("annotations"))
    w.w(0, f"AddressType:\t{eps.get('addressType', '')}\n")
    ports = eps.get("ports") or ()
    if not ports:
        w.w(0, "Ports: <unset>\n")
    else:
        w.w(0, "Ports:\n")
        w.w(1, "Name\tPort\tProtocol\n")
        w.w(1, "----\t----\t--------\n")
        for p in ports:
            number = "<unset>" if p.get("port") is None else str(p["port"])
            w.w(1, f"{p.get('name') or '<unset>'}\t{number}\t{p.get('protocol', 'TCP')}\n")
    endpoints = eps.get("endpoints") or ()
    if not endpoints:
        w.w(0, "Endpoints: <none>\n")
    else:
        w.w(0, "Endpoints:\n")
        for e in endpoints:
            w.w(1, f"- Addresses:\t{', '.join(e.get('addresses') or ()) or '<none>'}\n")
            w.w(2, "Conditions:\n")
            ready = (e.get("conditions") or {}).get("ready")
            w.w(3, f"Ready:\t{'<unset>' if ready is None else str(ready).lower()}\n")
            w.w(2, f"Hostname:\t{e.get('hostname') or '<unset>'}\n")
            ref = e.get("targetRef")
            if ref:
                w.w(2, f"TargetRef:\t{ref.get('kind', '')}/{ref.get('name', '')}\n")
            w.w(2, f"NodeName:\t{e.get('nodeName') or '<unset>'}\n")
            w.w(2, f"Zone:\t{e.get('zone') or '<unset>'}\n")
    _events(w, events_for(view, "EndpointSlice", eps), now)


def _go_list(values) -> str:
    return "[" + " ".join(values or ()) + "]"


def combine_resource_group(resources: list[str], groups: list[str]) -> str:
    """kubectl's CombineResourceGroup: `deployments.apps`, `pods/log`, `deployments.apps/scale`."""
    if not resources:
        return ""
    resource, _, sub = resources[0].partition("/")
    if groups and groups[0]:
        resource += "." + groups[0]
    return f"{resource}/{sub}" if sub else resource


def breakdown_rules(rules: list[dict]) -> list[dict]:
    """kubectl's BreakdownRule, CompactRules and SortableRuleSlice: one row per group, resource
    and name (rows for one resource merged), in the order of Go's PolicyRule.String()."""
    broken: list[dict] = []
    for rule in rules:
        verbs = sorted(rule.get("verbs") or ())
        for group in rule.get("apiGroups") or ():
            for resource in rule.get("resources") or ():
                for name in rule.get("resourceNames") or [None]:
                    broken.append({"verbs": verbs, "apiGroups": [group], "resources": [resource],
                                   "resourceNames": [name] if name is not None else [], "nonResourceURLs": []})
        for url in rule.get("nonResourceURLs") or ():
            broken.append({"verbs": verbs, "apiGroups": [], "resources": [], "resourceNames": [],
                           "nonResourceURLs": [url]})
    simple: dict[tuple, dict] = {}
    compact: list[dict] = []
    for rule in broken:
        if rule["nonResourceURLs"]:
            compact.append(rule)
            continue
        key = (rule["apiGroups"][0], rule["resources"][0], tuple(rule["resourceNames"]))
        if key in simple:
            simple[key]["verbs"] += [v for v in rule["verbs"] if v not in simple[key]["verbs"]]
        else:
            simple[key] = {**rule, "verbs": list(rule["verbs"])}
            compact.append(simple[key])

    def go_string(r: dict) -> str:
        return (f"&PolicyRule{{Verbs:{_go_list(r['verbs'])},APIGroups:{_go_list(r['apiGroups'])},"
                f"Resources:{_go_list(r['resources'])},ResourceNames:{_go_list(r['resourceNames'])},"
                f"NonResourceURLs:{_go_list(r['nonResourceURLs'])},}}")

    return sorted(compact, key=go_string)


def policy_rule_rows(rules: list[dict]) -> list[str]:
    """The `Resources  Non-Resource URLs  Resource Names  Verbs` cells, tab-separated."""
    return [f"{combine_resource_group(r['resources'], r['apiGroups'])}\t{_go_list(r['nonResourceURLs'])}\t"
            f"{_go_list(r['resourceNames'])}\t{_go_list(r['verbs'])}" for r in breakdown_rules(rules)]


def _describe_role(role, view, now, w):
    """RoleDescriber / ClusterRoleDescriber."""
    m = meta(role)
    w.w(0, f"Name:\t{m.get('name', '')}\n")
    _labels_multiline(w, "Labels", m.get("labels"))
    _annotations_multiline(w, "Annotations", m.get("annotations"))
    w.w(0, "PolicyRule:\n")
    w.w(1, "Resources\tNon-Resource URLs\tResource Names\tVerbs\n")
    w.w(1, "---------\t-----------------\t--------------\t-----\n")
    for row in policy_rule_rows(role.get("rules") or []):
        w.w(1, row + "\n")


def _describe_binding(binding, view, now, w):
    """RoleBindingDescriber / ClusterRoleBindingDescriber."""
    m = meta(binding)
    ref = binding.get("roleRef") or {}
    w.w(0, f"Name:\t{m.get('name', '')}\n")
    _labels_multiline(w, "Labels", m.get("labels"))
    _annotations_multiline(w, "Annotations", m.get("annotations"))
    w.w(0, "Role:\n")
    w.w(1, f"Kind:\t{ref.get('kind', '')}\n")
    w.w(1, f"Name:\t{ref.get('name', '')}\n")
    w.w(0, "Subjects:\n")
    w.w(1, "Kind\tName\tNamespace\n")
    w.w(1, "----\t----\t---------\n")
    for s in binding.get("subjects") or ():
        w.w(1, f"{s.get('kind', '')}\t{s.get('name', '')}\t{s.get('namespace', '')}\n")


_DESCRIBERS = {
    "Pod": _describe_pod, "Node": _describe_node, "Deployment": _describe_deployment,
    "ReplicaSet": _describe_replicaset, "ReplicationController": _describe_rc, "Service": _describe_service,
    "Namespace": _describe_namespace, "Job": _describe_job, "CronJob": _describe_cronjob,
    "DaemonSet": _describe_daemonset, "StatefulSet": _describe_statefulset, "HorizontalPodAutoscaler": _describe_hpa,
    "ResourceQuota": _describe_quota,
    "LimitRange": _describe_limitrange, "PersistentVolumeClaim": _describe_pvc, "PersistentVolume": _describe_pv,
    "ConfigMap": _describe_configmap, "Secret": _describe_secret, "ServiceAccount": _describe_serviceaccount,
    "StorageClass": _describe_storageclass, "NetworkPolicy": _describe_networkpolicy,
    "PodDisruptionBudget": _describe_pdb, "PriorityClass": _describe_priorityclass,
    "CertificateSigningRequest": _describe_csr,
    "Endpoints": _describe_endpoints, "EndpointSlice": _describe_endpointslice,
    "Role": _describe_role, "ClusterRole": _describe_role, "RoleBinding": _describe_binding,
    "ClusterRoleBinding": _describe_binding,
    "Ingress": _describe_ingress, "IngressClass": _describe_ingressclass,
}


_ACRONYMS = ("API", "URL", "UID", "OSB", "GUID")
_GENERIC_SKIP = (".metadata.managedFields", ".metadata.name", ".metadata.namespace", ".metadata.labels",
                 ".metadata.annotations")


def _camel_split(field: str) -> list[str]:
    """fatih/camelcase.Split: runs of lower, upper and digits; an upper run before a lower one
    gives its last letter to it (`APIVersion` -> API, Version)."""
    runs: list[list[str]] = []
    last = ""
    for ch in field:
        cls = "l" if ch.islower() else "u" if ch.isupper() else "d" if ch.isdigit() else "o"
        if runs and cls == last:
            runs[-1].append(ch)
        else:
            runs.append([ch])
        last = cls
    for i in range(len(runs) - 1):
        if runs[i] and runs[i][0].isupper() and runs[i + 1][0].islower():
            runs[i + 1].insert(0, runs[i].pop())
    return ["".join(r) for r in runs if r]


def smart_label(field: str) -> str:
    """kubectl's smartLabelFor: `cronSpec` -> `Cron Spec`, `uid` -> `UID`; names with other
    characters than letters and '-' stay as they are."""
    if any(not (ch.isalpha() or ch == "-") for ch in field):
        return field
    parts = []
    for part in _camel_split(field):
        if part == "_":
            continue
        parts.append(part.upper() if part.upper() in _ACRONYMS else part[:1].upper() + part[1:])
    return " ".join(parts)


def _go_print(value) -> str:
    if value is None:
        return "<nil>"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value)


def _unstructured(w: _Writer, level: int, content: dict, prefix: str) -> None:
    for field in sorted(content):
        value = content[field]
        here = f"{prefix}.{field}"
        if here in _GENERIC_SKIP:
            continue
        if isinstance(value, dict):
            w.w(level, f"{smart_label(field)}:\n")
            _unstructured(w, level + 1, value, here)
        elif isinstance(value, list):
            w.w(level, f"{smart_label(field)}:\n")
            for child in value:
                if isinstance(child, dict):
                    _unstructured(w, level + 1, child, here)
                else:
                    w.w(level + 1, f"{_go_print(child)}\n")
        else:
            w.w(level, f"{smart_label(field)}:\t{_go_print(value)}\n")


def describe_generic(obj: dict, view: ClusterView | None, now: int) -> str:
    """kubectl's generic describer (custom objects, CRDs): name, namespace, labels, annotations,
    then every field with a readable label, then the Events."""
    w = _Writer()
    m = meta(obj)
    w.w(0, f"Name:\t{m.get('name', '')}\n")
    w.w(0, f"Namespace:\t{m.get('namespace', '')}\n")
    _labels_multiline(w, "Labels", m.get("labels"))
    _annotations_multiline(w, "Annotations", m.get("annotations"))
    _unstructured(w, 0, obj, "")
    _events(w, events_for(view, obj.get("kind", ""), obj), now)
    return w.render()


def describe(kind: str, obj: dict, view: ClusterView | None, *, now_tick: int | None = None) -> str:
    """`kubectl describe <kind> <name>` of `obj`, events and related objects read from `view`."""
    fn = _DESCRIBERS.get(kind)
    if fn is None and kind == "CustomResourceDefinition":
        return describe_generic(obj, view, now_tick if now_tick is not None else (view.tick if view else 0))
    if fn is None:
        raise PrinterError(f"no description has been implemented for {kind}")
    now = now_tick if now_tick is not None else (view.tick if view is not None else 0)
    w = _Writer()
    fn(obj, view, now, w)
    return w.render()
