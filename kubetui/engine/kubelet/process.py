"""A container's process as the shell runs it: which commands go to the interpreter, the
filesystem the process sees (the image's skeleton plus the pod's volumes), and containerd's
answer when the program does not exist in the image.

Commands the fixed programs of programs.py describe fully (`sleep 3600`, `echo hi`, a `while
true` loop of echo/date/sleep) keep running there; anything else runs in the shell.
"""

from __future__ import annotations

import base64
import posixpath
import re
import shlex
from functools import partial
from typing import TYPE_CHECKING

from kubetui.engine.kubelet import capabilities
from kubetui.engine.kubelet.shell import FileSystem, Machine, Volume
from kubetui.engine.kubelet.shell.applets import APPLETS, BUILTINS
from kubetui.engine.kubelet.shell.parse import ShellSyntaxError, parse
from kubetui.engine.network.client import PodClient
from kubetui.engine.network.http import NGINX_WELCOME

if TYPE_CHECKING:
    from kubetui.engine.kubelet.containers import Container, PodRuntime
    from kubetui.engine.kubelet.images import ImageBehavior
    from kubetui.engine.store import Store

NETWORK = {"nslookup", "wget", "nc", "ping", "curl", "telnet"}
"""Network tools."""
UNREACHED = {"ping", "telnet"}
"""Network tools the shell does not run over the simulated network: a script using them stays
with programs.py."""
BARE = {"busybox", "alpine", "registry.k8s.io/busybox", "k8s.gcr.io/busybox", "radial/busyboxplus",
        "curlimages/curl"}
"""Images whose every program is a busybox applet: anything else is not in them."""

STEPS_PER_TICK = 100
"""Shell steps a container's script may take per simulated second (a loop without `sleep`
yields here instead of hanging the simulation)."""

SHELLS = ("sh", "/bin/sh", "bash", "/bin/bash", "ash", "/bin/ash")
_FIXED = {"sleep", "echo", "true", "false", "exit", "env", "printenv", "date", ":"}
PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"


def _simple_words(node, out: list) -> bool:
    """Collect the command words of `node`; False when it uses anything beyond plain
    sequences and `while true` loops (pipes, redirections, substitutions, if/for)."""
    kind = node[0]
    if kind == "list":
        return all(_simple_words(n, out) for n in node[1])
    if kind == "andor":
        return _simple_words(node[1], out) and all(_simple_words(p, out) for _, p in node[2])
    if kind == "pipe":
        return not node[1] and len(node[2]) == 1 and _simple_words(node[2][0], out)
    if kind == "simple":
        if node[1] or node[3] or any("$(" in w or "`" in w or re.search(r"\$\{\w+[^}\w]", w) for w in node[2]):
            return False
        if node[2] and node[2][0] == "date" and len(node[2]) > 1:
            return False
        out.append(node[2][0] if node[2] else "")
        return True
    if kind == "while":
        return not node[1] and not node[4] and _simple_words(node[2], out) and _simple_words(node[3], out)
    return False


def runs_own_program(command: list | None, args: list | None, behavior: ImageBehavior) -> bool:
    """The container runs the image's own program (its ENTRYPOINT with other arguments, or the
    program its command names), so the image's behaviour applies rather than a shell script.

    As the container runtime does: `command` replaces the image's ENTRYPOINT and CMD; `args` alone
    replace CMD and keep the ENTRYPOINT. An entrypoint wrapper (`docker-entrypoint.sh`) runs flags
    as options of the image's program and anything else as the command to exec.
    """
    own = behavior.command
    if not command and args and behavior.wrapper and not str(args[0]).startswith("-"):
        command = args  # the wrapper execs its arguments
    if command:
        name = posixpath.basename(str(command[0]))
        return name not in SHELLS and name in {posixpath.basename(w) for w in own[:behavior.entrypoint + 1]}
    if not args or not behavior.entrypoint:
        return False
    return not behavior.wrapper or str(args[0]).startswith("-")


