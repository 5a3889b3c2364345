"""Small words a newcomer reads: `1 pod`, markers beside their names, did-you-mean."""

import pytest

from kubetui.ui.app import StartError, _load
from kubetui.ui.widgets.namespaces import NamespaceTree
from kubetui.ui.widgets.nodes import NodesPane


def test_a_misspelt_scenario_id_suggests_the_close_ones():
    with pytest.raises(StartError) as err:
        _load("node-failur")
    assert "Did you mean this?\n\tnode-failure" in str(err.value)
    with pytest.raises(StartError) as err:
        _load("zzzz-nothing")
    assert "Did you mean" not in str(err.value)


async def test_one_pod_and_the_control_plane_line_keeps_markers_with_names(sandbox_app):
    app = sandbox_app()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.play_screen
        screen.run_command("kubectl run solo --image=nginx:1.25")
        app.advance(3)
        screen.request_tree_rebuild()
        await pilot.pause()
        labels = [str(node.label) for node in screen.query_one(NamespaceTree).root.children]
        assert any(label.startswith("default") and label.endswith("  1 pod") for label in labels), labels
        extra = str(screen.query_one(NodesPane).query_one("#nodes-extra").render())
        for line in extra.splitlines():
            assert not line.rstrip().endswith(("●", "✖")), extra
        for component in ("etcd", "kube-apiserver", "kube-controller-manager", "kube-scheduler"):
            assert f"● {component}" in extra
