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


SEED_HELP = ("Seed of the run's randomness, the tick of each twist included (default: drawn at random, "
             "recorded in the event log and shown with the results; the same seed plays the same run).")


def drawn_seed(seed: int | None) -> int:
    """The seed a player's game uses: the one asked for, else a fresh one from the operating
    system, so that each game's twists fall elsewhere (the engine itself never draws: the seed
    goes into the log's header, and replay uses it). Headless `run`, `exercise check` and the
    tests keep seed 0 unless told."""
    if seed is not None:
        return seed
    import secrets

    return secrets.randbelow(1_000_000)


class _Commands(click.Group):
    """Every command: a file kubetui cannot read (`InputError`) is `error: file:line: message`, exit 1."""

    def invoke(self, ctx: click.Context):
        from kubetui.model.safe_yaml import InputError

        try:
            return super().invoke(ctx)
        except InputError as exc:
            raise UserError(str(exc)) from None


@click.group(cls=_Commands, invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="kubetui")
@click.option("--lang", type=click.Choice(["en", "ko"]), default=None, help="Language of the game's text.")
@click.pass_context
def main(ctx: click.Context, lang: str | None) -> None:
    """kubetui: a Kubernetes cluster in your terminal. With no command, the game starts."""
    ctx.ensure_object(dict)
    ctx.obj["lang"] = lang
    if ctx.invoked_subcommand is None:
        from kubetui.ui.app import run_app

        run_app(lang=lang, seed=drawn_seed(None))


@main.command()
@click.argument("scenario", required=False)
@click.option("--seed", type=int, default=None, help=SEED_HELP)
@click.option("--lang", "play_lang", type=click.Choice(["en", "ko"]), default=None, help="Language of the game's text.")
@click.option("--log", "log", type=click.Path(), default=None, help="Write the event log here.")
@click.option("--api", is_flag=True, help="Also serve the game's Kubernetes API to the real kubectl (see `serve`).")
@click.pass_context
def play(ctx: click.Context, scenario: str | None, seed: int | None, play_lang: str | None, log: str | None,
         api: bool) -> None:
    """Play SCENARIO (a file, folder or id) in the terminal; the home screen without one."""
    from kubetui.ui.app import StartError, run_play

    try:
        run_play(scenario, seed=drawn_seed(seed), lang=play_lang or ctx.obj.get("lang"), log=log, api=api)
    except StartError as exc:
        raise UserError(str(exc)) from None


@main.command()
@click.option("--nodes", type=click.IntRange(1, 5000), default=3, show_default=True, help="Worker nodes.")
@click.option("--seed", type=int, default=None, help=SEED_HELP)
@click.option("--log", "log", type=click.Path(), default=None, help="Write the event log here.")
@click.option("--api", is_flag=True, help="Also serve the game's Kubernetes API to the real kubectl (see `serve`).")
@click.option("--clusters", type=click.IntRange(1, 8), default=1, show_default=True,
              help="This many clusters on one clock, one kubeconfig context each (kubetui, kubetui-2, …).")
@click.pass_context
def sandbox(ctx: click.Context, nodes: int, seed: int | None, log: str | None, api: bool, clusters: int) -> None:
    """Free play on a plain cluster: any kubectl command, and `sim` faults."""
    from kubetui.ui.app import run_sandbox

    run_sandbox(nodes, seed=drawn_seed(seed), lang=ctx.obj.get("lang"), log=log, api=api, clusters=clusters)


@main.command()
@click.argument("scenario", required=False)
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--port", type=click.IntRange(0, 65535), default=0, help="Port to listen on (default: a free one).")
@click.option("--kubeconfig", "config", type=click.Path(), default=None,
              help="Write the kubeconfig here (default: kubeconfig in the player's data folder).")
@click.option("--speed", type=click.FloatRange(min=0, min_open=True), default=1.0, show_default=True,
              help="Ticks (simulated seconds) per second.")
