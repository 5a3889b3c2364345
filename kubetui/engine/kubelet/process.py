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
import sys
from functools import cache, lru_cache, partial
from importlib import resources
from typing import TYPE_CHECKING, NamedTuple

import yaml

from kubetui.engine.kubelet import capabilities, hostfs, imagefiles, procfs
from kubetui.engine.kubelet import nginx as _nginx  # noqa: F401  (registers the nginx command)
from kubetui.engine.kubelet.imageconfig import container_env, distro, package_data
from kubetui.engine.kubelet.programs import waits_in
from kubetui.engine.kubelet.shell import FileSystem, Machine, Volume, dialect
from kubetui.engine.kubelet.shell.applets import APPLETS, BUILTINS
from kubetui.engine.kubelet.shell.fs import as_text
from kubetui.engine.kubelet.shell.packages import manager_missing
from kubetui.engine.kubelet.shell.parse import ShellSyntaxError, parse
from kubetui.engine.network.client import PodClient

if TYPE_CHECKING:
    from kubetui.engine.kubelet.containers import Container, PodRuntime
    from kubetui.engine.kubelet.images import ImageBehavior
    from kubetui.engine.store import Store

NETWORK = {"nslookup", "wget", "nc", "ping", "curl", "telnet"}
"""Network tools."""
BARE = {"busybox", "alpine", "registry.k8s.io/busybox", "k8s.gcr.io/busybox", "radial/busyboxplus",
        "curlimages/curl"}
"""Images whose every program is a busybox applet: anything else is not in them."""

def has_bash(image: str) -> bool:
    """Whether the image ships bash: busybox-only images have sh (ash) and no bash."""
    from kubetui.engine.kubelet.images import split_reference
    return split_reference(image)[0] not in BARE


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
    return script


def start_error(command: list | None, args: list | None, behavior: ImageBehavior, image: str) -> str | None:
    """containerd's message when the container's program is not in the image (known for
    busybox-only images and images without a shell; others may carry any program)."""
    from kubetui.engine.kubelet.images import split_reference
    argv = [str(a) for a in (command or list(behavior.command[:behavior.entrypoint])) + (args or [])]
    if not argv:
        return None
    name = argv[0]
    base = posixpath.basename(name)
    own = behavior.command[:1]
    if own and base == posixpath.basename(own[0]):
        return None
    if behavior.shell is not None:
        if (split_reference(image)[0] not in BARE or (base in APPLETS or base in BUILTINS) and base != "bash") \
                and not manager_missing(image, base) and base not in dialect.lacks(image):
            return None
    why = "no such file or directory" if "/" in name else "executable file not found in $PATH"
    return ("failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create "
            f'failed: unable to start container process: exec: "{name}": {why}: unknown')


def entrypoint_in_volume(store: Store, rt: PodRuntime, c: Container, pod: dict, error: str | None,
                         mounted: dict[str, dict[str, str]] | None) -> str | None:
    """The runtime's verdict on a container whose program is a file on one of its volumes (a
    script from a ConfigMap): runc wants the exec bit (`permission denied`, a StartError); a file
    without `#!` starts, then its exec fails (`exec format error` in the log, exit 1); a `#!/bin/sh`
    script runs in the image's shell. Anything else keeps `error`."""
    argv = [str(a) for a in (c.spec.get("command") or []) + (c.spec.get("args") or [])]
    if not argv or not argv[0].startswith("/") or c.behavior is None or c.behavior.shell is None:
        return error
    path = FileSystem.norm(argv[0])
    points = [FileSystem.norm(m.get("mountPath", "/")) for m in c.spec.get("volumeMounts") or ()]
    if not any(path == p or path.startswith(p + "/") for p in points if p != "/"):
        return error
    fs = container_fs(store, rt, c, pod, mounted)
    if fs._mount_of(path) == "/" and path not in fs.ro_mounts or not fs.is_file(path):
        return error
    prefix = "failed to create containerd task: failed to create shim task: OCI runtime create failed: runc " \
             f'create failed: unable to start container process: exec: "{argv[0]}": '
    if not fs.may(path, 1):
        return prefix + "permission denied: unknown"
    first = fs.read(path).split("\n", 1)[0] if fs.may(path, 4) else ""
    if not first.startswith("#!"):
        c.script = f"echo {shlex.quote(f'exec {argv[0]}: exec format error')} >&2; exit 1"
    elif "sh" not in first:
        return error
    else:
        c.script = shlex.join(argv)
    return None


_SKELETON_DIRS = ("bin", "dev", "etc", "home", "proc", "root", "sys", "tmp", "usr/bin", "usr/local/bin", "var/log",
                  "var/run")
