"""Loading scenario files, with every problem reported as `file:line: message`.

YAML is read with kubetui's bounded safe loader (`model.safe_yaml`: JSON values only, limits on
size, depth and aliases); the node tree is walked once to remember the line of every mapping
key and list item, so that pydantic's error locations and the cross-checks below point at the
line to fix.
"""

from __future__ import annotations

import copy
import difflib
import hashlib
import os
import re
import shlex
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from kubetui.model.kinds import KINDS, resolve
from kubetui.model.safe_yaml import InputError, Loader, check_text, decode_utf8, read_bytes, read_text, yaml_documents
from kubetui.scenario.errors import ScenarioError, ScriptError
from kubetui.scenario.objectives import OBJECTIVE_TYPES, AvailableReplicas, JobRuns, QuotaHeadroom, ServiceSuccessRate
from kubetui.scenario.schema import CONCEPTS, ManifestFile, Scenario, resolve_inside
from kubetui.scenario.script import PROGRAMS, Step, load_script, parse_script
from kubetui.scenario.text import Text

Lines = dict[tuple[Any, ...], int]


# --- YAML with line numbers ----------------------------------------------------------------


def _walk(node: yaml.Node, path: tuple, lines: Lines, errors: list[str], source: str) -> None:
    if isinstance(node, yaml.MappingNode):
        first: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                continue
            key, line = key_node.value, key_node.start_mark.line + 1
            if key in first and key != "<<":
                errors.append(f"{source}:{line}: duplicate key {key!r} (first on line {first[key]})")
            first.setdefault(key, line)
            lines[path + (key,)] = line
            _walk(value_node, path + (key,), lines, errors, source)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            lines[path + (i,)] = item.start_mark.line + 1
            _walk(item, path + (i,), lines, errors, source)


def _yaml_error(e: yaml.YAMLError, source: str) -> str:
    if isinstance(e, yaml.MarkedYAMLError):
        mark = e.problem_mark or e.context_mark
        msg = "; ".join(x for x in (e.context, e.problem) if x) or "cannot read the YAML"
        return f"{source}:{(mark.line + 1) if mark else 1}: {msg}"
    return f"{source}:1: {e}"


try:
    from yaml.cyaml import CParser
except ImportError:  # PyYAML built without libyaml: every file is read by Loader
    CParser = None


class ShippedLoader(*((CParser,) if CParser is not None else ()), Loader):  # type: ignore[misc]
    """Loader's values (JSON's, no timestamps, the same constructors) from libyaml's parser, for
    the packs and scenarios kubetui ships: ten times faster to read (the catalog's packs were
    most of `kubetui exam`'s start), without Loader's depth and alias bounds, which guard files
    from elsewhere (the shipped ones are read by the tests with both loaders, to the same data)."""

    def __init__(self, stream: str, source: str = "STDIN"):
        CParser.__init__(self, stream)
        yaml.constructor.SafeConstructor.__init__(self)
        yaml.resolver.Resolver.__init__(self)
        self.source = source
        self._depth = 0


def shipped(path: str | Path) -> bool:
    """A file of kubetui's own content (its exercise packs, its campaign), not one given to it."""
    from kubetui.content import exercises_root, scenarios_root

    where = Path(path).resolve()
    return CParser is not None and any(
        where.is_relative_to(root.resolve()) for root in (exercises_root(), scenarios_root()))


def read_yaml(text: str, source: str, *, multi: bool = False, trusted: bool = False) -> list[tuple[Any, Lines]]:
    """Documents of `text` with the line of each key and list item; raises ScenarioError.
    `trusted`: a shipped file (`shipped`), read with libyaml (`ShippedLoader`)."""
    docs: list[tuple[Any, Lines]] = []
    errors: list[str] = []
    try:
        check_text(text, source)
        loader = (ShippedLoader if trusted else Loader)(text, source)
    except InputError as e:
        raise ScenarioError([str(e)]) from None
    except yaml.YAMLError as e:
        raise ScenarioError([_yaml_error(e, source)]) from None
    try:
        while loader.check_node():
            node = loader.get_node()
            if node is None:
                continue
            lines: Lines = {(): node.start_mark.line + 1}
            _walk(node, (), lines, errors, source)
            docs.append((loader.construct_document(node), lines))
            if not multi and loader.check_node():
                nxt = loader.get_node()
                line = nxt.start_mark.line + 1 if nxt is not None else 1
                raise ScenarioError([f"{source}:{line}: a scenario file holds one YAML document, found another here"])
    except yaml.YAMLError as e:
        raise ScenarioError([_yaml_error(e, source)]) from None
    except InputError as e:
        raise ScenarioError([str(e)]) from None
    finally:
        loader.dispose()
    if errors:
        raise ScenarioError(errors)
    return docs