def bare_shell(command: list | None, args: list | None, behavior: ImageBehavior) -> bool:
    """The container runs a shell with no script: with stdin open it waits for input (`-it`)."""
    argv = [str(a) for a in (command or []) + (args or [])] or list(behavior.command[:1])
    return len(argv) == 1 and behavior.shell is not None and posixpath.basename(argv[0]) in {
        posixpath.basename(s) for s in SHELLS}


def script_of(command: list | None, args: list | None, behavior: ImageBehavior) -> str | None:
    """The script the shell runs for this container, or None when programs.py's fixed
    programs (or the image's own behaviour) describe it."""
    argv = [str(a) for a in (command or []) + (args or [])]
    if not argv or behavior.shell is None or runs_own_program(command, args, behavior):
        return None
    if argv[0] in SHELLS and len(argv) >= 3 and argv[1] in ("-c", "-ec", "-xc"):
        script = argv[2]
    elif argv[0] in SHELLS:
        return None
    else:
        script = shlex.join(argv)
    try:
        tree = parse(script)
    except (ShellSyntaxError, RecursionError):
        return script
    words: list[str] = []
    if _simple_words(tree, words) and all(w in _FIXED for w in words):
        return None
    if any(re.search(rf"\b{w}\b", script) for w in UNREACHED):
        return None
    return script


def start_error(command: list | None, args: list | None, behavior: ImageBehavior, image: str) -> str | None:
    """containerd's message when the container's program is not in the image (known for
    busybox-only images and images without a shell; others may carry any program)."""
    from kubetui.engine.kubelet.images import split_reference
    argv = [str(a) for a in (command or []) + (args or [])]
    if not argv:
        return None
    name = argv[0]
    base = posixpath.basename(name)
    own = behavior.command[:1]
    if own and base == posixpath.basename(own[0]):
        return None
    if behavior.shell is not None:
        if split_reference(image)[0] not in BARE or base in APPLETS or base in BUILTINS or name in SHELLS:
            return None
    why = "no such file or directory" if "/" in name else "executable file not found in $PATH"
    return ("failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create "
            f'failed: unable to start container process: exec: "{name}": {why}: unknown')


_SKELETON_DIRS = ("bin", "dev", "etc", "home", "proc", "root", "sys", "tmp", "usr/bin", "usr/local/bin", "var/log",
                  "var/run")
_NGINX_FILES = {"usr/share/nginx/html/index.html": NGINX_WELCOME,
                "etc/nginx/nginx.conf": "user  nginx;\nworker_processes  auto;\n"}
_skeleton_dirs: dict[bool, frozenset[str]] = {}
"""The directories of a skeleton, with or without nginx's files (the same for every container)."""


def skeleton(rt: PodRuntime, c: Container, image: str) -> Volume:
    """The image's own files a learner looks for."""
    return _skeleton(rt.name, rt.ip, rt.namespace, rt.uid, c.container_id, image)


def _skeleton(name: str, ip: str, namespace: str, uid: str, container_id: str, image: str,
              status: tuple | None = None) -> Volume:
    nginx = "nginx" in image.split(":")[0].rsplit("/", 1)[-1]
    files = {
        "etc/hostname": name + "\n",
        "etc/hosts": "# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost "
                     f"ip6-loopback\n{ip}\t{name}\n",
        "etc/resolv.conf": f"search {namespace}.svc.cluster.local svc.cluster.local cluster.local\n"
                           "nameserver 10.96.0.10\noptions ndots:5\n",
        "etc/passwd": "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/home:/bin/false\n",
        "etc/group": "root:x:0:\nnobody:x:65534:\n",
        "proc/1/cgroup": f"0::/kubepods.slice/kubepods-pod{uid.replace('-', '_')}.slice/cri-containerd-"
                         f"{container_id.rsplit('/', 1)[-1]}.scope\n",
    }
    if status is not None:
        files["proc/1/status"] = capabilities.proc_status(*status)
    if nginx:
        files.update(_NGINX_FILES)
    dirs = _skeleton_dirs.get(nginx)
    if dirs is None:
        shape = Volume()
        for d in _SKELETON_DIRS:
            shape.add(d + "/.keep", "")
            shape.dirs.add(d)
        for path in files:
            shape.add(path, "")
        dirs = _skeleton_dirs[nginx] = frozenset(shape.dirs)
    return Volume(files=files, dirs=set(dirs))


