"""The objects kubectl's client-side generators build (`create ...`, `run`, `expose`).

Each function takes a `Parsed` command line and returns the object as the dict kubectl would
send to the API server (what `--dry-run=client -o json` prints), or raises
`KubectlUsageError` with kubectl's wording. Objects that must already exist (`expose`'s
target, `create job --from`'s CronJob) are passed in by the caller: these functions never
read the cluster, so they stay pure and testable.
"""

from __future__ import annotations

import base64
import copy
import hashlib
import json
import os
import re
from pathlib import Path
from typing import Callable

from kubetui.kubectl.flags import KubectlUsageError, Parsed, atoi
from kubetui.model.labels import SelectorError, to_label_selector
from kubetui.model.validation.meta import dns1123_subdomain

__all__ = [
    "build",
    "create_namespace",
    "create_deployment",
    "create_job",
    "create_cronjob",
    "create_configmap",
    "create_secret_generic",
    "create_secret_docker_registry",
    "create_secret_tls",
    "create_quota",
    "create_poddisruptionbudget",
    "create_priorityclass",
    "create_service",
    "create_serviceaccount",
    "create_ingress",
    "run_pod",
    "expose",
]


def _help_error(parsed: Parsed, text: str) -> KubectlUsageError:
    return KubectlUsageError(
        f"error: {text}\nSee '{parsed.command_path} -h' for help and examples")


def _require(parsed: Parsed, *names: str) -> None:
    """Cobra's check of MarkFlagRequired flags, run before the command itself."""
    missing = sorted(n for n in names if not parsed.given(n))
    if missing:
        raise KubectlUsageError(
            'error: required flag(s) "' + '", "'.join(missing) + '" not set')


def _one_name(parsed: Parsed) -> str:
    if len(parsed.args) != 1:
        raise _help_error(parsed, f"exactly one NAME is required, got {len(parsed.args)}")
    return parsed.args[0]


def _meta(parsed: Parsed, name: str, **extra: object) -> dict:
    """ObjectMeta as kubectl fills it: the namespace only when `-n` was given."""
    meta: dict = {"name": name, **extra}
    if parsed.given("namespace") and parsed.flags.get("namespace"):
        meta["namespace"] = parsed.flags["namespace"]
    return meta


def go_g(number: float) -> str:
    """Go's `%g` of a float64 (shortest form; exponent below 1e-4 and from 1e21)."""
    text = repr(float(number))
    if text.endswith(".0"):
        text = text[:-2]
    if "e" in text:
        mant, _, exp = text.partition("e")
        text = f"{mant}e{exp[0] if exp[0] in '+-' else '+'}{abs(int(exp)):02d}"
    return text


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


# --------------------------------------------------------------------------- namespace, sa

def create_namespace(parsed: Parsed) -> dict:
    name = _one_name(parsed)
    return {"apiVersion": "v1", "kind": "Namespace",
            "metadata": {"name": name}, "spec": {}, "status": {}}


def create_serviceaccount(parsed: Parsed) -> dict:
    name = _one_name(parsed)
    return {"apiVersion": "v1", "kind": "ServiceAccount", "metadata": _meta(parsed, name)}


# --------------------------------------------------------------------------- workloads

def name_suffix(seed: str) -> str:
    """Five characters of kubectl's suffix alphabet, from `seed` (kubectl's are random)."""
    alphabet = "bcdfghjklmnpqrstvwxz2456789"
    digest = hashlib.sha256(seed.encode()).digest()
    return "".join(alphabet[b % len(alphabet)] for b in digest[:5])


def container_name_for_image(image: str, random_suffix: Callable[[str], str] | None = None) -> str:
    """kubectl's container name for `--image`: last path part without tag or digest.

    A name with `_` is made valid (`-`) and, as kubectl does, given a 5-character suffix;
    kubectl's suffix is random, ours comes from `random_suffix` (deterministic by default).
    """
    name = image
    if "@" in name:
        name = name[: name.index("@")]
    if ":" in name:
        name = name[: name.rindex(":")]
    if "/" in name:
        name = name[name.rindex("/") + 1:]
    if "_" in name:
        name = name.replace("_", "-")
        name = f"{name}-{(random_suffix or name_suffix)(name)}"
    return name


def create_deployment(parsed: Parsed,
                      random_suffix: Callable[[str], str] | None = None) -> dict:
    _require(parsed, "image")
    name = _one_name(parsed)
    images: list[str] = list(parsed.flags["image"])
    if len(images) > 1 and parsed.after_dashdash:
        raise KubectlUsageError("error: cannot specify multiple --image options and command")
    containers = []
    for image in images:
        containers.append({"name": container_name_for_image(image, random_suffix),
                           "image": image, "resources": {}})
    if parsed.after_dashdash:
        containers[0]["command"] = list(parsed.after_dashdash)
    port = parsed.flags["port"]
    if port >= 0 and containers:
        containers[0]["ports"] = [{"containerPort": port}]
    labels = {"app": name}
    return {
        "apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": _meta(parsed, name, labels=dict(labels)),
        "spec": {
            "replicas": parsed.flags["replicas"],
            "selector": {"matchLabels": dict(labels)},
            "template": {"metadata": {"labels": dict(labels)},
                         "spec": {"containers": containers}},
            "strategy": {},
        },
        "status": {},
    }


