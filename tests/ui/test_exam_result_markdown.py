"""The finished exam's report is shown rendered (headings, a table, lists, code blocks), not as
raw Markdown, and reads within an 80x24 terminal."""

import pytest
from rich.cells import cell_len
from textual.geometry import Region

pytestmark = pytest.mark.slow


async def test_the_exam_report_is_rendered_markdown_at_80_columns(sandbox_app, tmp_path):
    from textual.widgets import Static

    from kubetui.exercise.catalog import load_catalog
    from kubetui.exercise.exam import draw, grade_exam
    from kubetui.ui.screens.detail import DetailScreen
    from kubetui.ui.screens.exam import result_view

    result = grade_exam(draw(load_catalog(None), 30, 7)[:3], tmp_path, seed=7, minutes=30)
    title, body, report = result_view(result, tmp_path / "exam.md", "en")
    app = sandbox_app()
    async with app.run_test(size=(80, 24)) as pilot:
        app.push_screen(DetailScreen(title, body, None, "en", markdown=report))
        for _ in range(50):
            if app.screen.query("#detail-markdown"):
                break
            await pilot.pause()
        await pilot.pause()
        shown = app.screen.query_one("#detail-markdown", Static)
        width = shown.content_size.width
        assert 60 <= width < 80
        strips = shown.render_lines(Region(0, 0, shown.size.width, shown.size.height))
        lines = ["".join(segment.text for segment in strip).rstrip() for strip in strips]
    text = "\n".join(lines)
    assert max(cell_len(line) for line in lines) <= width
    for raw in ("**", "|---", "| # |", "```", "## ", "`k8s-c"):
        assert raw not in text, f"{raw!r} shown raw"
    assert "Score: 0.0% (pass mark 66%): NOT PASSED" in text
    header = next(line for line in lines if "Exercise" in line)
    assert header.split() == ["#", "Exercise", "Domain", "Weight", "Score"]
    assert "What happened in this task" in text and "No commands were run in this task." in text
    assert any(line.startswith("▌ ") for line in lines), "the debrief is a quote"
    assert report in DetailScreen(title, body, markdown=report).body_text()