_skeleton_dirs: dict[tuple, frozenset[str]] = {}
"""The directories of a skeleton, with the files of its image's family (imagefiles.yaml) or none."""


def skeleton(rt: PodRuntime, c: Container, image: str) -> Volume:
    """The image's own files a learner looks for."""
    return _skeleton(rt.name, rt.ip, rt.namespace, rt.uid, c.container_id, image)


def _skeleton(name: str, ip: str, namespace: str, uid: str, container_id: str, image: str,
              status: tuple | None = None) -> Volume:
    own = imagefiles.family(image)
    files = {
        "etc/hostname": name + "\n",
        "etc/hosts": "# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost "
                     f"ip6-loopback\n{ip}\t{name}\n",
        "etc/resolv.conf": f"search {namespace}.svc.cluster.local svc.cluster.local cluster.local\n"
                           "nameserver 10.96.0.10\noptions ndots:5\n",
        **accounts(image),
        "proc/1/cgroup": f"0::/kubepods.slice/kubepods-pod{uid.replace('-', '_')}.slice/cri-containerd-"
                         f"{container_id.rsplit('/', 1)[-1]}.scope\n",
    }
    if status is not None:
        files["proc/1/status"] = capabilities.proc_status(*status)
        files["proc/1/maps"] = procfs.maps(image, status[1])
    files.update(imagefiles.files(image))
    where = distro(image)
    tools = distro_files(where)
    files.update(tools)
    shape_key = (own, where, imagefiles.left_out(image), tuple(imagefiles.dirs(image)))
    dirs = _skeleton_dirs.get(shape_key)
    if dirs is None:
        shape = Volume()
        for d in _SKELETON_DIRS:
            shape.add(d + "/.keep", "")
            shape.dirs.add(d)
        for path in files:
            shape.add(path, "")
        for d in (*_DISTRO_DIRS.get(where[0] if where else "", ()), *imagefiles.dirs(image)):
            shape.add(d + "/.keep", "")
            shape.dirs.add(d)
        dirs = _skeleton_dirs[shape_key] = frozenset(shape.dirs)
    programs = _programs()
    lacked = dialect.lacks(image)
    if lacked:
        programs = [p for p in programs if p[4:] not in lacked]
    files.update(dict.fromkeys(programs, ""))
    execs = [*programs, *(p for p in tools if p.startswith(("usr/bin/", "sbin/")))]
    modes = {**_SKELETON_MODES, **imagefiles.modes(image), **dict.fromkeys(execs, 0o755)}
    owned = imagefiles.owners(image)
    owners = {rel: who for top, who in owned.items() for rel in (*dirs, *files)
              if rel == top or rel.startswith(top + "/")} if owned else {}
    for rel in owners:  # chown -R and chmod -R g+w
        modes[rel] = modes.get(rel, 0o755 if rel in dirs else 0o644) | 0o020
    return Volume(files=files, dirs=set(dirs), owners=owners, modes=modes,
                  bulk=dict.fromkeys(programs, BUSYBOX_BYTES), inode=dict.fromkeys(programs, "busybox"),
                  links=dict(imagefiles.links(image)))


_SKELETON_MODES = {"tmp": 0o1777, "root": 0o700, "proc": 0o555, "sys": 0o555}
"""The image's directories whose modes are not 0755 (files are 0644)."""
BUSYBOX_BYTES = 1_131_168
"""The size `ls -l /bin/sh` shows: every applet is a link to the one busybox binary (about 1.1 MB)."""
_NOT_IN_BIN = {"bash", "curl", "kubectl", "nginx", "nginx-debug", "apt-get", "apt", "apk", "jq"}
_FHS = ("boot", "lib", "lib64", "media", "mnt", "opt", "run", "sbin", "srv")
_DISTRO_DIRS = {"debian": ("var/lib/apt/lists", "var/lib/dpkg", "etc/apt", *_FHS),
                "ubuntu": ("var/lib/apt/lists", "var/lib/dpkg", "etc/apt", *_FHS),
                "alpine": ("lib/apk/db", "var/cache/apk", "etc/apk", "media", "mnt", "opt", "run", "sbin", "srv")}
"""The package manager's own directories in a fresh image (apt's lists are empty until `apt-get
update`), and the distribution's top-level directories `ls /` shows besides the skeleton's."""


