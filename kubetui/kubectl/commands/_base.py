"""What every kubectl command shares: the invocation context, resource words, manifests from
`-f`, output flags, and waiting in simulated time.

A command is a function `run(ctx)` returning an exit code, or a generator that yields each
time it wants simulated time to pass (`yield from ctx.wait_until(...)`) and returns the exit
code. The driver in `kubetui.kubectl` either steps the simulation between yields (blocking,
what `Simulation.run` does) or hands the generator to the UI, which steps the clock itself.
"""

from __future__ import annotations

import copy
import os
from collections.abc import Callable, Generator, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kubetui.engine.user import ADMIN, UserInfo
from kubetui.kubectl.flags import Parsed
from kubetui.kubectl.kubeconfig import IdentityError, Kubeconfig, identity
from kubetui.kubectl.printers import output
from kubetui.model import errors
from kubetui.model.errors import ApiError
from kubetui.model.kinds import KINDS, Kind, KindRegistry, resolve
from kubetui.model.safe_yaml import InputError, read_bytes

if TYPE_CHECKING:
    from kubetui.engine.simulation import Simulation

LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration"

MANIFEST_SUFFIXES = (".yaml", ".yml", ".json")

ALL_CATEGORY = ("Pod", "ReplicationController", "Service", "DaemonSet", "Deployment", "ReplicaSet",
                "StatefulSet", "HorizontalPodAutoscaler", "CronJob", "Job")
"""What `kubectl get all` lists, in discovery order (core, apps, autoscaling, batch)."""

OUTPUT_FORMATS = ("custom-columns", "custom-columns-file", "go-template", "go-template-file", "json",
                  "jsonpath", "jsonpath-as-json", "jsonpath-file", "kyaml", "name", "template",
                  "templatefile", "wide", "yaml")

CREATE_FORMATS = tuple(f for f in OUTPUT_FORMATS if f not in ("custom-columns", "custom-columns-file", "wide"))
"""What `create`, `run`, `expose` and `autoscale` print: no tables (kubectl's plain PrintFlags)."""

UNBOUNDED_WAIT = 600
"""Simulated seconds a wait with no timeout may block before giving up (kubectl waits a week)."""

Wait = Generator[None, None, bool]


class CommandError(Exception):
    """A client-side failure: `message` goes to stderr as is (newline added), exit code 1."""

    def __init__(self, message: str, exit_code: int = 1):
        super().__init__(message)
        self.message = message
        self.exit_code = exit_code


NO_RESOURCES = ("error: You must provide one or more resources by argument or filename.\n"
                "Example resource specifications include:\n   '-f rsrc.yaml'\n   "
                "'--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'")
"""The resource builder's refusal of a command given neither arguments nor `-f`."""

RESOURCES_REQUIRED = "error: one or more resources must be specified as <resource> <name> or <resource>/<name>"
"""What commands that validate their own arguments (label, annotate, set env) say instead."""


CHANGE_CAUSE = "kubernetes.io/change-cause"


class ChangeCauseRecorder:
    """The store as `--record` sees it: every object the command creates or updates carries
    the command line in its `kubernetes.io/change-cause` annotation."""

    def __init__(self, store, cause: str):
        self._store = store
        self._cause = cause

    def _recorded(self, obj: dict) -> dict:
        out = copy.deepcopy(obj)
        meta = out.setdefault("metadata", {})
        meta["annotations"] = {**(meta.get("annotations") or {}), CHANGE_CAUSE: self._cause}
        return out

    def create(self, obj: dict, **kwargs):
        return self._store.create(self._recorded(obj), **kwargs)

    def update(self, obj: dict, **kwargs):
        return self._store.update(self._recorded(obj), **kwargs)

    def __getattr__(self, name: str):
        return getattr(self._store, name)


def help_error(parsed: Parsed, text: str) -> CommandError:
    return CommandError(f"error: {text}\nSee '{parsed.command_path} -h' for help and examples")


