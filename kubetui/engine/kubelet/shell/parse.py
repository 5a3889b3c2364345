"""Lexer and parser of POSIX sh, as busybox `sh` reads it, into a tree of plain tuples.

Nodes: ("simple", assigns, words, redirs, line), ("pipe", negate, commands), ("andor", first,
((op, pipe), ...)[, True when run in the background with `&`]), ("list", items), ("if", ((cond, body), ...), else, redirs), ("while", until,
cond, body, redirs), ("for", var, words | None, body, redirs), ("group", body, redirs),
("sub", body, redirs), ("case", word, ((patterns, body), ...), redirs), ("function", name, body).
Words stay raw (quotes included); they are expanded when the command runs.
"""

from __future__ import annotations

import re


class ShellSyntaxError(Exception):
    pass


_OPS = ("&&", "||", ";;", ">>", "<<-", "<<", ">&", "<&", ">|", "|", "&", ";", "(", ")", "<", ">", "\n")
RESERVED = {"if", "then", "elif", "else", "fi", "while", "until", "do", "done", "for", "in", "{", "}", "!",
            "case", "esac"}
_ASSIGN = re.compile(r"[A-Za-z_][A-Za-z0-9_]*=")


def _scan_dollar(s: str, i: int) -> int:
    """End index of a `$(...)`, `${...}` or `$name` starting at s[i] == '$'."""
    if s.startswith("$((", i) or s.startswith("$(", i):
        depth, j = 0, i + 1
        while j < len(s):
            c = s[j]
            if c == "\\":
                j += 2
                continue
            if c == "'":
                k = s.find("'", j + 1)
                if k < 0:
                    raise ShellSyntaxError("syntax error: unterminated quoted string")
                j = k + 1
                continue
            if c == '"':
                j = _scan_dquote(s, j)
                continue
            if c == "(":
                depth += 1
            elif c == ")":
                depth -= 1
                if depth == 0:
                    return j + 1
            j += 1
        raise ShellSyntaxError("syntax error: unexpected end of file (expecting \")\")")
    if s.startswith("${", i):
        return brace_end(s, i) + 1
    return i + 1


def brace_end(s: str, i: int) -> int:
    """Index of the `}` closing the `${` at s[i] (nested `${...}`, quotes and `$(...)` inside)."""
    depth, j = 0, i + 1
    while j < len(s):
        c = s[j]
        if c == "\\":
            j += 2
            continue
        if c == "'" and depth > 1:
            k = s.find("'", j + 1)
            j = (k if k >= 0 else len(s)) + 1
            continue
        if c == "$" and s.startswith("$(", j):
            j = _scan_dollar(s, j)
            continue
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return j
        j += 1
    raise ShellSyntaxError("syntax error: bad substitution")


def _scan_dquote(s: str, i: int) -> int:
    j = i + 1
    while j < len(s):
        c = s[j]
        if c == "\\":
            j += 2
        elif c == '"':
            return j + 1
        elif c == "$":
            j = _scan_dollar(s, j) if j + 1 < len(s) and s[j + 1] in "({" else j + 1
        elif c == "`":
            k = s.find("`", j + 1)
            if k < 0:
                raise ShellSyntaxError("syntax error: unterminated quoted string")
            j = k + 1
        else:
            j += 1
    raise ShellSyntaxError("syntax error: unterminated quoted string")


def _unquote(word: str) -> str:
    return re.sub(r"\\(.)|'([^']*)'|\"((?:[^\"\\]|\\.)*)\"", lambda m: m.group(1) or m.group(2) or
                  re.sub(r"\\(.)", r"\1", m.group(3) or ""), word)


def _here_bodies(s: str, i: int, out: list, pending: list) -> int:
    """Read the bodies of the here-documents whose `<<` the line just ended had, from s[i]; each
    delimiter token becomes ("here", body, line) (expanded) or ("hereq", ...) (a quoted delimiter:
    the text as written). Returns where the next line starts."""
    for at, strip in pending:
        kind, word, line = out[at]
        delim = _unquote(word)
        quoted = any(q in word for q in "'\"\\")
        lines = []
        while i < len(s):
            end = s.find("\n", i)
            end = len(s) if end < 0 else end
            text = s[i:end]
            i = end + 1
            if strip:
                text = text.lstrip("\t")
            if text == delim:
                break
            lines.append(text + ("\n" if end < len(s) else ""))
        out[at] = ("hereq" if quoted else "here", "".join(lines), line)
    pending.clear()
    return i


