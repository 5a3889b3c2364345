"""`head -3 pod.yaml`, `grep image: pod.yaml`: a learner looks at the file they just wrote with
`--dry-run=client -o yaml > pod.yaml` as on their own machine. The bar sent these to kubectl
(`$ kubectl head -3 pod.yaml`, `error: unknown command "head" for "kubectl"`); `sed -i` edits
the file in place, as on their machine."""

import os

from kubetui.shell import normalize


async def test_a_filter_at_the_start_of_the_line_reads_the_folders_file(sandbox_app, tmp_path, monkeypatch):
    from kubetui.ui.widgets.command_bar import CommandBar
    from kubetui.ui.widgets.output import OutputPane

    (tmp_path / "game").mkdir()
    monkeypatch.chdir(tmp_path / "game")
    app = sandbox_app()
    async with app.run_test(size=(120, 40)) as pilot:
        bar = app.play_screen.query_one(CommandBar)
        pane = app.play_screen.query_one(OutputPane)

        async def type_line(line):
            bar.focus()
            bar.value = line
            await pilot.press("enter")
            await pilot.pause()

        await type_line("k run web --image=nginx:1.25 --dry-run=client -o yaml > pod.yaml")
        assert os.path.exists(tmp_path / "game" / "pod.yaml")
        await type_line("head -3 pod.yaml")
        await type_line("grep image: pod.yaml | wc -l")
        await type_line("head -3 nope.yaml")
        await type_line("sed -i 's/nginx:1.25/nginx:1.27/' pod.yaml")
        text = pane.text()
        assert "$ head -3 pod.yaml\napiVersion: v1\nkind: Pod\nmetadata:\n" in text
        assert "$ grep image: pod.yaml | wc -l\n1\n" in text
        assert "nope.yaml: No such file or directory" in text
        assert "unknown command" not in text
        assert "image: nginx:1.27" in (tmp_path / "game" / "pod.yaml").read_text()  # sed -i edits the file


def test_filters_keep_their_own_name_at_the_door():
    assert normalize("head -3 pod.yaml") == "head -3 pod.yaml"
    assert normalize("grep image pod.yaml") == "grep image pod.yaml"
    assert normalize("get pods") == "kubectl get pods"