@click.option("--paused", is_flag=True, help="Stop the clock: only `kubectl sim step N` advances it.")
@click.option("--nodes", type=click.IntRange(1, 5000), default=3, show_default=True, help="Worker nodes of a sandbox.")
@click.option("--log", "log", type=click.Path(), default=None, help="Write the event log here.")
@click.option("--address", default="127.0.0.1", show_default=True,
              help="Interface to listen on (anything but loopback lets others reach the cluster).")
@click.option("--clusters", type=click.IntRange(1, 8), default=1, show_default=True,
              help="Serve this many independent clusters, one kubeconfig context each (kubetui, kubetui-2, …).")
def serve(scenario: str | None, seed: int, port: int, config: str | None, speed: float, paused: bool, nodes: int,
          log: str | None, address: str, clusters: int) -> None:
    """Serve the Kubernetes API of SCENARIO's cluster (a sandbox without one) to the real kubectl."""
    from kubetui.api.serve import ServeError, run_serve

    try:
        sys.exit(run_serve(scenario, seed=seed, port=port, config=config, speed=speed, paused=paused, log=log,
                           host=address, nodes=nodes, clusters=clusters))
    except ServeError as exc:
        raise UserError(str(exc)) from None


@main.command(context_settings={"ignore_unknown_options": True, "allow_interspersed_args": False})
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port to listen on (0: a free one).")
@click.option("--address", default="127.0.0.1", show_default=True,
              help="Interface to listen on (anything but loopback lets others start games here).")
@click.option("--public-url", default=None,
              help="The address browsers reach the server at, when it runs behind a proxy or a Service.")
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
@click.pass_context
def web(ctx: click.Context, port: int, address: str, public_url: str | None, args: tuple[str, ...]) -> None:
    """Play in a web browser: every browser session gets its own game and cluster.

    ARGS, if any, are the kubetui command each session runs (`kubetui web sandbox --nodes 5`);
    the home screen without them.
    """
    from kubetui.web import run_web

    try:
        run_web(host=address, port=port, public_url=public_url, lang=ctx.obj.get("lang"), args=args)
    except OSError as exc:
        raise UserError(f"cannot listen on {address}:{port}: {exc.strerror or exc}") from None


def _load_script(path: str | None):
    if path is None:
        return [], "."
    from kubetui.model.safe_yaml import read_text
    from kubetui.scenario.script import parse_script

    p = Path(path)
    try:
        text = read_text(p)
    except OSError as exc:
        raise UserError(f"{path}: {exc.strerror}") from None
    try:
        return parse_script(text, str(p)), str(p.parent)
    except ValueError as exc:
        raise UserError(str(exc)) from None


def _sandbox(target: Path, seed: int, nodes: int):
    """A plain cluster, with every manifest of `target` (a folder or file) applied."""
    from kubetui.shell import Simulation

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
@click.option("--seed", type=int, default=0, show_default=True,
              help="Seed of the run's randomness and twists (0 unless told, so that a headless run repeats).")
@click.option("--script", "script", type=click.Path(), default=None, help="Commands to play, one per line.")
@click.option("--ticks", type=click.IntRange(min=0), default=None,
              help="Simulated seconds to run (default: the scenario's duration).")
@click.option("--nodes", type=click.IntRange(1, 5000), default=3, show_default=True,
              help="Worker nodes, for a folder of manifests.")
@click.option("--log", "log", type=click.Path(), default=None, help="Write the event log here.")
@click.option("--dump", type=click.Path(), default=None, help="Write the final state as a Kubernetes List (JSON).")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.option("-v", "--verbose", is_flag=True,
              help="Under each objective, the reason of its verdict and the objective as the machine reads it.")
@click.option("--lang", type=click.Choice(["en", "ko"]), default=None,
              help="Language of the objective texts and the debrief (default: kubetui's --lang, else en).")
