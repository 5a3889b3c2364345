"""`kubectl get` tables: the column sets and cell rules of Kubernetes' server-side printers.

Each kind has a row function returning its cells; `print_table` adds the client-side
decorations kubectl itself applies (NAMESPACE, `kind/` prefixes, -L and LABELS columns)
and aligns everything with kubectl's tabwriter settings (min width 6, padding 3).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from kubetui.model.clock import tick_of

from ._util import canonical, controller_of, dig, format_labels, format_selector, kind_ref, meta, selector_string
from .age import age, human_duration
from .tabwriter import tabwrite

if TYPE_CHECKING:
    from kubetui.model.kinds import CustomKind, Kind
    from kubetui.model.view import ClusterView

TABLE_MINWIDTH = 6
TABLE_PADDING = 3


# --- Pod ------------------------------------------------------------------------------

def _is_restartable_init(container: dict | None) -> bool:
    return bool(container) and container.get("restartPolicy") == "Always"


def _condition_true(conditions, ctype: str) -> bool:
    for c in conditions or []:
        if c.get("type") == ctype:
            return c.get("status") == "True"
    return False


def pod_status(pod: dict, now_tick: int = 0) -> tuple[str, str, str]:
    """(READY, STATUS, RESTARTS) exactly as printPod computes them."""
    spec, status = pod.get("spec") or {}, pod.get("status") or {}
    containers = spec.get("containers") or []
    init_specs = {c.get("name"): c for c in spec.get("initContainers") or []}
    total = len(containers) + sum(1 for c in init_specs.values() if _is_restartable_init(c))
    restarts = restartable_restarts = ready = 0
    last_restart: int | None = None
    last_restartable: int | None = None
    phase = status.get("phase") or ""
    reason = status.get("reason") or phase
    for c in status.get("conditions") or []:
        if c.get("type") == "PodScheduled" and c.get("reason") == "SchedulingGated":
            reason = "SchedulingGated"

    def finished(cs: dict) -> int | None:
        return tick_of(dig(cs, "lastState", "terminated", "finishedAt"))

    initializing = False
    n_init = len(spec.get("initContainers") or [])
    for i, cs in enumerate(status.get("initContainerStatuses") or []):
        restarts += cs.get("restartCount", 0)
        f = finished(cs)
        if f is not None and (last_restart is None or f > last_restart):
            last_restart = f
        restartable = _is_restartable_init(init_specs.get(cs.get("name")))
        if restartable:
            restartable_restarts += cs.get("restartCount", 0)
            if f is not None and (last_restartable is None or f > last_restartable):
                last_restartable = f
        state = cs.get("state") or {}
        term, wait = state.get("terminated"), state.get("waiting")
        if term is not None and term.get("exitCode", 0) == 0:
            continue
        if restartable and cs.get("started"):
            if cs.get("ready"):
                ready += 1
            continue
        if term is not None:
            if not term.get("reason"):
                if term.get("signal"):
                    reason = f"Init:Signal:{term['signal']}"
                else:
                    reason = f"Init:ExitCode:{term.get('exitCode', 0)}"
            else:
                reason = "Init:" + term["reason"]
        elif wait is not None and wait.get("reason") and wait["reason"] != "PodInitializing":
            reason = "Init:" + wait["reason"]
        else:
            reason = f"Init:{i}/{n_init}"
        initializing = True
        break

    if not initializing or _condition_true(status.get("conditions"), "Initialized"):
        restarts = restartable_restarts
        last_restart = last_restartable
        has_running = False
        for cs in reversed(status.get("containerStatuses") or []):
            restarts += cs.get("restartCount", 0)
            f = finished(cs)
            if f is not None and (last_restart is None or f > last_restart):
                last_restart = f
            state = cs.get("state") or {}
            term, wait = state.get("terminated"), state.get("waiting")
            if wait is not None and wait.get("reason"):
                reason = wait["reason"]
            elif term is not None and term.get("reason"):
                reason = term["reason"]
            elif term is not None:
                if term.get("signal"):
                    reason = f"Signal:{term['signal']}"
                else:
                    reason = f"ExitCode:{term.get('exitCode', 0)}"
            elif cs.get("ready") and state.get("running") is not None:
                has_running = True
                ready += 1
        if reason == "Completed" and has_running:
            reason = "Running" if _condition_true(status.get("conditions"), "Ready") else "NotReady"

    if meta(pod).get("deletionTimestamp") and status.get("reason") == "NodeLost":
        reason = "Unknown"
    elif meta(pod).get("deletionTimestamp") and phase not in ("Succeeded", "Failed"):
        reason = "Terminating"

    restarts_str = str(restarts)
    if restarts and last_restart is not None:
        restarts_str = f"{restarts} ({human_duration(now_tick - last_restart)} ago)"
    return f"{ready}/{total}", reason, restarts_str


def _pod(o, now, wide, view):
    ready, status, restarts = pod_status(o, now)
    cells = [ready, status, restarts, age(meta(o).get("creationTimestamp"), now)]
    if wide:
        ips = dig(o, "status", "podIPs") or []
        ip = (ips[0].get("ip") if ips else "") or "<none>"
        gates = dig(o, "spec", "readinessGates") or []
        gate_cell = "<none>"
        if gates:
            conds = dig(o, "status", "conditions") or []
            ok = 0
            for g in gates:
                for c in conds:
                    if c.get("type") == g.get("conditionType"):
                        ok += c.get("status") == "True"
                        break
            gate_cell = f"{ok}/{len(gates)}"
        cells += [ip, dig(o, "spec", "nodeName") or "<none>",
                  dig(o, "status", "nominatedNodeName") or "<none>", gate_cell]
    return cells


# --- workloads ------------------------------------------------------------------------

def _containers_cells(template_spec: dict | None) -> list[str]:
    cs = (template_spec or {}).get("containers") or []
    return [",".join(c.get("name", "") for c in cs), ",".join(c.get("image", "") for c in cs)]


def _deployment(o, now, wide, view):
    cells = [f"{dig(o, 'status', 'readyReplicas', default=0)}/{dig(o, 'spec', 'replicas', default=1)}",
             dig(o, "status", "updatedReplicas", default=0),
             dig(o, "status", "availableReplicas", default=0),
             age(meta(o).get("creationTimestamp"), now)]
    if wide:
        cells += _containers_cells(dig(o, "spec", "template", "spec"))
        cells.append(selector_string(dig(o, "spec", "selector")))
    return cells


def _replicaset(o, now, wide, view):
    cells = [dig(o, "spec", "replicas", default=1), dig(o, "status", "replicas", default=0),
             dig(o, "status", "readyReplicas", default=0), age(meta(o).get("creationTimestamp"), now)]
    if wide:
        cells += _containers_cells(dig(o, "spec", "template", "spec"))
        cells.append(format_selector(dig(o, "spec", "selector")))
    return cells


def _rc(o, now, wide, view):
    cells = [dig(o, "spec", "replicas", default=1), dig(o, "status", "replicas", default=0),
             dig(o, "status", "readyReplicas", default=0), age(meta(o).get("creationTimestamp"), now)]
    if wide:
        cells += _containers_cells(dig(o, "spec", "template", "spec"))
        cells.append(format_labels(dig(o, "spec", "selector")))
    return cells


def _daemonset(o, now, wide, view):
    st = o.get("status") or {}
    cells = [st.get("desiredNumberScheduled", 0), st.get("currentNumberScheduled", 0),
             st.get("numberReady", 0), st.get("updatedNumberScheduled", 0),
             st.get("numberAvailable", 0),
             format_labels(dig(o, "spec", "template", "spec", "nodeSelector")),
             age(meta(o).get("creationTimestamp"), now)]
    if wide:
        cells += _containers_cells(dig(o, "spec", "template", "spec"))
        cells.append(format_selector(dig(o, "spec", "selector")))
    return cells


def job_status(o: dict) -> str:
    conds = dig(o, "status", "conditions") or []
    if _condition_true(conds, "Complete"):
        return "Complete"
    if _condition_true(conds, "Failed"):
        return "Failed"
    if meta(o).get("deletionTimestamp"):
        return "Terminating"
    if _condition_true(conds, "Suspended"):
        return "Suspended"
    if _condition_true(conds, "FailureTarget"):
        return "FailureTarget"
    if _condition_true(conds, "SuccessCriteriaMet"):
        return "SuccessCriteriaMet"
    return "Running"


def _job(o, now, wide, view):
    spec, st = o.get("spec") or {}, o.get("status") or {}
    succeeded = st.get("succeeded", 0)
    if spec.get("completions") is not None:
        completions = f"{succeeded}/{spec['completions']}"
    elif (spec.get("parallelism") or 0) > 1:
        completions = f"{succeeded}/1 of {spec['parallelism']}"
    else:
        completions = f"{succeeded}/1"
    start, done = tick_of(st.get("startTime")), tick_of(st.get("completionTime"))
    if start is None:
        duration = ""
    elif done is None:
        duration = human_duration(now - start)
    else:
        duration = human_duration(done - start)
    cells = [job_status(o), completions, duration, age(meta(o).get("creationTimestamp"), now)]
    if wide:
        cells += _containers_cells(dig(o, "spec", "template", "spec"))
        cells.append(format_selector(spec.get("selector")))
    return cells


def _bool_ptr(v) -> str:
    return "<unset>" if v is None else ("True" if v else "False")


def _cronjob(o, now, wide, view):
    spec, st = o.get("spec") or {}, o.get("status") or {}
    last = st.get("lastScheduleTime")
    cells = [spec.get("schedule", ""), spec.get("timeZone") or "<none>", _bool_ptr(spec.get("suspend")),
             len(st.get("active") or []), age(last, now) if last else "<none>",
             age(meta(o).get("creationTimestamp"), now)]
    if wide:
        cells += _containers_cells(dig(spec, "jobTemplate", "spec", "template", "spec"))
        cells.append(format_selector(dig(spec, "jobTemplate", "spec", "selector")))
    return cells


def _controllerrevision(o, now, wide, view):
    ref = controller_of(o)
    owner = "<none>"
    if ref:
        group = (ref.get("apiVersion") or "").rpartition("/")[0]
        gk = f"{ref.get('kind', '')}.{group}" if group else ref.get("kind", "")
        owner = f"{gk.lower()}/{ref.get('name', '')}"
    return [owner, o.get("revision", 0), age(meta(o).get("creationTimestamp"), now)]


# --- core -----------------------------------------------------------------------------

def node_roles(node: dict) -> list[str]:
    roles = set()
    for k, v in (meta(node).get("labels") or {}).items():
        if k.startswith("node-role.kubernetes.io/"):
            role = k[len("node-role.kubernetes.io/"):]
            if role:
                roles.add(role)
        elif k == "kubernetes.io/role" and v:
            roles.add(v)
    return sorted(roles)


def node_status(node: dict) -> str:
    status = []
    for c in dig(node, "status", "conditions") or []:
        if c.get("type") == "Ready":
            status = ["Ready" if c.get("status") == "True" else "NotReady"]
    if not status:
        status = ["Unknown"]
    if dig(node, "spec", "unschedulable"):
        status.append("SchedulingDisabled")
    return ",".join(status)


def _node_address(node: dict, kind: str) -> str:
    for a in dig(node, "status", "addresses") or []:
        if a.get("type") == kind:
            return a.get("address", "")
    return "<none>"


def _node(o, now, wide, view):
    info = dig(o, "status", "nodeInfo") or {}
    cells = [node_status(o), ",".join(node_roles(o)) or "<none>",
             age(meta(o).get("creationTimestamp"), now), info.get("kubeletVersion", "")]
    if wide:
        cells += [_node_address(o, "InternalIP"), _node_address(o, "ExternalIP"),
                  info.get("osImage") or "<unknown>", info.get("kernelVersion") or "<unknown>",
                  info.get("containerRuntimeVersion") or "<unknown>"]
    return cells


def _namespace(o, now, wide, view):
    return [dig(o, "status", "phase", default=""), age(meta(o).get("creationTimestamp"), now)]


def _service_external_ip(o: dict, wide: bool) -> str:
    spec = o.get("spec") or {}
    stype = spec.get("type") or "ClusterIP"
    ext = spec.get("externalIPs") or []
    if stype in ("ClusterIP", "NodePort"):
        return ",".join(ext) if ext else "<none>"
    if stype == "LoadBalancer":
        ips = sorted({i.get("ip") or i.get("hostname") for i in dig(o, "status", "loadBalancer", "ingress") or []
                      if i.get("ip") or i.get("hostname")})
        lb = ",".join(ips)
        if not wide and len(lb) > 16:
            lb = lb[:13] + "..."
        if ext:
            return ",".join(([lb] if lb else []) + ext)
        return lb or "<pending>"
    if stype == "ExternalName":
        return spec.get("externalName", "")
    return "<unknown>"


def service_ports(ports: list[dict] | None) -> str:
    pieces = []
    for p in ports or []:
        proto = p.get("protocol") or "TCP"
        if p.get("nodePort"):
            pieces.append(f"{p.get('port')}:{p['nodePort']}/{proto}")
        else:
            pieces.append(f"{p.get('port')}/{proto}")
    return ",".join(pieces)


def _service(o, now, wide, view):
    spec = o.get("spec") or {}
    ips = spec.get("clusterIPs") or ([spec["clusterIP"]] if spec.get("clusterIP") else [])
    cells = [spec.get("type") or "ClusterIP", ips[0] if ips else "<none>", _service_external_ip(o, wide),
             service_ports(spec.get("ports")) or "<none>", age(meta(o).get("creationTimestamp"), now)]
    if wide:
        cells.append(format_labels(spec.get("selector")))
    return cells


def format_endpoints(ep: dict) -> str:
    subsets = ep.get("subsets") or []
    if not subsets:
        return "<none>"
    items: list[str] = []
    count, more = 0, False
    for ss in subsets:
        addrs = ss.get("addresses") or []
        ports = ss.get("ports") or []
        if not ports:
            count += len(addrs)
            for a in addrs:
                if len(items) == 3:
                    more = True
                    break
                items.append(a.get("ip", ""))
            continue
        for port in ports:
            count += len(addrs)
            for a in addrs:
                if len(items) == 3:
                    more = True
                    break
                ip = a.get("ip", "")
                host = f"[{ip}]" if ":" in ip else ip
                items.append(f"{host}:{port.get('port')}")
    ret = ",".join(items)
    return f"{ret} + {count - 3} more..." if more else ret


def _endpoints(o, now, wide, view):
    return [format_endpoints(o), age(meta(o).get("creationTimestamp"), now)]


def _configmap(o, now, wide, view):
    return [len(o.get("data") or {}) + len(o.get("binaryData") or {}), age(meta(o).get("creationTimestamp"), now)]


def _secret(o, now, wide, view):
    return [o.get("type") or "Opaque", len(o.get("data") or {}), age(meta(o).get("creationTimestamp"), now)]


def _serviceaccount(o, now, wide, view):
    return [len(o.get("secrets") or []), age(meta(o).get("creationTimestamp"), now)]


def _event(o, now, wide, view):
    first_ts = o.get("firstTimestamp") or o.get("eventTime")
    first = age(first_ts, now)
    last = age(o.get("lastTimestamp"), now) if o.get("lastTimestamp") else first
    count = o.get("count") or 1
    if o.get("series"):
        last = age(dig(o, "series", "lastObservedTime"), now)
        count = dig(o, "series", "count", default=count)
    inv = o.get("involvedObject") or {}
    target = inv.get("kind", "").lower()
    if inv.get("name"):
        target = f"{target}/{inv['name']}"
    message = (o.get("message") or "").strip()
    if wide:
        return [last, o.get("type", ""), o.get("reason", ""), target, inv.get("fieldPath", ""),
                event_source(o), message, first, count, meta(o).get("name", "")]
    return [last, o.get("type", ""), o.get("reason", ""), target, message]


def event_source(e: dict) -> str:
    component = dig(e, "source", "component") or e.get("reportingComponent") or e.get("reportingController") or ""
    host = dig(e, "source", "host") or e.get("reportingInstance") or ""
    return f"{component}, {host}" if host else component


def _quota_columns(o: dict) -> tuple[str, str]:
    hard = dig(o, "status", "hard") or {}
    used = dig(o, "status", "used") or {}
    req, lim = [], []
    for r in sorted(hard):
        text = f"{r}: {canonical(used.get(r, '0'))}/{canonical(hard[r])}"
        (lim if r.split(".")[0] == "limits" and "." in r else req).append(text)
    return ", ".join(req), ", ".join(lim)


def _resourcequota(o, now, wide, view):
    req, lim = _quota_columns(o)
    return [age(meta(o).get("creationTimestamp"), now), req, lim]


def _limitrange(o, now, wide, view):
    return [meta(o).get("creationTimestamp") or "<unknown>"]


def _access_modes(modes: list[str] | None) -> str:
    short = {"ReadWriteOnce": "RWO", "ReadOnlyMany": "ROX", "ReadWriteMany": "RWX", "ReadWriteOncePod": "RWOP"}
    out = []
    for full in ("ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany", "ReadWriteOncePod"):
        if full in (modes or []):
            out.append(short[full])
    return ",".join(out)


def _pv_class(o: dict) -> str:
    ann = meta(o).get("annotations") or {}
    if "volume.beta.kubernetes.io/storage-class" in ann:
        return ann["volume.beta.kubernetes.io/storage-class"]
    return dig(o, "spec", "storageClassName", default="")


def _pv(o, now, wide, view):
    spec = o.get("spec") or {}
    claim = ""
    if spec.get("claimRef"):
        claim = f"{spec['claimRef'].get('namespace', '')}/{spec['claimRef'].get('name', '')}"
    phase = "Terminating" if meta(o).get("deletionTimestamp") else dig(o, "status", "phase", default="")
    cells = [canonical(dig(spec, "capacity", "storage")), _access_modes(spec.get("accessModes")),
             spec.get("persistentVolumeReclaimPolicy", ""), phase, claim, _pv_class(o),
             spec.get("volumeAttributesClassName") or "<unset>", dig(o, "status", "reason", default=""),
             age(meta(o).get("creationTimestamp"), now)]
    if wide:
        cells.append(spec.get("volumeMode") or "<unset>")
    return cells


def _pvc(o, now, wide, view):
    spec = o.get("spec") or {}
    phase = "Terminating" if meta(o).get("deletionTimestamp") else dig(o, "status", "phase", default="")
    capacity = modes = ""
    if spec.get("volumeName"):
        modes = _access_modes(dig(o, "status", "accessModes"))
        capacity = canonical(dig(o, "status", "capacity", "storage"))
    cells = [phase, spec.get("volumeName", ""), capacity, modes, _pv_class(o),
             spec.get("volumeAttributesClassName") or "<unset>", age(meta(o).get("creationTimestamp"), now)]
    if wide:
        cells.append(spec.get("volumeMode") or "<unset>")
    return cells


def _is_default_class(o: dict) -> bool:
    ann = meta(o).get("annotations") or {}
    return ann.get("storageclass.kubernetes.io/is-default-class") == "true" or \
        ann.get("storageclass.beta.kubernetes.io/is-default-class") == "true"


def _storageclass(o, now, wide, view):
    return [o.get("provisioner", ""), o.get("reclaimPolicy") or "Delete",
            o.get("volumeBindingMode") or "Immediate", "true" if o.get("allowVolumeExpansion") else "false",
            age(meta(o).get("creationTimestamp"), now)]


def hpa_targets(o: dict) -> str:
    """formatHPAMetrics: `cpu: 45%/50%`, `<unknown>` before metrics arrive, at most two shown."""
    specs = dig(o, "spec", "metrics") or []
    if not specs:
        return "<none>"
    statuses = dig(o, "status", "currentMetrics") or []
    out = []
    for i, m in enumerate(specs):
        st = statuses[i] if i < len(statuses) else {}
        mtype = m.get("type")
        if mtype in ("Resource", "ContainerResource"):
            key = "resource" if mtype == "Resource" else "containerResource"
            src, cur = m.get(key) or {}, (st or {}).get(key)
            target = src.get("target") or {}
            if target.get("averageValue") is not None:
                current = canonical(dig(cur, "current", "averageValue")) if cur else "<unknown>"
                out.append(f"{src.get('name')}: {current}/{canonical(target['averageValue'])}")
            else:
                util = dig(cur, "current", "averageUtilization") if cur else None
                current = f"{util}%" if util is not None else "<unknown>"
                goal = f"{target['averageUtilization']}%" if target.get("averageUtilization") is not None else "<auto>"
                out.append(f"{src.get('name')}: {current}/{goal}")
        elif mtype == "Pods":
            cur = (st or {}).get("pods")
            current = canonical(dig(cur, "current", "averageValue")) if cur else "<unknown>"
            out.append(f"{current}/{canonical(dig(m, 'pods', 'target', 'averageValue'))}")
        elif mtype in ("Object", "External"):
            key = mtype.lower()
            target = dig(m, key, "target") or {}
            cur = (st or {}).get(key)
            if target.get("averageValue") is not None:
                current = canonical(dig(cur, "current", "averageValue")) if cur else "<unknown>"
                out.append(f"{current}/{canonical(target['averageValue'])} (avg)")
            else:
                current = canonical(dig(cur, "current", "value")) if cur else "<unknown>"
                out.append(f"{current}/{canonical(target.get('value'))}")
        else:
            out.append("<unknown type>")
    if len(out) > 2:
        return ", ".join(out[:2]) + f" + {len(out) - 2} more..."
    return ", ".join(out)


def _hpa(o, now, wide, view):
    spec = o.get("spec") or {}
    ref = spec.get("scaleTargetRef") or {}
    min_pods = str(spec["minReplicas"]) if spec.get("minReplicas") is not None else "<unset>"
    return [f"{ref.get('kind', '')}/{ref.get('name', '')}", hpa_targets(o), min_pods,
            spec.get("maxReplicas", 0), dig(o, "status", "currentReplicas", default=0),
            age(meta(o).get("creationTimestamp"), now)]


def _networkpolicy(o, now, wide, view):
    return [format_selector(dig(o, "spec", "podSelector") or {}), age(meta(o).get("creationTimestamp"), now)]


def ingress_address(o: dict, wide: bool) -> str:
    """ingressLoadBalancerStatusStringerV1: the addresses the controller published."""
    lb = ",".join(i.get("ip") or i.get("hostname") or "" for i in dig(o, "status", "loadBalancer", "ingress") or [])
    if not wide and len(lb) > 16:
        lb = lb[:13] + "..."
    return lb


def ingress_hosts(rules: list[dict] | None) -> str:
    """formatHosts: the first three rule hosts, then `+ N more...`; `*` when no rule names one."""
    rules = rules or []
    hosts: list[str] = []
    more = False
    for rule in rules:
        more = more or len(hosts) == 3
        if not more and rule.get("host"):
            hosts.append(rule["host"])
    if not hosts:
        return "*"
    text = ",".join(hosts)
    return f"{text} + {len(rules) - 3} more..." if more else text


def _ingress(o, now, wide, view):
    spec = o.get("spec") or {}
    return [spec.get("ingressClassName") or "<none>", ingress_hosts(spec.get("rules")), ingress_address(o, wide),
            "80, 443" if spec.get("tls") else "80", age(meta(o).get("creationTimestamp"), now)]


def _ingressclass(o, now, wide, view):
    spec = o.get("spec") or {}
    params = spec.get("parameters")
    shown = "<none>"
    if params:
        shown = params.get("kind", "") + (f".{params['apiGroup']}" if params.get("apiGroup") else "")
        shown += f"/{params.get('name', '')}"
    return [spec.get("controller", ""), shown, age(meta(o).get("creationTimestamp"), now)]


def _pdb(o, now, wide, view):
    spec = o.get("spec") or {}
    return [str(spec["minAvailable"]) if spec.get("minAvailable") is not None else "N/A",
            str(spec["maxUnavailable"]) if spec.get("maxUnavailable") is not None else "N/A",
            dig(o, "status", "disruptionsAllowed", default=0), age(meta(o).get("creationTimestamp"), now)]


def _priorityclass(o, now, wide, view):
    return [o.get("value", 0), bool(o.get("globalDefault")), age(meta(o).get("creationTimestamp"), now),
            o.get("preemptionPolicy") or ""]


def csr_condition(o: dict) -> str:
    """kubectl's CONDITION of a CertificateSigningRequest: Denied over Approved over Pending,
    then `,Failed` and `,Issued`."""
    status = o.get("status") or {}
    types = {c.get("type") for c in status.get("conditions") or []}
    text = "Denied" if "Denied" in types else "Approved" if "Approved" in types else "Pending"
    if "Failed" in types:
        text += ",Failed"
    if status.get("certificate"):
        text += ",Issued"
    return text


def _csr(o, now, wide, view):
    spec = o.get("spec") or {}
    seconds = spec.get("expirationSeconds")
    return [age(meta(o).get("creationTimestamp"), now), spec.get("signerName") or "", spec.get("username") or "",
            human_duration(seconds) if seconds is not None else "<none>", csr_condition(o)]


def _more(items: list[str], limit: int = 3) -> str:
    """kubectl's short list: the first three, then `+ N more...`; `<unset>` when empty."""
    if len(items) > limit:
        return ",".join(items[:limit]) + f" + {len(items) - limit} more..."
    return ",".join(items) or "<unset>"


