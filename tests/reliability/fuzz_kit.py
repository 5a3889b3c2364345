"""Shared pieces of the fuzz tests: hypothesis strategies drawn from kubetui's own pydantic
models, a time budget per input, and the check that nothing escaped or was masked.

Budgets: the default run spends a few seconds per target (`FAST`); `pytest -m slow` runs the
deep profile (`DEEP`, 100,000+ inputs over the targets). Seeds are derandomized: the same
inputs every run, no example database.
"""

from __future__ import annotations

import json
import os
import re
import signal
import sys
import time
import typing
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel
from pydantic.functional_validators import PlainValidator

from kubetui.datadir import data_dir
from kubetui.model.meta import _int_or_string, _quantity, _time

FAST = settings(derandomize=True, database=None, deadline=None, max_examples=300,
                suppress_health_check=list(HealthCheck),
                phases=[Phase.explicit, Phase.generate, Phase.shrink])
"""The default run: a few seconds per target."""

DEEP_SCALE = float(os.environ.get("KUBETUI_FUZZ_SCALE", "1"))
"""`pytest -m slow` runs the deep profile: about 130,000 inputs at scale 1 (see each test's
counts); KUBETUI_FUZZ_SCALE=0.1 for a tenth of it."""


def deep(examples: int) -> settings:
    return settings(FAST, max_examples=max(1, int(examples * DEEP_SCALE)))


DEEP = deep(5000)

PER_INPUT_SECONDS = 10
"""No input may take more CPU time than this (a hang); generous so a slow input is not a hang."""

WALL_FACTOR = 30
"""An input blocked without using the CPU (a read from a FIFO) is a hang too: past this many times
its budget in wall-clock time. CPU time decides otherwise, so a loaded machine never flakes."""

MASKED = re.compile(r"^error: [A-Z][A-Za-z]*(Error|Exception)\b|Traceback \(most recent call last\)", re.M)
"""How a last-resort handler words an internal error (`error: TypeError: ...`)."""


class Hang(Exception):
    pass


@contextmanager
def time_budget(seconds: float = PER_INPUT_SECONDS, wall: float | None = None):
    """Fail the input (not the machine) when it uses more than `seconds` of CPU time, or blocks
    for `wall` seconds (`WALL_FACTOR` times `seconds`)."""
    wall = seconds * WALL_FACTOR if wall is None else wall

    def expire(signum, frame):
        raise Hang(f"input ran longer than {seconds:g}s of CPU time" if signum == signal.SIGPROF
                   else f"input blocked for {wall:g}s")

    previous = {sig: signal.signal(sig, expire) for sig in (signal.SIGPROF, signal.SIGALRM)}
    signal.setitimer(signal.ITIMER_PROF, seconds)
    signal.setitimer(signal.ITIMER_REAL, wall)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.setitimer(signal.ITIMER_REAL, 0)
        for sig, handler in previous.items():
            signal.signal(sig, handler)


# -- nothing written outside the data folder --------------------------------------------

_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND
_PATH_EVENTS = {"os.remove": 1, "os.rmdir": 1, "os.mkdir": 1, "os.truncate": 1, "os.chmod": 1, "os.chown": 1,
                "os.utime": 1, "os.mkfifo": 1, "os.mknod": 1, "os.symlink": 2, "os.link": 2, "os.rename": 2,
                "shutil.copyfile": 2, "shutil.copytree": 2, "shutil.move": 2, "shutil.rmtree": 1}
"""Audit events that change the file system: how many of their first arguments are paths."""


class _WriteGuard:
    """Records every file-system change made while `active` is set (a Python audit hook: it
    sees writes from anywhere in the process, whatever API made them). Python's own bytecode
    cache is not kubetui's doing and is left out."""

    def __init__(self) -> None:
        self.active = False
        self.entered = 0
        self.writes: list[tuple[str, str]] = []
        sys.addaudithook(self._hook)

    def _hook(self, event: str, args: tuple) -> None:
        if not self.active:
            return
        if event == "open":
            path, mode, flags = args
            writing = any(c in mode for c in "wax+") if isinstance(mode, str) else bool((flags or 0) & _WRITE_FLAGS)
            paths = [path] if writing else []
        elif event in _PATH_EVENTS:
            paths = list(args[:_PATH_EVENTS[event]])
        else:
            return
        for path in paths:
            if isinstance(path, int) or path is None:
                continue
            text = os.fsdecode(path)
            if "__pycache__" not in text:
                self.writes.append((event, text))


_GUARD = _WriteGuard()