@click.pass_context
def run(ctx: click.Context, target: str, seed: int, script: str | None, ticks: int | None, nodes: int,
        log: str | None, dump: str | None, as_json: bool, verbose: bool, lang: str | None) -> None:
    """Play SCENARIO (or a folder of manifests) headless; exit 0 when every objective holds."""
    from kubetui.headless import run_headless

    code = run_headless(target, seed=seed, script=script, ticks=ticks, nodes=nodes, log=log, dump=dump,
                        as_json=as_json, verbose=verbose, lang=lang or (ctx.obj or {}).get("lang") or "en")
    sys.exit(code)


@main.command()
@click.argument("log", required=False, type=click.Path())
@click.option("--verify", is_flag=True, help="Re-simulate headless; exit 0 when every checkpoint matches.")
@click.option("--headless", is_flag=True, help="Print a summary instead of opening the UI.")
@click.option("--at", "at", type=int, default=None, help="The tick to show (with --dump: to write).")
@click.option("--dump", type=click.Path(), default=None, help="Write the state at --at (or the end) as a Kubernetes List.")
@click.option("--against", type=click.Path(), default=None, help="Another run's log: where the two runs differ.")
@click.option("--events", type=click.Path(), default=None, help="A real cluster's `kubectl get events -A -o json|yaml`.")
def replay(log: str | None, verify: bool, headless: bool, at: int | None, dump: str | None, against: str | None,
           events: str | None) -> None:
    """Play back the event log LOG of a run (or a real cluster's Events)."""
    from kubetui.replay.command import replay_main

    if events is not None and log is None and not (headless or verify or at is not None or dump or against) \
            and sys.stdout.isatty() and sys.stdin.isatty():
        from kubetui.replay.reader import LogError
        from kubetui.ui.app import run_events

        try:
            run_events(events)
        except LogError as exc:
            click.echo(str(exc), err=True)
            sys.exit(2)
        sys.exit(0)

    sys.exit(replay_main(log, verify=verify, headless=headless, at=at, dump=dump, against=against, events=events,
                         open_ui=_show_replay))


def _show_replay(session) -> None:
    from kubetui.ui.app import run_replay

    run_replay(session)


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path())
def validate(files: tuple[str, ...]) -> None:
    """Check scenarios, manifests and scripts; print every problem as file:line: message."""
    from kubetui.scenario.loader import validate_paths

    problems = validate_paths(list(files))
    for line in problems:
        click.echo(line, err=True)
    if problems:
        sys.exit(1)
    click.echo(f"{len(files)} file(s) OK")


@main.command()
def schema() -> None:
    """Print the JSON Schema of scenario files (for editors)."""
    from kubetui.scenario.loader import json_schema

    click.echo(json.dumps(json_schema(), indent=2))


@main.command(name="list")
@click.option("--json", "as_json", is_flag=True)
@click.option("--root", default=None, help="Folder of scenarios (default: the shipped ones).")
def list_(as_json: bool, root: str | None) -> None:
    """Scenarios and exercises, in campaign order, with the player's progress."""
    from kubetui.scenario.errors import ScenarioError
    from kubetui.scenario.loader import discover

    try:
        found = discover(root or scenarios_root())
    except ScenarioError as exc:
        raise UserError("\n".join(exc.messages)) from None
    progress = _progress()
    rows = [{"id": s.id, "mode": s.mode, "order": s.order, "difficulty": s.difficulty, "title": s.title.en,
             "concepts": list(s.concepts), "stars": progress.get(s.id, {}).get("stars", 0),
             "completed": bool(progress.get(s.id, {}).get("completed"))} for s in found]
    exercises = [] if root else _exercise_rows()
    if as_json:
        click.echo(json.dumps(rows + exercises, indent=2, ensure_ascii=False))
        return
    for r in rows:
        stars = "*" * r["stars"] + "." * (3 - r["stars"])
        click.echo(f"{r['order']:>3}  {stars}  {r['mode']:<9} {r['id']:<28} {r['title']}")
    by_pack: dict[str, list[dict]] = {}
    for r in exercises:
        by_pack.setdefault(r["pack"], []).append(r)
    for pack, group in by_pack.items():
        solved = sum(1 for r in group if r["solved"])
        click.echo(f"     {solved:>2}/{len(group):<3} exercise  {pack:<28} {group[0]['packTitle']}")


