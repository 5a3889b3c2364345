"""`kubetui validate`'s deep checks: what a run would reject, found before the run.

Manifests go through the same decoder and validation as `kubectl apply` (API versions,
unknown fields, field rules); kubectl command lines through kubectl's own parser (unknown
verbs and flags) and its resource words (unknown kinds); `sim` lines through the parsing
`sim` itself runs (unknown verbs, names, flags), without running them. Each problem is `file:line: message`.
"""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import yaml

from kubetui.engine.faults import sim_command_problem
from kubetui.kubectl.flags import KubectlUsageError, parse
from kubetui.model.deprecations import removed_api
from kubetui.model.kinds import resolve
from kubetui.model.manifest import Document, ManifestError, line_of, load_documents
from kubetui.model.safe_yaml import InputError, read_text
from kubetui.model.validation import DecodeError, FieldInvalid, NoKindMatch, UndecodableObject, validate
from kubetui.scenario.schema import ManifestFile, resolve_inside

_TYPED_VERBS = {
    ("get",), ("describe",), ("delete",), ("edit",), ("label",), ("annotate",), ("patch",), ("scale",),
    ("wait",), ("explain",), ("autoscale",), ("expose",), ("rollout", "status"), ("rollout", "history"),
    ("rollout", "undo"), ("rollout", "restart"), ("rollout", "pause"), ("rollout", "resume"),
    ("set", "image"), ("set", "resources"), ("set", "env"),
}
"""Commands whose first argument is a resource type (`pods`, `deploy/web`, `pods,svc`); not
`cordon`, `drain`, `uncordon`, whose argument is a node's name."""

_NOT_KINDS = {"all"}


def file_problems(path: Path, source: str | None = None) -> list[str]:
    """A manifest file's problems; one that cannot be read (bad UTF-8, too large) is one problem."""
    source = source if source is not None else str(path)
    try:
        text = read_text(path, source)
    except (InputError, OSError) as e:
        return [str(e) if isinstance(e, InputError) else f"{source}: {e.strerror or e}"]
    return manifest_problems(text, source)


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else text


def document_problems(doc: Document) -> list[tuple[int, str]]:
    """(line, message) for one manifest object, as the API server would judge it on create."""
    try:
        validate(doc.obj, doc.source)
    except NoKindMatch as e:
        message = f'no matches for kind "{e.kind}" in version "{e.api_version}"'
        removed = removed_api(e.api_version, e.kind)
        if removed is not None and removed.replacement:
            message += f" (removed in Kubernetes v{removed.removed_in}; use {removed.replacement})"
        return [(line_of(doc, "apiVersion"), message)]
    except UndecodableObject as e:
        return [(doc.line, f"unable to decode: {e.detail}")]
    except DecodeError as e:
        line = line_of(doc, e.paths[0]) if e.paths else doc.line
        return [(line, e.message)]
    except FieldInvalid as e:
        return [(line_of(doc, path), f"{e.kind.kind} {e.name!r} is invalid: {path}: {msg}")
                for path, msg in e.causes]
    return []


def manifest_problems(text: str, source: str, line_offset: int = 0) -> list[str]:
    """Every problem `kubectl apply -f` would report for this text, as `source:line: message`."""
    try:
        docs = load_documents(text, source)
    except ManifestError as e:
        return [f"{source}:{e.line + line_offset}: {e.message}"]
    out: list[str] = []
    for doc in docs:
        out += [f"{source}:{line + line_offset}: {msg}" for line, msg in document_problems(doc)]
    return out


def object_problems(obj: dict, lines: dict[tuple, int], base: tuple, source: str) -> list[str]:
    """An inline manifest (a mapping inside a scenario file); `lines` are the file's, `base` its path."""
    sub = {k[len(base):]: v for k, v in lines.items() if k[:len(base)] == base}
    docs = [Document(obj, source, lines.get(base, 1), sub)]
    kind = obj.get("kind")
    if isinstance(kind, str) and kind.endswith("List") and isinstance(obj.get("items"), list):
        docs = [Document(item, source, sub.get(("items", i), 1),
                         {k[2:]: v for k, v in sub.items() if k[:2] == ("items", i)})
                for i, item in enumerate(obj["items"]) if isinstance(item, dict)]
    return [f"{source}:{line}: {msg}" for d in docs for line, msg in document_problems(d)]