def _line(lines: Lines, loc: tuple) -> tuple[int, tuple]:
    """The line of the deepest part of `loc` that exists in the file, and that path.

    Parts that are not in the file (a union's tag, a missing field) are skipped."""
    path: tuple = ()
    line = lines.get((), 1)
    for part in loc:
        cand = path + (part,)
        if cand in lines:
            path, line = cand, lines[cand]
    return line, path


def _where(path: tuple) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _pydantic_messages(err: ValidationError, lines: Lines, source: str) -> list[tuple[int, str]]:
    out: list[tuple[int, str]] = []
    for e in err.errors(include_url=False):
        loc, kind, ctx = tuple(e["loc"]), e["type"], e.get("ctx") or {}
        line, path = _line(lines, loc)
        where = _where(path)
        prefix = f"{where}: " if where else ""
        if kind == "extra_forbidden":
            parent = _where(path[:-1])
            msg = f"unknown field {loc[-1]!r}" + (f" in {parent}" if parent else "")
        elif kind == "missing":
            msg = f"{prefix}missing field {loc[-1]!r}"
        elif kind == "union_tag_invalid":
            msg = f"{prefix}unknown objective type {ctx.get('tag')!r} (known: {', '.join(OBJECTIVE_TYPES)})"
            close = difflib.get_close_matches(str(ctx.get("tag")), OBJECTIVE_TYPES, n=1)
            msg += f"; did you mean {close[0]!r}?" if close else ""
        elif kind == "union_tag_not_found":
            msg = f"{prefix}missing field {ctx.get('discriminator', 'type').strip(chr(39))!r}"
        elif kind == "literal_error" and len(path) >= 2 and path[0] == "concepts":
            close = difflib.get_close_matches(str(e["input"]), CONCEPTS, n=1)
            msg = f"{prefix}unknown concept {e['input']!r}" + (f"; did you mean {close[0]!r}?" if close
                                                              else " (see scenarios/README.md for the list)")
        else:
            text = e["msg"]
            for lead in ("Value error, ", "Assertion failed, "):
                text = text.removeprefix(lead)
            msg = f"{prefix}{text}"
        out.append((line, msg))
    return out


# --- what the timeline and the solution create ---------------------------------------------

_CREATE_KINDS = {"deployment": "Deployment", "deploy": "Deployment", "job": "Job", "cronjob": "CronJob",
                 "cj": "CronJob", "namespace": "Namespace", "ns": "Namespace", "configmap": "ConfigMap",
                 "cm": "ConfigMap", "quota": "ResourceQuota", "resourcequota": "ResourceQuota",
                 "serviceaccount": "ServiceAccount", "sa": "ServiceAccount"}


def _objects_in(text: str, trusted: bool = False) -> set[tuple[str, str]]:
    out: set[tuple[str, str]] = set()
    try:
        docs = [data for data, _ in read_yaml(text, "", multi=True, trusted=True)] if trusted \
            else [data for data, _ in yaml_documents(text, "")]
    except (InputError, ScenarioError):
        return out
    for d in docs:
        items = d.get("items") if isinstance(d, dict) and d.get("kind") == "List" else [d]
        for obj in items or []:
            if isinstance(obj, dict) and isinstance(obj.get("metadata"), dict):
                out.add((str(obj.get("kind")), str(obj["metadata"].get("name"))))
    return out


def _orig_pair(obj: dict) -> tuple[str, str]:
    return str(obj.get("kind")), str((obj.get("metadata") or {}).get("name"))


