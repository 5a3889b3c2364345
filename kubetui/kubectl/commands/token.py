"""`kubectl create token SA` (a TokenRequest) and `kubectl auth whoami` (who a request is authenticated as)."""

from __future__ import annotations

from kubetui.engine.serviceaccount import token_request
from kubetui.kubectl.commands._base import CommandError, Context, help_error, print_objects
from kubetui.model.errors import ApiError

BOUND_KINDS = ("Node", "Pod", "Secret")


def create_token(ctx: Context) -> int:
    kind, name, uid = (str(ctx.flag(f) or "") for f in ("bound-object-kind", "bound-object-name", "bound-object-uid"))
    if kind and kind not in BOUND_KINDS:
        raise CommandError(f"error: supported --bound-object-kind values are {', '.join(BOUND_KINDS)}")
    if name and not kind:
        raise CommandError("error: --bound-object-name can only be set if --bound-object-kind is provided")
    if uid and not kind:
        raise CommandError("error: --bound-object-uid can only be set if --bound-object-kind is provided")
    if kind and not name:
        raise CommandError("error: --bound-object-name is required if --bound-object-kind is provided")
    duration = float(ctx.flag("duration") or 0)
    if duration < 0:
        raise CommandError("error: --duration must be greater than or equal to 0")
    if duration != int(duration):
        raise CommandError("error: --duration cannot be expressed in units less than seconds")
    audiences = [str(a) for a in ctx.flag("audience") or []]
    if any(not a for a in audiences):
        raise CommandError("error: --audience must not be an empty string")
    args = ctx.parsed.args
    if len(args) != 1:
        raise help_error(ctx.parsed, f"exactly one NAME is required, got {len(args)}")
    spec: dict = {"audiences": audiences}
    if duration:
        spec["expirationSeconds"] = int(duration)
    if kind:
        spec["boundObjectRef"] = {"kind": kind, "apiVersion": "v1", "name": name, **({"uid": uid} if uid else {})}
    try:
        response = token_request(ctx.sim, ctx.namespace, args[0], {"spec": spec})
    except ApiError as exc:
        raise CommandError(f"error: failed to create token: {exc.message}") from None
    fmt = str(ctx.flag("output") or "")
    if fmt:
        ctx.write(print_objects(ctx, [response], fmt, single=True))
    else:
        ctx.print(response["status"]["token"])
    return 0


def whoami(ctx: Context) -> int:
    """`kubectl auth whoami`: the user the API server authenticated the request as (a SelfSubjectReview)."""
    user = ctx.user
    review = {"kind": "SelfSubjectReview", "apiVersion": "authentication.k8s.io/v1",
              "metadata": {"creationTimestamp": ctx.now()},
              "status": {"userInfo": {"username": user.name, **({"uid": user.uid} if user.uid else {}),
                                      "groups": list(user.groups)}}}
    fmt = str(ctx.flag("output") or "")
    if fmt:
        ctx.write(print_objects(ctx, [review], fmt, single=True))
        return 0
    rows = [("ATTRIBUTE", "VALUE"), ("Username", user.name)]
    if user.uid:
        rows.append(("UID", user.uid))
    if user.groups:
        rows.append(("Groups", f"[{' '.join(user.groups)}]"))
    width = max(len(a) for a, _ in rows)
    for attribute, value in rows:
        ctx.print(f"{attribute.ljust(width)}   {value}")
    return 0