@cache
def distro_files(where: tuple[str, str] | None) -> dict[str, str]:
    """The files of the image's distribution: /etc/os-release and its package manager's programs
    and configuration."""
    if where is None:
        return {}
    family, release = where
    facts = package_data()["distros"][family]
    version = next((v for v, c in facts.get("releases", {}).items() if c == release), release)
    pretty = facts["pretty"].format(release=release, version=version)
    files = {"etc/os-release": f'PRETTY_NAME="{pretty}"\nNAME="{facts["name"]}"\nVERSION_ID="{version}"\n'
                               f'ID={family}\n' + (f"VERSION_CODENAME={release}\n" if family != "alpine" else "")}
    if family == "alpine":
        files["sbin/apk"] = "\x7fELF\x02\x01\x01\x00image apk-tools apk\n"
        files["etc/apk/repositories"] = "".join(
            f"{url}/v{release}/{suite.rsplit('/', 1)[-1]}\n" for url, suite, _ in facts["indexes"])
    else:
        for tool in ("apt-get", "apt", "dpkg"):
            files[f"usr/bin/{tool}"] = f"\x7fELF\x02\x01\x01\x00image apt {tool}\n"
    return files


_MINIMAL = {"etc/passwd": "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/home:/bin/false\n",
            "etc/group": "root:x:0:\nnobody:x:65534:\n"}


@cache
def _users() -> dict:
    return yaml.safe_load(resources.files("kubetui.engine.kubelet").joinpath("users.yaml").read_text())


@cache
def accounts(image: str) -> dict[str, str]:
    """The image's /etc/passwd and /etc/group (users.yaml): its distribution's accounts and its own."""
    repo, _, tag = image.rsplit("/", 1)[-1].partition("@")[0].partition(":")
    d = _users()
    known = d["images"].get(repo)
    if known is None:
        return _MINIMAL
    base = known.get("alpine", known["base"]) if "alpine" in tag else known["base"]
    out = {}
    for name in ("passwd", "group"):
        extra = (known.get(name) or {}).get(base)
        out["etc/" + name] = d["bases"][base][name] + (extra + "\n" if extra else "")
    return out


@cache
def _account(image: str, uid: int) -> tuple[int, tuple[int, ...]]:
    """The image's login group of `uid` (0 when /etc/passwd does not know it) and the groups of
    /etc/group that list its name as a member."""
    files = accounts(image)
    user = next((f for f in (line.split(":") for line in files["etc/passwd"].splitlines())
                 if len(f) >= 4 and f[2] == str(uid) and f[3].isdecimal()), None)
    if user is None:
        return 0, ()
    groups = tuple(int(f[2]) for f in (line.split(":") for line in files["etc/group"].splitlines())
                   if len(f) >= 4 and f[2].isdecimal() and user[0] in f[3].split(","))
    return int(user[3]), groups


def _programs() -> list[str]:
    """The applets as files in /bin (0755), so `ls -l /bin/sh` and `test -x /bin/ls` see them."""
    return ["bin/" + n for n in sorted(APPLETS) if n not in _NOT_IN_BIN and "/" not in n] + ["bin/busybox"]


class Identity(NamedTuple):
    """Who a container's processes are, as containerd sets them: `runAsUser`/`runAsGroup` (the
    container's over the pod's, else the image's root); without `runAsGroup`, the user's login
    group in the image's /etc/passwd (else 0). Supplementary groups: that group, the image's
    /etc/group memberships of the user, the pod's `supplementalGroups` and `fsGroup`."""

    uid: int = 0
    gid: int = 0
    groups: tuple[int, ...] = ()
    fs_group: int | None = None

    @classmethod
    def of(cls, pod: dict, container: dict) -> Identity:
        psc = (pod.get("spec") or {}).get("securityContext") or {}
        csc = container.get("securityContext") or {}
        if not psc and not csc:
            return _image_user(str(container.get("image", "")))
        return cls._of(psc, csc, container)

    @classmethod
    def _of(cls, psc: dict, csc: dict, container: dict) -> Identity:
        uid = int(csc.get("runAsUser", psc.get("runAsUser", image_uid(str(container.get("image", ""))))) or 0)
        login, member_of = _account(str(container.get("image", "")), uid)
        gid = int(csc.get("runAsGroup", psc.get("runAsGroup", login)) or 0)
        fs_group = psc.get("fsGroup")
        extra = {*(psc.get("supplementalGroups") or ()), *(() if fs_group is None else (fs_group,))}
        return cls(uid, gid, _same_groups(tuple(sorted({gid, *member_of, *(int(g) for g in extra)}))), fs_group)

    def apply(self, fs: FileSystem, c: Container, read_only_root: bool) -> None:
        fs.uid, fs.gid, fs.groups, fs.cgroup = self.uid, self.gid, self.groups, c.container_id
        if read_only_root:
            fs.ro_mounts = fs.ro_mounts | {"/"}