@dataclass
class Context:
    """One kubectl invocation: the cluster, the parsed line, stdin, and what it has printed."""

    sim: Simulation
    parsed: Parsed
    stdin: str | None = None
    blocking: bool = True
    """False when the command must not wait in simulated time (it runs inside a tick)."""
    interactive: bool = False
    """A caller steps the clock and may cancel (the UI): `get -w` and `logs -f` run until cancelled."""
    cwd: str = "."
    """Folder that relative `-f` paths are read from (the door's: a script's or scenario's folder)."""
    principal: UserInfo | None = None
    """Who the command authenticates as when its caller knows it (a pod's ServiceAccount, for a
    kubectl run inside a pod); None: the kubeconfig's context says."""
    kubeconfig: Kubeconfig | None = None
    """The session's kubeconfig (the door's): its current context gives the default namespace
    and the user. None: a fresh one (a caller outside the door, whose changes are not kept)."""
    timeline: bool = False
    """The scenario's own command (its set-up and timeline): it acts as the cluster admin in
    `default` whatever context the player switched to."""
    requester: UserInfo = ADMIN
    """Who this command's requests come from, once the kubeconfig was read (`user`)."""
    out: list[str] = field(default_factory=list)
    err: list[str] = field(default_factory=list)
    warned: set[str] = field(default_factory=set)
    kubeconfig_file: str = ""
    """The kubeconfig file in the folder this command reads (`--kubeconfig`, KUBECONFIG), as typed."""
    env: dict[str, str] = field(default_factory=dict)
    """The command's environment: the `NAME=value` words typed before it (KUBE_EDITOR, EDITOR)."""
    terminal: Any = None
    """What reads the lines a person types into this command while it runs (`exec -it`'s
    shell): an object with `feed(text)`; None: the command reads no more input."""
    unreachable: str = ""
    """What kubectl says when the kubeconfig's server is none of kubetui's API servers; empty
    when it reaches one."""
    transcript: list[tuple[int, str]] = field(default_factory=list)
    """stdout (1) and stderr (2) in the order they were written."""
    ordered: bool = False
    """The output is a program's (`keep_order`): its order is worth showing. Else it is kubectl's
    own (the Output pane shows its warnings, its output, then its errors)."""

    def __post_init__(self) -> None:
        if self.kubeconfig is None:
            self.kubeconfig = Kubeconfig.initial(self.sim.seed)

    # -- printing ----------------------------------------------------------------------------
    def print(self, text: str = "") -> None:
        self.say(1, text if text.endswith("\n") else text + "\n")

    def write(self, text: str) -> None:
        self.say(1, text)

    def error(self, text: str) -> None:
        self.say(2, text if text.endswith("\n") else text + "\n")

    def say(self, fd: int, text: str) -> None:
        """`text` as it is on stdout (1) or stderr (2), after the warnings still to print."""
        self.flush_warnings()
        self._say(fd, text)

    def _say(self, fd: int, text: str) -> None:
        (self.out if fd == 1 else self.err).append(text)
        self.transcript.append((fd, text))

    def keep_order(self) -> None:
        """The output is a program's (a container's process): the order it wrote its stdout and
        stderr in (`transcript`) is how a terminal shows it."""
        self.ordered = True

    def flush_warnings(self) -> None:
        """The API server's warnings for this command's requests, once each, as kubectl prints them."""
        pending = self.sim.store.warnings
        while pending:
            text = pending.pop(0)
            if text not in self.warned:
                self.warned.add(text)
                self._say(2, f"Warning: {text}\n")

    # -- flags -------------------------------------------------------------------------------
    def flag(self, name: str, default=None):
        return self.parsed.flags.get(name, default)

    def given(self, name: str) -> bool:
        return self.parsed.given(name)

    @property
    def namespace(self) -> str:
        """`-n`, else the namespace of the context in force (`--context` or current), else `default`."""
        if self.flag("namespace"):
            return str(self.flag("namespace"))
        if self.timeline:
            return "default"
        return self.config.namespace(str(self.flag("context") or ""))

    @property
    def config(self) -> Kubeconfig:
        assert self.kubeconfig is not None
        return self.kubeconfig

    @property
    def kubeconfig_user(self) -> str:
        """The global `--user` (a kubeconfig user); `create rolebinding --user` is another flag that shadows it."""
        value = self.flag("user")
        return value if isinstance(value, str) else ""

    @property
    def authenticated(self) -> UserInfo:
        """Who this command's requests authenticate as (before `--as`): the caller's principal, the
        cluster admin for the scenario's own commands, else the context's user (`--user` and
        `--context` applied)."""
        if self.principal is not None:
            return self.principal
        if self.timeline:
            return ADMIN
        try:
            return identity(self.config, str(self.flag("context") or ""), self.kubeconfig_user,
                            seed=self.sim.seed, read_file=self.read_file, authenticate_token=self.sim.authenticate)
        except IdentityError as exc:
            raise CommandError(str(exc)) from None

    def read_file(self, path: str) -> bytes:
        """A file a kubeconfig names (relative paths from the command's folder)."""
        return _resolve(self, path).read_bytes()

    @property
    def all_namespaces(self) -> bool:
        return bool(self.flag("all-namespaces"))

    @cached_property
    def user(self):
        """Who this command's requests are from: the authenticated user, or whom `--as`/`--as-group`
        impersonate (Forbidden unless the authenticated user may)."""
        from kubetui.kubectl.access import impersonate

        base = self.authenticated
        name, groups = self.flag("as") or "", list(self.flag("as-group") or [])
        if not name:
            if groups:
                from kubetui.kubectl.kubeconfig import USER

                raise CommandError(f"error: requesting uid, groups or user-extra for {USER} without impersonating a "
                                   "user")
            return base
        return impersonate(self.sim.store, base, name, groups)

    @cached_property
    def store(self):
        """The API as `user` sees it: the engine's store, authorized unless `user` is an admin;
        with `--record`, writes also note the command as the change cause."""
        from kubetui.kubectl.access import AuthorizedStore

        store = self.sim.store if self.user.is_admin else AuthorizedStore(self.sim.store, self.user,
                                                                           " ".join(self.parsed.command))
        if self.flag("record"):
            return ChangeCauseRecorder(store, self.parsed.change_cause())
        return store

    def authorize(self, verb: str, kind: str, namespace: str | None, name: str = "", subresource: str = "") -> None:
        """Raise Forbidden unless this command's user may `verb` the object (for requests that
        do not go through `store`: delete, logs, exec)."""
        from kubetui.kubectl.access import check

        check(self.sim.store, self.user, verb, kind, namespace, name, subresource)

    def now(self) -> str:
        return self.sim.now()

    # -- waiting -----------------------------------------------------------------------------
    def wait_until(self, done: Callable[[], bool], timeout: float | None) -> Wait:
        """Let simulated time pass until `done()` or `timeout` seconds; True when done.

        Without blocking (inside a tick) it only looks once.
        """
        if done():
            return True
        if not self.blocking:
            return False
        limit = UNBOUNDED_WAIT if timeout is None or timeout <= 0 else int(timeout + 0.999)
        start = self.sim.tick
        while self.sim.tick - start < limit:
            yield
            if done():
                return True
        return False


