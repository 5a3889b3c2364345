"""`sim ...` commands: the faults and sandbox moves a scenario timeline (or a sandbox player)
uses — nodes failing and returning, new nodes, control-plane components stopping.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from kubetui.engine import nodes
from kubetui.engine.network.networkpolicy import Source
from kubetui.model.errors import ApiError
from kubetui.model.kinds import KINDS
from kubetui.model.labels import SelectorError
from kubetui.model.labels import parse as parse_selector
from kubetui.model.quantity import cpu_millis, memory_bytes
from kubetui.model.validation import Errors, FieldInvalid
from kubetui.model.validation.meta import dns1123_subdomain, validate_labels

if TYPE_CHECKING:
    from kubetui.engine.simulation import Result, Simulation

USAGE = """Simulation commands:
  sim fail-node NAME                 the node stops (kubelet silent, like a power loss)
  sim recover-node NAME              the node comes back
  sim add-node NAME [--cpu 4] [--memory 8Gi] [--pods 110] [--boot SECONDS]
  sim stop scheduler|controller-manager|apiserver|etcd [--reason NAME]   it crash-loops, logging why
  sim start scheduler|controller-manager|apiserver|etcd
  sim load svc/NAME RPS [-n NS] [--from NS[/LABELS]]   offer requests per second to a Service (0 stops)
  sim load ingress/NAME HOST/PATH RPS [-n NS]          send requests for HOST/PATH through an Ingress
  sim exit pod/NAME [CODE] [-c CONTAINER] [-n NS]      the container's process exits (an attached shell ended)