@cache
def image_uid(image: str) -> int:
    """The uid the image's USER runs as (registry.yaml `user`: a number, or a name its /etc/passwd
    knows); 0, root, when it sets none."""
    from kubetui.engine.kubelet.images import public_repositories, split_reference
    name, tag = split_reference(image)
    repo = public_repositories().get(name)
    user = (repo.user_of(tag) if repo is not None else "").partition(":")[0]
    if user.isdigit():
        return int(user)
    entry = next((f for f in (line.split(":") for line in accounts(image)["etc/passwd"].splitlines())
                  if user and f[0] == user and len(f) > 2 and f[2].isdigit()), None)
    return int(entry[2]) if entry is not None else 0


@lru_cache(maxsize=256)
def _image_user(image: str) -> Identity:
    """The identity of a container and pod without a securityContext: the image's root, the
    same for every container of the image."""
    return Identity._of({}, {}, {"image": image})


def non_root_problem(pod: dict, container: dict, image_user: str) -> str | None:
    """Why the kubelet refuses to create a container under `runAsNonRoot: true`, in its words: a
    `runAsUser` of 0, or no `runAsUser` and an image that runs as root or as a name it cannot check."""
    psc = (pod.get("spec") or {}).get("securityContext") or {}
    csc = container.get("securityContext") or {}
    if not csc.get("runAsNonRoot", psc.get("runAsNonRoot")):
        return None
    meta = pod.get("metadata") or {}
    where = f'(pod: "{meta.get("name")}_{meta.get("namespace")}({meta.get("uid")})", container: {container.get("name")})'
    uid = csc.get("runAsUser", psc.get("runAsUser"))
    if uid is not None:
        return f"container's runAsUser breaks non-root policy {where}" if int(uid) == 0 else None
    user = image_user.partition(":")[0]
    if user and not user.isdigit():
        return f"container has runAsNonRoot and image has non-numeric user ({user}), cannot verify user is non-root {where}"
    return f"container has runAsNonRoot and image will run as root {where}" if int(user or 0) == 0 else None


DATA_DIR = "..2026_01_01_00_00_00.000000000"
"""The timestamped folder of a volume written before any tick (kubelet.volumes.data_dir names the others)."""


def fill(vol: Volume, files: dict[str, str], stamp: str = DATA_DIR) -> None:
    """Lay out an atomic-writer volume's files as the kubelet writes them (ConfigMap, Secret,
    projected, downward API): the files in a timestamped folder (`stamp`, 0755), `..data` a link
    to it, each top-level entry a link into `..data`. A new write replaces the folder."""
    modes = {rel.split("/", 1)[1]: m for rel, m in vol.modes.items() if rel.startswith("..") and "/" in rel}
    modes.update({rel: m for rel, m in vol.modes.items() if not rel.startswith("..")})
    vol.files, vol.dirs, vol.times, vol.links, vol.modes = {}, {""}, {}, {}, {}
    if not files:
        return
    for rel, text in sorted(files.items()):
        vol.add(f"{stamp}/{rel}", text)
    for rel, mode in modes.items():
        vol.modes[f"{stamp}/{rel}"] = mode
    for d in vol.dirs:
        if d.startswith(stamp):
            vol.modes[d] = 0o755
    for top in sorted({rel.split("/", 1)[0] for rel in files}):
        vol.links[top] = f"..data/{top}"
    vol.links["..data"] = stamp


def atomic_writer_volume(source: dict, fs_group: int | None, default: int = 0o644) -> Volume:
    """An empty ConfigMap/Secret/projected/downward API volume with its modes: `defaultMode` (0644
    unless said), an item's own `mode`, and with an `fsGroup` the group's read bit and ownership
    (the kubelet's SetVolumeOwnership on a read-only volume)."""
    vol = Volume(readonly=True, fmode=_mode(source.get("defaultMode"), default), dmode=0o777)
    for item in source.get("items") or ():
        if item.get("mode") is not None and item.get("path"):
            vol.modes[item["path"]] = _mode(item["mode"], vol.fmode)
    for src in source.get("sources") or ():
        for item in (src.get("configMap") or src.get("secret") or src.get("downwardAPI") or {}).get("items") or ():
            if item.get("mode") is not None and item.get("path"):
                vol.modes[item["path"]] = _mode(item["mode"], vol.fmode)
    if fs_group is not None:
        vol.owner = (0, int(fs_group))
        vol.fmode |= 0o440
        vol.dmode |= 0o2000
        vol.modes = {p: m | 0o440 for p, m in vol.modes.items()}
    return vol