def _job_pod_template(name: str, image: str, command: list[str], restart: str) -> dict:
    container: dict = {"name": name, "image": image, "resources": {}}
    if command:
        container["command"] = list(command)
    return {"metadata": {},
            "spec": {"containers": [container], "restartPolicy": restart}}


def _normalise_template(spec: dict) -> dict:
    """Fields Go always serialises once a JobSpec is re-encoded by kubectl."""
    template = spec.setdefault("template", {})
    template.setdefault("metadata", {})
    for key in ("initContainers", "containers"):
        for c in template.get("spec", {}).get(key, []):
            c.setdefault("resources", {})
    return spec


def create_job(parsed: Parsed, from_object: dict | None = None) -> dict:
    """`kubectl create job NAME --image=... -- cmd` or `--from=cronjob/NAME`.

    For `--from`, pass the object it names as `from_object` (the caller looks it up and
    reports NotFound itself).
    """
    name = _one_name(parsed)
    image, source = parsed.flags["image"], parsed.flags["from"]
    if bool(image) == bool(source):
        raise KubectlUsageError("error: either --image or --from must be specified")
    if image:
        return {"apiVersion": "batch/v1", "kind": "Job", "metadata": _meta(parsed, name),
                "spec": {"template": _job_pod_template(name, image, parsed.after_dashdash,
                                                       "Never")},
                "status": {}}
    if parsed.after_dashdash:
        raise KubectlUsageError("error: cannot specify --from and command")
    if from_object is None:
        raise ValueError("create job --from needs the object it names")
    if from_object.get("kind") != "CronJob":
        version = from_object.get("apiVersion", "v1").rpartition("/")[2]
        raise KubectlUsageError(
            f"error: unknown object type *{version}.{from_object.get('kind')}")
    job_template = copy.deepcopy(from_object.get("spec", {}).get("jobTemplate", {}))
    template_meta = job_template.get("metadata", {})
    annotations = {"cronjob.kubernetes.io/instantiate": "manual",
                   **template_meta.get("annotations", {})}
    cron_meta = from_object.get("metadata", {})
    owner = {"apiVersion": "batch/v1", "kind": "CronJob", "name": cron_meta.get("name"),
             "uid": cron_meta.get("uid", ""), "controller": True}
    meta = _meta(parsed, name, annotations=annotations, ownerReferences=[owner])
    if template_meta.get("labels"):
        meta["labels"] = dict(template_meta["labels"])
    return {"apiVersion": "batch/v1", "kind": "Job", "metadata": meta,
            "spec": _normalise_template(job_template.get("spec", {})), "status": {}}


def create_cronjob(parsed: Parsed) -> dict:
    _require(parsed, "image", "schedule")
    name = _one_name(parsed)
    restart = parsed.flags["restart"] or "OnFailure"
    template = _job_pod_template(name, parsed.flags["image"], parsed.after_dashdash, restart)
    return {
        "apiVersion": "batch/v1", "kind": "CronJob", "metadata": _meta(parsed, name),
        "spec": {"schedule": parsed.flags["schedule"],
                 "jobTemplate": {"metadata": {"name": name},
                                 "spec": {"template": template}}},
        "status": {},
    }


_RESTART_POLICIES = ("Always", "OnFailure", "Never")


