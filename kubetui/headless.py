"""`kubetui run`: play a scenario (or a folder of manifests) without a screen.

A scenario ends with its objectives judged: exit 0 only when every required one holds. A
folder of manifests is a sandbox: its manifests are applied, the script played, and the run
exits 0 when every command did. Either way the event log, the final dump and `--json` come
from the same simulation.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from kubetui.files import write_atomically
from kubetui.model.safe_yaml import InputError, read_text, yaml_documents

EXTRA_TICKS = 60
"""How long a sandbox run goes on after its last scripted command (without --ticks)."""


def resolve_target(target: str) -> Path | None:
    """A path as given, or a shipped scenario named by its folder (`10-first-pod`) or id."""
    path = Path(target)
    if path.exists():
        return path
    from kubetui.content import scenarios_root

    root = scenarios_root()
    if (root / target).is_dir():
        return root / target
    for folder in sorted(root.iterdir()) if root.is_dir() else ():
        found = scenario_file(folder) if folder.is_dir() else None
        if found is not None and folder.name.split("-", 1)[-1] == target:
            return found
    return None


def scenario_file(path: Path) -> Path | None:
    """The scenario `path` names (a scenario file, or a folder holding one), or None when it is
    a folder or file of plain manifests."""
    if path.is_dir():
        return next((p for p in sorted(path.iterdir()) if p.suffix in (".yaml", ".yml") and _is_scenario(p)), None)
    return path if _is_scenario(path) else None


def _is_scenario(path: Path) -> bool:
    """A YAML file whose first document has a top-level `mode:` (unreadable ones are left to the
    manifest loader, which says which line is wrong)."""
    try:
        docs = yaml_documents(read_text(path), str(path))
    except (OSError, InputError):
        return False
    first = docs[0][0] if docs else None
    return isinstance(first, dict) and "mode" in first and "kind" not in first


def dump_state(sim, path: str) -> None:
    """The whole cluster (but Events) as one Kubernetes `List`, written atomically."""
    write_atomically(path, json.dumps(sim.dump(), indent=2, sort_keys=True) + "\n")


def _attach_log(sim, log: str | None, header: dict):
    """Every run is recorded: to `--log FILE`, else to the player's data folder."""
    from kubetui.replay.paths import log_path
    from kubetui.replay.writer import EventLog

    writer = EventLog(log_path(log, header.get("scenario"), header.get("seed", 0)), header)
    writer.attach(sim)
    return writer


def _fail(message: str, code: int = 2) -> int:
    """Bad input: the message (already `file:line: ...` or `error: ...`) on stderr, exit 2."""
    print(message, file=sys.stderr)
    return code


def run_headless(target: str, *, seed: int = 0, script: str | None = None, ticks: int | None = None,
                 nodes: int = 3, log: str | None = None, dump: str | None = None, as_json: bool = False,
                 out=None, verbose: bool = False, lang: str = "en") -> int:
    out = out or sys.stdout
    path = resolve_target(target)
    if path is None:
        return _fail(f"error: {target}: no such file or directory, and no shipped scenario has that name")
    from kubetui.scenario.errors import ScenarioError
    from kubetui.scenario.script import load_script

    steps = None
    if script is not None:
        try:
            steps = load_script(script)
        except ScenarioError as exc:
            return _fail("error: " + "\n".join(exc.messages))
    if path.is_file():
        try:
            yaml_documents(read_text(path), str(path))
        except InputError as exc:
            return _fail(f"error: {exc}")
    scenario = scenario_file(path)
    if scenario is None:
        return _run_sandbox(path, seed, steps, ticks, nodes, log, dump, as_json, out)
    return _run_scenario(scenario, seed, steps, ticks, log, dump, as_json, out, verbose=verbose, lang=lang)


def _run_scenario(path, seed, steps, ticks, log, dump, as_json, out, verbose: bool = False, lang: str = "en") -> int:
    from kubetui.scenario.errors import ScenarioError
    from kubetui.scenario.loader import load_scenario
    from kubetui.session import run_scenario

    try:
        scenario = load_scenario(path)
    except ScenarioError as exc:
        return _fail("error: " + "\n".join(exc.messages))
    header = {"scenario": scenario.id, "scenarioPath": str(path), "scenarioSha256": scenario.sha256,
              "seed": seed, "nodes": None, "timeline": "scheduled"}
    try:
        session, result = run_scenario(scenario, steps, seed=seed, ticks=ticks,
                                       log=lambda sim: _attach_log(sim, log, header))
    except RuntimeError as exc:
        return _fail(f"error: {exc}")
    for message in session.timeline_refusals():
        print(message, file=sys.stderr)
    log_path = _log_path(session)
    session.close({"passed": result.passed, "score": result.score.model_dump()})
    if dump:
        dump_state(session.sim, dump)
    if as_json:
        out.write(json.dumps(result.model_dump(mode="json"), indent=2, sort_keys=True) + "\n")
    else:
        objectives = {o.id: o for o in scenario.objectives}
        for v in result.verdicts:
            mark = "PASS" if v.state == "passing" else "FAIL"
            o = objectives.get(v.id)
            out.write(f"{mark}  {v.id}: {o.description.get(lang) if o is not None else v.id}\n")
            if verbose:
                out.write(f"      {v.reason.get(lang) if hasattr(v.reason, 'get') else v.reason}\n")
                if o is not None:
                    out.write(f"      {o.detail}\n")
        out.write(f"\n{session.debrief(lang)}\n\n")
        out.write(f"{'passed' if result.passed else 'failed'} at tick {result.endTick}: "
                  f"{result.score.stars} star(s), {result.score.points}/{result.score.maxPoints} points\n")
        out.write(f"event log: {log_path}\n")
    return 0 if result.passed else 1


def _log_path(session) -> str:
    return str(session.log.path) if session.log is not None else "(not written)"


def _run_sandbox(path, seed, steps, ticks, nodes, log, dump, as_json, out) -> int:
    from kubetui.session import Session
    from kubetui.shell import Simulation

    sim = Simulation(seed=seed, nodes=nodes)
    writer = _attach_log(sim, log, {"scenario": None, "scenarioPath": None, "scenarioSha256": None,
                                    "seed": seed, "nodes": nodes})
    session = Session(sim, log=writer)
    files = sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml", ".json")) if path.is_dir() else [path]
    for f in files:
        r = session.command(f"kubectl apply -f {json.dumps(str(f))}", source="script")
        if r.exit_code:
            sys.stderr.write(r.stderr)
    applied = len(session.records)
    session.play(steps or [], end=ticks)
    if ticks is None:
        session.step_to(sim.tick + EXTRA_TICKS)
    records = [{"tick": r.tick, "line": r.line, "exitCode": r.exitCode, "stdout": r.stdout, "stderr": r.stderr}
               for r in session.records]
    failures = [r for r in records if r["exitCode"]]
    if not as_json:
        for r in records[applied:]:
            out.write(f"$ {r['line']}\n{r['stdout']}")
            if r["stderr"]:
                out.write(r["stderr"])
    session.close({"passed": not failures, "score": None})
    if dump:
        dump_state(sim, dump)
    if as_json:
        out.write(json.dumps({"endTick": sim.tick, "passed": not failures, "commands": records[applied:],
                              "figures": sim.figures(), "checksum": sim.checksum()}, indent=2, sort_keys=True) + "\n")
    else:
        out.write(f"{'ok' if not failures else 'failed'}: tick {sim.tick}, {len(records) - applied} command(s), "
                  f"{len(failures)} failed\nevent log: {writer.path}\n")
    return 0 if not failures else 1