@contextmanager
def writes_only_under(*folders: str | Path):
    """Fail the input if anything inside the block changed the file system outside `folders`
    (the player's data folder, always allowed)."""
    allowed = [Path(data_dir()).resolve(), *(Path(f).resolve() for f in folders)]
    _GUARD.writes.clear()
    _GUARD.active = True
    _GUARD.entered += 1
    try:
        yield
    finally:
        _GUARD.active = False
    outside = [(event, path) for event, path in _GUARD.writes
               if not any(Path(os.path.abspath(path)).resolve().is_relative_to(a) for a in allowed)]
    _GUARD.writes.clear()
    assert not outside, f"written outside the data folder: {outside}"


def fuzz(strategy: st.SearchStrategy, profile: settings, check) -> None:
    """Run `check` on every input `strategy` draws, under `profile` (FAST or DEEP). Each check
    must run kubetui inside `writes_only_under` (asserted). With KUBETUI_FUZZ_REPORT=FILE,
    appends the run's figures (inputs, seconds per input) to FILE."""
    times: list[float] = []
    report = os.environ.get("KUBETUI_FUZZ_REPORT")
    test = os.environ.get("PYTEST_CURRENT_TEST", "").split(" ")[0]

    @profile
    @given(strategy)
    def run(value):
        start = time.perf_counter()
        entered = _GUARD.entered
        try:
            check(value)
        finally:
            times.append(time.perf_counter() - start)
            if report and len(times) % 500 == 0:
                _progress(report, test, times, began)
        assert _GUARD.entered > entered, "the check ran kubetui outside writes_only_under"

    began = time.perf_counter()
    run()
    if report and times:
        times.sort()
        with open(report, "a", encoding="utf-8") as f:
            f.write(json.dumps({"test": test,
                                "inputs": len(times), "seconds": round(time.perf_counter() - began, 1),
                                "min": round(times[0], 5), "median": round(times[len(times) // 2], 5),
                                "max": round(times[-1], 3)}) + "\n")


def _progress(report: str, test: str, times: list[float], began: float) -> None:
    """A long run's count so far (inputs run, all passed), so a run cut short still says how far it got."""
    with open(report, "a", encoding="utf-8") as f:
        f.write(json.dumps({"test": test, "so_far": len(times), "seconds": round(time.perf_counter() - began, 1)})
                + "\n")


def assert_not_masked(text: str) -> None:
    match = MASKED.search(text or "")
    assert match is None, f"an internal error reached the user: {text!r}"


# -- values from the models ------------------------------------------------------------------

WORDS = ["", "a", "web", "nginx", "nginx:1.25", "busybox:1.36", "app", "x-1", "Always", "Never", "OnFailure",
         "IfNotPresent", "TCP", "UDP", "ClusterIP", "NodePort", "LoadBalancer", "Exists", "Equal", "In", "NotIn",
         "NoSchedule", "NoExecute", "Indexed", "NonIndexed", "Forbid", "Replace", "Allow", "Recreate",
         "RollingUpdate", "Parallel", "OrderedReady", "25%", "0%", "100%", "http", "/", "/data", "data", "*/1 * * * *",
         "@hourly", "Etc/UTC", "v1", "ReadWriteOnce", "1Gi", "default", "kube-system", "Cluster", "Local", "Delete",
         "Retain", "None", "ClusterFirst", "Default", "Pod", "Container", "cpu", "memory", "Utilization",
         "Resource", "Ingress", "Egress", "TerminatingOrFailed", "Failed", "Background", "Foreground", "Orphan"]
INTS = [0, 1, 2, 3, -1, 5, 30, 80, 100, 3600, 65535, 65536, 100_000, 100_001, 2**31 - 1, -(2**31), 2**63 - 1,
        -(2**63), 10**12]
QUANTITIES = ["0", "1", "100m", "0.5", "1Gi", "512Mi", "1e3", "1Ei", "8Ei", "1E", "999999999999999999", "2k", 1,
              0.25, "-1", "1n", "1u"]
TIMES = ["2026-01-01T00:00:00Z", "2025-12-31T23:59:59Z", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59Z",
         "2026-01-01T00:00:00.5+24:00", "2026-06-01T12:00:00-07:00"]

strings = st.one_of(st.sampled_from(WORDS), st.text(max_size=6))
ints = st.one_of(st.sampled_from(INTS), st.integers(-3, 50))


def _special(ann: Any, metadata: list) -> str | None:
    for meta in [*metadata, *getattr(ann, "__metadata__", ())]:
        if isinstance(meta, PlainValidator):
            return {_int_or_string: "intstr", _quantity: "quantity", _time: "time"}.get(meta.func, "json")
    return None


def values(ann: Any, depth: int, metadata: list | None = None) -> st.SearchStrategy:
    """Any JSON value a field of this annotation may decode from (and some it may not)."""
    special = _special(ann, metadata or [])
    if special == "intstr":
        return st.one_of(ints, st.sampled_from(["25%", "0%", "http", "80", "x"]))
    if special == "quantity":
        return st.sampled_from(QUANTITIES)
    if special == "time":
        return st.sampled_from(TIMES)
    if special == "json":
        return st.one_of(st.none(), st.dictionaries(st.sampled_from(["a", "b"]), ints, max_size=2))
    origin = typing.get_origin(ann)
    if origin is typing.Annotated:
        return values(typing.get_args(ann)[0], depth, list(ann.__metadata__))
    if origin in (typing.Union, __import__("types").UnionType):
        args = [a for a in typing.get_args(ann) if a is not type(None)]
        return st.one_of(*[values(a, depth) for a in args])
    if origin is list:
        return st.lists(values(typing.get_args(ann)[0], depth - 1), max_size=2 if depth > 0 else 0)
    if origin is dict:
        return st.dictionaries(st.sampled_from(["app", "a", "tier", "k8s.io/x", "cpu", "memory", "storage"]),
                               values(typing.get_args(ann)[1], depth - 1), max_size=2)
    if isinstance(ann, type) and issubclass(ann, BaseModel):
        return model_values(ann, depth - 1)
    if ann is bool:
        return st.booleans()
    if ann is int:
        return ints
    if ann is float:
        return st.floats(-10, 1e6, allow_nan=False)
    return strings


def model_values(cls: type[BaseModel], depth: int, skip: tuple[str, ...] = ()) -> st.SearchStrategy:
    """A JSON object for `cls`: any subset of its fields (by their JSON names)."""
    if depth < 0:
        return st.just({})
    optional = {}
    for name, info in cls.model_fields.items():
        alias = info.alias or name
        if alias in skip:
            continue
        optional[alias] = st.deferred(lambda a=info.annotation, m=list(info.metadata): values(a, depth, m))
    return st.fixed_dictionaries({}, optional=optional)


def merged(base: Any, overlay: Any) -> Any:
    if isinstance(base, dict) and isinstance(overlay, dict):
        out = dict(base)
        for k, v in overlay.items():
            out[k] = merged(base.get(k), v) if k in base else v
        return out
    return overlay


def field_paths(cls: type[BaseModel], depth: int, prefix: tuple = ()) -> list[tuple[tuple, Any, list]]:
    """Every (JSON path, annotation, metadata) under `cls` down to `depth` levels; list items
    are reached through index 0, maps through key `a`."""
    out = []
    for name, info in cls.model_fields.items():
        path = prefix + (info.alias or name,)
        out.append((path, info.annotation, list(info.metadata)))
        if depth <= 0:
            continue
        ann = info.annotation
        for arg in typing.get_args(ann) or (ann,):
            if typing.get_origin(arg) is list:
                arg, path_more = typing.get_args(arg)[0], (0,)
            elif typing.get_origin(arg) is dict:
                arg, path_more = typing.get_args(arg)[1], ("a",)
            else:
                path_more = ()
            if isinstance(arg, type) and issubclass(arg, BaseModel):
                out.extend(field_paths(arg, depth - 1, path + path_more))
    return out


def set_path(obj: dict, path: tuple, value: Any) -> dict:
    """A copy of `obj` with `value` at `path`, creating what is missing on the way."""
    import copy

    out = copy.deepcopy(obj)
    node: Any = out
    for key, nxt in zip(path, path[1:]):
        empty: Any = [] if isinstance(nxt, int) else {}
        if isinstance(key, int):
            if not isinstance(node, list):
                return out
            while len(node) <= key:
                node.append(copy.deepcopy(empty))
            if not isinstance(node[key], (dict, list)):
                node[key] = empty
            node = node[key]
        else:
            if not isinstance(node, dict):
                return out
            if not isinstance(node.get(key), (dict, list)):
                node[key] = empty
            node = node[key]
    last = path[-1]
    if isinstance(last, int) and isinstance(node, list):
        while len(node) <= last:
            node.append(None)
        node[last] = value
    elif isinstance(node, dict):
        node[last] = value
    return out


TOP_LEVEL_SKIPPED = ("apiVersion", "kind", "metadata", "status")


def edits(cls: type[BaseModel], depth: int, under: tuple | None = ("spec",)) -> st.SearchStrategy:
    """One to three single-field edits of an object of `cls` (paths under `under`; None: under
    any top-level field but apiVersion, kind, metadata and status)."""
    if under is None:
        paths = [p for p in field_paths(cls, depth) if p[0][0] not in TOP_LEVEL_SKIPPED]
    else:
        paths = [p for p in field_paths(cls, depth) if p[0][:len(under)] == under and len(p[0]) > len(under)
                 and p[0][0] not in ("apiVersion", "kind")]
    one = st.sampled_from(paths).flatmap(
        lambda p: values(p[1], 1, p[2]).map(lambda v, path=p[0]: (path, v)))
    return st.lists(one, min_size=1, max_size=3)
