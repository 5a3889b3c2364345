"""Errors the simulated API server returns, shaped as kubectl prints them."""

import os


def bugs_raise() -> bool:
    """Whether a last-resort handler re-raises what it caught instead of printing it.

    Those handlers keep a player's game alive when kubetui itself has a bug; with
    `KUBETUI_DEBUG=1` (the test suite sets it) the bug is a traceback and a failed test,
    never a message that looks like an answer."""
    return bool(os.environ.get("KUBETUI_DEBUG"))


class ApiError(Exception):
    """An API server refusal: kubectl prints `Error from server (<reason>): <message>`.

    `reason` is Kubernetes' StatusReason (`NotFound`, `AlreadyExists`, `Forbidden`, `Invalid`,
    `BadRequest`, `Conflict`); `code` the HTTP status it travels with.
    """

    status_details: dict | None = None
    """The Status' details when the reason carries its own (an apply's conflicts), else None."""

    def __init__(self, reason: str, message: str, code: int = 400):
        super().__init__(message)
        self.reason = reason
        self.message = message
        self.code = code

    def __str__(self) -> str:
        return f"Error from server ({self.reason}): {self.message}"


def not_found(resource: str, name: str) -> ApiError:
    """`deployments.apps "web" not found`."""
    return ApiError("NotFound", f'{resource} "{name}" not found', 404)


def already_exists(resource: str, name: str) -> ApiError:
    return ApiError("AlreadyExists", f'{resource} "{name}" already exists', 409)


def forbidden(resource: str, name: str, why: str) -> ApiError:
    """`pods "web-x" is forbidden: exceeded quota: ...`."""
    return ApiError("Forbidden", f'{resource} "{name}" is forbidden: {why}', 403)


class ObjectInvalid(ApiError):
    """A manifest the API server refuses to decode or validate.

    kubectl prints these without the `Error from server` prefix when the text says so
    (`The Deployment "web" is invalid: ...`); `str()` is the whole line.
    """

    def __init__(self, message: str, reason: str = "Invalid", raw: bool = False):
        super().__init__(reason, message, 422 if reason == "Invalid" else 400)
        self.raw = raw

    def __str__(self) -> str:
        return self.message if self.raw else super().__str__()