def _endpointslice(o, now, wide, view):
    ports = [str(p["port"]) if p.get("port") is not None else (p.get("name") or "*") for p in o.get("ports") or ()]
    addresses = [a for e in o.get("endpoints") or () for a in e.get("addresses") or ()]
    return [o.get("addressType", ""), _more(ports), _more(addresses), age(meta(o).get("creationTimestamp"), now)]


def _lease(o, now, wide, view):
    return [dig(o, "spec", "holderIdentity", default=""), age(meta(o).get("creationTimestamp"), now)]


def _statefulset(o, now, wide, view):
    cells = [f"{dig(o, 'status', 'readyReplicas', default=0)}/{dig(o, 'spec', 'replicas', default=1)}",
             age(meta(o).get("creationTimestamp"), now)]
    if wide:
        cells += _containers_cells(dig(o, "spec", "template", "spec"))
    return cells


def _binding(o, now, wide, view):
    ref = o.get("roleRef") or {}
    cells = [f"{ref.get('kind', '')}/{ref.get('name', '')}", age(meta(o).get("creationTimestamp"), now)]
    if wide:
        subjects = o.get("subjects") or ()
        users = [s.get("name", "") for s in subjects if s.get("kind") == "User"]
        groups = [s.get("name", "") for s in subjects if s.get("kind") == "Group"]
        sas = [f"{s.get('namespace', '')}/{s.get('name', '')}" for s in subjects if s.get("kind") == "ServiceAccount"]
        cells += [", ".join(users), ", ".join(groups), ", ".join(sas)]
    return cells