def created_by(command: str, stdin: str | None, base: Path) -> set[tuple[str, str]]:
    """Best effort: the (kind, name) pairs a kubectl command line creates."""
    try:
        tokens = shlex.split(command)
    except ValueError:
        return set()
    if not tokens or tokens[0] != "kubectl":
        return set()
    words = [t for t in tokens[1:] if not t.startswith("-")]
    flags = {}
    for i, t in enumerate(tokens):
        if t.startswith("--") and "=" in t:
            k, _, v = t.partition("=")
            flags[k] = v
        elif t.startswith("-") and i + 1 < len(tokens):
            flags.setdefault(t, tokens[i + 1])
    out: set[tuple[str, str]] = set()
    filename = flags.get("-f") or flags.get("--filename")
    if filename == "-" and stdin:
        out |= _objects_in(stdin, shipped(base))
    elif filename:
        try:
            target = resolve_inside(base, filename)
        except ValueError:
            target = None
        try:
            if target is not None and target.is_file():
                out |= _objects_in(read_text(target), shipped(target))
            elif target is not None and target.is_dir():
                for f in sorted(target.glob("*.y*ml")):
                    out |= _objects_in(read_text(f), shipped(f))
        except (OSError, InputError):
            pass
    kustomization = flags.get("-k") or flags.get("--kustomize")
    if kustomization:
        from kubetui.kubectl.kustomize import KustomizeError, build

        try:
            built = build(resolve_inside(base, kustomization))
            out |= {_orig_pair(r.obj) for r in built.resources}
        except (KustomizeError, ValueError, OSError, InputError):
            pass
    verb = words[0] if words else ""
    if verb == "create" and len(words) >= 3:
        what = words[1]
        if what in ("service", "svc", "secret") and len(words) >= 4:
            out.add(("Service" if what != "secret" else "Secret", words[3]))
        elif what in _CREATE_KINDS:
            out.add((_CREATE_KINDS[what], words[2]))
    elif verb == "run" and len(words) >= 2:
        out.add(("Pod", words[1]))
    elif verb == "expose" and len(words) >= 2:
        target = words[1].split("/", 1)[1] if "/" in words[1] else (words[2] if len(words) >= 3 else "")
        name = flags.get("--name") or target
        if name:
            out.add(("Service", name))
    elif verb == "autoscale" and len(words) >= 2:
        target = words[1].split("/", 1)[1] if "/" in words[1] else (words[2] if len(words) >= 3 else "")
        out.add(("HorizontalPodAutoscaler", flags.get("--name") or target))
    return out


# --- the loader ----------------------------------------------------------------------------


def _manifest_problems(path: Path, source: str) -> tuple[list[str], set[tuple[str, str]]]:
    """Check a manifest file: YAML, and apiVersion/kind/metadata.name in every document."""
    errors: list[str] = []
    try:
        docs = read_yaml(read_text(path, source), source, multi=True)
    except ScenarioError as e:
        return e.messages, set()
    except InputError as e:
        return [str(e)], set()
    except OSError as e:
        return [f"{source}:1: cannot read the file: {e.strerror or e}"], set()
    names: set[tuple[str, str]] = set()
    for doc, lines in docs:
        start = lines.get((), 1)
        if not isinstance(doc, dict):
            errors.append(f"{source}:{start}: a manifest is a mapping with apiVersion, kind and metadata")
            continue
        items = [(doc, lines, ())]
        if doc.get("kind") == "List":
            items = [(x, lines, ("items", i)) for i, x in enumerate(doc.get("items") or [])]
        for obj, lns, base in items:
            line = lns.get(base, start)
            if not isinstance(obj, dict):
                errors.append(f"{source}:{line}: a manifest is a mapping with apiVersion, kind and metadata")
                continue
            missing = [k for k in ("apiVersion", "kind") if not obj.get(k)]
            if missing:
                errors.append(f"{source}:{line}: missing field {missing[0]!r}")
                continue
            if not isinstance(obj["kind"], str) or obj["kind"] not in KINDS:
                errors.append(f"{source}:{lns.get(base + ('kind',), line)}: unknown kind {obj['kind']!r}")
                continue
            meta = obj.get("metadata") if isinstance(obj.get("metadata"), dict) else {}
            if not (meta.get("name") or meta.get("generateName")):
                errors.append(f"{source}:{lns.get(base + ('metadata',), line)}: missing field 'metadata.name'")
            names.add((obj["kind"], str(meta.get("name"))))
    return errors, names


