"""Text shown to the learner, always in both languages the game speaks."""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict, Field


class Text(BaseModel):
    """A sentence in English and Korean; a scenario must carry both, so neither player is left out."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    en: str = Field(min_length=1)
    ko: str = Field(min_length=1)

    def get(self, lang: str) -> str:
        """The text in `lang` (`en` or `ko`; English for anything else), re-flowed for the screen."""
        return reflow(self.ko if lang == "ko" else self.en)


_KEEP_LINE = re.compile(r"^(\s|[-*•>$]\s|\d+[.)]\s|kubectl\s|```)")


def reflow(text: str) -> str:
    """Join the lines an author wrapped by hand, so the screen wraps them at its own width.

    Blank lines separate paragraphs; list items, commands, quotes and indented lines keep
    their own lines."""
    out: list[str] = []
    for line in text.rstrip("\n").split("\n"):
        if out and out[-1] and line.strip() and not _KEEP_LINE.match(line) and not _KEEP_LINE.match(out[-1]):
            out[-1] = out[-1].rstrip() + " " + line.strip()
        else:
            out.append(line.rstrip())
    return "\n".join(out)