RowFn = Callable[[dict, int, bool, "ClusterView | None"], list]

# kind -> (columns after NAME, wide-only columns, row function). Column names are kubectl's.
COLUMNS: dict[str, tuple[list[str], list[str], RowFn]] = {
    "Pod": (["READY", "STATUS", "RESTARTS", "AGE"], ["IP", "NODE", "NOMINATED NODE", "READINESS GATES"], _pod),
    "Node": (["STATUS", "ROLES", "AGE", "VERSION"],
             ["INTERNAL-IP", "EXTERNAL-IP", "OS-IMAGE", "KERNEL-VERSION", "CONTAINER-RUNTIME"], _node),
    "Namespace": (["STATUS", "AGE"], [], _namespace),
    "Deployment": (["READY", "UP-TO-DATE", "AVAILABLE", "AGE"], ["CONTAINERS", "IMAGES", "SELECTOR"], _deployment),
    "ReplicaSet": (["DESIRED", "CURRENT", "READY", "AGE"], ["CONTAINERS", "IMAGES", "SELECTOR"], _replicaset),
    "ReplicationController": (["DESIRED", "CURRENT", "READY", "AGE"], ["CONTAINERS", "IMAGES", "SELECTOR"], _rc),
    "DaemonSet": (["DESIRED", "CURRENT", "READY", "UP-TO-DATE", "AVAILABLE", "NODE SELECTOR", "AGE"],
                  ["CONTAINERS", "IMAGES", "SELECTOR"], _daemonset),
    "StatefulSet": (["READY", "AGE"], ["CONTAINERS", "IMAGES"], _statefulset),
    "Job": (["STATUS", "COMPLETIONS", "DURATION", "AGE"], ["CONTAINERS", "IMAGES", "SELECTOR"], _job),
    "CronJob": (["SCHEDULE", "TIMEZONE", "SUSPEND", "ACTIVE", "LAST SCHEDULE", "AGE"],
                ["CONTAINERS", "IMAGES", "SELECTOR"], _cronjob),
    "Service": (["TYPE", "CLUSTER-IP", "EXTERNAL-IP", "PORT(S)", "AGE"], ["SELECTOR"], _service),
    "Endpoints": (["ENDPOINTS", "AGE"], [], _endpoints),
    "EndpointSlice": (["ADDRESSTYPE", "PORTS", "ENDPOINTS", "AGE"], [], _endpointslice),
    "ConfigMap": (["DATA", "AGE"], [], _configmap),
    "Secret": (["TYPE", "DATA", "AGE"], [], _secret),
    "ServiceAccount": (["SECRETS", "AGE"], [], _serviceaccount),
    "ResourceQuota": (["AGE", "REQUEST", "LIMIT"], [], _resourcequota),
    "LimitRange": (["CREATED AT"], [], _limitrange),
    "CustomResourceDefinition": (["CREATED AT"], [], _limitrange),
    "PersistentVolume": (["CAPACITY", "ACCESS MODES", "RECLAIM POLICY", "STATUS", "CLAIM", "STORAGECLASS",
                          "VOLUMEATTRIBUTESCLASS", "REASON", "AGE"], ["VOLUMEMODE"], _pv),
    "PersistentVolumeClaim": (["STATUS", "VOLUME", "CAPACITY", "ACCESS MODES", "STORAGECLASS",
                               "VOLUMEATTRIBUTESCLASS", "AGE"], ["VOLUMEMODE"], _pvc),
    "StorageClass": (["PROVISIONER", "RECLAIMPOLICY", "VOLUMEBINDINGMODE", "ALLOWVOLUMEEXPANSION", "AGE"], [],
                     _storageclass),
    "HorizontalPodAutoscaler": (["REFERENCE", "TARGETS", "MINPODS", "MAXPODS", "REPLICAS", "AGE"], [], _hpa),
    "NetworkPolicy": (["POD-SELECTOR", "AGE"], [], _networkpolicy),
    "Ingress": (["CLASS", "HOSTS", "ADDRESS", "PORTS", "AGE"], [], _ingress),
    "IngressClass": (["CONTROLLER", "PARAMETERS", "AGE"], [], _ingressclass),
    "PodDisruptionBudget": (["MIN AVAILABLE", "MAX UNAVAILABLE", "ALLOWED DISRUPTIONS", "AGE"], [], _pdb),
    "PriorityClass": (["VALUE", "GLOBAL-DEFAULT", "AGE", "PREEMPTIONPOLICY"], [], _priorityclass),
    "Lease": (["HOLDER", "AGE"], [], _lease),
    "ControllerRevision": (["CONTROLLER", "REVISION", "AGE"], [], _controllerrevision),
    "ClusterRoleBinding": (["ROLE", "AGE"], ["USERS", "GROUPS", "SERVICEACCOUNTS"], _binding),
    "ClusterRole": (["CREATED AT"], [], _limitrange),
    "RoleBinding": (["ROLE", "AGE"], ["USERS", "GROUPS", "SERVICEACCOUNTS"], _binding),
    "Role": (["CREATED AT"], [], _limitrange),
    "CertificateSigningRequest": (["AGE", "SIGNERNAME", "REQUESTOR", "REQUESTEDDURATION", "CONDITION"], [], _csr),
}