def _read_text(p: Path) -> tuple[bytes, str]:
    source = str(p)
    try:
        raw = read_bytes(p, source)
        return raw, decode_utf8(raw, source)
    except InputError as e:
        raise ScenarioError([str(e)]) from None
    except OSError as e:
        raise ScenarioError([f"{source}:1: cannot read the file: {e.strerror or e}"]) from None


def _read_mapping(p: Path, what: str) -> tuple[dict, Lines, str, bytes]:
    """A scenario or pack file's one YAML mapping, with the line of each key, its source name and
    its bytes; `what` is the error when the file holds something else."""
    source = str(p)
    raw, text = _read_text(p)
    docs = read_yaml(text, source, trusted=shipped(p))
    if not docs or not isinstance(docs[0][0], dict):
        raise ScenarioError([f"{source}:1: {what}"])
    data, lines = docs[0]
    return data, lines, source, raw


def load_scenario(path: str | Path) -> Scenario:
    """Read, validate and cross-check a scenario file; raises ScenarioError listing every problem."""
    p = Path(path)
    data, lines, source, raw = _read_mapping(p, "a scenario file is a YAML mapping (id, mode, title, ...)")
    return _build(data, lines, source, p, raw)


def load_scenario_checked(path: str | Path) -> tuple[Scenario, list[str]]:
    """The scenario with the problems its cross-checks found, without raising for them (so
    `kubetui validate` checks its timeline and solution too); raises ScenarioError when the file
    does not even parse as a scenario."""
    p = Path(path)
    data, lines, source, raw = _read_mapping(p, "a scenario file is a YAML mapping (id, mode, title, ...)")
    problems: list[str] = []
    return _build(data, lines, source, p, raw, problems), problems


def _build(data: dict, lines: Lines, source: str, p: Path, raw: bytes, problems: list[str] | None = None) -> Scenario:
    """Validate one scenario's data (with the line of each key) and cross-check it; the
    cross-checks' problems go to `problems` when given, else they are raised."""
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as e:
        found = sorted(set(_pydantic_messages(e, lines, source)))
        raise ScenarioError([f"{source}:{line}: {msg}" for line, msg in found]) from None
    scenario._path = p
    scenario._sha256 = hashlib.sha256(raw).hexdigest()
    scenario._solution_line = lines.get(("solution",), 0)

    found: list[tuple[int, str]] = []

    def at(loc: tuple, msg: str) -> None:
        found.append((_line(lines, loc)[0], msg))

    for loc, msg in scenario.problems():
        at(loc, msg)

    folder = scenario.folder
    known: set[tuple[str, str]] = set()
    extra: list[str] = []  # messages about other files, already `file:line: ...`
    for i, m in enumerate(scenario.manifests):
        if isinstance(m, ManifestFile):
            try:
                target = resolve_inside(folder, m.file)
                found_file = target.is_file()
            except (ValueError, OSError) as e:
                at(("manifests", i, "file"), getattr(e, "strerror", None) or str(e))
                continue
            if not found_file:
                at(("manifests", i, "file"), f"manifest file {m.file!r} not found")
                continue
            errs, names = _manifest_problems(target, str(p.parent / m.file))
            extra += errs
            known |= names
        else:
            items = (m.get("items") or []) if m.get("kind") == "List" else [m]
            known |= {(str(o.get("kind")), str((o.get("metadata") or {}).get("name"))) for o in items if isinstance(o, dict)}

    for i, entry in enumerate(scenario.timeline):
        first = entry.run.split()[0] if entry.run.split() else ""
        if first not in PROGRAMS:
            at(("timeline", i, "run"), f"unknown command {first!r}: timeline commands start with kubectl or sim")
        known |= created_by(entry.run, entry.stdin, folder)

    steps, base = _solution(scenario, lines, source, found, extra)
    for step in steps:
        if step.command is None:
            continue
        if not scenario.command_allowed(step.command):
            line_source = source if scenario.solution_is_inline else str(p.parent / scenario.solution)
            extra.append(f"{line_source}:{step.line}: the solution runs {step.command!r}, which allowedCommands "
                         "does not allow")
        known |= created_by(step.command, step.stdin, base)

    known_names = {(resolve(k).kind if resolve(k) else k, n) for k, n in known}
    for i, o in enumerate(scenario.objectives):
        ref = _reference(o)
        if ref is None:
            continue
        kind, name, field = ref
        if (kind, name) not in known_names:
            at(("objectives", i, field),
               f"objective {o.id!r} checks {kind} {name!r}, which no manifest, timeline command or solution creates")

    messages = [f"{source}:{line}: {msg}" for line, msg in sorted(found)] + extra
    if problems is not None:
        problems.extend(messages)
    elif messages:
        raise ScenarioError(messages)
    return scenario