def _mode(value, default: int) -> int:
    try:
        return int(value) & 0o7777 if value is not None else default
    except (TypeError, ValueError):
        return default


def _config_volume(store: Store, namespace: str, source: dict, secret: bool, fs_group: int | None = None,
                   stamp: str = DATA_DIR) -> Volume:
    kind = "Secret" if secret else "ConfigMap"
    name = source.get("secretName" if secret else "name", "")
    obj = store.get(kind, namespace, name) or {}
    data = dict(obj.get("data") or {})
    if secret:
        data = {k: as_text(base64.b64decode(v)) for k, v in data.items()}
    else:
        data.update({k: as_text(base64.b64decode(v)) for k, v in (obj.get("binaryData") or {}).items()})
    vol = atomic_writer_volume(source, fs_group)
    vol.disk = not secret  # a Secret's files stay in memory (tmpfs); a ConfigMap's are on the node's disk
    items = source.get("items")
    files = {k: str(v) for k, v in data.items()} if items is None else {
        item.get("path", item["key"]): str(data[item["key"]]) for item in items if item.get("key") in data}
    fill(vol, files, stamp)
    return vol


class UnreadFileSystem(FileSystem):
    """A container's filesystem made the first time anyone looks (`kubectl exec`, a probe):
    most containers of a big cluster are never looked into, and a skeleton with its mounts is
    some 4 KiB. Only for what is fixed when the container starts: the image's skeleton and the
    token, downward API and projected files as the volume manager mounted them then (the
    volume manager replaces, never changes, a mounted volume's files)."""

    def __init__(self, *seed: object, mounts: tuple = (), recipe: tuple | None = None):
        if recipe is not None:
            self._recipe = recipe
        else:
            self._seed = seed
            self._mounts = mounts

    @property
    def unread(self) -> bool:
        return "_seed" in self.__dict__ or "_recipe" in self.__dict__

    def __getattr__(self, name: str):
        if "_recipe" in self.__dict__ and name in ("_seed", "_mounts", "root", "mounts"):
            self._seed, self._mounts = _seed_and_mounts(*self.__dict__.pop("_recipe"))
            return getattr(self, name)
        if name not in ("root", "mounts") or "_seed" not in self.__dict__:
            raise AttributeError(name)
        self.root = _skeleton(*self.__dict__.pop("_seed"))
        self.mounts = {}
        for path, sub, files, source, fs_group, stamp, disk in self.__dict__.pop("_mounts"):
            vol = _files_volume(files, source, fs_group, stamp)
            vol.disk = disk
            _mount(self, path, sub, vol)
        return getattr(self, name)


def _files_volume(files: dict[str, str] | None, source: dict | None = None, fs_group: int | None = None,
                  stamp: str = DATA_DIR) -> Volume:
    vol = atomic_writer_volume(source or {}, fs_group)
    fill(vol, dict(files or {}), stamp)
    return vol


def _source(v: dict) -> dict:
    """The part of a volume that holds its `defaultMode` and `items`."""
    return v.get("configMap") or v.get("secret") or v.get("projected") or v.get("downwardAPI") or {}


def _on_disk(v: dict) -> bool:
    """The kubelet keeps a ConfigMap's and a downward API volume's files on the node's disk, a
    Secret's and a projected volume's (the ServiceAccount token) in a tmpfs."""
    return "configMap" in v or "downwardAPI" in v


def _fixed_at_start(v: dict | None, path: str) -> bool:
    """A mount whose files the volume manager fixed when the container started (or none)."""
    return v is None or path == "/" or (
        "configMap" not in v and "secret" not in v and ("projected" in v or "downwardAPI" in v))


def _empty_dir(v: dict, fs_group: int | None = None) -> Volume:
    """A new emptyDir: on the node's disk, or a tmpfs (`medium: Memory`) as big as its sizeLimit;
    its directory is world-writable (0777). Any other volume (a claim's, a hostPath) starts as a
    root-owned 0755 directory. With an `fsGroup`, the kubelet gives the volume to that group with
    the setgid bit and group read/write (not a hostPath's: its driver does not support ownership)."""
    from kubetui.model.quantity import memory_bytes
    ed = v.get("emptyDir")
    limit = (ed or {}).get("sizeLimit")
    memory = (ed or {}).get("medium") == "Memory"
    vol = Volume(capacity=memory_bytes(limit) if memory and limit else None, disk=not memory)
    if ed is not None:
        vol.modes[""] = 0o777
    if fs_group is not None and "hostPath" not in v:
        vol.owner = (0, int(fs_group))
        vol.modes[""] = vol.modes.get("", 0o755) | 0o2070
    return vol


