"""The package managers of the images that have one: `apt-get`/`apt` in Debian and Ubuntu
images, `apk` in Alpine ones (the image's base in registry.yaml; the packages in packages.yaml).

What they do lives in the container's filesystem, as for real: `apt-get update` writes the
package lists under /var/lib/apt/lists (a fresh image ships none, so `install` before `update`
cannot locate anything), an install writes the programs of the package and its dependencies
(`/usr/bin/curl`) and records them (/var/lib/dpkg/status, /lib/apk/db/installed). A restarted
container starts from its image again, without them. Downloads take simulated seconds.
"""

from __future__ import annotations

import hashlib
import posixpath

from kubetui.engine.kubelet.imageconfig import distro, package_data
from kubetui.engine.kubelet.shell.applets import APPLETS, Run, applet
from kubetui.engine.kubelet.shell.fs import FsError

APT_LISTS = "/var/lib/apt/lists"
DPKG_STATUS = "/var/lib/dpkg/status"
APK_CACHE = "/var/cache/apk"
APK_INSTALLED = "/lib/apk/db/installed"
ELF = "\x7fELF\x02\x01\x01\x00"
"""How an installed program's file starts: a binary, which the shell runs by its name."""
APT_WARNING = "\nWARNING: apt does not have a stable CLI interface. Use with caution in scripts.\n\n"
DEBCONF = "debconf: delaying package configuration, since apt-utils is not installed\n"


def _where(r: Run) -> tuple[str, str] | None:
    return distro(str(r.m.context.get("image", "")))


def _version(facts: dict, release: str) -> str:
    v = facts.get("version", "")
    if isinstance(v, dict):
        return str(v.get(release, v.get("*", next(iter(v.values())))))
    return str(v)


def _closure(table: dict, names: list[str]) -> list[str]:
    """The packages `names` need, dependencies first, each once."""
    out: list[str] = []

    def visit(name: str) -> None:
        for dep in table[name].get("deps") or ():
            if dep not in out and dep in table:
                visit(dep)
        if name not in out:
            out.append(name)

    for name in names:
        visit(name)
    return out


def _configure_order(table: dict, names: list[str]) -> list[str]:
    """The order dpkg sets packages up in: a package after everything it depends on, in passes
    (those that depend on none of `names` first), by name within a pass."""
    depth: dict[str, int] = {}

    def level(name: str) -> int:
        if name not in depth:
            depth[name] = 0
            deps = [d for d in table[name].get("deps") or () if d in names]
            depth[name] = 1 + max(map(level, deps)) if deps else 0
        return depth[name]

    return sorted(names, key=lambda n: (level(n), n))


def _resolve(table: dict, name: str) -> str | None:
    """The package a name selects: its own entry, or the one that names it in `also`."""
    if name in table:
        return name
    return next((p for p, f in table.items() if name in (f.get("also") or ())), None)


MANAGERS = {"apt-get": ("debian", "ubuntu"), "apt": ("debian", "ubuntu"), "apk": ("alpine",)}
"""The package managers and the distributions that ship them."""


def manager_missing(image: str, program: str) -> bool:
    """`program` is a package manager the image does not ship (apk in a Debian image, apt-get in busybox)."""
    families = MANAGERS.get(program.rsplit("/", 1)[-1])
    if families is None:
        return False
    where = distro(image)
    return where is None or where[0] not in families


def _not_here(r: Run) -> int:
    r.err(f"sh: {r.argv[0]}: not found\n")
    return 127


def _install_files(r: Run, name: str, facts: dict, kind: str) -> None:
    """Lay the package's programs in the filesystem: 0755 binaries the shell runs by name."""
    fs = r.m.fs
    bins = list(facts.get("bin") or ())
    each = int(facts.get("size", 0)) * 1024 // max(1, len(bins))
    for entry in bins:
        link, _, target = str(entry).partition(": ")
        path = "/" + (link if not target else posixpath.join(posixpath.dirname(target), link))
        program = posixpath.basename(target or link)
        parts = path.strip("/").split("/")
        for i in range(1, len(parts)):
            d = "/" + "/".join(parts[:i])
            if not fs.exists(d):
                fs.mkdir(d)
        fs.write(path, f"{ELF}{kind} {name} {program}\n", now=r.m.now)
        fs.chmod(path, 0o755)
        vol, rel = fs._where(path)
        vol.bulk[rel] = each