def _config_volume(store: Store, namespace: str, source: dict, secret: bool) -> Volume:
    kind = "Secret" if secret else "ConfigMap"
    name = source.get("secretName" if secret else "name", "")
    obj = store.get(kind, namespace, name) or {}
    data = dict(obj.get("data") or {})
    if secret:
        data = {k: base64.b64decode(v).decode("utf-8", "replace") for k, v in data.items()}
    else:
        data.update(obj.get("binaryData") or {})
    vol = Volume(readonly=True)
    items = source.get("items")
    for k, v in sorted(data.items()):
        if items is None:
            vol.add(k, str(v))
    for item in items or []:
        if item.get("key") in data:
            vol.add(item.get("path", item["key"]), str(data[item["key"]]))
    return vol


class UnreadFileSystem(FileSystem):
    """A container's filesystem made the first time anyone looks (`kubectl exec`, a probe):
    most containers of a big cluster are never looked into, and a skeleton with its mounts is
    some 4 KiB. Only for what is fixed when the container starts: the image's skeleton and the
    token, downward API and projected files as the volume manager mounted them then (the
    volume manager replaces, never changes, a mounted volume's files)."""

    def __init__(self, *seed: object, mounts: tuple = ()):
        self._seed = seed
        self._mounts = mounts

    def __getattr__(self, name: str):
        if name not in ("root", "mounts") or "_seed" not in self.__dict__:
            raise AttributeError(name)
        self.root = _skeleton(*self.__dict__.pop("_seed"))
        self.mounts = {}
        for path, sub, files in self.__dict__.pop("_mounts"):
            _mount(self, path, sub, _files_volume(files))
        return getattr(self, name)


def _files_volume(files: dict[str, str] | None) -> Volume:
    vol = Volume(readonly=True)
    for rel, text in sorted((files or {}).items()):
        vol.add(rel, text)
    return vol


def _fixed_at_start(v: dict | None, path: str) -> bool:
    """A mount whose files the volume manager fixed when the container started (or none)."""
    return v is None or path == "/" or (
        "configMap" not in v and "secret" not in v and ("projected" in v or "downwardAPI" in v))


def _empty_dir(v: dict) -> Volume:
    """A new emptyDir: on the node's disk, or a tmpfs (`medium: Memory`) as big as its sizeLimit."""
    from kubetui.model.quantity import memory_bytes
    ed = v.get("emptyDir") or {}
    limit = ed.get("sizeLimit")
    return Volume(capacity=memory_bytes(limit) if ed.get("medium") == "Memory" and limit else None)


def container_fs(store: Store, rt: PodRuntime, c: Container, pod: dict,
                 mounted: dict[str, dict[str, str]] | None = None) -> FileSystem:
    """The filesystem of a starting container: a fresh image skeleton, the pod's emptyDirs
    (shared by its containers, kept across restarts), and the files of ConfigMap, Secret,
    projected and downward API volumes as the volume manager mounted them (`mounted`; the
    volume manager refreshes ConfigMap and Secret files in place after a change, `subPath`
    copies never)."""
    seed = (rt.name, rt.ip, rt.namespace, rt.uid, c.container_id, c.spec.get("image", ""),
            (capabilities.of(pod.get("spec") or {}, c.spec), command_line(c)))
    volumes = {v.get("name"): v for v in (pod.get("spec") or {}).get("volumes") or []}
    mounts = [(volumes.get(m.get("name")), FileSystem.norm(m.get("mountPath", "/")), m.get("subPath"))
              for m in c.spec.get("volumeMounts") or []]
    if all(_fixed_at_start(v, path) for v, path, _ in mounts):
        return UnreadFileSystem(*seed, mounts=tuple(
            (path, sub, (mounted or {}).get(v["name"])) for v, path, sub in mounts if v is not None and path != "/"))
    fs = FileSystem(root=_skeleton(*seed))
    for v, path, sub in mounts:
        if v is None or path == "/":
            continue
        if ("configMap" in v or "secret" in v) and v["name"] not in (mounted or {}):
            vol = _config_volume(store, rt.namespace, v.get("configMap") or v.get("secret") or {}, "secret" in v)
        elif "projected" in v or "downwardAPI" in v or "configMap" in v or "secret" in v:
            vol = _files_volume((mounted or {}).get(v["name"]))
        else:
            vol = rt.volumes.get(v["name"]) or rt.volumes.setdefault(v["name"], _empty_dir(v))
        _mount(fs, path, sub, vol)
    return fs


