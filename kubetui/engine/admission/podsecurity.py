"""Pod Security Admission: the Pod Security Standards a namespace asks for in its labels.

`pod-security.kubernetes.io/enforce: baseline|restricted` refuses pods that break the level;
`warn` lets them in with a warning; `audit` only notes them. Workload objects (Deployment,
ReplicaSet, Job, ...) are never refused: their pod templates are checked for `warn` and
`audit` only, so an enforced violation shows up later, on the pods the controller fails to
create (`FailedCreate`).

Warnings are appended to `sim.store.warnings`; kubectl prints each one after the request as
`Warning: <text>` and clears the list. Audit notes go to `sim.store.audit`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kubetui.model import errors

if TYPE_CHECKING:
    from kubetui.engine.simulation import Simulation

PREFIX = "pod-security.kubernetes.io/"
LEVELS = ("privileged", "baseline", "restricted")
DEFAULT_CAPABILITIES = frozenset((
    "AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD", "NET_BIND_SERVICE",
    "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT"))
RESTRICTED_VOLUME_TYPES = frozenset((
    "configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret"))
TEMPLATE_KINDS = {"Deployment": ("spec", "template"), "ReplicaSet": ("spec", "template"),
                  "ReplicationController": ("spec", "template"), "DaemonSet": ("spec", "template"),
                  "StatefulSet": ("spec", "template"), "Job": ("spec", "template"),
                  "CronJob": ("spec", "jobTemplate", "spec", "template")}


def _plural(one: str, many: str, n: int) -> str:
    return one if n == 1 else many


def _quote(items) -> str:
    return ", ".join(f'"{i}"' for i in items)


def _containers(spec: dict) -> list[dict]:
    return [*(spec.get("initContainers") or ()), *(spec.get("containers") or ()),
            *(spec.get("ephemeralContainers") or ())]


def _sc(c: dict) -> dict:
    return c.get("securityContext") or {}


def _host_namespaces(spec):
    used = [f"{f}=true" for f in ("hostNetwork", "hostPID", "hostIPC") if spec.get(f)]
    return ("host namespaces", ", ".join(used)) if used else None


def _host_path(spec):
    names = [v["name"] for v in spec.get("volumes") or () if "hostPath" in v]
    if names:
        return "hostPath volumes", f"{_plural('volume', 'volumes', len(names))} {_quote(names)}"
    return None


def _host_ports(spec):
    bad, ports = [], []
    for c in _containers(spec):
        mine = [str(p["hostPort"]) for p in c.get("ports") or () if p.get("hostPort")]
        if mine:
            bad.append(c["name"])
            ports += mine
    if bad:
        return "hostPort", (f"{_plural('container', 'containers', len(bad))} {_quote(bad)} "
                            f"{_plural('uses', 'use', len(bad))} {_plural('hostPort', 'hostPorts', len(ports))} "
                            f"{', '.join(ports)}")
    return None


def _privileged(spec):
    bad = [c["name"] for c in _containers(spec) if _sc(c).get("privileged")]
    if bad:
        return "privileged", (f"{_plural('container', 'containers', len(bad))} {_quote(bad)} "
                              "must not set securityContext.privileged=true")
    return None


def _capabilities_baseline(spec):
    bad, caps = [], set()
    for c in _containers(spec):
        extra = [x for x in (_sc(c).get("capabilities") or {}).get("add") or () if x not in DEFAULT_CAPABILITIES]
        if extra:
            bad.append(c["name"])
            caps.update(extra)
    if bad:
        return "non-default capabilities", (f"{_plural('container', 'containers', len(bad))} {_quote(bad)} "
                                            f"must not include {_quote(sorted(caps))} in securityContext.capabilities.add")
    return None


def _seccomp_baseline(spec):
    setters = []
    if ((spec.get("securityContext") or {}).get("seccompProfile") or {}).get("type") == "Unconfined":
        setters.append("pod")
    bad = [c["name"] for c in _containers(spec) if (_sc(c).get("seccompProfile") or {}).get("type") == "Unconfined"]
    if bad:
        setters.append(f"{_plural('container', 'containers', len(bad))} {_quote(bad)}")
    if setters:
        return "seccompProfile", f'{" and ".join(setters)} must not set securityContext.seccompProfile.type to "Unconfined"'
    return None


def _allow_privilege_escalation(spec):
    bad = [c["name"] for c in _containers(spec) if _sc(c).get("allowPrivilegeEscalation") is not False]
    if bad:
        return "allowPrivilegeEscalation != false", (f"{_plural('container', 'containers', len(bad))} {_quote(bad)} "
                                                     "must set securityContext.allowPrivilegeEscalation=false")
    return None


def _capabilities_restricted(spec):
    no_drop, adding, caps = [], [], set()
    for c in _containers(spec):
        capabilities = _sc(c).get("capabilities") or {}
        if "ALL" not in (capabilities.get("drop") or ()):
            no_drop.append(c["name"])
        extra = [x for x in capabilities.get("add") or () if x != "NET_BIND_SERVICE"]
        if extra:
            adding.append(c["name"])
            caps.update(extra)
    details = []
    if no_drop:
        details.append(f'{_plural("container", "containers", len(no_drop))} {_quote(no_drop)} '
                       'must set securityContext.capabilities.drop=["ALL"]')
    if adding:
        details.append(f"{_plural('container', 'containers', len(adding))} {_quote(adding)} "
                       f"must not include {_quote(sorted(caps))} in securityContext.capabilities.add")
    return ("unrestricted capabilities", "; ".join(details)) if details else None


def _restricted_volumes(spec):
    bad, types = [], []
    for v in spec.get("volumes") or ():
        kind = next((k for k in v if k != "name"), "emptyDir")
        if kind not in RESTRICTED_VOLUME_TYPES:
            bad.append(v["name"])
            if kind not in types:
                types.append(kind)
    if bad:
        return "restricted volume types", (f"{_plural('volume', 'volumes', len(bad))} {_quote(bad)} "
                                           f"{_plural('uses', 'use', len(bad))} "
                                           f"{_plural('restricted volume type', 'restricted volume types', len(types))} "
                                           f"{_quote(sorted(types))}")
    return None


def _pod_or_containers(spec, field: str, good, bad_detail: str, must_detail: str, reason: str):
    setters, implicit, explicit = [], [], []
    pod_value = (spec.get("securityContext") or {}).get(field)
    pod_ok = False
    if pod_value is not None:
        if good(pod_value):
            pod_ok = True
        else:
            setters.append("pod")
    for c in _containers(spec):
        value = _sc(c).get(field)
        if value is not None:
            if not good(value):
                explicit.append(c["name"])
        elif not pod_ok:
            implicit.append(c["name"])
    if explicit:
        setters.append(f"{_plural('container', 'containers', len(explicit))} {_quote(explicit)}")
    if setters:
        return reason, f"{' and '.join(setters)} {bad_detail}"
    if implicit:
        return reason, f"pod or {_plural('container', 'containers', len(implicit))} {_quote(implicit)} {must_detail}"
    return None


def _run_as_non_root(spec):
    return _pod_or_containers(spec, "runAsNonRoot", lambda v: v is True,
                              "must not set securityContext.runAsNonRoot=false",
                              "must set securityContext.runAsNonRoot=true", "runAsNonRoot != true")


def _run_as_user(spec):
    setters = []
    if (spec.get("securityContext") or {}).get("runAsUser") == 0:
        setters.append("pod")
    bad = [c["name"] for c in _containers(spec) if _sc(c).get("runAsUser") == 0]
    if bad:
        setters.append(f"{_plural('container', 'containers', len(bad))} {_quote(bad)}")
    return ("runAsUser=0", f"{' and '.join(setters)} must not set runAsUser=0") if setters else None


def _seccomp_restricted(spec):
    pod_type = ((spec.get("securityContext") or {}).get("seccompProfile") or {}).get("type")
    setters, values, implicit, explicit = [], set(), [], []
    pod_ok = False
    if pod_type is not None:
        if pod_type in ("RuntimeDefault", "Localhost"):
            pod_ok = True
        else:
            setters.append("pod")
            values.add(pod_type)
    for c in _containers(spec):
        t = (_sc(c).get("seccompProfile") or {}).get("type")
        if t is not None:
            if t not in ("RuntimeDefault", "Localhost"):
                explicit.append(c["name"])
                values.add(t)
        elif not pod_ok:
            implicit.append(c["name"])
    if explicit:
        setters.append(f"{_plural('container', 'containers', len(explicit))} {_quote(explicit)}")
    if setters:
        return "seccompProfile", f"{' and '.join(setters)} must not set securityContext.seccompProfile.type to {_quote(sorted(values))}"
    if implicit:
        return "seccompProfile", (f"pod or {_plural('container', 'containers', len(implicit))} {_quote(implicit)} "
                                  'must set securityContext.seccompProfile.type to "RuntimeDefault" or "Localhost"')
    return None


BASELINE = (_host_namespaces, _host_path, _host_ports, _privileged)
"""Baseline checks every level above privileged runs, in Kubernetes' order."""
BASELINE_ONLY = (_capabilities_baseline, _seccomp_baseline)
"""Baseline checks that the restricted level replaces with stricter ones."""
RESTRICTED = (_allow_privilege_escalation, _capabilities_restricted, _restricted_volumes,
              _run_as_non_root, _run_as_user, _seccomp_restricted)