def run_installed(r: Run, text: str) -> int:
    """A program a package installed: busybox's applet of that name does the work where kubetui
    has one (curl, wget, ps, ping, nslookup, nc, ip, telnet); others say they are not simulated."""
    words = text[len(ELF):].split("\n", 1)[0].split()
    program = words[2] if len(words) == 3 else r.name
    for name in (r.name, program):
        fn = APPLETS.get(name)
        if fn is not None and name not in ("apt-get", "apt", "apk"):
            return fn(r)
    r.err(f"{r.name}: installed from {words[1] if len(words) == 3 else 'a package'}, "
          "but kubetui does not simulate this program\n")
    return 1


def _can_write(r: Run, path: str) -> bool:
    try:
        r.m.fs.writable(path)
        return True
    except FsError:
        return False


# -- apt ---------------------------------------------------------------------------------------
def _lists_file(url: str, suite: str, what: str) -> str:
    host = url.split("://", 1)[1].replace("/", "_")
    name = f"{host}_dists_{suite.replace('/', '_')}_{what.replace(' ', '_').replace('amd64_', 'binary-amd64_')}"
    return f"{APT_LISTS}/{name}"


def _available(r: Run) -> set[str]:
    """The packages the lists `apt-get update` fetched name (none before the first update)."""
    fs, out = r.m.fs, set[str]()
    try:
        names = fs.listdir(APT_LISTS)
    except FsError:
        return out
    for n in names:
        if n.endswith("_Packages"):
            try:
                text = fs.read(f"{APT_LISTS}/{n}")
            except FsError:
                continue
            out.update(line[9:] for line in text.splitlines() if line.startswith("Package: "))
    return out


def _installed_apt(r: Run) -> dict[str, str]:
    try:
        text = r.m.fs.read(DPKG_STATUS)
    except FsError:
        return {}
    out, name = {}, ""
    for line in text.splitlines():
        if line.startswith("Package: "):
            name = line[9:]
        elif line.startswith("Version: ") and name:
            out[name] = line[9:]
    return out


def _apt_options(argv: list[str]) -> tuple[dict, list[str]]:
    opts: dict = {"yes": False, "quiet": 0}
    words: list[str] = []
    skip = False
    for a in argv:
        if skip:
            skip = False
            continue
        if a in ("-y", "--yes", "--assume-yes"):
            opts["yes"] = True
        elif a in ("-q", "--quiet"):
            opts["quiet"] += 1
        elif a in ("-qq", "-q=2", "--quiet=2"):
            opts["quiet"] = 2
        elif a in ("-yq", "-qy"):
            opts["yes"], opts["quiet"] = True, opts["quiet"] + 1
        elif a in ("-o", "-c", "-t"):
            skip = True
        elif a.startswith("-"):
            continue
        else:
            words.append(a)
    return opts, words


@applet("apt-get", "apt")
def apt_get(r: Run) -> int:
    where = _where(r)
    if where is None or where[0] not in ("debian", "ubuntu"):
        return _not_here(r)
    family, release = where
    opts, words = _apt_options(r.argv[1:])
    if r.name == "apt" and "tty" not in r.m.context:
        r.err(APT_WARNING)
    if not words:
        r.err(f"E: No command given. See '{r.name} --help'.\n" if r.name == "apt-get" else "")
        if r.name == "apt":
            r.out("apt 2.6.1 (amd64)\nUsage: apt [options] command\n")
        return 1 if r.name == "apt" else 100
    command, names = words[0], words[1:]
    if command == "update":
        return _apt_update(r, family, release, opts)
    if command in ("install", "reinstall"):
        return _apt_install(r, family, release, opts, names)
    if command in ("clean", "autoclean", "autoremove", "upgrade", "dist-upgrade", "full-upgrade"):
        if r.m.fs.uid != 0:
            return _apt_lock(r, "/var/lib/dpkg/lock-frontend")
        if command.endswith("upgrade") or command == "autoremove":
            _apt_reading(r, opts)
            if command != "autoremove":
                r.out("Calculating upgrade...\n" if opts["quiet"] < 2 else "")
            r.out("0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.\n" if opts["quiet"] < 2 else "")
        return 0
    r.err(f"E: Invalid operation {command}\n")
    return 100