def _lasting(store: Store, rt: PodRuntime, v: dict) -> tuple | None:
    """Where a volume's data lives beyond the pod (the kubelet's `disks` key): a hostPath, or a
    claim's PersistentVolume that is one, is a directory of the pod's node; any other claim's
    volume is its PersistentVolume's. None: the pod's own (an emptyDir)."""
    if "hostPath" in v:
        return ("host", rt.node, FileSystem.norm(v["hostPath"].get("path") or "/"))
    claim = (v.get("persistentVolumeClaim") or {}).get("claimName")
    if claim is None:
        return None
    pvc = store.get("PersistentVolumeClaim", rt.namespace, claim) or {}
    name = (pvc.get("spec") or {}).get("volumeName")
    pv = (store.get("PersistentVolume", None, name) if name else None) or {}
    host = (pv.get("spec") or {}).get("hostPath")
    if host:
        return ("host", rt.node, FileSystem.norm(host.get("path") or "/"))
    return ("pv", name or f"{rt.namespace}/{claim}")


def container_fs(store: Store, rt: PodRuntime, c: Container, pod: dict,
                 mounted: dict[str, dict[str, str]] | None = None) -> FileSystem:
    """The filesystem of a starting container: a fresh image skeleton, the pod's emptyDirs
    (shared by its containers, kept across restarts), and the files of ConfigMap, Secret,
    projected and downward API volumes as the volume manager mounted them (`mounted`; the
    volume manager refreshes ConfigMap and Secret files in place after a change, `subPath`
    copies never)."""
    who = Identity.of(pod, c.spec)
    pod_spec = pod.get("spec") or {}
    wanted = c.spec.get("volumeMounts") or []
    volumes = {v.get("name"): v for v in pod_spec.get("volumes") or []} if wanted else {}
    mounts: list[tuple[dict | None, str, str | None]] = []
    read_only: list[str] = []
    all_fixed = True
    for m in wanted:
        v, path = volumes.get(m.get("name")), _mount_path(m.get("mountPath", "/"))
        mounts.append((v, path, m.get("subPath")))
        if m.get("readOnly"):
            read_only.append(path)
        if all_fixed and not _fixed_at_start(v, path):
            all_fixed = False
    ro_root = bool((c.spec.get("securityContext") or {}).get("readOnlyRootFilesystem"))
    fs: FileSystem
    if all_fixed:
        view = store.sim.kubelet.volumes.mounted.get((rt.namespace, rt.name))
        fixed = [(v, path, sub, (mounted or {}).get(v["name"])) for v, path, sub in mounts if v is not None and path != "/"]
        fs = UnreadFileSystem(recipe=(rt, pod_spec, c.spec, c.behavior, c.container_id, who, fixed,
                                      view.folders_now() if view is not None else {}))
    else:
        seed, _ = _seed_and_mounts(rt, pod_spec, c.spec, c.behavior, c.container_id, who, [], {})
        stamp = partial(store.sim.kubelet.volumes.stamp, rt.namespace, rt.name)
        fs = FileSystem(root=_skeleton(*seed))
        for v, path, sub in mounts:
            if v is None or path == "/":
                continue
            if ("configMap" in v or "secret" in v) and v["name"] not in (mounted or {}):
                vol = _config_volume(store, rt.namespace, _source(v), "secret" in v, who.fs_group, stamp(v["name"]))
            elif "projected" in v or "downwardAPI" in v or "configMap" in v or "secret" in v:
                vol = _files_volume((mounted or {}).get(v["name"]), _source(v), who.fs_group, stamp(v["name"]))
                vol.disk = _on_disk(v)
            elif (key := _lasting(store, rt, v)) is not None:
                disks = store.sim.kubelet.disks
                if key[0] == "host" and key[2] == "/":  # the node's own root (kubectl debug node/NODE)
                    vol = disks.get(key) or disks.setdefault(key, _empty_dir(v, who.fs_group))
                    hostfs.fill(vol, store.sim, rt.node)
                else:
                    vol = disks.get(key) or disks.setdefault(key, _empty_dir(v, who.fs_group))
            else:
                vol = rt.volumes.get(v["name"]) or rt.volumes.setdefault(v["name"], _empty_dir(v, who.fs_group))
            _mount(fs, path, sub, vol)
    who.apply(fs, c, ro_root)
    if read_only:
        fs.ro_mounts = _with_read_only(fs.ro_mounts, tuple(read_only))
    return fs