def evaluate(level: str, spec: dict) -> list[tuple[str, str]]:
    """(reason, detail) of every check the pod spec fails at `level`."""
    if level not in ("baseline", "restricted"):
        return []
    checks = BASELINE + (BASELINE_ONLY if level == "baseline" else RESTRICTED)
    return [r for r in (check(spec) for check in checks) if r]


def describe(found: list[tuple[str, str]]) -> str:
    return ", ".join(f"{reason} ({detail})" if detail else reason for reason, detail in found)


_MODE_LABELS = tuple((mode, PREFIX + mode, PREFIX + mode + "-version") for mode in ("enforce", "warn", "audit"))


def namespace_policy(ns: dict | None) -> dict[str, str]:
    """mode -> `level:version` for the modes the namespace's labels set to a known level."""
    labels = (ns or {}).get("metadata", {}).get("labels") or {}
    out = {}
    for mode, label, version in _MODE_LABELS:
        level = labels.get(label)
        if level is None:
            continue
        if level not in LEVELS:
            level = "restricted" if mode == "enforce" else "privileged"
        out[mode] = f"{level}:{labels.get(version, 'latest')}"
    return out


def _template_spec(obj: dict) -> dict | None:
    path = TEMPLATE_KINDS.get(obj["kind"])
    node: dict | None = obj
    for part in path or ():
        node = (node or {}).get(part)
    return (node or {}).get("spec") if path else None