def _apt_lock(r: Run, lock: str) -> int:
    if lock.startswith(APT_LISTS):
        r.err(f"E: Could not open lock file {lock} - open (13: Permission denied)\n"
              f"E: Unable to lock directory {APT_LISTS}/\n")
    else:
        r.err(f"E: Could not open lock file {lock} - open (13: Permission denied)\n"
              f"E: Unable to acquire the dpkg frontend lock ({lock}), are you root?\n")
    return 100


def _done(r: Run) -> str:
    return " Done" if "tty" in r.m.context else ""


def _apt_reading(r: Run, opts: dict) -> None:
    if opts["quiet"] < 2:
        d = _done(r)
        r.out(f"Reading package lists...{d}\nBuilding dependency tree...{d}\nReading state information...{d}\n")


def _apt_update(r: Run, family: str, release: str, opts: dict) -> int:
    fs = r.m.fs
    if fs.uid != 0:
        return _apt_lock(r, f"{APT_LISTS}/lock")
    if not _can_write(r, "/var/lib/apt"):
        r.err(f"E: List directory {APT_LISTS}/partial is missing. - Acquire (30: Read-only file system)\n")
        return 100
    d = package_data()
    dist = d["distros"][family]
    known = _available(r)
    table = d["apt"]
    lines = []
    for i, (url, suite, what, size) in enumerate(dist["indexes"], 1):
        suite = suite.format(release=release)
        if known:
            if what == "InRelease":
                lines.append(f"Hit:{i} {url} {suite} InRelease\n")
            continue
        lines.append(f"Get:{i} {url} {suite} {what} [{size}]\n")
    if not fs.exists(APT_LISTS):
        fs.mkdir(APT_LISTS, parents=True)
    for url, suite, what, _ in dist["indexes"]:
        suite = suite.format(release=release)
        path = _lists_file(url, suite, what)
        if what.endswith("Packages") and suite == release + "/main":
            text = "".join(f"Package: {n}\nVersion: {_version(f, release)}\nArchitecture: amd64\n\n"
                           for n, f in sorted(table.items()))
        else:
            text = f"Origin: {family.capitalize()}\nSuite: {suite}\nCodename: {release}\n"
        fs.write(path, text, now=r.m.now)
    kb, seconds = dist["fetched"]
    if known:
        seconds = 1
    if opts["quiet"] < 2:
        r.out("".join(lines))
    r.m.pending_sleep += seconds
    tail = "" if known or opts["quiet"] >= 2 else f"Fetched {kb} kB in {seconds}s ({kb // seconds} kB/s)\n"
    if opts["quiet"] < 2:
        tail += f"Reading package lists...{_done(r)}\n"
        if r.name == "apt":
            tail += (f"Building dependency tree...{_done(r)}\nReading state information...{_done(r)}\n"
                     "All packages are up to date.\n")
    if tail:
        r.m.write_later(1, tail, r.local)
    return 0


def _deb_arch(name: str, facts: dict) -> tuple[str, str]:
    """(the name dpkg prints, the .deb's architecture): libraries are multi-arch (`:amd64`)."""
    if name == "ca-certificates":
        return name, "all"
    return (f"{name}:amd64" if name.startswith("lib") else name), "amd64"


