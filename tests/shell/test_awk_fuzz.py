"""Any awk program text: awk answers (an exit code, busybox's message) or runs out of its step
budget; it never raises anything else, never loops past the budget."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kubetui.engine.kubelet.shell import FileSystem, Machine
from kubetui.engine.kubelet.shell import awk as awk_

pytestmark = pytest.mark.slow  # fuzz; the fast subset keeps awk's own tests and goldens (test_awk.py)

_TOKENS = st.sampled_from([
    "BEGIN", "END", "{", "}", "(", ")", "[", "]", ";", "\n", ",", "$", "$0", "$1", "$NF", "NF", "NR", "FS", "OFS",
    "x", "a", "a[1]", "a[x]", "k", "in", "=", "+=", "-=", "*=", "/=", "%=", "^=", "++", "--", "+", "-", "*", "/",
    "%", "^", "!", "~", "!~", "<", "<=", "==", "!=", ">", ">=", "&&", "||", "?", ":", "0", "1", "3", "-1", "1e9",
    "0.5", '"a"', '"%d %s\\n"', '"%c"', '"%5.2f"', '"%*d"', "/a+/", "/[/", "/(/", "print", "printf", "if", "else",
    "while", "do", "for", "next", "exit", "delete", "break", "continue", "getline", "function", "return",
    "length", "substr(", "index(", "split(", "sub(", "gsub(", "match(", "sprintf(", "toupper(", "int(", "sqrt(",
    "log(", "exp(", "srand(", "rand()", '"out"', ">>", "|", "\\", '"', "#", "-F", "-v",
])


def _io(out: list[str]) -> awk_.Io:
    def read(name: str) -> str:
        raise awk_.AwkError(f"{name}: No such file or directory")

    def write(name: str, text: str, append: bool) -> None:
        out.append(text)
    return awk_.Io(out=out.append, err=out.append, read=read, write=write)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=60), st.lists(_TOKENS, max_size=30).map(" ".join)),
       st.lists(st.sampled_from(["", "a b c", "1 2 3", "x:y", "10\t-3"]), max_size=4).map("\n".join))
def test_any_program_ends_with_an_exit_code_or_its_budget(program, stdin):
    out: list[str] = []
    try:
        code = awk_.main([program], stdin, _io(out), budget=5_000)
    except awk_.AwkBudget:
        return
    assert 0 <= code <= 255
    assert sum(map(len, out)) <= 8 * awk_.MAX_STRING


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_TOKENS, max_size=30).map(" ".join))
def test_any_program_in_a_container_shell_ends_within_its_tick(program):
    m = Machine.for_script("echo 'a b' | awk \"$P\"", FileSystem(), {"P": program, "PATH": "/bin"})
    m.advance(0, budget=200)
    assert m.done and 0 <= m.exit_code <= 255