def _seed_and_mounts(rt: PodRuntime, pod_spec: dict, spec: dict, behavior: ImageBehavior | None, container_id: str,
                     who: Identity, mounts: list, written) -> tuple[tuple, tuple]:
    """What an unread filesystem is made from, as it was when its container started (`mounts`:
    each (volume, path, subPath, the volume manager's files then); `written`: their folders
    then): the skeleton's seed and each mount's (path, subPath, files, source, fsGroup, folder,
    on disk). Only the pod's spec is kept, which its status writes share, not the pod."""
    privileges = capabilities.of(pod_spec, spec)
    if privileges.gid != who.gid:
        privileges = privileges._replace(gid=who.gid)
    seed = (rt.node if pod_spec.get("hostNetwork") else rt.name, rt.ip, rt.namespace, rt.uid, container_id,
            spec.get("image", ""), (privileges, sys.intern(_command_line(spec, behavior))))
    return seed, tuple((path, sub, files, _source(v), who.fs_group, written.get(v["name"], DATA_DIR), _on_disk(v))
                       for v, path, sub, files in mounts)


@lru_cache(maxsize=1024)
def _mount_path(path: str) -> str:
    """A mount path as the filesystem keys it (normalised, one string for every pod)."""
    return sys.intern(FileSystem.norm(path))


@lru_cache(maxsize=256)
def _same_groups(groups: tuple[int, ...]) -> tuple[int, ...]:
    """One tuple for equal group lists (every container of a template has the same)."""
    return groups


@lru_cache(maxsize=256)
def _with_read_only(ro_mounts: frozenset[str], paths: tuple[str, ...]) -> frozenset[str]:
    """`ro_mounts` with `paths` added, one object for equal sets (`_one_of`), worked out once
    for the read-only mounts of a template's containers."""
    return _one_of(ro_mounts | frozenset(paths))


@lru_cache(maxsize=256)
def _one_of(paths: frozenset[str]) -> frozenset[str]:
    """One object for equal sets of read-only mount paths (every pod of a template has the same)."""
    return paths


def _mount(fs: FileSystem, path: str, sub: str | None, vol: Volume) -> None:
    if sub:
        rel = vol.resolve(sub.strip("/"))
        if rel in vol.files:
            fs.root.add(path.strip("/"), vol.files[rel])
            if vol.mode(rel) != fs.root.fmode or vol.owned(rel) != fs.root.owner:
                fs.root.modes[path.strip("/")] = vol.mode(rel)
                fs.root.owners[path.strip("/")] = vol.owned(rel)
            if vol.readonly:
                fs.ro_mounts = fs.ro_mounts | {path}
            return
        vol.dirs.add(rel)
        vol = Volume(files={k[len(rel) + 1:]: t for k, t in vol.files.items() if k.startswith(rel + "/")},
                     readonly=vol.readonly, fmode=vol.fmode, owner=vol.owner)
    fs.mounts[path] = vol
    fs.root.dirs.add(path.strip("/"))
    parts = path.strip("/").split("/")
    for i in range(1, len(parts)):
        fs.root.dirs.add("/".join(parts[:i]))


def hostname(rt: PodRuntime, pod: dict | None) -> str:
    """The pod's hostname: its name, or with `hostNetwork` the node's (the pod shares the host's
    UTS namespace: `kubectl debug node/NODE` shows `root@NODE:/#`)."""
    return rt.node if pod is not None and (pod.get("spec") or {}).get("hostNetwork") else rt.name


def process_env(rt: PodRuntime, c: Container, pod: dict | None = None) -> dict[str, str]:
    """A process's environment: containerd's (imageconfig.container_env), then HOME, which the
    runtime adds last when nothing set it."""
    host = hostname(rt, pod)
    own = c.env if host == rt.name or c.env.get("HOSTNAME") != rt.name else {**c.env, "HOSTNAME": host}
    env = container_env(str(c.spec.get("image", "")), {"HOSTNAME": host, **own})
    env.setdefault("HOME", "/root")
    return env


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


_PLAIN_COMMAND = re.compile(r"\s*[\w./:=,+-]+(\s+[\w./:=,+-]+)*\s*")
"""A script that is one simple command of plain words (`sleep 1h`): `sh -c` execs it in its place."""


def command_line(c: Container) -> str:
    """What `ps` shows for the container's main process: `sh -c 'sleep 1h'` shows `sleep 1h`, as
    the shell execs a lone simple command instead of forking it."""
    return _command_line(c.spec, c.behavior)


def _command_line(spec: dict, behavior: ImageBehavior | None) -> str:
    argv = [str(a) for a in (spec.get("command") or []) + (spec.get("args") or [])]
    if not argv and behavior is not None:
        argv = [str(a) for a in behavior.command]
    if len(argv) == 3 and argv[0] in SHELLS and argv[1] == "-c" and _PLAIN_COMMAND.fullmatch(argv[2]):
        return " ".join(argv[2].split())
    return " ".join(argv) or "sh"