def tokenize(s: str) -> list[tuple[str, str, int]]:
    """[(kind, text, line)]: kind is "word", "op" or "io" (a redirection's fd number), or "here"/
    "hereq" (a here-document's body, in place of its delimiter)."""
    out: list[tuple[str, str, int]] = []
    i = 0
    pending: list[tuple[int, bool]] = []
    want: bool | None = None
    while i < len(s):
        c = s[i]
        line = s.count("\n", 0, i)
        if c in " \t":
            i += 1
            continue
        if c == "\\" and s.startswith("\\\n", i):
            i += 2
            continue
        if c == "#":
            while i < len(s) and s[i] != "\n":
                i += 1
            continue
        op = next((o for o in _OPS if s.startswith(o, i)), None)
        if op:
            out.append(("op", op, line))
            i += len(op)
            if op in ("<<", "<<-"):
                want = op == "<<-"
            elif op == "\n" and pending:
                i = _here_bodies(s, i, out, pending)
            continue
        j = i
        while j < len(s):
            c = s[j]
            if c in " \t\n;&|()<>":
                break
            if c == "\\":
                j += 2
            elif c == "'":
                k = s.find("'", j + 1)
                if k < 0:
                    raise ShellSyntaxError("syntax error: unterminated quoted string")
                j = k + 1
            elif c == '"':
                j = _scan_dquote(s, j)
            elif c == "$":
                j = _scan_dollar(s, j)
            elif c == "`":
                k = s.find("`", j + 1)
                if k < 0:
                    raise ShellSyntaxError("syntax error: unterminated quoted string")
                j = k + 1
            else:
                j += 1
        word = s[i:j]
        if word.isdecimal() and j < len(s) and s[j] in "<>":
            out.append(("io", word, line))
        else:
            out.append(("word", word, line))
            if want is not None:
                pending.append((len(out) - 1, want))
                want = None
        i = j
    if pending:
        _here_bodies(s, len(s), out, pending)
    return out


