"""The Kubernetes release kubetui's cluster is, in one place: the API server's `/version`, the
kubelets' `nodeInfo`, the control-plane images and their logs all say it, and the kubectl release
kubetui's own kubectl mirrors (its goldens come from that binary). They sit within Kubernetes'
version skew policy: kubectl one minor ahead of the API server, kubelets at its version."""

KUBERNETES_VERSION = "v1.36.0"
KUBECTL_VERSION = "v1.37.1"
KUSTOMIZE_VERSION = "v5.8.1"
KUBECTL_BUILD = {"major": "1", "minor": "37", "gitVersion": KUBECTL_VERSION,
                 "gitCommit": "f78e722310e50bcaca9276be22276d9e91d91308", "gitTreeState": "clean",
                 "buildDate": "2026-09-23T17:10:04Z", "goVersion": "go1.26.8", "compiler": "gc",
                 "platform": "linux/amd64"}
"""`kubectl version`'s clientVersion, as the mirrored binary reports itself."""


def minor(version: str) -> str:
    """"v1.36.0" → "36"."""
    return version.lstrip("v").split(".")[1]
