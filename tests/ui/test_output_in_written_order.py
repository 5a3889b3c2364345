"""The Output pane shows what a program in a container printed in the order it wrote it, as a
terminal does: `nginx -T | head` says its test passed before the configuration's first lines,
and a shell's error comes between the lines printed before and after it."""

from settle_kit import typist, wait_for


async def test_a_programs_stderr_and_stdout_show_in_the_order_written(sandbox_app):
    from kubetui.ui.widgets.command_bar import CommandBar
    from kubetui.ui.widgets.output import OutputPane

    app = sandbox_app()
    async with app.run_test(size=(120, 40)) as pilot:
        bar = app.play_screen.query_one(CommandBar)
        pane = app.play_screen.query_one(OutputPane)

        typed = typist(pilot, bar)

        await typed("kubectl run web --image=nginx:1.27")
        app.advance(10)
        await typed("kubectl exec web -- nginx -T | head -2")
        await wait_for(pilot, lambda: "# configuration file /etc/nginx/nginx.conf:" in pane.plain)
        shown = pane.plain[pane.plain.index("$ kubectl exec web -- nginx -T | head -2") + 1:]
        assert shown[:3] == ["nginx: the configuration file /etc/nginx/nginx.conf syntax is ok",
                             "nginx: configuration file /etc/nginx/nginx.conf test is successful",
                             "# configuration file /etc/nginx/nginx.conf:"]

        await typed("kubectl exec -it web -- sh")
        await wait_for(pilot, lambda: bar.border_title == "#")  # nginx's sh is dash
        await typed("echo before; ls /nope; echo after")
        await wait_for(pilot, lambda: "after" in pane.plain)
        shown = pane.plain[pane.plain.index("# echo before; ls /nope; echo after") + 1:]
        assert shown[:3] == ["before", "ls: cannot access '/nope': No such file or directory", "after"]


async def test_a_shell_that_opens_later_repeats_nothing_kubectl_printed_before_it(sandbox_app):
    """`kubectl debug -it` prints its own lines, waits for the container, then is a shell: the
    pane goes on from where it was, every line once."""
    from kubetui.ui.widgets.command_bar import CommandBar
    from kubetui.ui.widgets.output import OutputPane

    app = sandbox_app()
    async with app.run_test(size=(120, 40)) as pilot:
        bar = app.play_screen.query_one(CommandBar)
        pane = app.play_screen.query_one(OutputPane)

        typed = typist(pilot, bar)

        await typed("kubectl run web --image=busybox -- sleep 3600")
        app.advance(15)
        await typed("kubectl debug -it web --image=busybox --target=web")
        app.advance(5)
        await wait_for(pilot, lambda: bar.border_title == "/ #")
        await typed("echo hi; ls /x; echo there")
        await wait_for(pilot, lambda: "there" in pane.plain)
        shown = pane.plain[pane.plain.index("$ kubectl debug -it web --image=busybox --target=web") + 1:]
        said = [line for line in shown if line and not line.startswith(("#", "…"))]
        assert len(said) == len(set(said)), said
        assert "If you don't see a command prompt, try pressing enter." in said
        assert said[-3:] == ["hi", "ls: /x: No such file or directory", "there"]