# --------------------------------------------------------------------------- resource words

def kind_for(word: str, kinds: KindRegistry | None = None) -> Kind:
    k = kinds.resolve(word) if kinds is not None else resolve(word)
    if k is None:
        raise CommandError(f'error: the server doesn\'t have a resource type "{word}"')
    return k


def kinds_for(words: str, kinds: KindRegistry | None = None) -> list[Kind]:
    """`po,svc` or `all` (or another category a CRD names) -> kinds in the order typed
    (duplicates dropped)."""
    out: list[Kind] = []
    for w in words.split(","):
        if w == "all":
            found = [KINDS[k] for k in ALL_CATEGORY] + (kinds.category("all") if kinds is not None else [])
        elif kinds is not None and kinds.resolve(w) is None and kinds.category(w):
            found = kinds.category(w)
        else:
            found = [kind_for(w, kinds)]
        for k in found:
            if k not in out:
                out.append(k)
    return out


def warn_deprecated(ctx: Context, kinds: Iterable[Kind]) -> None:
    """The API server's deprecation warning for each deprecated API these requests go to
    (`v1 Endpoints is deprecated in v1.33+; ...`); kubectl prints it once, before the output."""
    for k in kinds:
        warn_if_deprecated(ctx, k.api_version, k.kind)


def warn_if_deprecated(ctx: Context, api_version: str, kind: str) -> bool:
    """The API server's deprecation warning for a request for `kind` in `api_version`, if it
    sends one (queued for kubectl to print); whether it does."""
    from kubetui.model.deprecations import deprecation_warning

    text = deprecation_warning(api_version, kind)
    if text:
        ctx.sim.store.warnings.append(text)
    return text is not None


