"""Text shown to the learner, always in both languages the game speaks."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class Text(BaseModel):
    """A sentence in English and Korean; a scenario must carry both, so neither player is left out."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    en: str = Field(min_length=1)
    ko: str = Field(min_length=1)

    def get(self, lang: str) -> str:
        """The text in `lang` (`en` or `ko`); English for anything else."""
        return self.ko if lang == "ko" else self.en