_EVENT_WIDE = ["LAST SEEN", "TYPE", "REASON", "OBJECT", "SUBOBJECT", "SOURCE", "MESSAGE", "FIRST SEEN", "COUNT",
               "NAME"]
_EVENT = ["LAST SEEN", "TYPE", "REASON", "OBJECT", "MESSAGE"]


def _cell(value) -> str:
    """How kubectl renders a cell: text up to the first line break (then `...`), bools lowercase."""
    if value is None:
        return "<none>"
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    for i, ch in enumerate(text):
        if ch in "\n\r\f":
            return text[:i] + "..."
    return text


def _display_name(kind: str, obj: dict) -> str:
    name = meta(obj).get("name", "")
    if kind == "StorageClass" and _is_default_class(obj):
        name += " (default)"
    return name


def custom_rows(kind: CustomKind, objs: list[dict], now: int, wide: bool) -> tuple[list[str], list[list[str]]]:
    """A custom kind's table: its CRD's additionalPrinterColumns (priority > 0 only with -o wide),
    or NAME and AGE when it names none; a `date` column shows as an age."""
    from kubetui.kubectl.printers.output import jsonpath, relaxed

    columns = [c for c in kind.columns if wide or not c.get("priority")]
    if not kind.columns:
        return ["NAME", "AGE"], [[meta(o).get("name", ""), age(meta(o).get("creationTimestamp"), now)] for o in objs]
    rows = []
    for o in objs:
        row = [meta(o).get("name", "")]
        for col in columns:
            try:
                text = jsonpath(relaxed(col.get("jsonPath") or ""), o)
            except Exception:
                text = ""
            if text == "":
                row.append("<none>")
            elif col.get("type") == "date":
                row.append(age(text, now))
            else:
                row.append(_cell(text))
        rows.append(row)
    return ["NAME", *(str(c.get("name", "")).upper() for c in columns)], rows


