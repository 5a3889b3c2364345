"""A port of Go's text/tabwriter, the aligner behind kubectl's tables and describe.

Cells are tab-terminated; the text after a line's last tab is not part of any column.
A column block is a run of consecutive lines that all have a cell in that column, so a
line without tabs ends the alignment of everything above it — exactly the quirk that
shapes `kubectl describe` output.
"""


def tabwrite(text: str, minwidth: int = 0, padding: int = 1, padchar: str = " ") -> str:
    """Align tab-separated `text` as Go's tabwriter (flags 0) does after Flush."""
    lines = [line.split("\t") for line in text.split("\n")]
    out: list[str] = []
    widths: list[int] = []

    def write_lines(line0: int, line1: int) -> None:
        for i in range(line0, line1):
            cells = lines[i]
            parts = []
            for j, cell in enumerate(cells):
                parts.append(cell)
                if j < len(widths) and j < len(cells) - 1:
                    parts.append(padchar * (widths[j] - len(cell)))
            out.append("".join(parts))

    def fmt(line0: int, line1: int) -> None:
        column = len(widths)
        this = line0
        while this < line1:
            if column >= len(lines[this]) - 1:
                this += 1
                continue
            write_lines(line0, this)
            line0 = this
            width = minwidth
            while this < line1 and column < len(lines[this]) - 1:
                width = max(width, len(lines[this][column]) + padding)
                this += 1
            widths.append(width)
            fmt(line0, this)
            widths.pop()
            line0 = this
        write_lines(line0, line1)

    fmt(0, len(lines))
    return "\n".join(out)
