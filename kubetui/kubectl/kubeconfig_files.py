"""Kubeconfig files in the player's folder: `--kubeconfig FILE` and the `KUBECONFIG` variable.

clientcmd's loading rules: `--kubeconfig` names one file, which must exist (except for `kubectl
config`, which starts an empty one); `KUBECONFIG` lists files joined by `:`, missing ones are
skipped, and they are merged: the first file to name a cluster, user or context wins, and the
first file that sets current-context gives it. `kubectl config` writes each change back where
it came from: an entry to the file that defined it, a new entry to the first existing file, the
current context to the first file that set one. Without either, the session's kubeconfig is used.
"""

from __future__ import annotations

import base64
import binascii
from dataclasses import dataclass, field
from pathlib import Path

from kubetui.kubectl.kubeconfig import BYTES_FIELDS, Kubeconfig
from kubetui.model.safe_yaml import InputError, load_yaml

SECTIONS = (("clusters", "cluster"), ("users", "user"), ("contexts", "context"))


class KubeconfigFileError(Exception):
    """kubectl's error for a kubeconfig it cannot load."""


def _decoded(entry: dict) -> dict:
    out = dict(entry)
    for key in BYTES_FIELDS & set(out):
        try:
            out[key] = base64.b64decode(str(out[key]).encode(), validate=True)
        except (binascii.Error, ValueError):
            out[key] = b""
    return out


@dataclass
class KubeconfigFiles:
    """The files a command's kubeconfig was merged from, and where each entry came from."""

    paths: list[Path]
    shown: str = ""
    """The file kubectl's messages name: the named one, or the first that exists."""
    sources: dict[tuple[str, str], int] = field(default_factory=dict)
    current_from: int | None = None
    loaded: Kubeconfig = field(default_factory=Kubeconfig)

    @staticmethod
    def load(cwd: str, flag: str, env: str, *, config_command: bool) -> KubeconfigFiles:
        """The merged kubeconfig of `--kubeconfig` (`flag`) or `KUBECONFIG` (`env`)."""
        names = [flag] if flag else [n for n in env.split(":") if n]
        files = KubeconfigFiles([Path(n) if Path(n).is_absolute() else Path(cwd) / n for n in names])
        files.shown = next((n for n, p in zip(names, files.paths) if p.is_file()), names[0] if names else "")
        merged = Kubeconfig()
        for i, (name, path) in enumerate(zip(names, files.paths)):
            if not path.is_file():
                if flag and not config_command:
                    raise KubeconfigFileError(f"error: stat {name}: no such file or directory")
                continue
            try:
                doc = load_yaml(path.read_text(encoding="utf-8", errors="replace"), name) or {}
            except InputError as exc:
                raise KubeconfigFileError(f"error: error loading config file \"{name}\": {exc}") from None
            if not isinstance(doc, dict):
                raise KubeconfigFileError(f'error: error loading config file "{name}": not a kubeconfig')
            for section, key in SECTIONS:
                for item in doc.get(section) or []:
                    if not isinstance(item, dict) or not item.get("name"):
                        continue
                    target = getattr(merged, section)
                    if item["name"] not in target:
                        target[item["name"]] = _decoded(item.get(key) or {})
                        files.sources[(section, item["name"])] = i
            if doc.get("current-context") and files.current_from is None:
                merged.current_context = str(doc["current-context"])
                files.current_from = i
        files.loaded = merged.copy()
        return files

    def _default(self) -> int:
        """Where new entries go: the first file that exists, else the first named."""
        return next((i for i, p in enumerate(self.paths) if p.is_file()), 0)

    def save(self, config: Kubeconfig) -> None:
        """Write back what `config` changed since loading, each change to its file."""
        if config.digest() == self.loaded.digest():
            return
        default = self._default()
        touched: set[int] = set()
        for section, _ in SECTIONS:
            before, after = getattr(self.loaded, section), getattr(config, section)
            gone = [n for n in before if n not in after]
            for name in (n for n in after if n not in before and (section, n) not in self.sources):
                renamed = next((g for g in gone if before[g] == after[name]), None)
                if renamed is not None:  # a rename stays in the file the entry came from
                    self.sources[(section, name)] = self.sources.get((section, renamed), default)
            for name in set(before) | set(after):
                if before.get(name) != after.get(name):
                    touched.add(self.sources.get((section, name), default))
        current_to = self.current_from if self.current_from is not None else default
        if config.current_context != self.loaded.current_context:
            touched.add(current_to)
        for i in sorted(touched):
            self._write(i, config, default, current_to)

    def _write(self, i: int, config: Kubeconfig, default: int, current_to: int) -> None:
        from kubetui.kubectl.printers.output import to_yaml

        part = Kubeconfig(current_context=config.current_context if i == current_to else "")
        if i != current_to and self.paths[i].is_file():
            doc = load_yaml(self.paths[i].read_text(encoding="utf-8", errors="replace"), str(self.paths[i])) or {}
            part.current_context = str(doc.get("current-context") or "") if isinstance(doc, dict) else ""
        for section, _ in SECTIONS:
            for name, entry in getattr(config, section).items():
                if self.sources.get((section, name), default) == i:
                    getattr(part, section)[name] = entry
        self.paths[i].parent.mkdir(parents=True, exist_ok=True)
        self.paths[i].write_text(to_yaml(part.view(raw=True)), encoding="utf-8")
