"""Charts of the last minutes: ready and pending pods, CPU and memory requested, Service
success rate — where a learner would rather look than read."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Label, Sparkline

from kubetui.ui.i18n import t

SERIES = (("ready", "charts.replicas", ""), ("pending", "charts.pending", ""), ("cpu", "charts.cpu", "%"),
          ("memory", "charts.memory", "%"), ("success", "charts.success", "%"))


class ChartsPane(VerticalScroll):
    """One Sparkline per series, labelled with its latest value."""

    DEFAULT_CSS = """
    ChartsPane { height: 1fr; }
    ChartsPane > Label { width: 1fr; color: $text-muted; }
    ChartsPane > Sparkline { height: 2; margin-bottom: 1; }
    """

    def __init__(self, lang: str = "en", **kwargs):
        super().__init__(**kwargs)
        self.lang = lang
        self.border_title = t("pane.charts", lang)

    def compose(self) -> ComposeResult:
        for name, label, _ in SERIES:
            yield Label(t(label, self.lang), id=f"chart-label-{name}")
            yield Sparkline([], id=f"chart-{name}", summary_function=max)

    def show(self, samples, width: int | None = None) -> None:
        n = max(10, width or self.size.width or 40)
        for name, label, unit in SERIES:
            data = samples.get(name)[-n:]
            spark = self.query_one(f"#chart-{name}", Sparkline)
            lbl = self.query_one(f"#chart-label-{name}", Label)
            visible = bool(data) or name != "success"
            spark.display = visible
            lbl.display = visible
            if not visible:
                continue
            spark.data = data
            latest = data[-1] if data else 0
            value = f"{latest:.0f}{unit}"
            lbl.update(f"{t(label, self.lang)}: {value}")
