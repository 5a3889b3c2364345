"""What happened in one exam task: the player's commands, the context each one reached, and
the checks that passed or failed and why.

Built only from what the task's run recorded (its `RunPath` and its `CheckReport`), with the
words of the scenario debrief (`kubetui.scenario.debrief`), so it never names a command the
player did not run. An exam task is graded on the cluster of its own context: a command that
reached another context did work nobody grades, and the story says so. Likewise a change that
landed in another namespace than the ones the task's checks look in (`-n`, or the context's
namespace as `kubectl config set-context` set it), when the line says where it landed.
"""

from __future__ import annotations

import shlex

from kubetui.model.kinds import resolve
from kubetui.scenario.debrief import RunPath, when
from kubetui.scenario.schema import command_words

MAX_COMMANDS = 12

_WORDS = {
    "title": ("What happened in this task", "이 과제에서 일어난 일"),
    "none": ("No commands were run in this task.", "이 과제에서는 명령을 실행하지 않았습니다."),
    "ran": ("You ran {n} command{s}; {graded} reached context {context}, where the task is graded.",
            "명령 {n}개를 실행했고, 그중 {graded}개가 채점되는 컨텍스트 {context}에 닿았습니다."),
    "ran_plain": ("You ran {n} command{s}.", "명령 {n}개를 실행했습니다."),
    "elsewhere": ("{n} ran in another context ({contexts}), where nothing is graded.",
                  "{n}개는 채점되지 않는 다른 컨텍스트({contexts})에서 실행되었습니다."),
    "namespace": ("{n} changed objects in namespace {namespaces}, but this task is checked in {task}.",
                  "{n}개는 네임스페이스 {namespaces}의 오브젝트를 바꿨지만, 이 과제는 {task}에서 확인합니다."),
    "in_namespace": ("namespace {namespace}", "네임스페이스 {namespace}"),
    "more": ("… and {n} more command{s}", "… 그 밖에 명령 {n}개"),
    "checks": ("Checks: {done} of {total} passed.", "확인: {total}개 중 {done}개 통과."),
    "refused": ("exit {code}", "종료 코드 {code}"),
}


def _word(key: str, lang: str, **kw) -> str:
    """The words of `key` in `lang`; `{s}` makes an English noun plural unless `n` is 1."""
    en, ko = _WORDS[key]
    return (ko if lang == "ko" else en).format(s="" if kw.get("n") == 1 else "s", **kw)


def _flag(tokens: list[str], name: str) -> str | None:
    for i, tok in enumerate(tokens):
        if tok.startswith(f"{name}="):
            return tok.split("=", 1)[1]
        if tok == name and i + 1 < len(tokens):
            return tokens[i + 1]
    return None


def _is_config(command: dict) -> bool:
    """`kubectl config …` edits the kubeconfig, not a cluster: it reaches no context."""
    return not command.get("request") and command_words(command.get("line") or "")[:2] == ["kubectl", "config"]


WRITES = frozenset({"create", "apply", "run", "expose", "scale", "set", "patch", "label", "annotate", "edit",
                    "delete", "replace", "rollout", "autoscale"})
"""kubectl verbs that change objects: where those land is where the work was done."""


def _tokens(line: str) -> list[str]:
    try:
        return shlex.split(line, comments=True)
    except ValueError:
        return line.split()


def change_namespace(line: str, context_namespace: str | None) -> str | None:
    """The namespace a command's change lands in, when its line says so: `-n`, else the
    context's namespace. None when it changes nothing, spans namespaces (`-A`), changes a
    cluster-scoped kind, or applies files that may name their own namespace."""
    tokens, words = _tokens(line), command_words(line)
    if len(words) < 2 or words[0] not in ("kubectl", "k") or words[1] not in WRITES:
        return None
    if any(t in ("-A", "--all-namespaces") or t.startswith("--all-namespaces=") for t in tokens):
        return None
    named = _flag(tokens, "-n") or _flag(tokens, "--namespace")
    if named is None and any(t in ("-f", "--filename", "-k", "--kustomize") or t.startswith(("-f=", "--filename=",
                             "-k=", "--kustomize=")) for t in tokens):
        return None
    verb = words[1]
    target = {"run": "pods", "expose": "services"}.get(verb) or (
        words[3] if verb in ("set", "rollout") and len(words) > 3 else words[2] if len(words) > 2 else "")
    kind = resolve(target.split("/")[0].split(",")[0])
    if kind is None or not kind.namespaced:
        return None
    return named or context_namespace or "default"