def _exercise_rows() -> list[dict]:
    """The shipped exercises with what the player solved (none when the packs cannot be read)."""
    from kubetui.exercise.catalog import domain_of, load_catalog
    from kubetui.progress import Progress
    from kubetui.scenario.errors import ScenarioError

    try:
        catalog = load_catalog()
    except ScenarioError:
        return []
    progress = Progress.load()
    rows = []
    for e in catalog.exercises:
        pack, title = e.pack or (domain_of(e), None)
        rows.append({"id": e.id, "mode": "exercise", "domain": domain_of(e), "pack": pack,
                     "packTitle": title.en if title else pack, "difficulty": e.difficulty,
                     "title": e.title.en, "solved": progress.solved(e.id)})
    return rows


class _ExerciseGroup(click.Group):
    """`kubetui exercise ID` opens an exercise; `list` and `check` are subcommands."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        i = 0
        while i < len(args) and args[i].startswith("-"):
            i += 1 if "=" in args[i] or args[i] in ("-h", "--help") else 2
        if i < len(args) and args[i] not in self.commands:
            args = [*args[:i], "open", *args[i:]]
        return super().parse_args(ctx, args)


def _catalog(root: str | None):
    from kubetui.exercise.catalog import load_catalog
    from kubetui.scenario.errors import ScenarioError

    try:
        return load_catalog(root)
    except ScenarioError as exc:
        raise UserError("\n".join(exc.messages)) from None


@main.group(cls=_ExerciseGroup, invoke_without_command=True)
@click.option("--root", default=None, help="Folder of exercises (default: the shipped ones).")
@click.pass_context
def exercise(ctx: click.Context, root: str | None) -> None:
    """Practice: `kubetui exercise [ID]`, `exercise list`, `exercise check ID --script FILE`."""
    ctx.obj["exercise_root"] = root
    if ctx.invoked_subcommand is None:
        ctx.invoke(exercise_open, exercise_id=None)


@exercise.command(name="open", hidden=True)
@click.argument("exercise_id", required=False)
@click.option("--seed", type=int, default=0, show_default=True)
@click.pass_context
def exercise_open(ctx: click.Context, exercise_id: str | None, seed: int = 0) -> None:
    """Open the practice screen on EXERCISE_ID (the first unsolved one without it)."""
    catalog = _catalog(ctx.obj.get("exercise_root"))
    if exercise_id is not None and catalog.get(exercise_id) is None:
        raise UserError(f"no exercise {exercise_id!r} (see `kubetui exercise list`)")
    from kubetui.ui.screens.practice import run_practice

    run_practice(catalog, exercise_id, seed=seed, lang=ctx.obj.get("lang"))


@exercise.command(name="list")
@click.option("--json", "as_json", is_flag=True)
@click.pass_context
def exercise_list(ctx: click.Context, as_json: bool) -> None:
    """Every exercise by domain, with what you solved."""
    from kubetui.exercise.catalog import domain_of
    from kubetui.progress import Progress

    catalog = _catalog(ctx.obj.get("exercise_root"))
    progress = Progress.load()
    lang = ctx.obj.get("lang") or "en"
    rows = [{"id": e.id, "domain": domain_of(e), "difficulty": e.difficulty, "minutes": e.timeLimitMinutes,
             "title": e.title.get(lang), "solved": progress.solved(e.id),
             "bestPoints": progress.exercises.get(e.id, {}).get("bestPoints", 0)} for e in catalog.exercises]
    if as_json:
        click.echo(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    for r in rows:
        mark = "x" if r["solved"] else " "
        click.echo(f"[{mark}] {r['domain']:<20} {r['id']:<26} {r['title']}")


@exercise.command(name="check")
@click.argument("exercise_id")
@click.option("--script", "script", type=click.Path(), required=True, help="The answer: commands, one per line.")
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.pass_context
def exercise_check(ctx: click.Context, exercise_id: str, script: str, seed: int, as_json: bool) -> None:
    """Grade a script against EXERCISE_ID on a fresh cluster; exit 0 when every part passes."""
    from kubetui.exercise.check import grade_script
    from kubetui.scenario.errors import ScenarioError
    from kubetui.scenario.script import load_script

    catalog = _catalog(ctx.obj.get("exercise_root"))
    ex = catalog.get(exercise_id)
    if ex is None:
        raise UserError(f"no exercise {exercise_id!r} (see `kubetui exercise list`)")
    if Path(script).is_dir():
        raise UserError(f"{script}: is a directory, not a script")
    if not Path(script).is_file():
        raise UserError(f"{script}: no such file")
    try:
        steps = load_script(script)
    except ScenarioError as exc:
        raise UserError("\n".join(exc.messages)) from None
    report = grade_script(ex, steps, seed=seed)
    if as_json:
        click.echo(json.dumps(report.to_json(), indent=2, ensure_ascii=False))
    else:
        click.echo(report.render(ctx.obj.get("lang") or "en"), nl=False)
    sys.exit(0 if report.passed else 1)


@main.command()
@click.option("--minutes", type=click.IntRange(5, 600), default=120, show_default=True)
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--script-dir", type=click.Path(), default=None, help="Grade <exercise-id>.txt answers here, without a screen.")
@click.option("--report", "report_path", type=click.Path(), default=None, help="Write the report (.json or Markdown).")
@click.option("--root", default=None, help="Folder of exercises (default: the shipped ones).")
@click.option("--yes", "-y", is_flag=True, help="Start at once, without the start screen.")
@click.option("--track", type=click.Choice(["ckad", "cka"]), default="ckad", show_default=True,
              help="Whose domain weights the draw follows.")
@click.pass_context
def exam(ctx: click.Context, minutes: int, seed: int, script_dir: str | None, report_path: str | None,
         root: str | None, yes: bool, track: str) -> None:
    """A timed exam drawn from the exercises by domain, like the CKA/CKAD: 15-20 tasks in two
    hours, each in its own kubeconfig context; no hints; partial credit."""
    from kubetui.exercise.exam import draw, exam_context, grade_exam, rules, write_report

    catalog = _catalog(root)
    chosen = draw(catalog, minutes, seed, track)
    lang = ctx.obj.get("lang") or "en"
    if script_dir is None:
        from kubetui.ui.screens.practice import run_exam

        click.echo(rules(chosen, minutes, lang, track))
        if not yes and not click.confirm("시험을 시작할까요?" if lang == "ko" else "Start the exam?", default=True):
            return

        run_exam(catalog, chosen, minutes=minutes, seed=seed, lang=lang, report=report_path)
        return
    if not Path(script_dir).is_dir():
        raise UserError(f"{script_dir}: no such folder")
    result = grade_exam(chosen, script_dir, seed=seed, minutes=minutes)
    if report_path:
        write_report(result, report_path, lang)
    for item in result.items:
        click.echo(f"{item.fraction * 100:5.0f}%  {item.exercise.id}  [{exam_context(item.exercise)}]"
                   + ("" if item.answered else "  (no answer)"))
        for line in item.story(lang)[1:]:
            click.echo(f"     {line}")
    click.echo(f"score {result.score * 100:.1f}%: {'passed' if result.passed else 'not passed'}")
    sys.exit(0 if result.passed else 1)


def scenarios_root() -> str:
    from kubetui.content import scenarios_root as shipped

    return str(shipped())


def _progress() -> dict:
    from kubetui.progress import Progress

    progress = Progress.load()
    if progress.notice:
        click.echo(f"warning: {progress.notice}", err=True)
    return progress.scenarios


if __name__ == "__main__":
    main()
