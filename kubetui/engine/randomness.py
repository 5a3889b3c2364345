"""The simulation's random stream, which can step back over the draws of a refused create.

A create that admission refuses must leave the stream as it was: the same seed and commands
then give the same uids and names in any process. Saving the generator's state before every
create copied its 625 words each time (a cold start makes 30,000 pods). The stream counts
instead the 32-bit words drawn; `mark` is that count, and `rewind` loads a state saved at most
SAVE_EVERY words earlier and draws the words in between again. The Mersenne Twister's state
after n words depends on n alone, not on how the draws grouped them.
"""

from __future__ import annotations

import _random
import random

SAVE_EVERY = 4096
"""Words drawn between saved states: at most this many (plus the create's own) are drawn again to step back."""

_getrandbits = _random.Random.getrandbits  # the generator's own methods, which count nothing
_random_float = _random.Random.random
_getstate = _random.Random.getstate
_setstate = _random.Random.setstate

Mark = tuple[tuple, int, int, object]
"""(a saved state of the generator, the words drawn when it was saved, the words drawn at the
mark, `gauss_next` at the mark)."""


class Stream(random.Random):
    """`random.Random` that counts the words it draws (every other draw method goes through
    `getrandbits` or `random`)."""

    drawn = 0
    _saved: tuple | None = None
    _saved_at = 0

    def seed(self, a=None, version=2) -> None:
        super().seed(a, version)
        self.drawn, self._saved = 0, None

    def setstate(self, state) -> None:
        super().setstate(state)
        self.drawn, self._saved = 0, None

    def getrandbits(self, k: int) -> int:
        bits = _getrandbits(self, k)
        self.drawn += ((k - 1) >> 5) + 1 if k > 0 else 0
        return bits

    def random(self) -> float:
        value = _random_float(self)
        self.drawn += 2
        return value

    def suffix(self, alphabet: str, n: int) -> str:
        """`"".join(self.choice(alphabet) for _ in range(n))`, the same draws without a call per draw."""
        size = len(alphabet)
        k = size.bit_length()
        drawn = 0
        out = []
        for _ in range(n):
            r = _getrandbits(self, k)
            drawn += 1
            while r >= size:
                r = _getrandbits(self, k)
                drawn += 1
            out.append(alphabet[r])
        self.drawn += drawn
        return "".join(out)

    def mark(self) -> Mark:
        """Where the stream is, for `rewind`."""
        drawn = self.drawn
        saved = self._saved
        if saved is None or drawn - self._saved_at > SAVE_EVERY:
            saved = self._saved = _getstate(self)
            self._saved_at = drawn
        return (saved, self._saved_at, drawn, self.gauss_next)

    def rewind(self, mark: Mark) -> None:
        """Back to where the stream was at `mark`, as if nothing had been drawn since."""
        saved, saved_at, drawn, gauss_next = mark
        _setstate(self, saved)
        if drawn > saved_at:
            _getrandbits(self, 32 * (drawn - saved_at))
        self.gauss_next = gauss_next
        self.drawn, self._saved, self._saved_at = drawn, saved, saved_at