@dataclass
class Target:
    kind: Kind
    name: str | None
    """None: every object of the kind (subject to selectors)."""


def targets_from_args(parsed: Parsed, args: list[str] | None = None, *, require_name: bool = False,
                      kinds: KindRegistry | None = None) -> list[Target]:
    """kubectl's resource builder: `TYPE[,TYPE] [NAME...]` or `TYPE/NAME...`."""
    args = list(parsed.args if args is None else args)
    if not args:
        return []
    if any("/" in a for a in args):
        if not all("/" in a for a in args):
            raise CommandError(
                "error: there is no need to specify a resource type as a separate argument when passing "
                "arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' instead of "
                "'kubectl get resource resource/<resource_name>'")
        out = []
        for a in args:
            word, _, name = a.partition("/")
            if not name:
                raise CommandError("error: arguments in resource/name form must have a single resource and name")
            out.append(Target(kind_for(word, kinds), name))
        return out
    found = kinds_for(args[0], kinds)
    names = args[1:]
    if names:  # `deploy,svc web api`: each name of each type, type by type, as kubectl 1.37 visits them
        return [Target(k, n) for k in found for n in names]
    if require_name:
        raise CommandError(
            "error: resource(s) were provided, but no name was specified")
    return [Target(k, None) for k in found]


def not_found(kind: Kind, name: str) -> ApiError:
    return errors.not_found(kind.resource, name)


def object_namespace(ctx: Context, kind: Kind, obj: dict | None = None) -> str | None:
    if not kind.namespaced:
        return None
    if obj is not None:
        ns = (obj.get("metadata") or {}).get("namespace")
        if ns:
            return ns
    return ctx.namespace


def get_object(ctx: Context, kind: Kind, name: str, namespace: str | None = None) -> dict:
    ns = namespace if namespace is not None else (ctx.namespace if kind.namespaced else None)
    obj = ctx.store.get(kind.kind, ns, name)
    if obj is None:
        raise not_found(kind, name)
    return obj


def writable(obj: dict) -> dict:
    """A copy to change and write back (store objects are never mutated in place)."""
    return copy.deepcopy(obj)


# --------------------------------------------------------------------------- -f manifests

@dataclass
class Manifest:
    obj: dict
    source: str
    """The name kubectl shows: the path as typed (`web.yaml`, `dir/web.yaml`) or `STDIN`."""
    document: object = None


def resolve_path(ctx: Context, path: str) -> Path:
    """A path the user typed, against the door's folder (a script's or scenario's)."""
    p = Path(path)
    return p if p.is_absolute() else Path(ctx.cwd) / p


_resolve = resolve_path


def from_files(ctx: Context) -> bool:
    """Whether the objects come from `-f` files or a `-k` kustomization rather than arguments."""
    return bool(ctx.flag("filename") or ctx.flag("kustomize"))


