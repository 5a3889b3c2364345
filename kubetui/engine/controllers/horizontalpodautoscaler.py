"""The horizontal-pod-autoscaler controller (autoscaling/v2), every 15 seconds per HPA.

desired = ceil(current × currentUtilization / target), utilization relative to the pods'
requests; no change inside a 0.1 tolerance; not-ready and metric-less pods handled as
Kubernetes' replica calculator does. Without `behavior` the legacy rules apply (downscale
stabilization 300 s, scale-up to at most max(2 × current, 4)); with it, each direction's
stabilization window and rate policies. It scales through the target's `spec.replicas`.
"""

from __future__ import annotations

import copy
import math
from dataclasses import dataclass

from kubetui.engine import metrics
from kubetui.engine.controllers.base import Controller, Key
from kubetui.model.clock import tick_of, timestamp
from kubetui.model.errors import ApiError
from kubetui.model.kinds import KINDS
from kubetui.model.labels import Selector, from_label_selector, from_map
from kubetui.model.quantity import cpu_millis, memory_bytes

SYNC_PERIOD = 15
TOLERANCE = 0.1
DOWNSCALE_STABILIZATION = 300
CPU_INITIALIZATION_PERIOD = 300
INITIAL_READINESS_DELAY = 30
SCALE_UP_LIMIT_FACTOR = 2.0
SCALE_UP_LIMIT_MINIMUM = 4.0
SCALABLE = ("Deployment", "ReplicaSet", "ReplicationController", "StatefulSet")


class MetricError(Exception):
    """A metric that could not be computed; `reason` becomes the condition's and Event's reason."""

    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason = reason


@dataclass
class Proposal:
    replicas: int
    name: str
    """How the Event names the metric: `cpu resource utilization (percentage of request)`."""
    status: dict


