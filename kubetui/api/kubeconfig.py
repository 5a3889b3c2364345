"""The kubeconfig the real clients read: one context per cluster, a bearer token per user."""

from __future__ import annotations

import base64
import os
from pathlib import Path

import yaml

CONTEXT = "kubetui"


def kubeconfig(clusters: list[tuple[str, str, str, bytes]], current: str | None = None) -> dict:
    """A Config for (context name, server URL, token, CA certificate PEM) of each cluster."""
    doc: dict = {"apiVersion": "v1", "kind": "Config", "preferences": {}, "clusters": [], "contexts": [],
                 "users": [], "current-context": current or clusters[0][0]}
    for name, url, token, ca in clusters:
        user = f"{name}-admin"
        doc["clusters"].append({"name": name, "cluster": {
            "server": url, "certificate-authority-data": base64.b64encode(ca).decode()}})
        doc["contexts"].append({"name": name, "context": {"cluster": name, "user": user, "namespace": "default"}})
        doc["users"].append({"name": user, "user": {"token": token}})
    return doc


def write(path: str | Path, clusters: list[tuple[str, str, str, bytes]]) -> Path:
    """Write the kubeconfig readable by its owner only (it holds the tokens)."""
    p = Path(path)
    p.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(p, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        yaml.safe_dump(kubeconfig(clusters), f, sort_keys=False)
    return p


def default_path() -> Path:
    from kubetui.datadir import data_dir

    return data_dir() / "kubeconfig"
