"""`python -m kubetui`: the same as the `kubetui` command (what `kubetui web` runs per browser)."""

from kubetui.cli import main

main()
