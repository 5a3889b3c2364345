"""`kubectl certificate approve|deny NAME…`: add the Approved or Denied condition through the
request's approval subresource (the signer then issues, or never does)."""

from __future__ import annotations

from kubetui.kubectl.commands._base import CommandError, Context, get_object, kind_for, report_result, writable
from kubetui.model.validation import validate

_CONDITIONS = {
    "approve": ("Approved", "KubectlApprove", "This CSR was approved by kubectl certificate approve.", "approved"),
    "deny": ("Denied", "KubectlDeny", "This CSR was denied by kubectl certificate deny.", "denied"),
}
_OPPOSITE = {"approve": "Denied", "deny": "Approved"}


def approve(ctx: Context) -> int:
    return _decide(ctx, "approve")


def deny(ctx: Context) -> int:
    return _decide(ctx, "deny")


def _decide(ctx: Context, verb: str) -> int:
    kind_name, reason, message, done = _CONDITIONS[verb]
    if not ctx.parsed.args:
        raise CommandError("error: one or more CSRs must be specified as <name> or -f <filename>")
    kind = kind_for("certificatesigningrequests")
    for name in ctx.parsed.args:
        csr = get_object(ctx, kind, name)
        conditions = (csr.get("status") or {}).get("conditions") or []
        if any(c.get("type") == _OPPOSITE[verb] for c in conditions):
            raise CommandError(f'error: certificate signing request "{name}" is already {_OPPOSITE[verb]}')
        if not any(c.get("type") == kind_name for c in conditions):  # --force only resends it
            obj = writable(csr)
            now = ctx.now()
            status = obj.setdefault("status", {})
            status["conditions"] = [*conditions, {"type": kind_name, "status": "True", "reason": reason,
                                                  "message": message, "lastUpdateTime": now,
                                                  "lastTransitionTime": now}]
            checked = validate(obj)
            obj["status"] = checked.get("status", obj["status"])
            csr = ctx.store.update_status(obj)
        report_result(ctx, csr, done)
    return 0
