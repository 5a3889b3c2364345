"""The command bar: kubectl (the word itself optional) and `sim` commands, with history and
completion of verbs, kinds, names and flags."""

from __future__ import annotations

import time

from textual.binding import Binding
from textual.message import Message
from textual.suggester import Suggester
from textual.widgets import Input

from kubetui.model.kinds import KINDS

VERBS = ("annotate", "apply", "autoscale", "cordon", "create", "delete", "describe", "drain", "edit", "explain",
         "expose", "get", "label", "logs", "patch", "rollout", "run", "scale", "set", "taint", "top", "uncordon",
         "wait")
KIND_VERBS = ("annotate", "delete", "describe", "edit", "get", "label", "patch", "scale", "wait", "explain")
ROLLOUT = ("history", "pause", "restart", "resume", "status", "undo")
CREATE = ("configmap", "cronjob", "deployment", "job", "namespace", "quota", "secret", "service", "serviceaccount",
          "token")
SIM = ("add-node", "fail-node", "recover-node", "start", "stop", "help")
COMPONENTS = ("apiserver", "controller-manager", "etcd", "scheduler")
FLAGS = ("--all-namespaces", "--cascade=", "--dry-run=client", "--filename", "--force", "--grace-period=",
         "--image=", "--namespace", "--output", "--replicas=", "--selector", "--show-labels", "--to-revision=",
         "--watch", "--ignore-daemonsets", "--delete-emptydir-data", "--port=", "--target-port=", "--type=",
         "--from-literal=", "--cpu-percent=", "--min=", "--max=", "--record", "--timeout=")
SUGGEST_AFTER = 0.05
"""Real seconds of no typing before the completion is worked out."""
OUTPUTS = ("json", "name", "wide", "yaml", "jsonpath=", "custom-columns=")


def kind_words(kinds=None) -> list[str]:
    """Every kind's plural, singular and short names; with a cluster's `kinds`, its custom kinds' too."""
    served = list(kinds.values()) if kinds is not None else list(KINDS.values())
    plurals = sorted(k.plural for k in served)
    singulars = sorted(k.singular for k in served)
    shorts = sorted(s for k in served for s in k.short_names)
    return list(dict.fromkeys([*plurals, *singulars, *shorts]))


def _kinds(sim):
    return sim.store.kinds if sim is not None else None


def _kind_word(prefix: str, kinds=None) -> str | None:
    """A kind word completed; a short name or singular (`po`, `deploy`) to its kind's plural."""
    from kubetui.model.kinds import resolve

    kind = kinds.resolve(prefix) if kinds is not None else resolve(prefix)
    if kind is not None and kind.plural.startswith(prefix.lower()) and len(kind.plural) > len(prefix):
        return kind.plural
    return _first(prefix, kind_words(kinds))


def _first(prefix: str, options) -> str | None:
    p = prefix.lower()
    for o in options:
        if o.lower().startswith(p) and len(o) > len(prefix):
            return o
    return None


class KubectlSuggester(Suggester):
    """Completes the last word from what the cluster holds now."""

    def __init__(self, sim_getter):
        super().__init__(use_cache=False, case_sensitive=True)
        self.sim_getter = sim_getter

    async def get_suggestion(self, value: str) -> str | None:
        return complete(value, self.sim_getter())


def _names(sim, kind_word: str) -> list[str]:

    if sim is None:
        return []
    k = sim.store.kinds.resolve(kind_word)
    if k is None:
        return []
    return sorted({o["metadata"]["name"] for o in sim.store.iter(k.kind)})


def complete(value: str, sim) -> str | None:
    """`value` with its last word completed, or None."""
    if not value or value.endswith(" ") or value.startswith((":", "/")):
        if value.startswith(":") and " " not in value:
            word = _kind_word(value[1:], _kinds(sim))
            return f":{word}" if word else None
        return None
    words = value.split(" ")
    head, last = words[:-1], words[-1]
    args = [w for w in head if w]
    if args and args[0] in ("kubectl", "k"):
        args = args[1:]
    elif args and args[0] == "sim":
        return _complete_sim(value, args[1:], last, sim)
    prev = args[-1] if args else ""
    word: str | None = None
    if not args:
        word = _first(last, ("kubectl", "sim", *VERBS)) if not head else _first(last, VERBS)
    elif last.startswith("-"):
        word = _first(last, FLAGS) or _first(last, ("-n", "-o", "-l", "-A", "-w", "-f"))
    elif prev in ("-o", "--output"):
        word = _first(last, OUTPUTS)
    elif prev in ("-n", "--namespace"):
        word = _first(last, _names(sim, "namespaces"))
    elif args[0] == "rollout" and len(args) == 1:
        word = _first(last, ROLLOUT)
    elif args[0] == "create" and len(args) == 1:
        word = _first(last, CREATE)
    elif args[0] in ("cordon", "uncordon", "drain", "taint") and len(args) == 1:
        word = _first(last, _names(sim, "nodes"))
    elif args[0] in ("logs",) and len(args) == 1:
        word = _first(last, _names(sim, "pods"))
    elif (args[0] in KIND_VERBS and len(args) == 1) or (args[0] == "rollout" and len(args) == 2):
        if "/" in last:
            kind, _, partial = last.partition("/")
            name = _first(partial, _names(sim, kind))
            word = f"{kind}/{name}" if name else None
        else:
            word = _kind_word(last, _kinds(sim))
    elif args[0] in KIND_VERBS and len(args) == 2 and not prev.startswith("-"):
        word = _first(last, _names(sim, prev))
    if word is None:
        return None
    return " ".join([*head, word])