def _apt_install(r: Run, family: str, release: str, opts: dict, names: list[str]) -> int:
    fs = r.m.fs
    if fs.uid != 0:
        return _apt_lock(r, "/var/lib/dpkg/lock-frontend")
    d = package_data()
    table = d["apt"]
    _apt_reading(r, opts)
    if not names:
        r.out("0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.\n" if opts["quiet"] < 2 else "")
        return 0
    available = _available(r)
    missing = [n for n in names if n not in available or n not in table]
    if missing:
        r.err("".join(f"E: Unable to locate package {n}\n" for n in missing))
        return 100
    installed = _installed_apt(r)
    wanted = _closure(table, [n for n in names if n not in installed])
    quiet = opts["quiet"] >= 2
    out = []
    for n in names:
        if n in installed and not quiet:
            out.append(f"{n} is already the newest version ({installed[n]}).\n")
    new = [n for n in wanted if n not in installed]
    extra = sorted(n for n in new if n not in names)
    if extra and not quiet:
        out.append("The following additional packages will be installed:\n" + _columns(extra))
    if new and not quiet:
        out.append("The following NEW packages will be installed:\n" + _columns(sorted(new)))
    if not quiet:
        out.append(f"0 upgraded, {len(new)} newly installed, 0 to remove and 0 not upgraded.\n")
    if not new:
        r.out("".join(out))
        return 0
    kb = sum(int(table[n].get("kb", 0)) for n in new)
    size = sum(int(table[n].get("size", 0)) for n in new)
    if not quiet:
        out.append(f"Need to get {kb} kB of archives.\nAfter this operation, {size} kB of additional disk space will be used.\n")
    if extra and not opts["yes"]:
        out.append("Do you want to continue? [Y/n] ")
        r.out("".join(out))
        answer = r.stdin.split("\n", 1)[0].strip().lower()
        if r.stdin and answer in ("", "y", "yes"):
            r.out("")
        else:
            r.out("Abort.\n")
            return 1
        out = []
    if not _can_write(r, "/usr/bin"):
        r.out("".join(out))
        r.err("E: Could not open lock file /var/lib/dpkg/lock-frontend - open (30: Read-only file system)\n")
        return 100
    url = d["distros"][family]["indexes"][0][0]
    for i, n in enumerate(new, 1):
        shown, arch = _deb_arch(n, table[n])
        if not quiet:
            out.append(f"Get:{i} {url} {release}/main amd64 {n} {arch} {_version(table[n], release)} "
                       f"[{table[n].get('kb', 0)} kB]\n")
    r.out("".join(out))
    seconds = 1 + kb // 2000 + len(new) // 4
    r.m.pending_sleep += seconds
    if not quiet:
        r.m.write_later(1, f"Fetched {kb} kB in {max(1, kb // 2000)}s ({kb // max(1, kb // 2000)} kB/s)\n", r.local)
    r.m.write_later(2, DEBCONF, r.local)
    later = []
    base_files = d["distros"][family]["installed"][1]
    for i, n in enumerate(new):
        shown, arch = _deb_arch(n, table[n])
        v = _version(table[n], release)
        later.append(f"Selecting previously unselected package {shown}.\n")
        if i == 0:
            later.append(f"(Reading database ... {base_files} files and directories currently installed.)\n")
        later.append(f"Preparing to unpack .../{i:02d}-{n}_{v.split(':', 1)[-1]}_{arch}.deb ...\n"
                     f"Unpacking {shown} ({v}) ...\n")
    for n in _configure_order(table, new):
        later.append(f"Setting up {_deb_arch(n, table[n])[0]} ({_version(table[n], release)}) ...\n")
        _install_files(r, n, table[n], "deb")
    later.append("Processing triggers for libc-bin ("
                 + {"bullseye": "2.31-13+deb11u11", "bookworm": "2.36-9+deb12u13", "trixie": "2.41-12"}.get(
                     release, "2.39-0ubuntu8.6") + ") ...\n")
    if "ca-certificates" in new:
        later.append("Processing triggers for ca-certificates ("
                     f"{_version(table['ca-certificates'], release)}) ...\nUpdating certificates in /etc/ssl/certs...\n"
                     "0 added, 0 removed; done.\nRunning hooks in /etc/ca-certificates/update.d...\ndone.\n")
    r.m.write_later(1, "".join(later), r.local)
    record = "".join(f"Package: {n}\nStatus: install ok installed\nVersion: {_version(table[n], release)}\n\n"
                     for n in new)
    if not fs.exists("/var/lib/dpkg"):
        fs.mkdir("/var/lib/dpkg", parents=True)
    fs.write(DPKG_STATUS, record, append=True, now=r.m.now)
    return 0


