"""The play screen's panes, one widget per module."""