# --- packs of exercises ---------------------------------------------------------------------

_PACK_KEYS = ("pack", "title", "defaults", "exercises")


def load_pack(path: str | Path) -> list[Scenario]:
    """Read a pack: many exercises in one file, each starting from the pack's `defaults`.

        pack: config                  # the pack's id
        title: {en: ..., ko: ...}     # optional
        defaults: {cluster: ..., duration: 60, tags: [config]}
        exercises:
          - id: configmap-env
            title: ...

    An exercise's own keys replace the defaults' (no deep merge), `mode` is `exercise`, and an
    objective without a window is judged at the end (`atEnd: true`). Every problem is reported
    at the line of the pack where the value comes from.
    """
    exercises, errors = load_pack_checked(path)
    if errors:
        raise ScenarioError(errors)
    return [scenario for _, scenario in exercises]


def load_pack_checked(path: str | Path) -> tuple[list[tuple[int, Scenario]], list[str]]:
    """(index in `exercises`, exercise) of each exercise that builds, and every problem of the pack
    (the exercises' cross-checks included), without raising for them."""
    p = Path(path)
    data, lines, source, raw = _read_mapping(p, "a pack is a YAML mapping (pack, defaults, exercises)")
    errors: list[str] = []
    for key in data:
        if key not in _PACK_KEYS:
            errors.append(f"{source}:{lines.get((key,), 1)}: unknown field {key!r} in a pack (known: {', '.join(_PACK_KEYS)})")
    if not isinstance(data.get("pack"), str) or not re.fullmatch(r"[a-z0-9][a-z0-9-]*", data.get("pack") or ""):
        errors.append(f"{source}:{lines.get(('pack',), 1)}: `pack` must be an id (lowercase, digits and dashes)")
    defaults = data.get("defaults") or {}
    if not isinstance(defaults, dict):
        errors.append(f"{source}:{lines.get(('defaults',), 1)}: `defaults` must be a mapping of scenario fields")
        defaults = {}
    items = data.get("exercises")
    if not isinstance(items, list) or not items:
        errors.append(f"{source}:{lines.get(('exercises',), 1)}: `exercises` must be a non-empty list")
        items = []
    pack_title = None
    try:
        pack_title = Text.model_validate(data["title"]) if data.get("title") is not None else None
    except ValueError:
        errors.append(f"{source}:{lines.get(('title',), 1)}: a pack's `title` is a text ({{en: ..., ko: ...}})")
    out: list[tuple[int, Scenario]] = []
    seen: dict[str, int] = {}
    for i, item in enumerate(items):
        here = lines.get(("exercises", i), 1)
        if not isinstance(item, dict):
            errors.append(f"{source}:{here}: an exercise is a mapping (id, title, briefing, ...)")
            continue
        merged, merged_lines = _merge(defaults, item, lines, i)
        try:
            scenario = _build(merged, merged_lines, source, p, raw, errors)
        except ScenarioError as e:
            errors.extend(e.messages)
            continue
        if scenario.id in seen:
            errors.append(f"{source}:{merged_lines.get(('id',), here)}: exercise id {scenario.id!r} is used twice "
                          f"(first on line {seen[scenario.id]})")
            continue
        seen[scenario.id] = merged_lines.get(("id",), here)
        scenario._pack = (data["pack"], pack_title)
        out.append((i, scenario))
    return out, errors