def command_places(path: RunPath, start: str | None = None) -> list[tuple[dict, str | None, str | None]]:
    """Each command the player ran with the kubeconfig context it reached (the one its
    `--context` names, else the current one, as `kubectl config use-context` — the player's or
    the task's own set-up — last set it) and the namespace its change landed in (`change_namespace`)."""
    current = start
    namespaces: dict[str | None, str] = {}
    out: list[tuple[dict, str | None, str | None]] = []
    mine = {id(c) for c in path.player_commands()}
    for c in path.commands:
        if c.get("request") or c.get("scheduled") or c.get("cancels") or c.get("sends") or c.get("finishes"):
            if id(c) in mine:
                out.append((c, current, None))
            continue
        line = c.get("line") or ""
        tokens, words = _tokens(line), command_words(line)
        context = _flag(tokens, "--context") or current
        if id(c) in mine:
            out.append((c, context, change_namespace(line, namespaces.get(context))))
        if words[:3] == ["kubectl", "config", "use-context"] and len(words) > 3:
            current = words[3]
        elif words[:3] == ["kubectl", "config", "set-context"] and _flag(tokens, "--namespace") is not None:
            named = current if "--current" in tokens else (words[3] if len(words) > 3 else None)
            namespaces[named] = _flag(tokens, "--namespace") or "default"
    return out


def command_contexts(path: RunPath, start: str | None = None) -> list[tuple[dict, str | None]]:
    """Each command the player ran with the kubeconfig context it reached (`command_places`)."""
    return [(c, context) for c, context, _ in command_places(path, start)]


def task_story(path: RunPath | None, report, context: str | None, lang: str = "en",
               start: str | None = None, namespaces: set[str] | None = None) -> list[str]:
    """The lines of one task's debrief: the commands with the context each reached (and the
    exit code of those that failed, and the namespace of a change that landed outside the
    task's `namespaces`), then every check, the failed ones with their reason."""
    lines = [_word("title", lang)]
    codes: dict[tuple[int, str], int] = {}
    for rec in getattr(report, "commands", None) or []:
        codes.setdefault((rec.tick, rec.line), rec.exitCode)
    places = command_places(path, start) if path is not None else []
    ran = [(c, ctx) for c, ctx, _ in places]
    on_cluster = [(c, ctx) for c, ctx in ran if not _is_config(c)]
    astray = {id(c): ns for c, ctx, ns in places
              if namespaces and ns is not None and ns not in namespaces and (context is None or ctx == context)}
    if not ran:
        lines.append("  " + _word("none", lang))
    else:
        if context is None:
            lines.append("  " + _word("ran_plain", lang, n=len(ran)))
        else:
            graded = sum(1 for _, ctx in on_cluster if ctx == context)
            lines.append("  " + _word("ran", lang, n=len(ran), graded=graded, context=context))
            others = sorted({ctx or "?" for _, ctx in on_cluster if ctx != context})
            if others:
                lines.append("  " + _word("elsewhere", lang, n=len(on_cluster) - graded, contexts=", ".join(others)))
        if astray:
            lines.append("  " + _word("namespace", lang, n=len(astray), namespaces=", ".join(sorted(set(astray.values()))),
                                      task=", ".join(sorted(namespaces or ()))))
        for c, ctx in ran[:MAX_COMMANDS]:
            where = f"[{ctx}] " if context is not None and ctx is not None and not _is_config(c) else ""
            code = codes.get((c["tick"], c["line"]))
            tail = f"  ({_word('refused', lang, code=code)})" if code else ""
            if id(c) in astray:
                tail += f"  ({_word('in_namespace', lang, namespace=astray[id(c)])})"
            lines.append(f"    {when(c['tick'], lang)}  {where}{c['line']}{tail}")
        if len(ran) > MAX_COMMANDS:
            lines.append("    " + _word("more", lang, n=len(ran) - MAX_COMMANDS))
    parts = list(report.parts) if report is not None else []
    if parts:
        lines.append("  " + _word("checks", lang, done=sum(p.passed for p in parts), total=len(parts)))
        for p in parts:
            mark = "✓" if p.passed else "✗"
            line = f"    {mark} {p.description.get(lang)}"
            if not p.passed:
                line += f": {p.reason.get(lang)}"
            lines.append(line)
    return lines
