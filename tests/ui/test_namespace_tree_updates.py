"""The namespace tree follows changes that only change its words (pod counts, a workload's
summary) without a rebuild, and says what a rebuild would say; a change of its shape rebuilds it."""

from kubetui.ui.widgets.namespaces import NamespaceTree


def lines(tree):
    out, stack = [], [(node, 0) for node in reversed(tree.root.children)]
    while stack:
        node, depth = stack.pop()
        out.append("  " * depth + node.label.plain)
        stack.extend((child, depth + 1) for child in reversed(node.children))
    return out


async def test_counts_follow_without_a_rebuild(sandbox_app):
    app = sandbox_app()
    async with app.run_test(size=(160, 48)) as pilot:
        screen = app.play_screen
        screen.run_command("kubectl create deployment web --image=nginx --replicas=3")
        screen.run_command("kubectl create deployment api --image=nginx --replicas=2")
        app.advance(20)
        await pilot.pause()
        tree = screen.query_one(NamespaceTree)
        screen.request_tree_rebuild()
        rebuilds = tree.rebuilds

        screen.run_command("kubectl scale deployment web --replicas=5")
        app.advance(1)
        app.advance(20)
        await pilot.pause()
        screen.run_command("kubectl scale deployment api --replicas=1")
        app.advance(40)
        await pilot.pause()
        assert tree.rebuilds == rebuilds
        shown = lines(tree)
        assert any("5 pods" in line for line in shown) and any("1 pod" in line for line in shown)
        assert any("web" in line and "5/5 ready" in line for line in shown)
        tree.rebuild(app.game.sim, app.game.watch)
        assert lines(tree) == shown

        rebuilds = tree.rebuilds
        screen.run_command("kubectl create deployment db --image=nginx")
        app.advance(20)
        for _ in range(100):  # the rebuild waits for the throttle (a real second)
            if tree.rebuilds > rebuilds:
                break
            await pilot.pause(0.05)
        assert tree.rebuilds > rebuilds
        assert any("Deployment db" in line for line in lines(tree))