def read_sources(ctx: Context, filenames: Iterable[str], recursive: bool = False) -> list[tuple[str, str]]:
    """(source name, text) for every file `-f` names; directories give their manifests, sorted."""
    out: list[tuple[str, str]] = []
    for name in filenames:
        if name in ("-", "/dev/stdin"):
            out.append(("STDIN" if name == "-" else name, ctx.stdin or ""))
            continue
        if name.startswith(("http://", "https://")):
            raise CommandError(f'error: unable to read URL "{name}", server reported 404 Not Found, status code=404')
        path = _resolve(ctx, name)
        if not path.exists():
            raise CommandError(f'error: the path "{name}" does not exist')
        if path.is_dir():
            walker = sorted(path.rglob("*") if recursive else path.iterdir())
            found = [child for child in walker if child.is_file() and child.suffix in MANIFEST_SUFFIXES]
            if not found:
                raise CommandError(f"error: error reading [{name}]: recognized file extensions are "
                                   f"[{' '.join(sorted(MANIFEST_SUFFIXES))}]")
            for child in found:
                shown = os.path.join(name, os.path.relpath(child, path))
                out.append((shown, _read(child, shown)))
            continue
        out.append((name, _read(path, name)))
    return out


def _read(path: Path, shown: str) -> str:
    """A manifest file's text, bounded (`safe_yaml`); bytes that are not UTF-8 become U+FFFD."""
    try:
        return read_bytes(path, shown).decode("utf-8", errors="replace")
    except InputError as exc:
        raise CommandError(f"error: {exc}") from None


def load_manifests(ctx: Context, filenames: Iterable[str] | None = None, *, allow_empty: bool = False) -> list[Manifest]:
    """Every object in `-f` sources; a manifest that cannot be read is `error: file:line: ...`.

    No object at all is kubectl's `no objects passed to VERB`, except where kubectl lets it
    pass (`allow_empty`: `auth reconcile`)."""
    if filenames is None and ctx.flag("kustomize"):
        from kubetui.kubectl.commands.kustomize import kustomize_manifests

        return kustomize_manifests(ctx)
    out, errors = read_manifests(ctx, filenames)
    if errors:
        raise CommandError(errors[0])
    if not out and not allow_empty:
        raise CommandError("error: no objects passed to " + ctx.parsed.command[0])
    return out


def read_manifests(ctx: Context, filenames: Iterable[str] | None = None, *,
                   validate: bool = False) -> tuple[list[Manifest], list[str]]:
    """The objects of the `-f` sources as kubectl's builder reads them, a document at a time:
    a document that cannot be read ends its file, and every object read before it is kept
    (apply and create send them), with `error: file:line: ...` for each file that stopped.
    `validate` (apply and create, unless `--validate=false`): a document without apiVersion
    or kind ends its file too, as kubectl's validation refuses it."""
    from kubetui.model.manifest import ManifestError, load_documents
    from kubetui.model.validation.decode import SchemaInvalid, check_type_fields

    files = list(ctx.flag("filename") or []) if filenames is None else list(filenames)
    out, errors = [], []
    for source, text in read_sources(ctx, files, bool(ctx.flag("recursive", False))):
        stopped = None
        try:
            docs = load_documents(text, source)
        except ManifestError as exc:
            docs, stopped = exc.documents, f"error: {exc}"
        for d in docs:
            if validate:
                try:
                    check_type_fields(d.obj, source)
                except SchemaInvalid as exc:
                    stopped = exc.in_file(source)
                    break
            out.append(Manifest(d.obj, source, d))
        if stopped:
            errors.append(stopped)
    return out, errors


def manifest_kind(m: Manifest, kinds: KindRegistry | None = None) -> Kind:
    from kubetui.model.validation import lookup_kind

    return lookup_kind(m.obj, m.source, client=True, kinds=kinds)


def mapped_manifests(ctx: Context, manifests: list[Manifest], verb: str,
                     failures: list[Failure] | None = None) -> list[tuple[Manifest, Kind]]:
    """kubectl maps every object to its kind before it sends anything, so an object whose CRD is
    in the same file is not found yet ("ensure CRDs are installed first"): those errors are
    printed (or added to `failures`), the others returned to be sent."""
    out = []
    for m in manifests:
        try:
            out.append((m, manifest_kind(m, ctx.store.kinds)))
        except ApiError as exc:
            if failures is None:
                ctx.error(error_in_file(exc, m.source, verb))
            else:
                failures.append((exc, m.source, verb))
    return out


