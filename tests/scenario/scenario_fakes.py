"""Fakes for scenario tests: a ClusterView over plain dicts and a Simulation that records commands."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).parent


def _matches(labels: dict, selector: str | None) -> bool:
    if not selector:
        return True
    for term in selector.split(","):
        key, _, value = term.partition("=")
        if labels.get(key.strip()) != value.strip():
            return False
    return True


class FakeView:
    """Objects by (kind, namespace, name); `list` filters by namespace and `a=b` selectors."""

    def __init__(self, *objs: dict):
        self.tick = 0
        self.objects: dict[tuple, dict] = {}
        self.calls: list[tuple] = []
        for o in objs:
            self.put(o)

    def put(self, obj: dict) -> dict:
        meta = obj["metadata"]
        self.objects[(obj["kind"], meta.get("namespace"), meta["name"])] = obj
        return obj

    def remove(self, kind: str, name: str, namespace: str | None = "default") -> None:
        self.objects.pop((kind, namespace, name), None)

    def get(self, kind, name, namespace="default", *, copied=True):
        self.calls.append(("get", kind, namespace))
        o = self.objects.get((kind, namespace, name))
        return (copy.deepcopy(o) if copied else o) if o else None

    def list(self, kind, namespace=None, labels=None, *, copied=True):
        self.calls.append(("list", kind, namespace))
        return [copy.deepcopy(o) if copied else o
                for (k, ns, _), o in sorted(self.objects.items(), key=lambda kv: str(kv[0]))
                if k == kind and (namespace is None or ns == namespace)
                and _matches(o["metadata"].get("labels") or {}, labels)]

    def events(self):
        return []


def obj(kind: str, name: str, namespace: str | None = "default", labels=None, spec=None, status=None, **meta) -> dict:
    m = {"name": name, "uid": f"uid-{kind}-{name}", **meta}
    if namespace is not None:
        m["namespace"] = namespace
    if labels:
        m["labels"] = labels
    return {"apiVersion": "v1", "kind": kind, "metadata": m, "spec": spec or {}, "status": status or {}}


def pod(name: str, phase="Running", ready=True, labels=None, namespace="default", created=0, spec=None, **meta):
    from kubetui.model.clock import timestamp

    status = {"phase": phase, "conditions": [{"type": "Ready", "status": "True" if ready else "False"}]}
    return obj("Pod", name, namespace, labels=labels or {"app": "web"}, spec=spec or {"containers": [{"name": "c"}]},
               status=status, creationTimestamp=timestamp(created), **meta)


@dataclass
class Result:
    exit_code: int = 0
    stdout: str = ""
    stderr: str = ""


class FakeSim(FakeView):
    """Enough of Simulation for the runner: run/step/figures, with `scale` and `create` commands."""

    def __init__(self, *objs):
        super().__init__(*objs)
        self.ran: list[tuple[int, str, str | None, str, str]] = []
        self.cwd = "."
        self.fig = {"cost": {"nodeSeconds": 0.0, "price": 0.0}, "services": {}, "data": {}}

    def run(self, line, stdin=None, source="player"):
        self.ran.append((self.tick, line, stdin, source, self.cwd))
        words = line.split()
        if words[:2] == ["kubectl", "scale"]:
            name = words[2].split("/")[1]
            dep = self.objects[("Deployment", "default", name)]
            dep["spec"]["replicas"] = int(words[3].split("=")[1])
            return Result(0, f"deployment.apps/{name} scaled\n")
        if words[:2] == ["sim", "fail"]:
            return Result(0, "node failed\n")
        return Result(1, "", "error: unknown\n")

    def step(self, n=1):
        for _ in range(n):
            self.tick += 1
            self.fig["cost"]["nodeSeconds"] += 3
            for (kind, _, _), o in self.objects.items():
                if kind == "Deployment":  # one replica becomes available per tick
                    have = o["status"].get("availableReplicas", 0)
                    want = o["spec"].get("replicas", 1)
                    o["status"]["availableReplicas"] = have + (1 if have < want else -1 if have > want else 0)

    def figures(self):
        return copy.deepcopy(self.fig)

GOOD = HERE / "good" / "scenario.yaml"
