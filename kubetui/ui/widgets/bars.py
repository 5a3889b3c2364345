"""Usage bars drawn as text, coloured by how close to full they are."""

from __future__ import annotations

from rich.text import Text

BLOCKS = " ▏▎▍▌▋▊▉█"


def level_style(fraction: float) -> str:
    if fraction >= 0.9:
        return "bold red"
    if fraction >= 0.7:
        return "yellow"
    return "green"


def bar(used: float, total: float, width: int = 10, label: str | None = None) -> Text:
    """`████▌     45%`: eighth-block bar of used/total, then the label (default: percent)."""
    fraction = (used / total) if total else (1.0 if used else 0.0)
    shown = max(0.0, min(1.0, fraction))
    eighths = round(shown * width * 8)
    full, part = divmod(eighths, 8)
    cells = "█" * full + (BLOCKS[part] if part and full < width else "")
    text = Text(no_wrap=True)
    if width:
        text.append(cells.ljust(width), style=level_style(fraction))
        text.append(" ")
    text.append(label if label is not None else f"{round(fraction * 100):>3d}%")
    return text
