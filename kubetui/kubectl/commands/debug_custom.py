"""`kubectl debug --custom=FILE`: a partial container spec merged into the debug container after
the profile, as kubectl 1.37 does it.

kubectl decodes the file (JSON, else YAML) into a Go `corev1.Container`: unknown fields vanish,
keys match case-insensitively, a value of the wrong JSON type is refused with Go's own words, and
a YAML scalar going into a string field becomes that string. It refuses a spec that sets the
name, command, image, lifecycle or volume devices, then re-encodes the spec (Go drops empty
strings, empty lists and false top-level booleans: a custom spec cannot turn `stdin` off) and
strategic-merges it into the debug container: maps merge, `env` merges by name, `volumeMounts`
by mountPath, `ports` by containerPort, and other lists (`capabilities.add`) are replaced.
"""

from __future__ import annotations

from kubetui.kubectl.commands._base import CommandError, Context, resolve_path
from kubetui.model.meta import json_kind
from kubetui.model.patch import strategic_merge
from kubetui.model.safe_yaml import InputError, load_yaml, read_bytes

NOT_MODIFIABLE = "error: name, command, image, lifecycle and volume devices are not modifiable via custom profile"

_S, _SL, _B, _I = "string", "[]string", "bool", "int64"
CONTAINER = {
    "name": _S, "image": _S, "command": _SL, "args": _SL, "workingDir": _S, "ports": "[]v1.ContainerPort",
    "envFrom": "[]v1.EnvFromSource", "env": "[]v1.EnvVar", "resources": "v1.ResourceRequirements",
    "resizePolicy": "[]v1.ContainerResizePolicy", "restartPolicy": "v1.ContainerRestartPolicy",
    "restartPolicyRules": "[]v1.ContainerRestartRule", "volumeMounts": "[]v1.VolumeMount",
    "volumeDevices": "[]v1.VolumeDevice", "livenessProbe": "v1.Probe", "readinessProbe": "v1.Probe",
    "startupProbe": "v1.Probe", "lifecycle": "v1.Lifecycle", "terminationMessagePath": _S,
    "terminationMessagePolicy": "v1.TerminationMessagePolicy", "imagePullPolicy": "v1.PullPolicy",
    "securityContext": "v1.SecurityContext", "stdin": _B, "stdinOnce": _B, "tty": _B,
}
"""corev1.Container's JSON fields and their Go types, as Go names them in a decoding error."""

STRUCTS = {
    "SecurityContext": {
        "capabilities": "v1.Capabilities", "privileged": _B, "seLinuxOptions": "v1.SELinuxOptions",
        "windowsOptions": "v1.WindowsSecurityContextOptions", "runAsUser": _I, "runAsGroup": _I,
        "runAsNonRoot": _B, "readOnlyRootFilesystem": _B, "allowPrivilegeEscalation": _B,
        "procMount": "v1.ProcMountType", "seccompProfile": "v1.SeccompProfile",
        "appArmorProfile": "v1.AppArmorProfile",
    },
    "Capabilities": {"add": "[]v1.Capability", "drop": "[]v1.Capability"},
}
"""The nested structs whose fields are checked too (a learner's custom profile is mostly these)."""

_STRINGS = ("string", "v1.ContainerRestartPolicy", "v1.TerminationMessagePolicy", "v1.PullPolicy",
            "v1.ProcMountType", "v1.Capability")


class _DecodeError(Exception):
    pass


def _decode(value: object, gotype: str, struct: str, path: str) -> object:
    """`value` as Go's json.Unmarshal (after sigs.k8s.io/yaml) would leave a field of `gotype`."""
    if value is None:
        return None
    kind = json_kind(value)

    def refuse(into: str = gotype) -> _DecodeError:
        return _DecodeError(f"json: cannot unmarshal {kind} into Go struct field {struct}.{path} of type {into}")

    if gotype in _STRINGS:
        if kind in ("array", "object"):
            raise refuse()
        return value if isinstance(value, str) else _scalar_text(value)
    if gotype == _B:
        if kind != "bool":
            raise refuse()
        return value
    if gotype == _I:
        if kind != "number" or value != int(value):  # type: ignore[call-overload]
            raise refuse()
        return int(value)  # type: ignore[call-overload]
    if gotype.startswith("[]"):
        if kind != "array":
            raise refuse()
        item = gotype[2:]
        if item in _STRINGS:
            return [_decode(v, item, struct, path) for v in value]  # type: ignore[union-attr]
        return [v for v in value if v is not None]  # type: ignore[union-attr]
    if kind != "object":
        raise refuse()
    name = gotype.removeprefix("v1.")
    fields = STRUCTS.get(name)
    if fields is None:
        return value
    return _decode_struct(value, fields, name, path)  # type: ignore[arg-type]


def _decode_struct(value: dict, fields: dict[str, str], struct: str, prefix: str) -> dict:
    """The known fields of a struct (matched case-insensitively, as Go does), the rest dropped."""
    by_lower = {k.lower(): k for k in fields}
    out: dict = {}
    for key, v in value.items():
        field = by_lower.get(str(key).lower())
        if field is None:
            continue
        path = f"{prefix}.{field}" if prefix else field
        decoded = _decode(v, fields[field], struct, path)
        if decoded is not None:
            out[field] = decoded
    return out


def _scalar_text(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value == int(value):
        return str(int(value))
    return str(value)


def load(ctx: Context, filename: str) -> dict | None:
    """The custom profile in `filename`, decoded as kubectl's Complete does; None for `null`."""
    try:
        data = (ctx.stdin or "").encode() if filename == "/dev/stdin" else \
            read_bytes(resolve_path(ctx, filename), filename)
    except FileNotFoundError:
        raise CommandError("error: must pass a container spec json file for custom profile: "
                           f"open {filename}: no such file or directory") from None
    except (OSError, InputError) as exc:
        raise CommandError(f"error: must pass a container spec json file for custom profile: {exc}") from None
    invalid = f"error: {filename} does not contain a valid container spec: "
    try:
        value = load_yaml(data.decode("utf-8", errors="replace"), filename)
    except InputError as exc:
        raise CommandError(f"{invalid}error converting YAML to JSON: yaml: line {exc.line}: {exc.message}") from None
    if value is None:
        return None
    prefix = "error unmarshaling JSON: while decoding JSON: "
    if not isinstance(value, dict):
        raise CommandError(f"{invalid}{prefix}json: cannot unmarshal {json_kind(value)} into Go value of type "
                           "v1.Container")
    try:
        return _decode_struct(value, CONTAINER, "Container", "")
    except _DecodeError as exc:
        raise CommandError(f"{invalid}{prefix}{exc}") from None


def validate(custom: dict | None) -> None:
    """kubectl's Validate: what a custom profile may not change."""
    if custom and any(custom.get(k) for k in ("name", "command", "image", "volumeDevices")) or (
            custom and "lifecycle" in custom):
        raise CommandError(NOT_MODIFIABLE)


def _marshal(custom: dict) -> dict:
    """Go's encoding of the decoded Container: empty strings, lists and false booleans omitted."""
    return {k: v for k, v in custom.items() if v not in ("", [], False)}


def apply(custom: dict, container: dict) -> None:
    """The custom profile strategic-merged into `container` (in place), its name kept."""
    merged = strategic_merge(container, {**_marshal(custom), "name": container["name"]})
    container.clear()
    container.update(merged)