Failure = tuple["ApiError | str", str, str]
"""One failure of a `-f` command: the refusal (or an `error: …` line), its source, the verb."""


def print_failures(ctx: Context, failures: list[Failure]) -> None:
    """kubectl's CheckErr over what a `-f` command collected: one error in its own form (`The
    ConfigMap "x" is invalid: …`, `error: …`); several, each as its message (`Error from server
    (Invalid): error when creating "FILE": ConfigMap "x" is invalid: …`, others without `error: `)."""
    for exc, source, verb in failures:
        if isinstance(exc, str):
            line = exc
        elif len(failures) > 1 and hasattr(exc, "server_message"):
            line = f'Error from server ({exc.reason}): error when {verb} "{source}": {exc.server_message}'
        else:
            line = error_in_file(exc, source, verb)
        ctx.error(line.removeprefix("error: ") if len(failures) > 1 else line)


def manifest_namespace(ctx: Context, kind: Kind, obj: dict) -> str | None:
    """The namespace an object from a file goes to; a clash with `-n` is kubectl's error."""
    if not kind.namespaced:
        return None
    ns = (obj.get("metadata") or {}).get("namespace")
    if ns and ctx.given("namespace") and ctx.flag("namespace") and ns != ctx.flag("namespace"):
        raise CommandError(
            f'error: the namespace from the provided object "{ns}" does not match the namespace '
            f'"{ctx.flag("namespace")}". You must pass \'--namespace={ns}\' to perform this operation.')
    return ns or ctx.namespace


def error_in_file(exc: Exception, source: str, verb: str) -> str:
    """An API refusal of an object from a file, as kubectl words it."""
    if hasattr(exc, "in_file"):
        return exc.in_file(source, verb)
    if isinstance(exc, ApiError):
        return f'Error from server ({exc.reason}): error when {verb} "{source}": {exc.message}'
    return f"error: {exc}"


# --------------------------------------------------------------------------- --validate

_VALIDATE = {"strict": "Strict", "true": "Strict", "warn": "Warn", "ignore": "Ignore", "false": "Ignore"}


def field_validation_mode(ctx: Context) -> str:
    """`--validate=strict|true|warn|ignore|false` as the API server's fieldValidation."""
    value = str(ctx.flag("validate", "strict") or "strict")
    mode = _VALIDATE.get(value.lower())
    if mode is None:
        raise CommandError(f'error: invalid - validate option "{value}"; must be one of: strict (or true), '
                           "warn, ignore (or false)")
    return mode


def unknown_fields_checked(ctx: Context, obj: dict) -> dict:
    """What the server keeps of an object sent with this `--validate`: Strict leaves unknown
    fields for the API server to refuse; Warn drops them with a warning; Ignore drops them."""
    from kubetui.model.validation import drop_unknown_fields

    if warn_if_deprecated(ctx, str(obj.get("apiVersion") or ""), str(obj.get("kind") or "")):
        ctx.flush_warnings()  # the server's first warning for the request, before any about its fields
    mode = field_validation_mode(ctx)
    if mode == "Strict":
        return obj
    obj, dropped = drop_unknown_fields(obj, kinds=ctx.store.kinds)
    if mode == "Warn":
        for path in dropped:
            ctx.error(f'Warning: unknown field "{path}"')
    return obj


# --------------------------------------------------------------------------- output

def check_output_format(fmt: str, allowed: Iterable[str] = OUTPUT_FORMATS) -> None:
    base = fmt.split("=", 1)[0]
    if fmt and base not in allowed:
        raise CommandError(
            f'error: unable to match a printer suitable for the output format "{fmt}", allowed formats '
            f'are: {",".join(sorted(allowed))}')


def without_managed_fields(obj: dict) -> dict:
    if "managedFields" not in (obj.get("metadata") or {}):
        return obj
    meta = {k: v for k, v in obj["metadata"].items() if k != "managedFields"}
    return {**obj, "metadata": meta}