def _columns(names: list[str]) -> str:
    """apt's package lists: two-space indented, wrapped before 80 columns."""
    lines, line = [], " "
    for n in names:
        if len(line) + 1 + len(n) > 79 and line.strip():
            lines.append(line)
            line = " "
        line += " " + n
    lines.append(line)
    return "\n".join(lines) + "\n"


# -- apk ---------------------------------------------------------------------------------------
def _apk_installed(r: Run) -> dict[str, str]:
    try:
        text = r.m.fs.read(APK_INSTALLED)
    except FsError:
        return {}
    out, name = {}, ""
    for line in text.splitlines():
        if line.startswith("P:"):
            name = line[2:]
        elif line.startswith("V:") and name:
            out[name] = line[2:]
    return out


def _apk_indexes(release: str) -> list[str]:
    dist = package_data()["distros"]["alpine"]
    branch = "edge" if release == "edge" else f"v{release}"
    return [f"{url}/{suite.format(release=release).replace('v' + release, branch)}/{what}"
            for url, suite, what in dist["indexes"]]


def _apk_cached(r: Run) -> bool:
    try:
        return any(n.startswith("APKINDEX.") for n in r.m.fs.listdir(APK_CACHE))
    except FsError:
        return False


def _apk_fetch(r: Run, release: str, keep: bool) -> None:
    """Fetch the indexes: printed as apk prints them; kept in /var/cache/apk unless --no-cache."""
    urls = _apk_indexes(release)
    r.out("".join(f"fetch {u}\n" for u in urls))
    if keep:
        if not r.m.fs.exists(APK_CACHE):
            r.m.fs.mkdir(APK_CACHE, parents=True)
        for u in urls:
            digest = hashlib.sha256(u.encode()).hexdigest()[:8]
            r.m.fs.write(f"{APK_CACHE}/APKINDEX.{digest}.tar.gz", u + "\n", now=r.m.now)