def command_problem(command: str) -> str | None:
    """Why kubectl would refuse this command line before doing anything (None when it parses)."""
    try:
        parsed = parse(command)
    except KubectlUsageError as e:
        return _first_line(str(e)).removeprefix("error: ")
    if tuple(parsed.command) not in _TYPED_VERBS or not parsed.args or parsed.flags.get("filename"):
        return None
    words = [parsed.args[0].split("/", 1)[0]] if "/" in parsed.args[0] else parsed.args[0].split(",")
    if "/" in parsed.args[0] and parsed.command[0] in ("get", "describe", "delete"):
        words += [a.split("/", 1)[0] for a in parsed.args[1:] if "/" in a]
    for word in words:
        if word and word.lower() not in _NOT_KINDS and resolve(word) is None:
            return f'the server doesn\'t have a resource type "{word}"'
    return None


def _sim_problem(command: str) -> str | None:
    """Why a `sim …` line would be refused whatever the cluster holds (None when it parses)."""
    try:
        words = shlex.split(command)
    except ValueError as e:
        return str(e)
    problem = sim_command_problem(words[1:])
    return _first_line(problem).removeprefix("error: ") if problem else None


def _filename(command: str) -> str | None:
    try:
        parsed = parse(command)
    except KubectlUsageError:
        return None
    names = parsed.flags.get("filename") or []
    return names[0] if isinstance(names, list) and len(names) == 1 else None


def commands_problems(commands: list[tuple[str, int, str, str | None]], base: Path, seen: set[Path]) -> list[str]:
    """(source, line, command, stdin) kubectl lines -> problems, with the manifests they apply."""
    out: list[str] = []
    for source, line, command, stdin in commands:
        if command.split()[:1] == ["sim"]:
            problem = _sim_problem(command)
            if problem:
                out.append(f"{source}:{line}: {command!r}: {problem}")
            continue
        if not command.split() or command.split()[0] not in ("kubectl", "k"):
            continue
        problem = command_problem(command)
        if problem:
            out.append(f"{source}:{line}: {command!r}: {problem}")
            continue
        filename = _filename(command)
        if filename == "-" and stdin:
            out += [f"{m} (in the stdin of {command!r} at line {line})"
                    for m in manifest_problems(stdin, source)]
        elif filename and filename != "-":
            try:
                target = resolve_inside(base, filename)
            except ValueError:
                continue
            files = sorted(target.glob("*.y*ml")) if target.is_dir() else [target] if target.is_file() else []
            for f in files:
                if f.resolve() not in seen:
                    seen.add(f.resolve())
                    out += file_problems(f)
    return out


def scenario_problems(path: Path) -> list[str]:
    """Every problem of a scenario file in one pass: its cross-checks (a missing solution file,
    an objective naming what nothing creates) and the deep checks of its manifests, timeline
    and solution, sorted by file and line."""
    from kubetui.scenario.loader import _read_text, _solution, load_scenario_checked, read_yaml

    scenario, out = load_scenario_checked(path)
    source = str(path)
    _, text = _read_text(path)
    lines = read_yaml(text, source)[0][1]
    seen: set[Path] = set()
    for i, m in enumerate(scenario.manifests):
        if isinstance(m, ManifestFile):
            try:
                target = resolve_inside(scenario.folder, m.file)
            except ValueError:
                continue
            if target.is_file():
                seen.add(target.resolve())
                out += file_problems(target, str(path.parent / m.file))
        else:
            out += object_problems(m, lines, ("manifests", i), source)
    timeline = [(source, lines.get(("timeline", i, "run"), lines.get(("timeline", i), 1)), e.run, e.stdin)
                for i, e in enumerate(scenario.timeline)]
    out += commands_problems(timeline, scenario.folder, seen)
    steps, base = _solution(scenario, lines, source, [], [])
    step_source = source if scenario.solution_is_inline else str(path.parent / scenario.solution)
    out += commands_problems([(step_source, s.line, s.command, s.stdin) for s in steps if s.command], base, seen)
    texts = [target.read_text(encoding="utf-8", errors="replace") for target in seen if target.is_file()]
    texts += [e.stdin for e in scenario.timeline if e.stdin] + [s.stdin for s in steps if s.stdin]
    return by_place(_without_custom_kinds(out, scenario.manifest_objects(), texts))


