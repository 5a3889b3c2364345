"""Screens: home, play, detail views and prompts, results."""
