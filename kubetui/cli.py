"""The `kubetui` command: the game by default, and headless play, replay and validation.

Every command reports bad input as one clear line on stderr with a non-zero exit; a Python
traceback never reaches the user.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from kubetui import __version__


class UserError(click.ClickException):
    """A problem with the user's input: printed as `error: ...`, exit 1."""

    def show(self, file=None) -> None:
        click.echo(f"error: {self.message}", err=True)


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kubetui")
@click.option("--lang", type=click.Choice(["en", "ko"]), default=None, help="Language of the game's text.")
@click.pass_context
def main(ctx: click.Context, lang: str | None) -> None:
    """kubetui: a Kubernetes cluster in your terminal. With no command, the game starts."""
    ctx.ensure_object(dict)
    ctx.obj["lang"] = lang
    if ctx.invoked_subcommand is None:
        from kubetui.ui.app import run_app

        run_app(lang=lang)


def _load_script(path: str | None):
    if path is None:
        return [], "."
    from kubetui.scenario.script import parse_script

    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
    except OSError as exc:
        raise UserError(f"{path}: {exc.strerror}") from None
    try:
        return parse_script(text, str(p)), str(p.parent)
    except ValueError as exc:
        raise UserError(str(exc)) from None


def _sandbox(target: Path, seed: int, nodes: int):
    """A plain cluster, with every manifest of `target` (a folder or file) applied."""
    from kubetui.engine.simulation import Simulation

    sim = Simulation(seed=seed, nodes=nodes)
    if target.is_dir():
        files = sorted(p for p in target.iterdir() if p.suffix in (".yaml", ".yml", ".json"))
    else:
        files = [target]
    for f in files:
        r = sim.run(f"kubectl apply -f {json.dumps(str(f))}", source="script")
        if r.exit_code:
            raise UserError(r.stderr.strip().removeprefix("error: "))
    return sim


@main.command()
@click.argument("target", type=click.Path())
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--script", "script", type=click.Path(), default=None, help="Commands to play, one per line.")
@click.option("--ticks", type=int, default=None, help="Simulated seconds to run (default: the scenario's duration).")
@click.option("--nodes", type=int, default=3, show_default=True, help="Worker nodes, for a folder of manifests.")
@click.option("--log", "log", type=click.Path(), default=None, help="Write the event log here.")
@click.option("--dump", type=click.Path(), default=None, help="Write the final state as a Kubernetes List (JSON).")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
def run(target: str, seed: int, script: str | None, ticks: int | None, nodes: int, log: str | None,
        dump: str | None, as_json: bool) -> None:
    """Play SCENARIO (or a folder of manifests) headless; exit 0 when every objective holds."""
    from kubetui.headless import run_headless

    code = run_headless(target, seed=seed, script=script, ticks=ticks, nodes=nodes, log=log, dump=dump,
                        as_json=as_json)
    sys.exit(code)


def entry() -> None:
    main(obj={})


if __name__ == "__main__":
    entry()