class HorizontalPodAutoscalerController(Controller):
    name = "horizontal-pod-autoscaler"

    def __init__(self, sim):
        super().__init__(sim)
        self.recommendations: dict[Key, list[tuple[int, int]]] = {}
        """(tick, recommended replicas) per HPA, for the stabilization windows."""
        self.scale_events: dict[Key, list[tuple[int, int]]] = {}
        """(tick, replicas added (+) or removed (-)) per HPA, for the rate policies."""
        self._timer: dict[Key, int] = {}
        self.store.watch("HorizontalPodAutoscaler", self._on_hpa)

    def _on_hpa(self, event: str, old: dict | None, new: dict | None) -> None:
        if new is None:
            assert old is not None
            key = (old["metadata"]["namespace"], old["metadata"]["name"])
            self.recommendations.pop(key, None)
            self.scale_events.pop(key, None)
            return
        if old is None or old.get("spec") != new.get("spec"):
            self.enqueue_obj(new)

    def resync(self) -> None:
        for hpa in self.store.iter("HorizontalPodAutoscaler"):
            self.enqueue_obj(hpa)

    def _resync_key(self, key: Key) -> None:
        if self._timer.get(key) == self.sim.tick:
            del self._timer[key]
            self.enqueue(key)

    def reconcile(self, key: Key) -> None:
        hpa = self.store.get("HorizontalPodAutoscaler", *key)
        if hpa is None:
            self._timer.pop(key, None)
            return
        if key not in self._timer:
            self._timer[key] = self.sim.tick + SYNC_PERIOD
            self.sim.at(self.sim.tick + SYNC_PERIOD, self._resync_key, key)
        hpa = copy.deepcopy(hpa)
        status = hpa.setdefault("status", {})
        conditions = {c["type"]: c for c in status.get("conditions") or ()}
        self._autoscale(key, hpa, conditions)
        order = ("AbleToScale", "ScalingActive", "ScalingLimited")
        status["conditions"] = [conditions[t] for t in order if t in conditions]
        status.setdefault("desiredReplicas", 0)
        status.setdefault("currentMetrics", None)
        if status["currentMetrics"] is None:
            del status["currentMetrics"]
        self.store.update_status(hpa)

    # -- one sync ---------------------------------------------------------------------------------
    def _set(self, conditions: dict, type_: str, status: str, reason: str, message: str) -> None:
        old = conditions.get(type_)
        since = old["lastTransitionTime"] if old and old["status"] == status else timestamp(self.sim.tick)
        conditions[type_] = {"type": type_, "status": status, "lastTransitionTime": since,
                             "reason": reason, "message": message}

    def _autoscale(self, key: Key, hpa: dict, conditions: dict) -> None:
        spec, status = hpa["spec"], hpa["status"]
        ref = spec.get("scaleTargetRef") or {}
        target = None
        kind = ref.get("kind", "")
        if kind in SCALABLE and kind in KINDS:
            target = self.store.get(kind, key[0], ref.get("name", ""))
        if target is None:
            if kind in KINDS:
                why = f'{KINDS[kind].resource} "{ref.get("name", "")}" not found'
            else:
                why = f'no matches for kind "{kind}" in group "{ref.get("apiVersion", "").rpartition("/")[0]}"'
            message = f"the HPA controller was unable to get the target's current scale: {why}"
            self._set(conditions, "AbleToScale", "False", "FailedGetScale", message)
            self.event(hpa, "Warning", "FailedGetScale", why)
            return
        self._set(conditions, "AbleToScale", "True", "SucceededGetScale",
                  "the HPA controller was able to get the target's current scale")
        current = int(target["spec"].get("replicas", 1))
        min_replicas = int(spec.get("minReplicas", 1))
        max_replicas = int(spec.get("maxReplicas", 1))
        rescale = True
        reason = ""
        statuses: list[dict] | None = None
        if current == 0 and min_replicas != 0:
            desired = 0
            rescale = False
            self._set(conditions, "ScalingActive", "False", "ScalingDisabled",
                      "scaling is disabled since the replica count of the target is zero")
        elif current > max_replicas:
            reason = "Current number of replicas above Spec.MaxReplicas"
            desired = max_replicas
        elif current < min_replicas:
            reason = "Current number of replicas below Spec.MinReplicas"
            desired = min_replicas
        else:
            selector = _selector(target)
            proposal, statuses, error = self._compute(hpa, current, selector, conditions)
            if error is not None:
                status["currentReplicas"] = current
                status["currentMetrics"] = statuses
                self.event(hpa, "Warning", "FailedComputeMetricsReplicas", error)
                return
            desired = 0
            metric = ""
            if proposal.replicas > desired:
                desired, metric = proposal.replicas, proposal.name
            if desired > current:
                reason = f"{metric} above target"
            if desired < current:
                reason = "All metrics below target"
            if spec.get("behavior") is None:
                desired = self._normalize(key, hpa, conditions, current, desired, min_replicas, max_replicas)
            else:
                desired = self._normalize_with_behavior(key, hpa, conditions, current, desired, min_replicas, max_replicas)
            rescale = desired != current
        if rescale:
            updated = copy.deepcopy(target)
            updated["spec"]["replicas"] = desired
            try:
                self.store.update(updated)
            except ApiError as exc:
                self._set(conditions, "AbleToScale", "False", "FailedUpdateScale",
                          f"the HPA controller was unable to update the target scale: {exc.message}")
                self.event(hpa, "Warning", "FailedRescale", f"New size: {desired}; reason: {reason}; error: {exc.message}")
                status["currentReplicas"] = current
                status["currentMetrics"] = statuses
                return
            self._set(conditions, "AbleToScale", "True", "SucceededRescale",
                      f"the HPA controller was able to update the target scale to {desired}")
            self.event(hpa, "Normal", "SuccessfulRescale", f"New size: {desired}; reason: {reason}")
            self.scale_events.setdefault(key, []).append((self.sim.tick, desired - current))
            status["lastScaleTime"] = timestamp(self.sim.tick)
        status["currentReplicas"] = current
        status["desiredReplicas"] = desired
        status["currentMetrics"] = statuses

    # -- metrics -> a replica count -------------------------------------------------------------------
    def _compute(self, hpa: dict, current: int, selector: Selector, conditions: dict) -> tuple[Proposal, list[dict], str | None]:
        specs = hpa["spec"].get("metrics") or []
        statuses: list[dict] = []
        best: Proposal | None = None
        invalid = 0
        first_error: MetricError | None = None
        for metric in specs:
            try:
                proposal = self._one_metric(hpa, metric, current, selector)
            except MetricError as exc:
                statuses.append({"type": ""})
                if first_error is None:
                    first_error = exc
                    self.event(hpa, "Warning", exc.reason, str(exc))
                invalid += 1
                continue
            statuses.append(proposal.status)
            if best is None or proposal.replicas > best.replicas:
                best = proposal
        if invalid >= len(specs) or (invalid and best is not None and best.replicas < current):
            assert first_error is not None
            self._set(conditions, "ScalingActive", "False", first_error.reason,
                      f"the HPA was unable to compute the replica count: {first_error}")
            return Proposal(-1, "", {}), statuses, (f"invalid metrics ({invalid} invalid out of {len(specs)}), "
                                                   f"first error is: {first_error}")
        assert best is not None
        self._set(conditions, "ScalingActive", "True", "ValidMetricFound",
                  f"the HPA was able to successfully calculate a replica count from {best.name}")
        return best, statuses, None

    def _one_metric(self, hpa: dict, metric: dict, current: int, selector: Selector) -> Proposal:
        mtype = metric.get("type", "")
        if mtype not in ("Resource", "ContainerResource"):
            raise MetricError(f"FailedGet{mtype}Metric",
                              f"unable to get metric of type {mtype}: no custom metrics API "
                              "(custom.metrics.k8s.io) registered")
        source = metric.get("resource" if mtype == "Resource" else "containerResource") or {}
        resource = source.get("name", "")
        container = source.get("container") if mtype == "ContainerResource" else None
        target = source.get("target") or {}
        reason = "FailedGetResourceMetric" if mtype == "Resource" else "FailedGetContainerResourceMetric"
        word = "resource" if mtype == "Resource" else "container resource"
        if resource not in ("cpu", "memory"):
            raise MetricError(reason, f"failed to get {resource} utilization: unable to get metrics for resource "
                                      f"{resource}: no metrics returned from resource metrics API")
        ns = hpa["metadata"]["namespace"]
        if target.get("type") == "AverageValue":
            goal = _milli(resource, target.get("averageValue", "0"))
            try:
                replicas, usage = self._replicas(ns, selector, resource, container, current, goal, utilization=False)
            except MetricError as exc:
                raise MetricError(reason, f"failed to get {resource} {'container ' if container else ''}usage: {exc}") from None
            status = {"type": mtype, _status_key(mtype): _metric_status(resource, container, {"averageValue": _quantity(resource, usage)})}
            return Proposal(replicas, f"{resource} {word}", status)
        goal = int(target.get("averageUtilization") or 0)
        try:
            replicas, (utilization, raw) = self._replicas(ns, selector, resource, container, current, goal, utilization=True)
        except MetricError as exc:
            raise MetricError(reason, f"failed to get {resource} {'container ' if container else ''}utilization: {exc}") from None
        status = {"type": mtype, _status_key(mtype): _metric_status(resource, container, {
            "averageUtilization": utilization, "averageValue": _quantity(resource, raw)})}
        return Proposal(replicas, f"{resource} {word} utilization (percentage of request)", status)

    def _replicas(self, ns: str, selector: Selector, resource: str, container: str | None,
                  current: int, goal: int, utilization: bool):
        """The replica calculator: the proposal and the usage it is based on."""
        at, loads = metrics.scrape(self.sim)
        usage: dict[str, int] = {}
        pods = self.store.list("Pod", ns, selector)
        for pod in pods:
            u = metrics.pod_usage_at(self.sim, ns, pod["metadata"]["name"], at, loads)
            if u is None:
                continue
            chosen = [c for c in u.containers if container is None or c.name == container]
            if not chosen:
                continue
            usage[pod["metadata"]["name"]] = sum(c.cpu if resource == "cpu" else c.memory * 1000 for c in chosen)
        if not usage:
            raise MetricError("", f"unable to get metrics for resource {resource}: no metrics returned from resource metrics API")
        if not pods:
            raise MetricError("", "no pods returned by selector while calculating replica count")
        ready_count, unready, missing, ignored = _group(pods, usage, resource, at, self.sim.tick)
        for name in (*ignored, *unready):
            usage.pop(name, None)
        if not usage:
            raise MetricError("", "did not receive metrics for targeted pods (pods might be unready)")
        value: int | tuple[int, int]
        if utilization:
            requests = _requests(pods, container, resource)
            ratio, value, raw = _utilization_ratio(usage, requests, goal)
            fallback = requests
        else:
            ratio, raw = _usage_ratio(usage, goal)
            value, fallback = (0, raw), None
        result = (value, raw) if utilization else raw
        scale_up_with_unready = bool(unready) and ratio > 1.0
        if not scale_up_with_unready and not missing:
            if abs(1.0 - ratio) <= TOLERANCE:
                return current, result
            return int(math.ceil(ratio * ready_count)), result
        if missing:
            for name in missing:
                if ratio < 1.0:
                    usage[name] = (fallback[name] * max(100, goal) // 100) if fallback is not None else goal
                else:
                    usage[name] = 0
        if scale_up_with_unready:
            for name in unready:
                usage[name] = 0
        new_ratio = (_utilization_ratio(usage, requests, goal)[0] if utilization else _usage_ratio(usage, goal)[0])
        if abs(1.0 - new_ratio) <= TOLERANCE or (ratio < 1.0 < new_ratio) or (ratio > 1.0 > new_ratio):
            return current, result
        replicas = int(math.ceil(new_ratio * len(usage)))
        if (new_ratio < 1.0 and replicas > current) or (new_ratio > 1.0 and replicas < current):
            return current, result
        return replicas, result

    # -- normalization ----------------------------------------------------------------------------
    def _normalize(self, key, hpa, conditions, current, desired, min_replicas, max_replicas) -> int:
        now = self.sim.tick
        recs = self.recommendations.setdefault(key, [])
        stabilized = desired
        cutoff = now - DOWNSCALE_STABILIZATION
        for tick, rec in recs:
            if tick >= cutoff and rec > stabilized:
                stabilized = rec
        recs[:] = [r for r in recs if r[0] >= cutoff] + [(now, desired)]
        if stabilized != desired:
            self._set(conditions, "AbleToScale", "True", "ScaleDownStabilized",
                      "recent recommendations were higher than current one, applying the highest recent recommendation")
        else:
            self._set(conditions, "AbleToScale", "True", "ReadyForNewScale", "recommended size matches current size")
        limit = int(max(SCALE_UP_LIMIT_FACTOR * current, SCALE_UP_LIMIT_MINIMUM))
        if max_replicas > limit:
            maximum, cond, why = limit, "ScaleUpLimit", "the desired replica count is increasing faster than the maximum scale rate"
        else:
            maximum, cond, why = max_replicas, "TooManyReplicas", "the desired replica count is more than the maximum replica count"
        result = stabilized
        if stabilized < min_replicas:
            cond, why = "TooFewReplicas", "the desired replica count is less than the minimum replica count"
            result = min_replicas
        elif stabilized > maximum:
            result = maximum
        else:
            cond, why = "DesiredWithinRange", "the desired count is within the acceptable range"
        self._set(conditions, "ScalingLimited", "False" if result == stabilized else "True", cond, why)
        return result

    def _normalize_with_behavior(self, key, hpa, conditions, current, desired, min_replicas, max_replicas) -> int:
        behavior = hpa["spec"]["behavior"]
        up, down = behavior.get("scaleUp") or {}, behavior.get("scaleDown") or {}
        now = self.sim.tick
        up_window = int(up.get("stabilizationWindowSeconds", 0) or 0)
        down_window = int(down.get("stabilizationWindowSeconds", DOWNSCALE_STABILIZATION) or 0)
        if desired >= current:
            window, better = up_window, min
            reason, message = "ScaleUpStabilized", ("recent recommendations were lower than current one, "
                                                    "applying the lowest recent recommendation")
        else:
            window, better = down_window, max
            reason, message = "ScaleDownStabilized", ("recent recommendations were higher than current one, "
                                                      "applying the highest recent recommendation")
        recs = self.recommendations.setdefault(key, [])
        stabilized = desired
        for tick, rec in recs:
            if tick > now - window:
                stabilized = better(rec, stabilized)
        keep = max(up_window, down_window)
        recs[:] = [r for r in recs if r[0] >= now - keep] + [(now, desired)]
        if stabilized != desired:
            self._set(conditions, "AbleToScale", "True", reason, message)
        else:
            self._set(conditions, "AbleToScale", "True", "ReadyForNewScale", "recommended size matches current size")
        events = self.scale_events.get(key, [])
        result, cond, why = stabilized, "DesiredWithinRange", "the desired count is within the acceptable range"
        if stabilized > current:
            limit = max(current, _rate_limit(now, current, events, up, up=True))
            if max_replicas > limit:
                maximum, c, w = limit, "ScaleUpLimit", "the desired replica count is increasing faster than the maximum scale rate"
            else:
                maximum, c, w = max_replicas, "TooManyReplicas", "the desired replica count is more than the maximum replica count"
            if stabilized > maximum:
                result, cond, why = maximum, c, w
        elif stabilized < current:
            limit = min(current, _rate_limit(now, current, events, down, up=False))
            if min_replicas < limit:
                minimum, c, w = limit, "ScaleDownLimit", "the desired replica count is decreasing faster than the maximum scale rate"
            else:
                minimum, c, w = min_replicas, "TooFewReplicas", "the desired replica count is less than the minimum replica count"
            if stabilized < minimum:
                result, cond, why = minimum, c, w
        self._set(conditions, "ScalingLimited", "False" if result == stabilized else "True", cond, why)
        keep_events = max([int(p.get("periodSeconds", 15)) for p in (up.get("policies") or []) + (down.get("policies") or [])] or [15])
        self.scale_events[key] = [e for e in events if e[0] > now - keep_events]
        return result


def _rate_limit(now: int, current: int, events: list[tuple[int, int]], rules: dict, up: bool) -> int:
    """How far the policies let the count move now, given the scale events of their periods."""
    select = rules.get("selectPolicy", "Max")
    if select == "Disabled":
        return current
    policies = rules.get("policies") or []
    if not policies:
        return current
    now_values = []
    for policy in policies:
        period = int(policy.get("periodSeconds", 15))
        from_tick = now - period
        added = sum(d for t, d in events if t > from_tick and d > 0)
        removed = -sum(d for t, d in events if t > from_tick and d < 0)
        start = current - added + removed
        value = int(policy.get("value", 0))
        if policy.get("type") == "Pods":
            proposed = start + value if up else start - value
        elif up:
            proposed = int(math.ceil(start * (1 + value / 100)))
        else:
            proposed = int(start * (1 - value / 100))
        now_values.append(proposed)
    if up:
        return min(now_values) if select == "Min" else max(now_values)
    return max(now_values) if select == "Min" else min(now_values)


def _selector(target: dict) -> Selector:
    sel = target["spec"].get("selector")
    if target["kind"] == "ReplicationController":
        return from_map(sel or ((target["spec"].get("template") or {}).get("metadata") or {}).get("labels"))
    return from_label_selector(sel)


def _ready_condition(pod: dict) -> dict | None:
    for c in (pod.get("status") or {}).get("conditions") or ():
        if c.get("type") == "Ready":
            return c
    return None


def _group(pods: list[dict], usage: dict[str, int], resource: str, scraped_at: int, now: int):
    """Kubernetes' groupPods: ready pods with metrics, unready, missing and ignored pods."""
    ready = 0
    unready: list[str] = []
    missing: list[str] = []
    ignored: list[str] = []
    for pod in pods:
        name = pod["metadata"]["name"]
        status = pod.get("status") or {}
        if pod["metadata"].get("deletionTimestamp") or status.get("phase") == "Failed":
            ignored.append(name)
            continue
        if status.get("phase") == "Pending":
            unready.append(name)
            continue
        if name not in usage:
            missing.append(name)
            continue
        if resource == "cpu":
            cond = _ready_condition(pod)
            start = tick_of(status.get("startTime"))
            if cond is None or start is None:
                unready.append(name)
                continue
            changed = tick_of(cond.get("lastTransitionTime")) or 0
            if start + CPU_INITIALIZATION_PERIOD > now:
                is_unready = cond["status"] == "False" or scraped_at < changed + metrics.SCRAPE_SECONDS
            else:
                is_unready = cond["status"] == "False" and start + INITIAL_READINESS_DELAY > changed
            if is_unready:
                unready.append(name)
                continue
        ready += 1
    return ready, unready, missing, ignored


def _requests(pods: list[dict], container: str | None, resource: str) -> dict[str, int]:
    out: dict[str, int] = {}
    for pod in pods:
        total = 0
        for c in pod["spec"].get("containers") or ():
            if container is not None and c["name"] != container:
                continue
            req = ((c.get("resources") or {}).get("requests") or {})
            if resource not in req:
                raise MetricError("", f"missing request for {resource} in container {c['name']} of Pod {pod['metadata']['name']}")
            total += cpu_millis(req[resource]) if resource == "cpu" else memory_bytes(req[resource]) * 1000
        out[pod["metadata"]["name"]] = total
    return out


def _utilization_ratio(usage: dict[str, int], requests: dict[str, int], goal: int) -> tuple[float, int, int]:
    total = req_total = n = 0
    for name, value in usage.items():
        if name not in requests:
            continue
        total += value
        req_total += requests[name]
        n += 1
    if req_total == 0:
        raise MetricError("", "no metrics returned matched known pods")
    utilization = int(total * 100 // req_total)
    return utilization / goal if goal else 0.0, utilization, total // n


def _usage_ratio(usage: dict[str, int], goal: int) -> tuple[float, int]:
    average = sum(usage.values()) // len(usage)
    return (average / goal if goal else 0.0), average


def _milli(resource: str, value) -> int:
    return cpu_millis(value) if resource == "cpu" else memory_bytes(value) * 1000


def _quantity(resource: str, milli: int) -> str:
    """A milli-value as the API prints it (`250m`, `1`, `20971520`, `20M`)."""
    if milli % 1000:
        return f"{milli}m"
    value, exponent = milli // 1000, 0
    while value and value % 1000 == 0 and exponent < 4:
        value //= 1000
        exponent += 1
    return f"{value}{('', 'k', 'M', 'G', 'T')[exponent]}"


def _status_key(mtype: str) -> str:
    return "resource" if mtype == "Resource" else "containerResource"


def _metric_status(resource: str, container: str | None, current: dict) -> dict:
    out = {"name": resource, "current": current}
    if container is not None:
        out["container"] = container
    return out