def _key_values(items: list[str], what: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in items:
        key, eq, value = item.partition("=")
        if not eq or not key:
            raise KubectlUsageError(f"error: invalid {what}: {item}")
        out[key] = value
    return out


def _parse_labels(spec: str) -> dict[str, str]:
    """`--labels=app=web,tier=fe`."""
    out: dict[str, str] = {}
    for part in spec.split(","):
        pieces = part.split("=")
        if len(pieces) != 2:
            raise KubectlUsageError(f"error: unexpected label spec: {part}")
        if not pieces[0]:
            raise KubectlUsageError("error: unexpected empty label key")
        out[pieces[0]] = pieces[1]
    return out


_PULL_POLICIES = ("Always", "IfNotPresent", "Never")

_PATH_COMPONENT = r"[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*"
_DOMAIN_COMPONENT = r"(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])"
_DOMAIN = rf"(?:{_DOMAIN_COMPONENT}(?:\.{_DOMAIN_COMPONENT})*|\[[a-fA-F0-9:]+\])(?::[0-9]+)?"
IMAGE_REFERENCE = re.compile(
    rf"^(?:{_DOMAIN}/)?{_PATH_COMPONENT}(?:/{_PATH_COMPONENT})*"
    r"(?::[\w][\w.-]{0,127})?"
    r"(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?$")
"""The image reference grammar (distribution's ReferenceRegexp) kubectl run checks --image with."""


def run_checks(parsed: Parsed, dry_run: str) -> None:
    """kubectl run's refusals, in its order, before it builds anything."""
    _require(parsed, "image")
    if not parsed.args:
        raise KubectlUsageError("error: NAME is required for run")
    image = parsed.flags["image"]
    if not IMAGE_REFERENCE.match(image):
        raise KubectlUsageError(f'error: invalid image name "{image}": invalid reference format')
    if parsed.flags["tty"] and not parsed.flags["stdin"]:
        raise KubectlUsageError("error: -i/--stdin is required for containers with -t/--tty=true")
    if parsed.flags["expose"] and not parsed.flags["port"]:
        raise KubectlUsageError("error: --port must be set when exposing a service")
    attach = parsed.flags["stdin"] or parsed.flags["tty"] or parsed.flags["attach"]
    if dry_run != "none" and attach:
        raise KubectlUsageError("error: --dry-run=[server|client] can't be used with attached containers "
                                "options (--attach, --stdin, or --tty)")
    policy = parsed.flags["image-pull-policy"]
    if policy and policy not in _PULL_POLICIES:
        raise KubectlUsageError(f"error: invalid image pull policy: {policy}, valid values are: "
                                + ", ".join(_PULL_POLICIES))
    restart = parsed.flags["restart"]
    if restart not in _RESTART_POLICIES:
        raise KubectlUsageError(f"error: invalid restart policy: {restart}, valid values are: "
                                + ", ".join(_RESTART_POLICIES))


def run_pod(parsed: Parsed) -> dict:
    """`kubectl run NAME --image=...`: a bare Pod labelled `run=NAME`."""
    _require(parsed, "image")
    run_checks(parsed, "none")
    name = parsed.args[0]
    restart = parsed.flags["restart"]
    container: dict = {"name": name, "image": parsed.flags["image"], "resources": {}}
    words = list(parsed.args[1:]) + list(parsed.after_dashdash)
    if words:
        container["command" if parsed.flags["command"] else "args"] = words
    if parsed.flags["env"]:
        env = _key_values(parsed.flags["env"], "env")
        container["env"] = [{"name": k, "value": v} for k, v in env.items()]
    if parsed.flags["port"]:
        try:
            port = atoi(parsed.flags["port"])
        except ValueError:
            raise KubectlUsageError("error: --port must be a number") from None
        container["ports"] = [{"containerPort": port}]
    if parsed.flags["image-pull-policy"]:
        container["imagePullPolicy"] = parsed.flags["image-pull-policy"]
    if parsed.flags["privileged"]:
        container["securityContext"] = {"privileged": True}
    if parsed.flags["stdin"]:
        container["stdin"] = True
    if parsed.flags["tty"]:
        container["tty"] = True
    labels = _parse_labels(parsed.flags["labels"]) if parsed.flags["labels"] else {"run": name}
    extra: dict = {"labels": labels}
    if parsed.flags["annotations"]:
        extra["annotations"] = _key_values(parsed.flags["annotations"], "annotation")
    return {
        "apiVersion": "v1", "kind": "Pod", "metadata": _meta(parsed, name, **extra),
        "spec": {"containers": [container], "dnsPolicy": "ClusterFirst",
                 "restartPolicy": restart},
        "status": {},
    }


def apply_overrides(obj: dict, overrides: str, override_type: str = "merge") -> dict:
    """`run --overrides=JSON`: a patch of the generated object (JSON merge patch by default,
    `--override-type=strategic|json` as kubectl offers)."""
    from kubetui.model.patch import JsonPatchError, StrategicPatchError, json_patch, merge_patch, strategic_merge

    if not overrides:
        return obj
    if override_type not in ("merge", "strategic", "json"):
        raise KubectlUsageError(f'error: --override-type must be one of [json merge strategic], '
                                f'got "{override_type}"')
    try:
        patch = json.loads(overrides)
    except json.JSONDecodeError:
        raise KubectlUsageError("error: Invalid JSON Patch") from None
    try:
        if override_type == "json":
            if not isinstance(patch, list):
                raise KubectlUsageError("error: Invalid JSON Patch")
            out = json_patch(copy.deepcopy(obj), patch)
        elif override_type == "strategic":
            out = strategic_merge(copy.deepcopy(obj), patch)
        else:
            out = merge_patch(copy.deepcopy(obj), patch)
    except (JsonPatchError, StrategicPatchError) as exc:
        raise KubectlUsageError(f"error: {exc}") from None
    if not isinstance(out, dict):
        raise KubectlUsageError("error: Invalid JSON Patch")
    return copy.deepcopy(out)


def run_service(parsed: Parsed, pod: dict) -> dict:
    """`run --expose --port=N`: the ClusterIP Service in front of the new pod."""
    port = atoi(parsed.flags["port"])
    meta: dict = {"name": pod["metadata"]["name"]}
    if parsed.flags["labels"]:
        meta["labels"] = _parse_labels(parsed.flags["labels"])
    if parsed.given("namespace") and parsed.flags.get("namespace"):
        meta["namespace"] = parsed.flags["namespace"]
    return {"apiVersion": "v1", "kind": "Service", "metadata": meta,
            "spec": {"ports": [{"port": port, "protocol": "TCP", "targetPort": port}],
                     "selector": dict(pod["metadata"].get("labels") or {})},
            "status": {"loadBalancer": {}}}


# --------------------------------------------------------------------------- configmap, secret

_KEY = re.compile(r"^[-._a-zA-Z0-9]+$")


def _valid_key(key: str, kind: str) -> None:
    if not _KEY.match(key) or key in (".", "..") or len(key) > 253:
        raise KubectlUsageError(
            f'error: "{key}" is not a valid key name for a {kind}: a valid config key must '
            "consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or "
            "'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')")


def _read(path: str, base_dir: Path, stdin: bytes | None = None) -> bytes:
    """A source file's bytes; `/dev/stdin` is the command's own stdin (a here-document), never the
    host process's."""
    if path == "/dev/stdin":
        return stdin or b""
    full = base_dir / path
    try:
        return full.read_bytes()
    except FileNotFoundError:
        raise KubectlUsageError(f"error: error reading {path}: no such file or directory") \
            from None
    except IsADirectoryError:
        raise KubectlUsageError(f"error: error reading {path}: is a directory") from None


def _file_sources(sources: list[str], base_dir: Path, stdin: bytes | None = None) -> list[tuple[str, bytes]]:
    """`--from-file=path`, `--from-file=key=path`, `--from-file=dir` (its regular files)."""
    out: list[tuple[str, bytes]] = []
    for source in sources:
        key, eq, path = source.partition("=")
        if not eq:
            key, path = "", source
        elif not key:
            raise KubectlUsageError("error: key names or file paths cannot be empty")
        if path == "/dev/stdin":
            out.append((key or "stdin", _read(path, base_dir, stdin)))
            continue
        full = base_dir / path
        if not key and full.is_dir():
            for entry in sorted(full.iterdir()):
                if entry.is_file():
                    out.append((entry.name, entry.read_bytes()))
            continue
        if not full.exists() and not eq:
            raise KubectlUsageError(
                f"error: error reading {path}: no such file or directory")
        if key and full.is_dir():
            raise KubectlUsageError("error: cannot give a key name for a directory path")
        out.append((key or os.path.basename(path.rstrip("/")), _read(path, base_dir)))
    return out


def _env_file_sources(sources: list[str], base_dir: Path, stdin: bytes | None = None) -> list[tuple[str, bytes]]:
    """`--from-env-file`: KEY=VALUE lines; `#` comments and blank lines skipped.

    A bare `KEY` takes its value from kubectl's environment in real kubectl; the simulation
    has no environment, so such lines are left out.
    """
    out: list[tuple[str, bytes]] = []
    for path in sources:
        text = _read(path, base_dir, stdin).decode("utf-8", errors="replace")
        for number, line in enumerate(text.splitlines(), 1):
            if number == 1:
                line = line.lstrip("\ufeff")
            line = line.lstrip()
            if not line or line.startswith("#"):
                continue
            key, eq, value = line.partition("=")
            if not eq:
                continue
            if not re.match(r"^[-._a-zA-Z][-._a-zA-Z0-9]*$", key):
                raise KubectlUsageError(
                    f'error: "{key}" is not a valid key name: a valid environment variable '
                    "name must consist of alphabetic characters, digits, '_', '-', or '.', "
                    "and must not start with a digit")
            out.append((key, value.encode()))
    return out


def _literal_sources(literals: list[str]) -> list[tuple[str, bytes]]:
    out = []
    for literal in literals:
        key, eq, value = literal.partition("=")
        if not eq or not key:
            raise KubectlUsageError(
                f"error: invalid literal source {literal}, expected key=value")
        out.append((key, value.encode()))
    return out


def _data_sources(parsed: Parsed, base_dir: str | os.PathLike, stdin: bytes | None = None) -> list[tuple[str, bytes]]:
    base = Path(base_dir)
    env_files = parsed.flags["from-env-file"]
    if env_files and (parsed.flags["from-file"] or parsed.flags["from-literal"]):
        raise KubectlUsageError(
            "error: from-env-file cannot be combined with from-file or from-literal")
    return (_file_sources(parsed.flags["from-file"], base, stdin)
            + _literal_sources(parsed.flags["from-literal"])
            + _env_file_sources(env_files, base, stdin))


def create_configmap(parsed: Parsed, base_dir: str | os.PathLike = ".", stdin: bytes | None = None) -> dict:
    name = _one_name(parsed)
    data: dict[str, str] = {}
    binary: dict[str, str] = {}
    for key, raw in _data_sources(parsed, base_dir, stdin):
        _valid_key(key, "ConfigMap")
        if key in data or key in binary:
            raise KubectlUsageError(
                f'error: cannot add key "{key}", another key by that name already exists '
                f'in Data for ConfigMap "{name}"')
        try:
            data[key] = raw.decode("utf-8")
        except UnicodeDecodeError:
            binary[key] = _b64(raw)
    obj: dict = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": _meta(parsed, name)}
    if data:
        obj["data"] = data
    if binary:
        obj["binaryData"] = binary
    return _with_hash(parsed, obj)


def create_secret_generic(parsed: Parsed, base_dir: str | os.PathLike = ".", stdin: bytes | None = None) -> dict:
    name = _one_name(parsed)
    data: dict[str, str] = {}
    for key, raw in _data_sources(parsed, base_dir, stdin):
        _valid_key(key, "Secret")
        if key in data:
            raise KubectlUsageError(
                f'error: cannot add key {key}, another key by that name already exists in '
                f'Data for Secret "{name}"')
        data[key] = _b64(raw)
    obj: dict = {"apiVersion": "v1", "kind": "Secret", "metadata": _meta(parsed, name)}
    if parsed.flags["type"]:
        obj["type"] = parsed.flags["type"]
    if data:
        obj["data"] = data
    return _with_hash(parsed, obj)


def content_hash(obj: dict) -> str:
    """kubectl's (and kustomize's) `--append-hash` suffix: the first ten hex digits of the
    SHA-256 of the object's name, kind, type and data as sorted JSON, with 0 1 3 a e spelled
    g h k m t so the suffix never reads as a number or a word."""
    if obj["kind"] == "ConfigMap":
        fields: dict = {"kind": "ConfigMap", "name": obj["metadata"]["name"], "data": obj.get("data") or {}}
        if obj.get("binaryData"):
            fields["binaryData"] = obj["binaryData"]
    else:
        fields = {"kind": "Secret", "type": obj.get("type", ""), "name": obj["metadata"]["name"],
                  "data": obj.get("data") or {}}
    if "immutable" in obj:
        fields["immutable"] = obj["immutable"]
    text = json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    digest = hashlib.sha256(text.encode()).hexdigest()[:10]
    return digest.translate(str.maketrans("013ae", "ghkmt"))


def _with_hash(parsed: Parsed, obj: dict) -> dict:
    if parsed.flags.get("append-hash"):
        obj["metadata"]["name"] = f'{obj["metadata"]["name"]}-{content_hash(obj)}'
    return obj


def _pem_blocks(text: bytes) -> list[tuple[str, bytes]]:
    return [(m.group(1).decode(), m.group(0)) for m in re.finditer(
        rb"-----BEGIN ([A-Z0-9 ]+)-----\r?\n.*?-----END \1-----", text, re.S)]


def _tls_pair_error(cert: bytes, key: bytes) -> str | None:
    """Go's tls.X509KeyPair checks, in its words: PEM blocks of the right types, a key that
    matches the certificate's public key."""
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization

    cert_blocks = _pem_blocks(cert)
    certs = [b for t, b in cert_blocks if t == "CERTIFICATE"]
    if not certs:
        if not cert_blocks:
            return "tls: failed to find any PEM data in certificate input"
        if any(t.endswith("PRIVATE KEY") for t, _ in cert_blocks):
            return ("tls: failed to find certificate PEM data in certificate input, but did find a private key; "
                    "PEM inputs may have been switched")
        return ('tls: failed to find "CERTIFICATE" PEM block in certificate input after skipping PEM blocks of '
                f"the following types: [{' '.join(t for t, _ in cert_blocks)}]")
    key_blocks = _pem_blocks(key)
    keys = [b for t, b in key_blocks if t == "PRIVATE KEY" or t.endswith(" PRIVATE KEY")]
    if not keys:
        if not key_blocks:
            return "tls: failed to find any PEM data in key input"
        if any(t == "CERTIFICATE" for t, _ in key_blocks):
            return "tls: found a certificate rather than a key in the PEM for the private key"
        return ('tls: failed to find PEM block with type ending in "PRIVATE KEY" in key input after skipping PEM '
                f"blocks of the following types: [{' '.join(t for t, _ in key_blocks)}]")
    try:
        public = x509.load_pem_x509_certificate(certs[0]).public_key()
    except ValueError:
        return "tls: failed to parse certificate"
    try:
        private = serialization.load_pem_private_key(keys[0], password=None)
    except (ValueError, TypeError):
        return "tls: failed to parse private key"
    if type(private.public_key()) is not type(public):
        return "tls: private key type does not match public key type"
    fmt = (serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    if private.public_key().public_bytes(*fmt) != public.public_bytes(*fmt):
        return "tls: private key does not match public key"
    return None


def create_secret_tls(parsed: Parsed, base_dir: str | os.PathLike = ".") -> dict:
    """`create secret tls NAME --cert=PATH --key=PATH`: a kubernetes.io/tls Secret from a checked pair."""
    name = _one_name(parsed)
    cert_path, key_path = parsed.flags["cert"], parsed.flags["key"]
    if not cert_path or not key_path:
        raise KubectlUsageError("error: key and cert must be specified")
    contents = []
    for path in (cert_path, key_path):
        try:
            contents.append((Path(base_dir) / path).read_bytes())
        except OSError:
            raise KubectlUsageError(f"error: Cannot read file {path}, open {path}: no such file or "
                                    "directory") from None
    problem = _tls_pair_error(*contents)
    if problem:
        raise KubectlUsageError(f"error: {problem}")
    obj = {"apiVersion": "v1", "kind": "Secret", "metadata": _meta(parsed, name),
           "type": "kubernetes.io/tls", "data": {"tls.crt": _b64(contents[0]), "tls.key": _b64(contents[1])}}
    return _with_hash(parsed, obj)


def create_secret_docker_registry(parsed: Parsed, base_dir: str | os.PathLike = ".") -> dict:
    name = _one_name(parsed)
    if parsed.flags["from-file"]:
        data = {key: _b64(value) for key, value in _file_sources(parsed.flags["from-file"], Path(base_dir))}
        return _with_hash(parsed, {"apiVersion": "v1", "kind": "Secret", "metadata": _meta(parsed, name),
                                   "type": "kubernetes.io/dockerconfigjson", "data": data})
    if not (parsed.flags["docker-username"] and parsed.flags["docker-password"] and parsed.flags["docker-server"]):
        raise KubectlUsageError("error: either --from-file or the combination of --docker-username, "
                                "--docker-password and --docker-server is required")
    user, password = parsed.flags["docker-username"], parsed.flags["docker-password"]
    entry = {"username": user, "password": password}
    if parsed.flags["docker-email"]:
        entry["email"] = parsed.flags["docker-email"]
    entry["auth"] = _b64(f"{user}:{password}".encode())
    config = {"auths": {parsed.flags["docker-server"]: entry}}
    payload = json.dumps(config, separators=(",", ":")).encode()
    return _with_hash(parsed, {"apiVersion": "v1", "kind": "Secret", "metadata": _meta(parsed, name),
                               "type": "kubernetes.io/dockerconfigjson",
                               "data": {".dockerconfigjson": _b64(payload)}})


# --------------------------------------------------------------------------- quota

def create_quota(parsed: Parsed) -> dict:
    """`--hard=cpu=1,memory=1G,pods=2`; quantities are kept as typed."""
    name = _one_name(parsed)
    spec: dict = {}
    if parsed.flags["hard"]:
        hard: dict[str, str] = {}
        for part in parsed.flags["hard"].split(","):
            key, eq, value = part.partition("=")
            if not eq or not key or not value:
                raise KubectlUsageError(
                    f"error: Invalid argument syntax {part}, expected <resource>=<value>")
            hard[key] = value
        spec["hard"] = hard
    if parsed.flags["scopes"]:
        spec["scopes"] = [s for s in parsed.flags["scopes"].split(",") if s]
    return {"apiVersion": "v1", "kind": "ResourceQuota", "metadata": _meta(parsed, name),
            "spec": spec, "status": {}}


# --------------------------------------------------------------------------- poddisruptionbudget

_BUDGET_VALUE = re.compile(r"^[0-9]+%?$")


def _label_selector(text: str) -> dict:
    try:
        return to_label_selector(text)
    except SelectorError as exc:
        raise KubectlUsageError(f"error: {exc}") from None


def create_poddisruptionbudget(parsed: Parsed) -> dict:
    """`create pdb NAME --selector=app=web --min-available=2` (or `--max-unavailable=25%`)."""
    name = _one_name(parsed)
    selector = parsed.flags.get("selector") or ""
    min_available = parsed.flags.get("min-available") or ""
    max_unavailable = parsed.flags.get("max-unavailable") or ""
    if not selector:
        raise KubectlUsageError("error: a selector must be specified")
    if not min_available and not max_unavailable:
        raise KubectlUsageError("error: one of min-available or max-unavailable must be specified")
    if min_available and max_unavailable:
        raise KubectlUsageError("error: min-available and max-unavailable cannot be both specified")
    if min_available and not _BUDGET_VALUE.match(min_available):
        raise KubectlUsageError("error: invalid format specified for min-available")
    if max_unavailable and not _BUDGET_VALUE.match(max_unavailable):
        raise KubectlUsageError("error: invalid format specified for max-unavailable")
    spec: dict = {}
    if min_available:
        spec["minAvailable"] = _int_or_string(min_available)
    spec["selector"] = _label_selector(selector)
    if max_unavailable:
        spec["maxUnavailable"] = _int_or_string(max_unavailable)
    return {"apiVersion": "policy/v1", "kind": "PodDisruptionBudget", "metadata": _meta(parsed, name),
            "spec": spec, "status": {"disruptionsAllowed": 0, "currentHealthy": 0, "desiredHealthy": 0,
                                     "expectedPods": 0}}


# --------------------------------------------------------------------------- priorityclass

def create_priorityclass(parsed: Parsed) -> dict:
    """`create priorityclass NAME --value=N [--global-default] [--description] [--preemption-policy]`."""
    name = _one_name(parsed)
    obj: dict = {"apiVersion": "scheduling.k8s.io/v1", "kind": "PriorityClass", "metadata": _meta(parsed, name),
                 "value": parsed.flags["value"], "preemptionPolicy": parsed.flags["preemption-policy"]}
    if parsed.flags["global-default"]:
        obj["globalDefault"] = True
    if parsed.flags["description"]:
        obj["description"] = parsed.flags["description"]
    return obj


# --------------------------------------------------------------------------- services

def _uint(text: str) -> int:
    if not text.isascii() or not text.isdigit():
        raise KubectlUsageError(f'error: strconv.ParseUint: parsing "{text}": invalid syntax')
    if int(text) >= 1 << 16:  # kubectl parses a port with strconv.ParseUint(s, 10, 16)
        raise KubectlUsageError(f'error: strconv.ParseUint: parsing "{text}": value out of range')
    return int(text)


def _int_or_string(text: str) -> int | str:
    """Kubernetes' intstr.Parse: an int32 becomes an int, anything else a port name."""
    if re.fullmatch(r"[+-]?[0-9]+", text) and -(1 << 31) <= int(text) < 1 << 31:
        return int(text)
    return text


def create_service(parsed: Parsed) -> dict:
    """`create service clusterip|nodeport|loadbalancer NAME --tcp=port[:targetPort]`, or
    `create service externalname NAME --external-name=host [--tcp=...]`."""
    name = _one_name(parsed)
    kind = parsed.command[-1]
    service_type = {"clusterip": "ClusterIP", "nodeport": "NodePort",
                    "loadbalancer": "LoadBalancer", "externalname": "ExternalName"}[kind]
    cluster_ip = parsed.flags.get("clusterip", "")
    external_name = ""
    if kind == "externalname":
        _require(parsed, "external-name")
        external_name = parsed.flags["external-name"]
        if dns1123_subdomain(external_name):
            raise KubectlUsageError(f"error: invalid service external name {external_name}")
    elif not parsed.flags["tcp"] and cluster_ip != "None":
        raise KubectlUsageError("error: at least one tcp port specifier must be provided")
    ports = []
    for spec in parsed.flags["tcp"]:
        port_text, colon, target_text = spec.partition(":")
        port = _uint(port_text)
        entry: dict = {"name": spec.replace(":", "-"), "port": port,
                       "targetPort": _int_or_string(target_text) if colon else port,
                       "protocol": "TCP"}
        node_port = parsed.flags.get("node-port", 0)
        if kind == "nodeport" and node_port:
            entry["nodePort"] = node_port
        ports.append(entry)
    spec_out: dict = {"type": service_type, "selector": {"app": name}}
    if external_name:
        spec_out["externalName"] = external_name
    if ports:
        spec_out["ports"] = ports
    if cluster_ip:
        spec_out["clusterIP"] = cluster_ip
    return {"apiVersion": "v1", "kind": "Service",
            "metadata": _meta(parsed, name, labels={"app": name}),
            "spec": spec_out, "status": {"loadBalancer": {}}}


# --------------------------------------------------------------------------- ingress

_RULE = re.compile(r"^([\w*\-.]*)(/.*)=([\w\-]+):([\w\-]+)(,(tls)=?([\w\-]+)?)?", re.ASCII)
"""kubectl's rule check: host/path=service:port[,tls[=secret]], matched at the start only."""


def _backend_port(text: str) -> dict:
    """ServiceBackendPort from intstr.Parse: a number (0 stays unset) or a port name."""
    value = _int_or_string(text)
    if isinstance(value, int):
        return {"number": value} if value else {}
    return {"name": value}


def _ingress_backend(text: str) -> dict:
    parts = text.split(":")
    return {"service": {"name": parts[0], "port": _backend_port(parts[1] if len(parts) > 1 else "")}}


def _ingress_path(text: str) -> dict:
    """`path=svc:port` after the host's slash; a trailing `*` makes it a Prefix path."""
    pieces = text.split("=")
    path, path_type = "/" + pieces[0], "Exact"
    if path.endswith("*"):
        path, path_type = path[:-1], "Prefix"
    return {"backend": _ingress_backend(pieces[1] if len(pieces) > 1 else ""), "path": path, "pathType": path_type}


def _ingress_tls(rules: list[str]) -> list[dict]:
    """TLS entries grouped by secret name; each host is listed once (in its first secret)."""
    entries: list[dict] = []
    seen: set[str] = set()
    for rule in rules:
        parts = rule.split(",")
        if len(parts) != 2:
            continue
        host = rule.split("/", 1)[0]
        secret_parts = parts[1].split("=")
        secret = secret_parts[1] if len(secret_parts) > 1 else ""
        if host in seen:
            continue
        seen.add(host)
        same = next((e for e in entries if e.get("secretName", "") == secret), None)
        if same is not None:
            same.setdefault("hosts", []).append(host)
            continue
        entry: dict = {}
        if host:
            entry["hosts"] = [host]
        if secret:
            entry["secretName"] = secret
        if entry:
            entries.append(entry)
    return entries


def create_ingress(parsed: Parsed) -> dict:
    """`create ingress NAME --rule=host/path=svc:port[,tls[=secret]] --default-backend=svc:port
    --class=CLASS --annotation=k=v`: rules grouped by host, in the order given."""
    name = _one_name(parsed)
    rules_text, default_backend = parsed.flags["rule"], parsed.flags["default-backend"]
    if not default_backend and not rules_text:
        raise KubectlUsageError("error: not enough information provided: every ingress has to either specify a "
                                "default-backend (which catches all traffic) or a list of rules (which catch "
                                "specific paths)")
    for rule in rules_text:
        if not _RULE.match(rule):
            raise KubectlUsageError(f"error: rule {rule} is invalid and should be in format "
                                    "host/path=svcname:svcport[,tls[=secret]]")
    annotations = {}
    for annotation in parsed.flags["annotation"]:
        key, eq, value = annotation.partition("=")
        if not eq:
            raise KubectlUsageError(f"error: annotation {annotation} is invalid and should be in format key=[value]")
        annotations[key] = value
    if default_backend and len(default_backend.split(":")) != 2:
        raise KubectlUsageError("error: default-backend should be in format servicename:serviceport")
    spec: dict = {}
    if parsed.flags["class"]:
        spec["ingressClassName"] = parsed.flags["class"]
    if default_backend:
        spec["defaultBackend"] = _ingress_backend(default_backend)
    rules: list[dict] = []
    for rule in rules_text:
        host, _, rest = rule.split(",")[0].partition("/")
        path = _ingress_path(rest)
        same = next((r for r in rules if r.get("host", "") == host), None)
        if same is not None:
            same["http"]["paths"].append(path)
            continue
        entry: dict = {"host": host} if host else {}
        entry["http"] = {"paths": [path]}
        rules.append(entry)
    tls = _ingress_tls(rules_text)
    if tls:
        spec["tls"] = tls
    if rules:
        spec["rules"] = rules
    meta = _meta(parsed, name)
    if annotations:
        meta["annotations"] = annotations
    return {"apiVersion": "networking.k8s.io/v1", "kind": "Ingress", "metadata": meta, "spec": spec,
            "status": {"loadBalancer": {}}}


_EXPOSABLE = ("Pod", "Service", "ReplicationController", "Deployment", "ReplicaSet")


def _selector_of(obj: dict) -> dict[str, str]:
    kind, spec = obj.get("kind"), obj.get("spec", {})
    if kind == "Pod":
        labels = obj.get("metadata", {}).get("labels") or {}
        if not labels:
            raise KubectlUsageError(
                "error: couldn't retrieve selectors via --selector flag or introspection: "
                "the pod has no labels and cannot be exposed")
        return dict(labels)
    if kind in ("Service", "ReplicationController"):
        return dict(spec.get("selector") or {})
    selector = spec.get("selector") or {}
    if selector.get("matchExpressions"):
        raise KubectlUsageError(
            "error: couldn't retrieve selectors via --selector flag or introspection: "
            f"invalid {kind.lower()}: {obj['metadata']['name']} has a selector with "
            "match expressions, therefore cannot be exposed")
    return dict(selector.get("matchLabels") or {})


def _ports_of(obj: dict) -> list[tuple[int, str]]:
    """(port, protocol) for every port the object declares, as kubectl introspects them."""
    kind, spec = obj.get("kind"), obj.get("spec", {})
    if kind == "Service":
        return [(p["port"], p.get("protocol", "TCP")) for p in spec.get("ports", [])]
    pod_spec = spec if kind == "Pod" else spec.get("template", {}).get("spec", {})
    return [(p["containerPort"], p.get("protocol", "TCP"))
            for c in pod_spec.get("containers", []) for p in c.get("ports", [])]


def expose(parsed: Parsed, target: dict) -> dict:
    """`kubectl expose KIND NAME`: a Service selecting what `target` (the object) selects."""
    kind = target.get("kind")
    if kind not in _EXPOSABLE:
        group = target.get("apiVersion", "v1").rpartition("/")[0]
        raise KubectlUsageError(f"error: cannot expose a {kind}{'.' + group if group else ''}")
    selector = (_parse_labels(parsed.flags["selector"]) if parsed.flags["selector"]
                else _selector_of(target))
    protocol = parsed.flags["protocol"]
    if parsed.flags["port"]:
        try:
            ports = [(atoi(p.strip()), protocol or "TCP") for p in parsed.flags["port"].split(",")]
        except ValueError as exc:
            raise KubectlUsageError(f"error: {exc}") from None
    else:
        ports = [(p, protocol or proto) for p, proto in _ports_of(target)]
        if not ports:
            raise KubectlUsageError(
                "error: couldn't find port via --port flag or introspection")
    target_port = parsed.flags["target-port"]
    service_ports = []
    for i, (port, proto) in enumerate(ports, 1):
        entry: dict = {"port": port, "protocol": proto,
                       "targetPort": _int_or_string(target_port) if target_port else port}
        if len(ports) > 1:
            entry["name"] = f"port-{i}"
        service_ports.append(entry)
    meta = target.get("metadata", {})
    name = parsed.flags["name"] or meta.get("name")
    labels = (_parse_labels(parsed.flags["labels"]) if parsed.flags["labels"]
              else dict(meta.get("labels") or {}))
    extra: dict = {"labels": labels} if labels else {}
    spec: dict = {"ports": service_ports, "selector": selector}
    if parsed.flags["type"]:
        spec["type"] = parsed.flags["type"]
    if parsed.flags["cluster-ip"]:
        spec["clusterIP"] = parsed.flags["cluster-ip"]
    if parsed.flags["external-ip"]:
        spec["externalIPs"] = [parsed.flags["external-ip"]]
    if parsed.flags["load-balancer-ip"]:
        spec["loadBalancerIP"] = parsed.flags["load-balancer-ip"]
    if parsed.flags["session-affinity"]:
        spec["sessionAffinity"] = parsed.flags["session-affinity"]
    return {"apiVersion": "v1", "kind": "Service", "metadata": _meta(parsed, name, **extra),
            "spec": spec, "status": {"loadBalancer": {}}}


# --------------------------------------------------------------------------- dispatch

def build(parsed: Parsed, *, base_dir: str | os.PathLike = ".",
          existing: dict | None = None, stdin: bytes | None = None) -> dict:
    """The object for any generator command; `existing` is expose's target or `--from`'s."""
    path = " ".join(parsed.command)
    if path == "create namespace":
        return create_namespace(parsed)
    if path == "create deployment":
        return create_deployment(parsed)
    if path == "create job":
        return create_job(parsed, existing)
    if path == "create cronjob":
        return create_cronjob(parsed)
    if path == "create configmap":
        return create_configmap(parsed, base_dir, stdin)
    if path == "create secret generic":
        return create_secret_generic(parsed, base_dir, stdin)
    if path == "create secret tls":
        return create_secret_tls(parsed, base_dir)
    if path == "create secret docker-registry":
        return create_secret_docker_registry(parsed, base_dir)
    if path == "create quota":
        return create_quota(parsed)
    if path == "create poddisruptionbudget":
        return create_poddisruptionbudget(parsed)
    if path == "create priorityclass":
        return create_priorityclass(parsed)
    if path.startswith("create service "):
        return create_service(parsed)
    if path == "create ingress":
        return create_ingress(parsed)
    if path == "create serviceaccount":
        return create_serviceaccount(parsed)
    if path == "run":
        return run_pod(parsed)
    if path == "expose":
        if existing is None:
            raise ValueError("expose needs the object it exposes")
        return expose(parsed, existing)
    raise ValueError(f"no generator for kubectl {path}")