def table_rows(kind: str, objs: list[dict], view: ClusterView | None, *, wide: bool = False,
               now_tick: int | None = None, custom: CustomKind | None = None) -> tuple[list[str], list[list[str]]]:
    """Header and cells of kind's server-side table, before client decorations."""
    now = now_tick if now_tick is not None else (view.tick if view is not None else 0)
    if custom is not None:
        return custom_rows(custom, objs, now, wide)
    if kind == "Event":
        header = _EVENT_WIDE if wide else _EVENT
        return header, [[_cell(c) for c in _event(o, now, wide, view)] for o in objs]
    if kind not in COLUMNS:
        header = ["NAME", "AGE"]
        return header, [[meta(o).get("name", ""), age(meta(o).get("creationTimestamp"), now)] for o in objs]
    cols, wide_cols, fn = COLUMNS[kind]
    header = ["NAME", *cols, *(wide_cols if wide else [])]
    rows = [[_cell(c) for c in [_display_name(kind, o), *fn(o, now, wide, view)]] for o in objs]
    return header, rows


def _is_namespaced(kind: str) -> bool:
    from kubetui.model.kinds import KINDS
    k = KINDS.get(kind)
    return k.namespaced if k else True


def print_table(kind: str | Kind, objs: list[dict], view: ClusterView | None, *, wide: bool = False,
                all_namespaces: bool = False, show_labels: bool = False, label_columns=(),
                show_kind: bool = False, no_headers: bool = False, now_tick: int | None = None) -> str:
    """One kind's `kubectl get` table, newline-terminated ("" when there is nothing to print).
    `kind` is a kind name or a Kind (a custom kind's table comes from its CRD)."""
    from kubetui.model.kinds import CustomKind, Kind

    custom = kind if isinstance(kind, CustomKind) else None
    kind = kind.kind if isinstance(kind, Kind) else kind
    header, rows = table_rows(kind, objs, view, wide=wide, now_tick=now_tick, custom=custom)
    name_col = header.index("NAME") if "NAME" in header else None
    if show_kind and name_col is not None:
        prefix = custom.ref if custom is not None else kind_ref(kind)
        for row in rows:
            row[name_col] = f"{prefix}/{row[name_col]}"
    with_ns = all_namespaces and (custom.namespaced if custom is not None else _is_namespaced(kind))
    if with_ns:
        header = ["NAMESPACE", *header]
        rows = [[meta(o).get("namespace", ""), *row] for o, row in zip(objs, rows)]
    for key in label_columns:
        header = [*header, key.split("/")[-1].upper()]
    if show_labels:
        header = [*header, "LABELS"]
    if label_columns or show_labels:
        for o, row in zip(objs, rows):
            labels = meta(o).get("labels") or {}
            row.extend(_cell(labels.get(k, "")) for k in label_columns)
            if show_labels:
                row.append(format_labels(labels))
    lines = [] if no_headers else ["\t".join(header)]
    lines += ["\t".join(r) for r in rows]
    if not lines:
        return ""
    return tabwrite("\n".join(lines) + "\n", TABLE_MINWIDTH, TABLE_PADDING)


def print_tables(groups: list[tuple[str | Kind, list[dict]]], view: ClusterView | None, **options) -> str:
    """Several kinds at once (`kubectl get deploy,po`, `get all`): names carry `kind/`,
    tables are separated by a blank line, and kinds with no objects print nothing."""
    options.setdefault("show_kind", len(groups) > 1)
    tables = [print_table(kind, objs, view, **options) for kind, objs in groups if objs]
    return "\n".join(t for t in tables if t)