def process_title(c: Container) -> str:
    """The main process as `ps` names it: nginx retitles its master after the entrypoint wrapper
    exec'd it (`nginx: master process nginx -g daemon off;`); others show their command line."""
    if c.nginx is not None:
        argv = _nginx.main_argv(c) or []
        prog = argv[1:] if argv and posixpath.basename(argv[0]) == "docker-entrypoint.sh" else argv
        return "nginx: master process " + " ".join(prog)
    return command_line(c)


def own_processes(c: Container, now: int | None = None) -> list[tuple]:
    """The container's processes before any exec: its main process as PID 1 and, for nginx, the
    workers its master runs (as the `nginx` user), for a script the program it is in now (`sleep
    5`, the stages of `tail -f … | while read …`): (pid, command[, user])."""
    rows: list[tuple] = [(1, process_title(c))]
    if c.nginx is not None:
        rows += [(pid, "nginx: worker process", "nginx") for pid in c.nginx.workers]
    if c.machine is not None:
        rows += [(1 + forked, cmd or rows[0][1]) for forked, cmd in c.machine.children()]
    elif c.program is not None and now is not None and c.started_at is not None and c.state == "running":
        child = waits_in(c.spec.get("command"), c.spec.get("args"), now - c.started_at)
        if child is not None:
            rows.append((1 + child[0], child[1]))
    return rows


def next_pid(rows: list[tuple]) -> int:
    """The pid the next process forked in the container gets (after its last one)."""
    last = rows[-1][0] if rows else 1
    return last + 6 if len(rows) == 1 else last + 8


def processes(rt: PodRuntime, c: Container) -> list[tuple[int, str]]:
    """The processes a container sees: its own, and those of the container it targets (an
    ephemeral container's `targetContainerName`: it joins that container's process namespace)."""
    target = c.spec.get("targetContainerName")
    seen = next((t for t in rt.containers if target and t.name == target and t.state == "running"), None)
    if seen is None:
        return [(1, command_line(c))]
    return [(1, command_line(seen)), (7, command_line(c))]


def shared_processes(rt: PodRuntime, pod: dict) -> list[tuple[int, str]] | None:
    """The processes every container of a pod with `shareProcessNamespace` sees: the sandbox's
    /pause as PID 1, then each running container's main process in start order. None when the
    pod's containers each have their own process namespace."""
    if not (pod.get("spec") or {}).get("shareProcessNamespace"):
        return None
    running = [x for x in [*rt.containers, *rt.ephemeral] if x.state == "running"]
    return [(1, "/pause"), *((7 + 6 * i, command_line(x)) for i, x in enumerate(running))]


def listening(c: Container) -> dict:
    """The container's port table, shared by its own shell and every shell `kubectl exec` starts
    in it: a server either starts listens on the pod's network until the container stops."""
    if c.ports is None:
        c.ports = {}
    return c.ports


def start_machine(store: Store, rt: PodRuntime, c: Container, pod: dict, script: str,
                  mounted: dict[str, dict[str, str]] | None = None) -> Machine:
    c.fs = container_fs(store, rt, c, pod, mounted)
    context: dict = {"hostname": hostname(rt, pod), "ip": rt.ip, "processes": [(1, "sh -c " + script[:40])],
                     "network": partial(pod_network, store.sim, rt.namespace),
                     "net": PodClient(store.sim, rt.namespace, rt.name), "image": c.spec.get("image", ""),
                     "ports": listening(c), "privileges": capabilities.of(pod.get("spec") or {}, c.spec)}
    if c.spec.get("targetContainerName"):
        context["processes"] = [*processes(rt, c)[:-1], (7, "sh -c " + script[:40])]
    if ships_kubectl(c):
        context["kubectl"] = store.sim.kubectl_in_pod
    argv = [str(a) for a in (c.spec.get("command") or []) + (c.spec.get("args") or [])]
    if len(argv) >= 3 and argv[0] in SHELLS and argv[1] in ("-c", "-ec", "-xc") and argv[2] == script:
        context.update(sh_name=argv[0], shell="bash" if posixpath.basename(argv[0]) == "bash" else None)
    if len(argv) > 3 and argv[0] in SHELLS and argv[1] in ("-c", "-ec", "-xc") and argv[2] == script:
        context.update(arg0=argv[3], args=argv[4:], sh_name=argv[3])  # sh -c SCRIPT NAME ARGS…: $0 and "$@"
    return Machine.for_script(script, c.fs, process_env(rt, c, pod), context=context)