class PodSecurity:
    def __init__(self, sim: Simulation):
        self.sim = sim
        self._policy: tuple[object, dict[str, str]] | None = None
        """(a namespace's labels, its `namespace_policy`) last read: a controller's pods come one
        after the other into one namespace, whose stored labels are never changed in place."""

    def admit(self, op: str, obj: dict, old: dict | None) -> dict:
        kind = obj["kind"]
        if kind == "Namespace" and op == "UPDATE":
            self._check_existing_pods(obj, old)
            return obj
        if op != "CREATE" or (kind != "Pod" and kind not in TEMPLATE_KINDS):
            return obj
        store = self.sim.store
        ns_name = obj["metadata"].get("namespace") or "default"
        ns = store.get("Namespace", None, ns_name)
        labels = ns["metadata"].get("labels") if ns is not None else None
        last = self._policy
        if last is not None and labels is not None and last[0] is labels:
            policy = last[1]
        else:
            policy = namespace_policy(ns)
            self._policy = (labels, policy)
        if not policy:
            return obj
        spec = obj.get("spec") if kind == "Pod" else _template_spec(obj)
        if spec is None:
            return obj
        name = obj["metadata"]["name"]
        enforce = policy.get("enforce")
        if kind == "Pod" and enforce:
            found = evaluate(enforce.split(":")[0], spec)
            if found:
                raise errors.forbidden("pods", name, f'violates PodSecurity "{enforce}": {describe(found)}')
        warn = policy.get("warn")
        if warn:
            found = evaluate(warn.split(":")[0], spec)
            if found:
                store.warnings.append(f'would violate PodSecurity "{warn}": {describe(found)}')
        audit = policy.get("audit")
        if audit:
            found = evaluate(audit.split(":")[0], spec)
            if found:
                store.audit.append({"tick": self.sim.tick, "namespace": ns_name, "kind": kind, "name": name,
                                    "pod-security.kubernetes.io/audit-violations":
                                        f'would violate PodSecurity "{audit}": {describe(found)}'})
        return obj

    def _check_existing_pods(self, ns: dict, old: dict | None) -> None:
        """A stricter `enforce` label never touches running pods; the API server warns about them instead."""
        enforce = namespace_policy(ns).get("enforce")
        if enforce is None or enforce == namespace_policy(old).get("enforce"):
            return
        level = enforce.split(":")[0]
        if level == "privileged":
            return
        name = ns["metadata"]["name"]
        pods: dict[str, list[str]] = {}
        for pod in self.sim.store.iter("Pod", name):
            found = evaluate(level, pod.get("spec") or {})
            if found:
                pods.setdefault(", ".join(reason for reason, _ in found), []).append(pod["metadata"]["name"])
        if not pods:
            return
        lines = []
        for reasons, names in pods.items():
            first = min(names)
            lines.append(f"{first}: {reasons}" if len(names) == 1
                         else f"{first} (and {len(names) - 1} other pods): {reasons}")
        self.sim.store.warnings.append(
            f'existing pods in namespace "{name}" violate the new PodSecurity enforce level "{enforce}"')
        self.sim.store.warnings.extend(sorted(lines))