class Parser:
    def __init__(self, text: str):
        self.toks = tokenize(text)
        self.i = 0

    def peek(self) -> tuple[str, str, int] | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def next(self) -> tuple[str, str, int]:
        t = self.toks[self.i]
        self.i += 1
        return t

    def at(self, *texts: str) -> bool:
        t = self.peek()
        return t is not None and t[1] in texts and (t[0] == "op" or t[1] in RESERVED)

    def expect(self, text: str) -> None:
        t = self.peek()
        if t is None:
            raise ShellSyntaxError(f"syntax error: unexpected end of file (expecting \"{text}\")")
        if t[1] != text:
            raise ShellSyntaxError(f"syntax error: unexpected \"{t[1] if t[1] != chr(10) else 'newline'}\" "
                                   f"(expecting \"{text}\")")
        self.i += 1

    def newlines(self) -> None:
        while self.at("\n"):
            self.i += 1

    def program(self) -> tuple:
        node = self.list_()
        t = self.peek()
        if t is not None:
            raise ShellSyntaxError(f"syntax error: unexpected \"{t[1]}\"")
        return node

    def list_(self) -> tuple:
        items = []
        while True:
            self.newlines()
            t = self.peek()
            if t is None or self.at(")", "}", "then", "elif", "else", "fi", "do", "done", ";;", "esac"):
                break
            if t[0] == "op" and t[1] in (";", "&", "|", "&&", "||"):
                raise ShellSyntaxError(f"syntax error: unexpected \"{t[1]}\"")
            items.append(self.and_or())
            if self.at(";", "&", "\n"):
                if self.at("&"):
                    items[-1] = (*items[-1], True)
                self.i += 1
            else:
                break
        return ("list", tuple(items))

    def and_or(self) -> tuple:
        first = self.pipeline()
        rest = []
        while self.at("&&", "||"):
            op = self.next()[1]
            self.newlines()
            rest.append((op, self.pipeline()))
        return ("andor", first, tuple(rest))

    def pipeline(self) -> tuple:
        neg = False
        if self.at("!"):
            self.i += 1
            neg = True
        cmds = [self.command()]
        while self.at("|"):
            self.i += 1
            self.newlines()
            cmds.append(self.command())
        return ("pipe", neg, tuple(cmds))

    def body(self, expecting: str) -> tuple:
        node = self.list_()
        t = self.peek()
        if t is None:
            raise ShellSyntaxError(f"syntax error: unexpected end of file (expecting \"{expecting}\")")
        if not node[1]:
            raise ShellSyntaxError(f"syntax error: unexpected \"{t[1] if t[1] != chr(10) else 'newline'}\"")
        return node

    def command(self) -> tuple:
        t = self.peek()
        if t is None:
            raise ShellSyntaxError("syntax error: unexpected end of file")
        if t[0] == "op" and t[1] == "(":
            self.i += 1
            body = self.body(")")
            self.expect(")")
            return ("sub", body, self.redirs())
        if t[0] == "word":
            w = t[1]
            if w == "{":
                self.i += 1
                body = self.body("}")
                self.expect("}")
                return ("group", body, self.redirs())
            if w == "if":
                self.i += 1
                arms = []
                cond = self.body("then")
                self.expect("then")
                arms.append((cond, self.body("fi")))
                other = None
                while True:
                    if self.at("elif"):
                        self.i += 1
                        c = self.body("then")
                        self.expect("then")
                        arms.append((c, self.body("fi")))
                        continue
                    if self.at("else"):
                        self.i += 1
                        other = self.body("fi")
                    self.expect("fi")
                    break
                return ("if", tuple(arms), other, self.redirs())
            if w in ("while", "until"):
                self.i += 1
                cond = self.body("do")
                self.expect("do")
                body = self.body("done")
                self.expect("done")
                return ("while", w == "until", cond, body, self.redirs())
            if w == "for":
                self.i += 1
                t = self.peek()
                if t is None or t[0] != "word" or not re.fullmatch(r"[A-Za-z_]\w*", t[1]):
                    raise ShellSyntaxError("syntax error: bad for loop variable")
                var = self.next()[1]
                words: list[str] | tuple[str, ...] | None = None
                self.newlines()
                if self.at("in"):
                    self.i += 1
                    words = []
                    while (t := self.peek()) is not None and t[0] == "word":
                        words.append(self.next()[1])
                    words = tuple(words)
                if self.at(";", "\n"):
                    self.i += 1
                self.newlines()
                self.expect("do")
                body = self.body("done")
                self.expect("done")
                return ("for", var, words, body, self.redirs())
            if w in ("then", "elif", "else", "fi", "do", "done", "}", "in", "esac"):
                raise ShellSyntaxError(f"syntax error: unexpected \"{w}\"")
            if w == "case":
                return self.case()
            nxt = self.toks[self.i + 1] if self.i + 1 < len(self.toks) else None
            if nxt is not None and nxt[:2] == ("op", "(") and w not in RESERVED and not _ASSIGN.match(w):
                return self.function()
        return self.simple()

    def case(self) -> tuple:
        self.i += 1
        t = self.peek()
        if t is None or t[0] != "word":
            raise ShellSyntaxError("syntax error: unexpected end of file (expecting \"in\")" if t is None else
                                   f"syntax error: unexpected \"{t[1] if t[1] != chr(10) else 'newline'}\"")
        word = self.next()[1]
        self.newlines()
        self.expect("in")
        arms = []
        while True:
            self.newlines()
            if self.at("esac"):
                self.i += 1
                break
            if self.at("("):
                self.i += 1
            patterns = []
            while True:
                t = self.peek()
                if t is None:
                    raise ShellSyntaxError("syntax error: unexpected end of file (expecting \")\")")
                if t[0] != "word":
                    raise ShellSyntaxError(f"syntax error: unexpected \"{t[1] if t[1] != chr(10) else 'newline'}\"")
                patterns.append(self.next()[1])
                if self.at("|"):
                    self.i += 1
                    continue
                self.expect(")")
                break
            body = self.list_()
            arms.append((tuple(patterns), body))
            if self.at(";;"):
                self.i += 1
                continue
            self.newlines()
            if self.peek() is None:
                raise ShellSyntaxError("syntax error: unexpected end of file (expecting \";;\")")
            self.expect("esac")
            break
        return ("case", word, tuple(arms), self.redirs())

    def function(self) -> tuple:
        name = self.next()[1]
        self.expect("(")
        self.expect(")")
        self.newlines()
        body = self.command()
        if body[0] == "simple":
            raise ShellSyntaxError(f"syntax error: unexpected \"{body[2][0] if body[2] else 'newline'}\"")
        return ("function", name, body)

    def redirs(self) -> tuple:
        out = []
        while (r := self.redir()) is not None:
            out.append(r)
        return tuple(out)

    def redir(self) -> tuple | None:
        t = self.peek()
        if t is None:
            return None
        fd = None
        if t[0] == "io":
            fd = int(t[1])
            self.i += 1
            t = self.peek()
        if t is None or t[0] != "op" or t[1] not in (">", ">>", "<", ">&", "<&", ">|", "<<", "<<-"):
            if fd is not None:
                self.i -= 1
            return None
        op = self.next()[1]
        target = self.peek()
        if op in ("<<", "<<-"):
            if target is None or target[0] not in ("here", "hereq"):
                raise ShellSyntaxError("syntax error: unexpected newline")
            self.i += 1
            return (0 if fd is None else fd, "<<" if target[0] == "here" else "<<'", target[1])
        if target is None or target[0] != "word":
            raise ShellSyntaxError(f"syntax error: unexpected \"{target[1] if target and target[1] != chr(10) else 'newline'}\""
                                   if target else "syntax error: unexpected newline")
        self.i += 1
        if fd is None:
            fd = 0 if op in ("<", "<&") else 1
        return (fd, op, target[1])

    def simple(self) -> tuple:
        assigns: list[str] = []
        words: list[str] = []
        redirs: list[tuple] = []
        first = self.peek()
        assert first is not None, "command() calls this at the token it peeked"
        line = first[2]
        while True:
            r = self.redir()
            if r is not None:
                redirs.append(r)
                continue
            t = self.peek()
            if t is None or t[0] != "word":
                break
            if not words and _ASSIGN.match(t[1]):
                assigns.append(self.next()[1])
                continue
            words.append(self.next()[1])
        if not (assigns or words or redirs):
            t = self.peek()
            raise ShellSyntaxError(f"syntax error: unexpected \"{t[1] if t and t[1] != chr(10) else 'newline'}\""
                                   if t else "syntax error: unexpected end of file")
        return ("simple", tuple(assigns), tuple(words), tuple(redirs), line)


def parse(text: str) -> tuple:
    return Parser(text).program()