def _mount(fs: FileSystem, path: str, sub: str | None, vol: Volume) -> None:
    if sub:
        rel = sub.strip("/")
        if rel in vol.files:
            fs.root.add(path.strip("/"), vol.files[rel])
            return
        vol.dirs.add(rel)
        vol = Volume(files={k[len(rel) + 1:]: t for k, t in vol.files.items() if k.startswith(rel + "/")})
    fs.mounts[path] = vol
    fs.root.dirs.add(path.strip("/"))
    parts = path.strip("/").split("/")
    for i in range(1, len(parts)):
        fs.root.dirs.add("/".join(parts[:i]))


def process_env(rt: PodRuntime, c: Container) -> dict[str, str]:
    return {"PATH": PATH, "HOSTNAME": rt.name, "HOME": "/root", **c.env}


def pod_network(sim, namespace: str, name: str, args: list[str]) -> tuple[str, str, int]:
    """The network tools a container's own script runs through the cluster: `nslookup` asks the
    cluster DNS (an init container waiting for a Service)."""
    if name != "nslookup":
        return "", f"{name}: network unreachable\n", 1
    host = next((a for a in args if not a.startswith("-")), "")
    if not host:
        return "", "BusyBox v1.36.1 multi-call binary.\n\nUsage: nslookup [-type=QUERY_TYPE] [-debug] HOST [DNS_SERVER]\n", 1
    code, text = sim.network.dns.nslookup(host, namespace)
    return text, "", code


def ships_kubectl(c: Container) -> bool:
    """An image with kubectl in it (bitnami/kubectl, alpine/k8s, …): its entrypoint or its name says so."""
    image = str(c.spec.get("image", "")).split("@")[0].rsplit(":", 1)[0]
    return "kubectl" in ((c.behavior.command if c.behavior is not None else None) or ()) or \
        image.rsplit("/", 1)[-1] in ("kubectl", "k8s")


def command_line(c: Container) -> str:
    """What `ps` shows for the container's main process."""
    argv = [str(a) for a in (c.spec.get("command") or []) + (c.spec.get("args") or [])]
    if not argv and c.behavior is not None:
        argv = [str(a) for a in c.behavior.command]
    return " ".join(argv) or "sh"


def processes(rt: PodRuntime, c: Container) -> list[tuple[int, str]]:
    """The processes a container sees: its own, and those of the container it targets (an
    ephemeral container's `targetContainerName`: it joins that container's process namespace)."""
    target = c.spec.get("targetContainerName")
    seen = next((t for t in rt.containers if target and t.name == target and t.state == "running"), None)
    if seen is None:
        return [(1, command_line(c))]
    return [(1, command_line(seen)), (7, command_line(c))]


def start_machine(store: Store, rt: PodRuntime, c: Container, pod: dict, script: str,
                  mounted: dict[str, dict[str, str]] | None = None) -> Machine:
    c.fs = container_fs(store, rt, c, pod, mounted)
    context: dict = {"hostname": rt.name, "ip": rt.ip, "processes": [(1, "sh -c " + script[:40])],
                     "network": partial(pod_network, store.sim, rt.namespace),
                     "net": PodClient(store.sim, rt.namespace, rt.name), "image": c.spec.get("image", ""),
                     "privileges": capabilities.of(pod.get("spec") or {}, c.spec)}
    if c.spec.get("targetContainerName"):
        context["processes"] = [*processes(rt, c)[:-1], (7, "sh -c " + script[:40])]
    if ships_kubectl(c):
        context["kubectl"] = store.sim.kubectl_in_pod
    return Machine.for_script(script, c.fs, process_env(rt, c), context=context)