def print_objects(ctx: Context, objs: list[dict], fmt: str, *, single: bool, typed: bool = False) -> str:
    """-o yaml/json/name/jsonpath/custom-columns of what a command made or read.

    `typed`: objects kubectl built itself (generators), whose JSON keeps Go struct order.
    managedFields are left out unless `--show-managed-fields` (kubectl's default)."""
    base, _, arg = fmt.partition("=")
    if ctx.flag("show-managed-fields"):
        objs = [ctx.store.managed.view(o) if isinstance(o.get("metadata"), dict) else o for o in objs]
    elif any("managedFields" in (o.get("metadata") or {}) for o in objs):
        objs = [without_managed_fields(o) for o in objs]
    if base == "yaml":
        return output.to_yaml(objs[0] if single and objs else objs)
    if base == "json":
        return output.to_json(objs[0] if single and objs else objs, typed=typed)
    if base == "name":
        return output.names(objs)
    if base == "jsonpath-file":
        base, arg = "jsonpath", _template_file(ctx, arg)
    if base == "custom-columns-file":
        base, arg = "custom-columns", _columns_file(ctx, arg)
    if base in ("jsonpath", "jsonpath-as-json"):
        arg = arg or str(ctx.flag("template") or "")
        if not arg:
            raise CommandError("error: template format specified but no template given")
        try:
            return output.jsonpath(arg, objs[0] if single and objs else objs,
                                   as_json=base == "jsonpath-as-json")
        except output.PrinterError as exc:
            raise CommandError(str(exc).rstrip("\n")) from None
        except Exception as exc:
            raise CommandError(f"error: error parsing jsonpath {arg}, {exc}") from None
    if base == "custom-columns":
        if not arg:
            raise CommandError("error: custom-columns format specified but no custom columns given")
        try:
            return output.custom_columns(arg, objs, no_headers=bool(ctx.flag("no-headers", False)))
        except output.PrinterError as exc:
            raise CommandError(str(exc)) from None
    if base in ("go-template", "template", "go-template-file", "templatefile"):
        return _go_template(ctx, base, arg, objs[0] if single and objs else output.as_list(objs))
    if base == "kyaml":
        from kubetui.kubectl.printers.kyaml import to_kyaml

        return to_kyaml(objs[0] if single and objs else output.as_list(objs), typed=typed)
    raise CommandError(f'error: unable to match a printer suitable for the output format "{fmt}"')


def _template_file(ctx: Context, path: str) -> str:
    """The text of `-o jsonpath-file=PATH` / `go-template-file=PATH` (or `--template=PATH`)."""
    path = path or str(ctx.flag("template") or "")
    if not path:
        raise CommandError("error: template format specified but no template given")
    try:
        return _read(_resolve(ctx, path), path)
    except OSError:
        raise CommandError(f"error: error reading --template {path}, open {path}: no such file or "
                           "directory") from None


def _columns_file(ctx: Context, path: str) -> str:
    """`-o custom-columns-file=PATH`: a line of headers over a line of JSONPath expressions."""
    lines = [ln.split() for ln in _template_file(ctx, path).splitlines() if ln.strip()]
    if len(lines) != 2 or len(lines[0]) != len(lines[1]):
        raise CommandError("error: expected two lines of the same number of columns in the custom-columns file")
    return ",".join(f"{h}:{e}" for h, e in zip(*lines))


def _go_template(ctx: Context, base: str, arg: str, data: dict) -> str:
    """`-o go-template=TEXT`, `-o go-template-file=PATH` (and their `template` spellings)."""
    from kubetui.kubectl.printers.gotemplate import TemplateError, render

    text = _template_file(ctx, arg) if base.endswith("file") else arg or str(ctx.flag("template") or "")
    if not text:
        raise CommandError("error: template format specified but no template given")
    try:
        from kubetui.kubectl.printers.gotemplate import _Parser

        _Parser(text).parse()
    except TemplateError as exc:
        raise CommandError(f"error: error parsing template {text}, {exc}") from None
    try:
        return render(text, data)
    except TemplateError as exc:
        raise CommandError(f'error: error executing template "{text}": {exc}') from None