def _merge(defaults: dict, item: dict, lines: Lines, i: int) -> tuple[dict, Lines]:
    merged = {"mode": "exercise", **copy.deepcopy(defaults), **copy.deepcopy(item)}
    out: Lines = {(): lines.get(("exercises", i), 1)}
    for path, line in lines.items():
        if path[:1] == ("defaults",) and len(path) > 1 and path[1] not in item:
            out[path[1:]] = line
        elif path[:2] == ("exercises", i) and len(path) > 2:
            out[path[2:]] = line
    objectives = merged.get("objectives")
    for o in objectives if isinstance(objectives, list) else []:
        if isinstance(o, dict) and not any(k in o for k in ("during", "by", "atEnd", "always")):
            o["atEnd"] = True
    return merged, out


_PACK_KEY = re.compile(r"(?m)^exercises\s*:")


def is_pack_file(path: Path) -> bool:
    """A pack is YAML with top-level `pack:` and `exercises:` keys."""
    if path.suffix not in (".yaml", ".yml") or not path.is_file():
        return False
    try:
        text = read_text(path)
    except (OSError, InputError):
        return False
    return bool(_PACK_KEY.search(text)) and bool(re.search(r"(?m)^pack\s*:", text))


def _reference(o) -> tuple[str, str, str] | None:
    if isinstance(o, AvailableReplicas):
        return o.kind, o.name, "name"
    if isinstance(o, ServiceSuccessRate):
        return "Service", o.service, "service"
    if isinstance(o, JobRuns):
        return o.kind, o.name, "name"
    if isinstance(o, QuotaHeadroom):
        return "ResourceQuota", o.quota, "quota"
    return None


def _solution(scenario: Scenario, lines: Lines, source: str, found: list, extra: list) -> tuple[list[Step], Path]:
    folder = scenario.folder
    if scenario.solution_is_inline:
        try:
            return parse_script(scenario.solution, source, line_offset=scenario._solution_line), folder
        except ScriptError as e:
            extra.extend(e.messages)
            return [], folder
    line = lines.get(("solution",), 1)
    try:
        target = resolve_inside(folder, scenario.solution)
        found_file = target.is_file()
    except (ValueError, OSError) as e:
        found.append((line, f"solution: {getattr(e, 'strerror', None) or e}"))
        return [], folder
    if not found_file:
        found.append((line, f"solution script {scenario.solution!r} not found"))
        return [], folder
    try:
        script = load_script(target)
    except ScriptError as e:
        extra.extend(m.replace(str(target), str(Path(source).parent / scenario.solution), 1) for m in e.messages)
        return [], folder
    return script.steps, script.base


# --- many files ----------------------------------------------------------------------------

_MODE_KEY = re.compile(r"(?m)^mode\s*:")


def is_scenario_file(path: Path) -> bool:
    """A scenario file is YAML with a top-level `mode:` key (manifests never have one)."""
    if path.suffix not in (".yaml", ".yml") or not path.is_file():
        return False
    try:
        return bool(_MODE_KEY.search(read_text(path)))
    except (OSError, InputError):
        return False


def discover(root: str | Path = "scenarios") -> list[Scenario]:
    """Every scenario and exercise (packs included) under `root`, in campaign order (`order`, then `id`).

    Raises ScenarioError listing the problems of every broken file and any repeated id.

    A folder read before whose files are all as they were (`_folder_state`) gives the objects it
    gave then, in a new list: the home screen, the practice and exam screens and the CLI read
    the same shipped content again and again. Scenarios are not changed by their users (a run
    judges copies of the objectives: `Scenario.fresh_objectives`)."""
    key = (str(root), os.getcwd(), _trust_roots())
    state = _folder_state(Path(root))
    known = _DISCOVERED.get(key)
    if known is not None and known[0] == state:
        return list(known[1])
    found = _discover(root)
    _DISCOVERED.pop(key, None)
    while len(_DISCOVERED) >= _DISCOVERED_MAX:
        del _DISCOVERED[next(iter(_DISCOVERED))]
    _DISCOVERED[key] = (state, tuple(found))
    return found