@applet("apk")
def apk(r: Run) -> int:
    where = _where(r)
    if where is None or where[0] != "alpine":
        return _not_here(r)
    release = where[1]
    args = r.argv[1:]
    flags = {a for a in args if a.startswith("-")}
    words = [a for a in args if not a.startswith("-")]
    if not words:
        r.out("apk-tools 2.14.9, compiled for x86_64.\n\nusage: apk [<OPTIONS>...] COMMAND [<ARGUMENTS>...]\n")
        return 1
    command, names = words[0], words[1:]
    if command not in ("update", "add", "del", "info", "upgrade"):
        r.err(f"ERROR: '{command}' is not an apk command. See 'apk --help'.\n")
        return 1
    if command == "info":
        r.out("".join(f"{n}\n" for n in _apk_installed(r)))
        return 0
    if r.m.fs.uid != 0 or not _can_write(r, "/lib"):
        why = "Permission denied" if r.m.fs.uid != 0 else "Read-only file system"
        r.err(f"ERROR: Unable to lock database: {why}\nERROR: Failed to open apk database: {why}\n")
        return 99
    dist = package_data()["distros"]["alpine"]
    table = package_data()["apk"]
    base_pkgs, base_mib = dist["installed"]
    installed = _apk_installed(r)
    no_cache = "--no-cache" in flags
    if command == "update" or "-U" in flags or "--update" in flags or no_cache or not _apk_cached(r):
        _apk_fetch(r, release, keep=not no_cache)
    if command == "update":
        tag = "edge" if release == "edge" else f"v{release}.0"
        for i, u in enumerate(_apk_indexes(release), 1):
            r.out(f"{tag}-{100 * i}-g{hashlib.sha256(u.encode()).hexdigest()[:11]} [{u.rsplit('/', 2)[0]}]\n")
        r.out(f"OK: {dist['available']} distinct packages available\n")
        r.m.pending_sleep += 1
        return 0
    chosen = [(n, _resolve(table, n)) for n in names]
    missing = [n for n, p in chosen if p is None]
    if command == "add" and missing:
        r.err("ERROR: unable to select packages:\n" + "".join(
            f"  {n} (no such package):\n    required by: world[{n}]\n" for n in missing))
        return 1
    if command == "del":
        gone = [p for n, p in chosen if p in installed]
        for i, p in enumerate(gone, 1):
            r.out(f"({i}/{len(gone)}) Purging {p} ({installed[p]})\n")
            for entry in table[p].get("bin") or ():
                link, _, target = str(entry).partition(": ")
                path = "/" + (link if not target else posixpath.join(posixpath.dirname(target), link))
                if r.m.fs.is_file(path):
                    r.m.fs.remove(path)
        kept = {k: v for k, v in installed.items() if k not in gone}
        _apk_record(r, kept, table, rewrite=True)
        r.out(_apk_ok(base_pkgs, base_mib, kept, table))
        return 0
    new = [p for p in _closure(table, [p for _, p in chosen if p is not None]) if p not in installed]
    for i, p in enumerate(new, 1):
        r.out(f"({i}/{len(new)}) Installing {p} ({_version(table[p], release)})\n")
        _install_files(r, p, table[p], "apk")
    now = dict(installed)
    now.update({p: _version(table[p], release) for p in new})
    if new:
        _apk_record(r, {p: now[p] for p in new}, table, rewrite=False)
        world = r.m.fs.read("/etc/apk/world") if r.m.fs.is_file("/etc/apk/world") else ""
        r.m.fs.write("/etc/apk/world", world + "".join(f"{p}\n" for _, p in chosen if p and f"{p}\n" not in world),
                     now=r.m.now)
        triggers = ["busybox-1.37.0-r19"] + ([f"ca-certificates-{now['ca-certificates']}"]
                                             if "ca-certificates" in new else [])
        r.out("".join(f"Executing {t}.trigger\n" for t in triggers))
        r.m.pending_sleep += 1 + sum(int(table[p].get("kb", 0)) for p in new) // 2000
    r.out(_apk_ok(base_pkgs, base_mib, now, table))
    return 0


def _apk_ok(base_pkgs: int, base_mib: int, installed: dict[str, str], table: dict) -> str:
    kib = sum(int(table[p].get("size", 0)) for p in installed if p in table)
    return f"OK: {base_mib + (kib + 512) // 1024} MiB in {base_pkgs + len(installed)} packages\n"


def _apk_record(r: Run, packages: dict[str, str], table: dict, rewrite: bool) -> None:
    fs = r.m.fs
    if not fs.exists("/lib/apk/db"):
        fs.mkdir("/lib/apk/db", parents=True)
    text = "".join(f"P:{p}\nV:{v}\n\n" for p, v in packages.items())
    fs.write(APK_INSTALLED, text, append=not rewrite, now=r.m.now)
    if not fs.exists("/etc/apk"):
        fs.mkdir("/etc/apk", parents=True)
    if rewrite:
        fs.write("/etc/apk/world", "".join(f"{p}\n" for p in packages), now=r.m.now)


def installed(fs, program: str) -> bool:
    """A program a package manager put in the container, found as the shell finds it (PATH's
    directories, or the path given)."""
    dirs = ("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin")
    paths = [program] if "/" in program else [f"{d}/{program}" for d in dirs]
    for path in paths:
        try:
            if fs.is_file(path) and fs.read(path).startswith(ELF):
                return True
        except FsError:
            continue
    return False