def pack_problems(path: Path) -> list[str]:
    """Every problem of a pack in one pass: its own and its exercises' cross-checks, and the deep
    checks of each exercise's timeline (as a scenario's), sorted by line."""
    from kubetui.scenario.loader import _merge, _read_text, load_pack_checked, read_yaml

    exercises, out = load_pack_checked(path)
    source = str(path)
    _, text = _read_text(path)
    data, lines = read_yaml(text, source)[0]
    defaults = data.get("defaults") if isinstance(data.get("defaults"), dict) else {}
    for i, exercise in exercises:
        merged_lines = _merge(defaults, data["exercises"][i], lines, i)[1]
        timeline = [(source, merged_lines.get(("timeline", k, "run"), merged_lines.get(("timeline", k), 1)), e.run,
                     e.stdin) for k, e in enumerate(exercise.timeline)]
        problems = commands_problems(timeline, exercise.folder, set())
        texts = [e.stdin for e in exercise.timeline if e.stdin]
        out += _without_custom_kinds(problems, exercise.manifest_objects(), texts)
    return by_place(out)


_PLACE = re.compile(r"^(.*?):(\d+): ")


def by_place(messages: list[str]) -> list[str]:
    """`file:line: message` lines sorted by file, then line (in the order found within a line),
    each once."""
    def place(item: tuple[int, str]) -> tuple:
        found = _PLACE.match(item[1])
        return (found.group(1), int(found.group(2)), item[0]) if found else (item[1], 0, item[0])

    unique = list(dict.fromkeys(messages))
    return [m for _, m in sorted(enumerate(unique), key=place)]


_NO_KIND = re.compile(r'no matches for kind "([^"]+)" in version "([^"/]+)/[^"]+"')
_NO_RESOURCE = re.compile(r'the server doesn\'t have a resource type "([^"]+)"')


def _without_custom_kinds(problems: list[str], objects: list, texts: list[str]) -> list[str]:
    """The problems, less those about kinds a CustomResourceDefinition of the scenario (in its
    manifests, timeline or solution) serves at run time."""
    crds = [o for o in objects if isinstance(o, dict) and o.get("kind") == "CustomResourceDefinition"]
    for text in texts:
        try:
            crds += [d for d in yaml.safe_load_all(text) if isinstance(d, dict)
                     and d.get("kind") == "CustomResourceDefinition"]
        except yaml.YAMLError:
            continue
    groups, words = set(), set()
    for crd in crds:
        spec = crd.get("spec") or {}
        names = spec.get("names") or {}
        groups.add(spec.get("group"))
        words |= {names.get("plural"), names.get("singular"), str(names.get("kind", "")).lower(),
                  *(names.get("shortNames") or ())}
        words |= {f"{w}.{spec.get('group')}" for w in list(words) if w}
    out = []
    for p in problems:
        kind, resource = _NO_KIND.search(p), _NO_RESOURCE.search(p)
        if (kind and kind.group(2) in groups) or (resource and resource.group(1).lower() in words):
            continue
        out.append(p)
    return out


def script_problems(path: Path) -> list[str]:
    """Deep checks of a script: each kubectl line parses and the manifests it applies are valid."""
    from kubetui.scenario.script import load_script

    script = load_script(path)
    return commands_problems([(str(path), s.line, s.command, s.stdin) for s in script.steps if s.command],
                             script.base, set())