"""

LOAD_SOURCE_IP = "10.244.0.250"
"""The address `sim load --from` traffic carries (NetworkPolicy ipBlocks see it)."""

COMPONENT_NAMES = {
    "scheduler": "kube-scheduler", "kube-scheduler": "kube-scheduler",
    "controller-manager": "kube-controller-manager", "kube-controller-manager": "kube-controller-manager",
    "apiserver": "kube-apiserver", "kube-apiserver": "kube-apiserver",
    "etcd": "etcd",
}


def run_sim_command(sim: Simulation, argv: list[str]) -> Result:
    from kubetui.engine.simulation import Result

    if not argv or argv[0] in ("help", "-h", "--help"):
        return Result(0, USAGE)
    handler = _COMMANDS.get(argv[0])
    if handler is None:
        return Result(1, "", f'error: unknown command "{argv[0]}" for "sim"\n\n{USAGE}')
    try:
        out = handler(sim, argv[1:])
    except _Usage as exc:
        return Result(1, "", f"error: {exc}\n")
    except ApiError as exc:
        return Result(1, "", f"{exc}\n")
    return Result(0, out)


def sim_command_problem(argv: list[str]) -> str | None:
    """Why `sim ARGV` would be refused whatever the cluster holds (its verb, names and flags), as
    the command would say it; None when only the cluster's state can refuse it. `kubetui
    validate` uses it: the same parsing as the run, without running."""
    if not argv or argv[0] in ("help", "-h", "--help"):
        return None
    parser = _PARSERS.get(argv[0])
    if parser is None:
        return f'error: unknown command "{argv[0]}" for "sim"'
    try:
        parser(argv[1:])
    except _Usage as exc:
        return f"error: {exc}"
    except ApiError as exc:
        return str(exc)
    return None


class _Usage(Exception):
    pass


def _node_name(args: list[str], verb: str) -> str:
    if len(args) != 1:
        raise _Usage(f"sim {verb} takes exactly one NAME")
    return args[0]


def _one_node(sim: Simulation, args: list[str], verb: str) -> str:
    name = _node_name(args, verb)
    if name not in sim.kubelet.agents:
        raise _Usage(f'nodes "{name}" not found')
    return name


def fail_node(sim: Simulation, args: list[str]) -> str:
    name = _one_node(sim, args, "fail-node")
    sim.kubelet.stop(name)
    sim.controllers.node_lifecycle.kubelet_stopped(name)
    return f"node/{name} failed\n"


def recover_node(sim: Simulation, args: list[str]) -> str:
    name = _one_node(sim, args, "recover-node")
    sim.kubelet.restart(name)
    return f"node/{name} recovered\n"


def _add_node_flags(args: list[str]) -> tuple[str, dict, int]:
    """`NAME [--cpu Q] [--memory Q] [--pods N] [--boot S] [--label K=V]`: (name, spec, boot)."""
    if not args or args[0].startswith("-"):
        raise _Usage("sim add-node needs a NAME")
    name, rest = args[0], args[1:]
    spec: dict = {"name": name}
    boot = 0
    while rest:
        flag = rest.pop(0)
        if "=" in flag:
            flag, value = flag.split("=", 1)
        elif rest:
            value = rest.pop(0)
        else:
            raise _Usage(f"flag needs an argument: {flag}")
        try:
            if flag == "--cpu":
                cpu_millis(value)
                spec["cpu"] = value
            elif flag == "--memory":
                memory_bytes(value)
                spec["memory"] = value
            elif flag == "--pods":
                spec["pods"] = int(value)
            elif flag == "--boot":
                boot = int(value)
            elif flag == "--label":
                k, _, v = value.partition("=")
                spec.setdefault("labels", {})[k] = v
            else:
                raise _Usage(f"unknown flag: {flag}")
        except ValueError:
            raise _Usage(f'invalid argument "{value}" for "{flag}" flag') from None
    return name, spec, boot


def _validate_new_node(name: str, spec: dict, boot: int) -> None:
    """The Node's name and labels as the API server judges them, and the numbers' signs."""
    errs = Errors()
    for msg in dns1123_subdomain(name):
        errs.invalid("metadata.name", name, msg)
    validate_labels(errs, "metadata.labels", spec.get("labels"))
    if spec.get("pods", 0) < 0:
        raise _Usage(f'invalid argument "{spec["pods"]}" for "--pods" flag')
    if boot < 0:
        raise _Usage(f'invalid argument "{boot}" for "--boot" flag')
    if errs.items:
        raise FieldInvalid(KINDS["Node"], name, errs.items)


def _parse_add_node(args: list[str]) -> None:
    _validate_new_node(*_add_node_flags(args))


def add_node(sim: Simulation, args: list[str]) -> str:
    name, spec, boot = _add_node_flags(args)
    if name in sim.kubelet.agents or name in sim.booting:
        raise _Usage(f'nodes "{name}" already exists')
    _validate_new_node(name, spec, boot)
    nodes.add_node(sim, spec, boot_seconds=boot)
    return f"node/{name} {'booting' if boot else 'added'}\n"


def _component_args(args: list[str], running: bool) -> tuple[str, str]:
    """`COMPONENT [--reason NAME]` (a reason only when stopping): (component, reason)."""
    from kubetui.engine.kubelet import controlplane

    reason = ""
    if not running and len(args) == 3 and args[1] == "--reason":
        reason, args = args[2], args[:1]
    elif not running and len(args) == 2 and args[1].startswith("--reason="):
        reason, args = args[1].split("=", 1)[1], args[:1]
    if len(args) != 1 or args[0] not in COMPONENT_NAMES:
        raise _Usage("name one of: scheduler, controller-manager, apiserver, etcd")
    component = COMPONENT_NAMES[args[0]]
    if reason and reason not in controlplane.reasons(component):
        raise _Usage(f"--reason for {component}: one of {', '.join(controlplane.reasons(component))}")
    return component, reason


def _component(sim: Simulation, args: list[str], running: bool) -> str:
    component, reason = _component_args(args, running)
    was = sim.components[component]
    sim.components[component] = running
    sim.kubelet.set_component(nodes.CONTROL_PLANE, component, running, reason)
    if running and not was and component == "kube-controller-manager":
        for controller in sim.controllers:
            controller.resync()
    return f"{component} {'started' if running else 'stopped'}\n"


def _load_args(args: list[str]) -> tuple[str, list[str], list[str]]:
    """`sim load`'s flags: (namespace, each `--from` value, the positional words)."""
    namespace, froms, positional = "default", [], []
    rest = list(args)
    while rest:
        arg = rest.pop(0)
        flag, eq, value = arg.partition("=")
        if flag in ("-n", "--namespace", "--from"):
            if not eq:
                if not rest:
                    raise _Usage(f"flag needs an argument: {flag}")
                value = rest.pop(0)
            if flag == "--from":
                froms.append(value)
            else:
                namespace = value
        elif arg.startswith("-"):
            raise _Usage(f"unknown flag: {arg}")
        else:
            positional.append(arg)
    return namespace, froms, positional


def _load_target(positional: list[str]) -> tuple[str, str, str, float]:
    """(kind, name, HOST/PATH, requests per second): `svc/NAME RPS` or `ingress/NAME HOST/PATH RPS`."""
    if len(positional) == 3 and positional[0].partition("/")[0] in ("ing", "ingress", "ingresses"):
        target, url, rps_text = positional
        name = target.partition("/")[2]
        if not name:
            raise _Usage(f'sim load needs an Ingress (ingress/NAME), not "{target}"')
        return "Ingress", name, url, _rps(rps_text)
    if len(positional) != 2:
        raise _Usage("sim load takes svc/NAME and requests per second, e.g. sim load svc/web 300")
    target, rps_text = positional
    kind, _, name = target.rpartition("/")
    if kind not in ("", "svc", "service", "services") or not name:
        raise _Usage(f'sim load needs a Service (svc/NAME), not "{target}"')
    return "Service", name, "", _rps(rps_text)


def _parse_load(args: list[str]) -> None:
    _, froms, positional = _load_args(args)
    for text in froms:
        _from_parts(text)
    _load_target(positional)


def load(sim: Simulation, args: list[str]) -> str:
    """`sim load svc/NAME RPS [-n NAMESPACE] [--from NAMESPACE[/LABEL=VALUE,...]]`.

    Without `--from` the requests come from outside the cluster; with it, from a pod of that
    namespace carrying those labels (so NetworkPolicies apply as to that pod).
    """
    namespace, froms, positional = _load_args(args)
    source = Source()
    for text in froms:
        source = _load_source(sim, text)
    kind, name, url, rps = _load_target(positional)
    if kind == "Ingress":
        return _load_ingress(sim, namespace, name, url, rps)
    if sim.store.get("Service", namespace, name) is None:
        raise _Usage(f'services "{name}" not found')
    sim.network.set_load(namespace, name, rps, source)
    if rps == 0:
        return f"service/{name}: load stopped\n"
    return f"service/{name}: {rps:g} requests/s offered from {source.describe()}\n"


def _rps(text: str) -> float:
    try:
        rps = float(text)
    except ValueError:
        rps = -1.0
    if not math.isfinite(rps) or rps < 0:
        raise _Usage(f'invalid requests per second "{text}": give a number >= 0')
    return rps


def _load_ingress(sim: Simulation, namespace: str, name: str, url: str, rps: float) -> str:
    """`sim load ingress/NAME HOST/PATH RPS`: requests for HOST/PATH sent to the Ingress's address."""
    if sim.store.get("Ingress", namespace, name) is None:
        raise _Usage(f'ingresses.networking.k8s.io "{name}" not found')
    host, slash, path = url.partition("/")
    path = "/" + path if slash else "/"
    sim.network.set_ingress_load(namespace, name, host.lower(), path, rps)
    if rps == 0:
        return f"ingress/{name}: load for {host}{path} stopped\n"
    return f"ingress/{name}: {rps:g} requests/s for {host}{path}\n"


def _from_parts(text: str) -> tuple[str, dict[str, str]]:
    """`NAMESPACE[/LABEL=VALUE,...]`: (namespace, labels)."""
    ns, _, selector = text.partition("/")
    if not ns:
        raise _Usage(f'--from needs a namespace, e.g. --from {text or "shop"}/app=web')
    labels = {}
    try:
        for req in parse_selector(selector).requirements:
            if req.operator != "In" or len(req.values) != 1:
                raise _Usage(f"--from takes plain labels (key=value), not {selector!r}")
            labels[req.key] = req.values[0]
    except SelectorError as exc:
        raise _Usage(str(exc)) from None
    return ns, labels


def _load_source(sim: Simulation, text: str) -> Source:
    """`--from NAMESPACE[/LABEL=VALUE,...]`: a pod of that namespace with those labels."""
    ns, labels = _from_parts(text)
    if sim.store.get("Namespace", None, ns) is None:
        raise _Usage(f'namespaces "{ns}" not found')
    return Source(ns, labels, LOAD_SOURCE_IP, None)


def _exit_args(args: list[str]) -> tuple[str, str, str, int]:
    """`pod/NAME [CODE] [-c CONTAINER] [-n NAMESPACE]`: (namespace, pod, container or "", code)."""
    words, opts = [], {"-c": "", "-n": "default"}
    it = iter(args)
    for a in it:
        if a in opts:
            opts[a] = next(it, "")
        else:
            words.append(a)
    code_ok = len(words) != 2 or (words[1].isascii() and words[1].isdigit())
    if not words or not words[0].startswith("pod/") or len(words) > 2 or not code_ok:
        raise _Usage("sim exit takes pod/NAME [CODE] [-c CONTAINER] [-n NAMESPACE]")
    code = int(words[1]) if len(words) == 2 else 0
    return opts["-n"], words[0].removeprefix("pod/"), opts["-c"], code


def exit_container(sim: Simulation, args: list[str]) -> str:
    """`sim exit pod/NAME [CODE] [-c CONTAINER] [-n NAMESPACE]`."""
    namespace, name, container, code = _exit_args(args)
    pod = sim.store.get("Pod", namespace, name)
    if pod is None:
        raise _Usage(f'pods "{name}" not found')
    container = container or pod["spec"]["containers"][0]["name"]
    if not sim.kubelet.exit_main(namespace, name, container, code):
        raise _Usage(f'container "{container}" of pod "{name}" is not running')
    return f"pod/{name} container {container} exited with code {code}\n"


_COMMANDS = {
    "fail-node": fail_node,
    "recover-node": recover_node,
    "add-node": add_node,
    "stop": lambda sim, args: _component(sim, args, False),
    "start": lambda sim, args: _component(sim, args, True),
    "load": load,
    "exit": exit_container,
}

_PARSERS = {
    "fail-node": lambda args: _node_name(args, "fail-node"),
    "recover-node": lambda args: _node_name(args, "recover-node"),
    "add-node": _parse_add_node,
    "stop": lambda args: _component_args(args, False),
    "start": lambda args: _component_args(args, True),
    "load": _parse_load,
    "exit": _exit_args,
}
"""Each command's parsing alone (no cluster): what `sim_command_problem` runs."""