_DISCOVERED: dict[tuple, tuple[str, tuple[Scenario, ...]]] = {}
"""(root as given, working folder, shipped roots) -> (the folder's state, what `discover` found)."""
_DISCOVERED_MAX = 16

_WHOLE_UP_TO = 1 << 20
"""Files up to this size count by their bytes; larger ones by size, mtime and inode."""


def _trust_roots() -> tuple[str, ...]:
    from kubetui.content import exercises_root, scenarios_root

    return str(exercises_root().resolve()), str(scenarios_root().resolve()), str(CParser is not None)


def _folder_state(root: Path) -> str:
    """A digest of every folder and file under `root`: names and contents, so that an edit (even
    one of the same size within the same mtime tick), a new file or a removed one changes it.
    A scenario's manifests, scripts and kustomizations are inside its folder (`resolve_inside`)."""
    h = hashlib.blake2b(digest_size=20)
    for folder, dirs, files in os.walk(root, onerror=lambda e: h.update(b"E" + repr(e).encode())):
        dirs.sort()
        h.update(b"\0D" + os.fsencode(folder))
        for name in sorted(files):
            path = os.path.join(folder, name)
            h.update(b"\0F" + os.fsencode(name))
            try:
                st = os.stat(path)
                if st.st_size > _WHOLE_UP_TO:
                    h.update(repr((st.st_size, st.st_mtime_ns, st.st_ino)).encode())
                    continue
                with open(path, "rb") as f:
                    data = f.read()
            except OSError as e:
                h.update(b"E" + repr(e).encode())
                continue
            h.update(len(data).to_bytes(8, "little") + data)
    return h.hexdigest()


def _discover(root: str | Path) -> list[Scenario]:
    base = Path(root)
    scenarios: list[Scenario] = []
    errors: list[str] = []
    for f in sorted(base.rglob("*.y*ml")):
        try:
            if is_pack_file(f):
                scenarios.extend(load_pack(f))
            elif is_scenario_file(f):
                scenarios.append(load_scenario(f))
        except ScenarioError as e:
            errors.extend(e.messages)
    first: dict[str, Scenario] = {}
    for s in scenarios:
        if s.id in first:
            errors.append(f"{s.path}:1: scenario id {s.id!r} is already used by {first[s.id].path}")
        first.setdefault(s.id, s)
    if errors:
        raise ScenarioError(errors)
    return sorted(scenarios, key=lambda s: (s.order, s.id))


def validate_paths(paths: list[str | Path]) -> list[str]:
    """`kubetui validate`: problems in scenario files, manifests and scripts (empty when all
    are fine). Folders are searched for scenario files; `.jsonl` logs are left to the replay
    verifier."""
    messages: list[str] = []
    for raw in paths:
        p = Path(raw)
        try:
            if p.is_dir():
                found = [f for f in sorted(p.rglob("*.y*ml")) if is_scenario_file(f) or is_pack_file(f)]
                if not found:
                    messages.append(f"{p}: no scenario files in this folder")
                for f in found:
                    messages += _validate_one(f)
            elif not p.exists():
                messages.append(f"{p}: no such file or directory")
            else:
                messages += _validate_one(p)
        except OSError as e:
            messages.append(f"{p}:1: cannot read the file: {e.strerror or e}")
    return messages


def _validate_one(p: Path) -> list[str]:
    from kubetui.scenario import lint

    if p.suffix == ".jsonl":
        return []
    if p.suffix in (".yaml", ".yml", ".json"):
        if is_pack_file(p):
            try:
                return lint.pack_problems(p)
            except ScenarioError as e:
                return e.messages
        if is_scenario_file(p):
            try:
                return lint.scenario_problems(p)
            except ScenarioError as e:
                return e.messages
        return _manifest_problems(p, str(p))[0] or lint.file_problems(p)
    try:
        return lint.script_problems(p)
    except ScriptError as e:
        return e.messages


def json_schema() -> dict:
    """The JSON Schema of a scenario file (`kubetui schema`), for editors and linters."""
    schema = Scenario.model_json_schema()
    schema["title"] = "kubetui scenario"
    return schema