def done_message(obj: dict, verb: str, dry_run: str = "none") -> str:
    suffix = {"client": " (dry run)", "server": " (server dry run)"}.get(dry_run, "")
    return f"{output.name_of(obj)} {verb}{suffix}"


def report_result(ctx: Context, obj: dict, verb: str, dry_run: str = "none", *, typed: bool = False) -> None:
    """`deployment.apps/web scaled`, or the object in `-o` form."""
    fmt = ctx.flag("output") or ""
    if fmt and fmt != "wide":
        if fmt == "name":
            ctx.write(output.name_of(obj) + "\n")
        else:
            ctx.write(print_objects(ctx, [obj], fmt, single=True, typed=typed))
        return
    ctx.print(done_message(obj, verb, dry_run))


def selector_from(ctx: Context, text: str | None, kind: Kind | None = None):
    """The `-l` selector, parsed as the API server parses it. kubectl sends the text unparsed, so
    a bad one is the server's Bad Request, in kubectl's words once the `kind` listed is known."""
    from kubetui.model.labels import SelectorError, parse

    try:
        return parse(text) if text else None
    except SelectorError as exc:
        if kind is not None:
            raise selector_refused(kind, text, ctx.flag("field-selector"), str(exc)) from None
        raise CommandError(f"error: {exc}") from None


def check_names_and_selector(ctx: Context, named: bool, selecting: bool) -> None:
    """The resource builder refuses names with `-l` (or `--all`): `TYPE/NAME` arguments in
    one set of words, `TYPE NAME` in another."""
    if not (named and selecting):
        return
    if any("/" in a for a in ctx.parsed.args):
        raise CommandError("error: selectors and the all flag cannot be used when passing resource/name arguments")
    raise CommandError("error: name cannot be provided when a selector is specified")


def selector_refused(kind: Kind, label_text: str | None, field_text: str | None, message: str) -> CommandError:
    """A list the API server refused as a Bad Request (a selector it cannot parse), as
    cli-runtime's selector visitor words it."""
    version = kind.api_version if "/" in kind.api_version else "/" + kind.api_version
    return CommandError(
        f'Error from server (BadRequest): Unable to find "{version}, Resource={kind.plural}" that '
        f'match label selector "{label_text or ""}", field selector "{field_text or ""}": {message}')


def list_objects(ctx: Context, kind: Kind, *, namespace: str | None, selector=None) -> list[dict]:
    ns = namespace if kind.namespaced else None
    return ctx.store.list(kind.kind, ns, selector)


def file_objects(ctx: Context) -> list[tuple[Kind, str | None, str, dict | None]]:
    """What the `-f` files name: (kind, namespace, name, the live object or None)."""
    out = []
    for m in load_manifests(ctx):
        kind = manifest_kind(m, ctx.store.kinds)
        ns = manifest_namespace(ctx, kind, m.obj)
        name = (m.obj.get("metadata") or {}).get("name", "")
        out.append((kind, ns, name, ctx.store.get(kind.kind, ns, name)))
    return out


def targets_with_files(ctx: Context, *, require: bool = True) -> list[tuple[Kind, dict | None, str | None, str]]:
    """(kind, live object or None, namespace, name) for `-f` files or resource args."""
    out = []
    if from_files(ctx):
        return [(kind, live, ns, name) for kind, ns, name, live in file_objects(ctx)]
    for t in targets_from_args(ctx.parsed, kinds=ctx.store.kinds):
        ns = ctx.namespace if t.kind.namespaced else None
        if t.name is None:
            sel = selector_from(ctx, ctx.flag("selector"))
            for o in list_objects(ctx, t.kind, namespace=None if ctx.all_namespaces else ns, selector=sel):
                out.append((t.kind, o, o["metadata"].get("namespace"), o["metadata"]["name"]))
        else:
            out.append((t.kind, ctx.store.get(t.kind.kind, ns, t.name), ns, t.name))
    return out


def no_resources(ctx: Context, namespaced: bool = True) -> str:
    if ctx.all_namespaces or not namespaced:
        return "No resources found"
    return f"No resources found in {ctx.namespace} namespace."