def _complete_sim(value: str, args: list[str], last: str, sim) -> str | None:
    head = value[: len(value) - len(last)]
    if not args:
        word = _first(last, SIM)
    elif args[0] in ("fail-node", "recover-node") and len(args) == 1:
        word = _first(last, sim.machines() if sim is not None else [])
    elif args[0] in ("stop", "start") and len(args) == 1:
        word = _first(last, COMPONENTS)
    else:
        word = None
    return head + word if word else None


NAMED_CHARACTERS = {"plus": "+", "minus": "-"}


class CommandBar(Input):
    """Where the player types. Enter runs; ↑/↓ walk the history; Tab takes the completion."""

    BINDINGS = [
        Binding("up", "history(-1)", "previous command", show=False),
        Binding("down", "history(1)", "next command", show=False),
        Binding("tab", "complete", "complete", show=False),
        Binding("escape", "leave", "leave", show=False),
        Binding("ctrl+d", "end_of_input", "end of input", show=False),
    ]

    def check_consume_key(self, key: str, character: str | None) -> bool:
        """Textual finds no character for `plus` and `minus`, so the key bar listed the screen's
        `+ faster` and `- slower` while the command bar typed them."""
        return super().check_consume_key(key, character or NAMED_CHARACTERS.get(key))

    class Command(Message):
        """The player submitted a line."""

        def __init__(self, line: str):
            super().__init__()
            self.line = line

    def __init__(self, sim_getter, **kwargs):
        super().__init__(select_on_focus=False, **kwargs)
        self.completer = KubectlSuggester(sim_getter)
        self._typed_at = 0.0
        self._suggest_pending = False
        self.history: list[str] = []
        self._pos = 0
        self._draft = ""
        self._histories: dict[object, list[str]] = {None: self.history}
        self.in_shell = False
        """The bar is a container shell's prompt: ↑/↓ walk that shell's own lines, and kubectl's
        completions are not offered (Tab does nothing)."""

    def on_mount(self) -> None:
        self.set_interval(SUGGEST_AFTER, self._suggest_when_idle)

    def _watch_value(self, value: str) -> None:
        """Input would start a suggestion worker per keystroke (a 3,000-character paste typed
        as keys took seconds); the completion waits until the typing pauses."""
        super()._watch_value(value)
        self._typed_at = time.monotonic()
        self._suggest_pending = bool(value)

    def use_history(self, shell: object | None) -> None:
        """Whose lines ↑/↓ walk: kubectl's (None) or those typed into the shell session `shell`,
        as a shell keeps its own history apart from the terminal's."""
        if self.in_shell == (shell is not None) and self.history is self._histories.get(shell):
            return
        self.history = self._histories.setdefault(shell, [])
        self._pos, self._draft = len(self.history), ""
        self.in_shell = shell is not None
        self._suggestion = ""

    async def _suggest_when_idle(self) -> None:
        if self.in_shell or not self._suggest_pending or time.monotonic() - self._typed_at < SUGGEST_AFTER:
            return
        self._suggest_pending = False
        value = self.value
        suggestion = await self.completer.get_suggestion(value) if value else None
        if suggestion and self.value == value:
            self._suggestion = suggestion

    def action_leave(self) -> None:
        leave = getattr(self.screen, "action_leave_command", None)
        if leave is not None:
            leave()
        else:
            self.screen.set_focus(None)

    def action_end_of_input(self) -> None:
        """ctrl+d deletes the character right of the cursor; on the empty line of a container's
        shell it is the terminal's ^D, and the shell ends (the screen's `end_of_input`)."""
        eof = getattr(self.screen, "end_of_input", None)
        if not self.value and eof is not None and eof():
            return
        self.action_delete_right()

    def action_history(self, delta: int) -> None:
        if not self.history:
            return
        if self._pos == len(self.history):
            self._draft = self.value
        self._pos = max(0, min(len(self.history), self._pos + delta))
        self.value = self.history[self._pos] if self._pos < len(self.history) else self._draft
        self.cursor_position = len(self.value)

    def action_complete(self) -> None:
        if self.in_shell:
            return
        suggestion = self._suggestion
        if suggestion and len(suggestion) > len(self.value):
            self.value = suggestion + ("" if suggestion.endswith(("=", "/")) else " ")
            self.cursor_position = len(self.value)

    async def action_submit(self) -> None:
        line = self.value.strip()
        self.value = ""
        if line:
            if not self.history or self.history[-1] != line:
                self.history.append(line)
        self._pos = len(self.history)
        self.post_message(self.Command(line))
