"""The HTTP server: the Kubernetes REST API of one simulated cluster, on aiohttp.

Everything runs on one asyncio event loop: the clock (a task that steps the session `speed`
times a second, or only when told to with `kubectl sim step N`), the request handlers and the
watches. A handler runs to its end without awaiting while it touches the simulation, so every
request is applied between two ticks. Requests that may change state go through the door
(`Simulation.request`), which records them for replay; reads, watches and logs only read.
"""

from __future__ import annotations

import asyncio
import json
import secrets
import shlex
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlencode

from aiohttp import web

from kubetui.api import access, protobuf, tables
from kubetui.api.watch import INITIAL_EVENTS_END, Filter, Gone, Hub, Noted
from kubetui.engine import rest
from kubetui.engine.authentication import Authenticator
from kubetui.engine.authorization import Attributes, authorize, forbidden, rules_for
from kubetui.engine.authorization.impersonation import impersonate
from kubetui.engine.kubelet.shell.fs import as_bytes
from kubetui.engine.user import ADMIN, UserInfo
from kubetui.kubectl import discovery
from kubetui.kubectl.commands.get import ISSUER_PATHS, issuer_document, raw_body
from kubetui.model import conversion
from kubetui.model.deprecations import deprecation_warning
from kubetui.model.errors import ApiError

if TYPE_CHECKING:
    from kubetui.session import Session

SELF_REVIEWS = {
    "apis/authorization.k8s.io/v1/selfsubjectaccessreviews": "SelfSubjectAccessReview",
    "apis/authorization.k8s.io/v1/selfsubjectrulesreviews": "SelfSubjectRulesReview",
    "apis/authentication.k8s.io/v1/selfsubjectreviews": "SelfSubjectReview",
}
"""The review APIs a user asks about themselves (path -> kind)."""

BOOKMARK_EVERY = 5.0
"""Wall-clock seconds between bookmarks on a watch that asked for them."""

SIM_PATH = "/kubetui/v1/sim"
"""kubetui's own endpoint: `kubectl sim …` commands and the clock's controls."""

CLIENT_MAX = 64 * 1024 * 1024


def _dumps(value) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


def _encode(value) -> str:
    """The API machinery's JSON encoder (Go's `json.Encoder.Encode`): compact, <, > and & escaped,
    a newline after."""
    return raw_body("/api", value)


def status_response(code: int, reason: str, message: str, details: dict | None = None) -> web.Response:
    return json_response(rest.status(code, reason, message, details), code)


def _warning_header(text: str) -> str:
    """RFC 7234 warning `299 - "text"`, as k8s.io/apiserver's warning recorder writes it."""
    return '299 - "' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def json_response(body: dict, code: int = 200, warnings: list[str] = (), content_type: str = "application/json") \
        -> web.Response:
    headers = [("Warning", _warning_header(w)) for w in warnings]
    resp = web.Response(status=code, text=_encode(body), content_type=content_type.split(";")[0])
    if ";" in content_type:
        resp.headers["Content-Type"] = content_type
    for name, value in headers:
        resp.headers.add(name, value)
    return resp


class Clock:
    """The simulated clock on the event loop: `speed` ticks a second, or paused."""

    def __init__(self, session: Session, speed: float = 1.0, paused: bool = False):
        self.session = session
        self.speed = max(0.01, float(speed))
        self.paused = paused
        self._changed = asyncio.Event()
        self._task: asyncio.Task | None = None

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._run())

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            try:
                await self._task
            except asyncio.CancelledError:
                pass

    def set(self, *, paused: bool | None = None, speed: float | None = None) -> None:
        if paused is not None:
            self.paused = paused
        if speed is not None:
            self.speed = max(0.01, float(speed))
        self._changed.set()

    async def _run(self) -> None:
        while True:
            if self.paused or self.session.finished:
                await self._changed.wait()
                self._changed.clear()
                continue
            try:
                await asyncio.wait_for(self._changed.wait(), 1.0 / self.speed)
                self._changed.clear()
                continue
            except asyncio.TimeoutError:
                pass
            self.session.step(1)

    def step(self, n: int) -> int:
        return self.session.step(n)


class ApiServer:
    """The API of one session's cluster on 127.0.0.1 (or `host`)."""

    def __init__(self, session: Session, *, host: str = "127.0.0.1", port: int = 0, speed: float = 1.0,
                 paused: bool = False, token: str | None = None, clock=None, sim=None):
        self.session = session
        self.sim = sim if sim is not None else session.sim
        """The cluster served: the session's, or one of its scenario's other clusters (api.members)."""
        self.host = host
        self.port = port
        self.token = token or secrets.token_hex(16)
        self.authenticator = Authenticator({self.token: ADMIN})
        """Bearer tokens: the kubeconfig's static token, and the cluster's ServiceAccount tokens."""
        self.tokens: dict[str, UserInfo] = self.authenticator.static
        """Static bearer token -> the user it authenticates (others may be added)."""
        self.speed, self.paused = speed, paused
        from kubetui.api.tls import self_signed

        self.certificate = self_signed(host)
        """The server's certificate (clients send a bearer token over TLS only)."""
        self.hub: Hub | None = None
        self.clock = clock
        """What moves time: the server's own Clock, or (inside the game) the game's, which has
        the same paused, speed, set(), step(), start() and stop()."""
        self._runner: web.AppRunner | None = None
        self._closing = False
        self.attached = 0
        """Clients attached to a container now (pods/attach)."""
        self.on_change = None
        """Called after a request that may have changed the cluster (the game redraws)."""

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"https://{host}:{self.port}"

    # -- life ------------------------------------------------------------------------------------
    def app(self) -> web.Application:
        app = web.Application(client_max_size=CLIENT_MAX)
        app.router.add_route("*", "/{tail:.*}", self.dispatch)
        return app

    async def start(self) -> None:
        self.hub = Hub(self.sim)
        if self.clock is None:
            self.clock = Clock(self.session, self.speed, self.paused)
        self._runner = web.AppRunner(self.app(), access_log=None, handler_cancellation=True)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, self.port, ssl_context=self.certificate.context())
        await site.start()
        server = site._server
        assert server is not None
        self.port = server.sockets[0].getsockname()[1]
        self.clock.start()

    async def stop(self) -> None:
        self._closing = True
        if self.clock is not None:
            await self.clock.stop()
        if self._runner is not None:
            await self._runner.cleanup()
        if self.hub is not None:
            self.hub.close()

    # -- dispatch --------------------------------------------------------------------------------
    async def dispatch(self, request: web.Request) -> web.StreamResponse:
        path = request.path.rstrip("/") or "/"
        if path in ("/healthz", "/livez", "/readyz") or path.startswith(("/healthz/", "/livez/", "/readyz/")):
            return web.Response(text="ok", content_type="text/plain")
        try:
            identity = self._authenticate(request)
        except ApiError as exc:
            return json_response(rest.error_status(exc), exc.code)
        if identity is None:
            return status_response(401, "Unauthorized", "Unauthorized")
        user = identity
        try:
            user = self._impersonate(request, user)
            if not path.startswith(("/api/", "/apis/")) and not user.is_admin:
                attrs = Attributes(user, request.method.lower(), path=path)
                if not authorize(self.sim.store, attrs).allowed:
                    raise forbidden(attrs)
            if path == SIM_PATH:
                return await self._sim(request)
            if path in ("/api", "/apis"):
                return self._discovery_root(request, path)
            if path in ISSUER_PATHS:
                return web.Response(text=raw_body(path, issuer_document(self.sim, path, self.url)),
                                    content_type="application/jwk-set+json" if path == ISSUER_PATHS[1]
                                    else "application/json", headers={"Cache-Control": "public, max-age=3600"})
            if path.startswith("/openapi/"):
                from kubetui.api import openapi_proto
                from kubetui.kubectl import openapi

                doc = openapi.served(path, self.sim.store.kinds)
                if doc and path == "/openapi/v2" and openapi_proto.wants_proto(request.headers.get("Accept", "")):
                    return web.Response(body=openapi_proto.document(doc), content_type=openapi_proto.CONTENT_TYPE)
                if not doc:
                    return _not_found()
                return web.Response(text=raw_body(path, doc), content_type="application/json")
            parts = path.strip("/").split("/")
            if discovery.is_discovery(path):
                body = discovery.document(path, self.sim.store.kinds)
                if not body:
                    return _not_found()
                return web.Response(text=raw_body(path, body), content_type="application/json")
            if "/".join(parts) in SELF_REVIEWS:
                return await self._self_review(request, "/".join(parts), user)
            if parts[0] == "apis" and len(parts) > 3 and parts[1] == discovery.METRICS_GROUP:
                return self._metrics(request, parts, user)
            if parts[0] in ("api", "apis"):
                return await self._resource(request, path, user)
            return _not_found()
        except ApiError as exc:
            return json_response(rest.error_status(exc), exc.code)

    def _authenticate(self, request: web.Request) -> UserInfo | None:
        """The user a request's bearer token stands for (None: 401)."""
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "bearer":
            return None
        return self.authenticator.authenticate(self.sim, token.strip())

    def _impersonate(self, request: web.Request, user: UserInfo) -> UserInfo:
        """The impersonation filter: `Impersonate-User` (and `Impersonate-Group`s) replace the
        user when the authenticated one may impersonate them."""
        name = request.headers.get("Impersonate-User")
        if not name:
            return user
        return impersonate(self.sim.store, user, name, list(request.headers.getall("Impersonate-Group", [])))

    def _discovery_root(self, request: web.Request, path: str) -> web.Response:
        version = discovery.wants_aggregated(request.headers.get("Accept", ""))
        if version:
            return json_response(discovery.aggregated(path == "/api", self.sim.store.kinds, version),
                                 content_type=discovery.aggregated_content_type(version))
        return json_response(discovery.api_versions() if path == "/api" else discovery.api_groups(self.sim.store.kinds))

    # -- the REST resources ----------------------------------------------------------------------
    async def _resource(self, request: web.Request, path: str, user: UserInfo) -> web.StreamResponse:
        method = request.method
        info = rest.resolve_path(path, self.sim.store.kinds)
        query = request.query_string
        verb = access.verb(method, info, watch=_flag(request, "watch"))
        refused = access.refusal(self.session.scenario, verb, info, user=user.name)
        if refused is not None:
            return json_response(rest.error_status(refused, info), refused.code)
        verbs = [verb]
        if method == "GET" and info.subresource in ("exec", "attach", "portforward"):
            verbs.append("create")  # a WebSocket upgrade is a GET, authorized as create too (1.31+)
        for asked in verbs:
            attrs = Attributes(user, asked, info.kind.plural, info.group, info.subresource or "",
                               info.namespace or "", info.name or "")
            if not authorize(self.sim.store, attrs).allowed:
                denied = forbidden(attrs)
                return json_response(rest.error_status(denied, info), denied.code)
        if method == "GET" and info.subresource == "log":
            return await self._log(request, info)
        if method in ("GET", "POST") and info.subresource == "exec":
            from kubetui.api import exec as pod_exec

            rest.get_object(self.sim, info)
            if not pod_exec.wants_stream(request):
                return status_response(400, "BadRequest", "Upgrade request required")
            try:
                return await pod_exec.serve(request, self.sim, info, user.name, self.clock)
            finally:
                self._changed()
        if method in ("GET", "POST") and info.subresource == "portforward":
            from kubetui.api import exec as pod_exec
            from kubetui.api import portforward

            rest.get_object(self.sim, info)
            if not pod_exec.wants_stream(request):
                return status_response(400, "BadRequest", "Upgrade request required")
            return await portforward.serve(request, self.sim, info)
        if method in ("GET", "POST") and info.subresource == "attach":
            from kubetui.api import attach
            from kubetui.api import exec as pod_exec

            rest.get_object(self.sim, info)
            if not pod_exec.wants_stream(request):
                return status_response(400, "BadRequest", "Upgrade request required")
            self.attached += 1
            try:
                return await attach.serve(request, self.sim, info, lambda: self._closing)
            except ApiError as exc:
                return json_response(rest.error_status(exc, info), exc.code)
            finally:
                self.attached -= 1
        if method == "GET" and info.subresource is None and _flag(request, "watch"):
            return await self._watch(request, info)
        body = ""
        content_type = request.headers.get("Content-Type", "")
        if method in rest.WRITE_METHODS:
            raw = await _read_body(request)
            if raw is None:
                return status_response(413, "RequestEntityTooLarge", f"Request entity too large: limit is {rest.MAX_BODY}")
            if rest.media_type(content_type) == protobuf.PROTOBUF:
                try:
                    body, content_type = _dumps(protobuf.to_json(raw)), "application/json"
                except protobuf.Unsupported as exc:
                    return json_response(rest.error_status(ApiError(
                        "UnsupportedMediaType", f"kubetui cannot read {exc} in application/vnd.kubernetes.protobuf; "
                                                "send it as application/json", 415), info), 415)
                except (ValueError, UnicodeDecodeError) as exc:
                    return json_response(rest.error_status(rest.bad_request(f"cannot decode the protobuf body: {exc}"),
                                                           info), 400)
            try:
                body = body or raw.decode("utf-8")
            except UnicodeDecodeError:
                return json_response(rest.error_status(rest.bad_request("the body of the request is not UTF-8 "
                                                                        "text"), info), 400)
        if method not in ("GET", *rest.WRITE_METHODS):
            return json_response(rest.error_status(rest.method_not_allowed(), info), 405)
        if (method in ("POST", "PUT", "PATCH") and not request.query.get("fieldManager")
                and rest.media_type(content_type) != rest.APPLY_PATCH):
            query = _with_field_manager(query, request.headers.get("User-Agent", ""))
        accept = request.headers.get("Accept", "")
        table = method == "GET" and info.subresource is None and tables.wants_table(accept)
        response = self.sim.request(method, path, query, body, content_type, user=user, views=not table)
        if method in rest.WRITE_METHODS:
            self._changed()
        out = response.body
        if response.code < 300 and table:
            out = self._as_table(info, out, request.query.get("includeObject", "PartialObjectMetadata"))
        return json_response(out, response.code, response.warnings)

    def _as_table(self, info: rest.RequestInfo, body: dict, include: str) -> dict:
        if conversion.converts(info.kind.kind, info.api_version):
            body = {**body, "items": [conversion.to_stored(o, info.api_version) for o in body["items"]]} \
                if "items" in body else conversion.to_stored(body, info.api_version)
        if body.get("kind", "").endswith("List") and "items" in body:
            meta = body.get("metadata") or {}
            return tables.table(self.sim, info.kind.kind, body["items"], include_object=include,
                                resource_version=meta.get("resourceVersion", ""), continue_token=meta.get("continue"))
        return tables.table(self.sim, info.kind.kind, [body], include_object=include,
                            resource_version=body["metadata"].get("resourceVersion", ""))

    # -- watch -------------------------------------------------------------------------------------
    async def _watch(self, request: web.Request, info: rest.RequestInfo) -> web.StreamResponse:
        assert self.hub is not None
        req = rest.Request("GET", request.path, request.query_string)
        try:
            labels, terms = rest.selectors(req, info)
        except ApiError as exc:
            return json_response(rest.error_status(exc, info), exc.code)
        if info.name is not None:
            terms = [*terms, ("metadata.name", True, info.name)]
        flt = Filter(info.kind.kind, rest.namespace_of(info), labels, terms)
        try:
            timeout_seconds = req.int64("timeoutSeconds")
            req.int64("limit")
        except ApiError as exc:
            return json_response(rest.error_status(exc, info), exc.code)
        rv_text = req.param("resourceVersion") or ""
        initial = req.param("sendInitialEvents")
        bookmarks = req.flag("allowWatchBookmarks")
        as_table = tables.wants_table(request.headers.get("Accept", ""))
        include = request.query.get("includeObject", "PartialObjectMetadata")
        try:
            since = int(rv_text) if rv_text not in ("", "0") else None
        except ValueError:
            return json_response(rest.error_status(rest.bad_request(f'resourceVersion: Invalid value: "{rv_text}": '
                                                                    "must be an integer"), info), 400)
        send_initial = initial == "true" or (initial is None and since is None)
        resp = web.StreamResponse(status=200, headers={"Content-Type": "application/json"})
        deprecated = deprecation_warning(info.api_version, info.kind.kind)
        if deprecated:
            resp.headers["Warning"] = _warning_header(deprecated)
        resp.enable_chunked_encoding()
        await resp.prepare(request)
        try:
            sub = self.hub.subscribe(flt, None if send_initial else since)
        except Gone as exc:
            await self._send(resp, "ERROR", rest.status(410, "Expired", str(exc)))
            await resp.write_eof()
            return resp
        first = True
        try:
            if send_initial:
                current = [o for o in self.sim.store.list(info.kind.kind, flt.namespace, labels) if flt.matches(o)]
                for obj in current:
                    await self._send(resp, "ADDED", self._event_object(info, obj, as_table, include, first))
                    first = False
                if initial == "true" and bookmarks:
                    mark = {"kind": info.kind.kind, "apiVersion": info.api_version,
                            "metadata": {"resourceVersion": str(self.sim.store.revision),
                                         "annotations": {INITIAL_EVENTS_END: "true"}}}
                    await self._send(resp, "BOOKMARK", mark)
            timeout = float(timeout_seconds) if timeout_seconds and timeout_seconds > 0 else None
            loop = asyncio.get_running_loop()
            deadline = loop.time() + timeout if timeout else None
            last_mark = loop.time()
            while not self._closing:
                wait = 1.0 if deadline is None else min(1.0, deadline - loop.time())
                if wait <= 0:
                    break
                try:
                    kind, obj = await asyncio.wait_for(sub.queue.get(), wait)
                except asyncio.TimeoutError:
                    if request.transport is None or request.transport.is_closing():
                        break
                    if bookmarks and loop.time() - last_mark >= BOOKMARK_EVERY:
                        last_mark = loop.time()
                        await self._send(resp, "BOOKMARK", {
                            "kind": info.kind.kind, "apiVersion": info.api_version,
                            "metadata": {"resourceVersion": str(self.sim.store.revision)}})
                    continue
                await self._send(resp, kind, self._event_object(info, obj, as_table, include, first))
                first = False
        except (ConnectionResetError, asyncio.CancelledError, RuntimeError):
            pass
        finally:
            self.hub.unsubscribe(sub)
        try:
            await resp.write_eof()
        except (ConnectionResetError, RuntimeError):
            pass
        return resp

    def _event_object(self, info: rest.RequestInfo, obj: dict, as_table: bool, include: str, first: bool) -> dict:
        if not as_table:
            managed = self.sim.store.managed
            shown = managed.view_at(obj, obj.managed) if isinstance(obj, Noted) else managed.view(obj)
            return conversion.to_served(shown, info.api_version)
        return tables.table(self.sim, info.kind.kind, [obj], include_object=include,
                            resource_version=obj["metadata"].get("resourceVersion", ""), headers=first)

    @staticmethod
    async def _send(resp: web.StreamResponse, kind: str, obj: dict) -> None:
        await resp.write(_encode({"type": kind, "object": obj}).encode())

    # -- logs --------------------------------------------------------------------------------------
    async def _log(self, request: web.Request, info: rest.RequestInfo) -> web.StreamResponse:
        from kubetui.kubectl.podlog import LogRequest

        try:
            log = LogRequest(self.sim, info, request.query)
            lines = log.lines()
        except ApiError as exc:
            return json_response(rest.error_status(exc, info), exc.code)
        if not log.follow:
            return web.Response(body=as_bytes("".join(lines)), content_type="text/plain", charset="utf-8")
        resp = web.StreamResponse(status=200, headers={"Content-Type": "text/plain"})
        resp.enable_chunked_encoding()
        await resp.prepare(request)
        try:
            await resp.write(as_bytes("".join(lines)))
            while not self._closing and log.running():
                await asyncio.sleep(0.2)
                if request.transport is None or request.transport.is_closing():
                    break
                more = log.more()
                if more:
                    await resp.write(as_bytes("".join(more)))
            more = log.more()
            if more:
                await resp.write(as_bytes("".join(more)))
            await resp.write_eof()
        except (ConnectionResetError, RuntimeError):
            pass
        return resp

    # -- authorization.k8s.io, authentication.k8s.io -----------------------------------------------
    async def _self_review(self, request: web.Request, path: str, user: UserInfo) -> web.Response:
        """SelfSubjectAccessReview (`auth can-i`), SelfSubjectRulesReview (`auth can-i --list`) and
        SelfSubjectReview (`auth whoami`): questions about the asker, answered, never stored."""
        if request.method != "POST":
            return status_response(405, "MethodNotAllowed", "the server does not allow this method on the "
                                                            "requested resource")
        try:
            raw = await request.read()
            if rest.media_type(request.headers.get("Content-Type", "")) == protobuf.PROTOBUF:
                review = protobuf.to_json(raw)
            else:
                review = json.loads(raw.decode("utf-8") or "{}")
        except (ValueError, UnicodeDecodeError, protobuf.Unsupported):
            return status_response(400, "BadRequest", "the body of the request is not a JSON object")
        if not isinstance(review, dict):
            return status_response(400, "BadRequest", "the body of the request is not a JSON object")
        kind = SELF_REVIEWS[path]
        out = {"kind": kind, "apiVersion": path.split("/", 1)[1].rpartition("/")[0],
               "metadata": {"creationTimestamp": self.sim.now()}}
        spec = review.get("spec") if isinstance(review.get("spec"), dict) else {}
        if kind == "SelfSubjectReview":
            info: dict = {"username": user.name}
            if user.groups:
                info["groups"] = list(user.groups)
            out["status"] = {"userInfo": info}
        elif kind == "SelfSubjectRulesReview":
            rules = rules_for(self.sim.store, user, str(spec.get("namespace") or ""))
            out["spec"] = spec
            out["status"] = {
                "resourceRules": [{k: r[k] for k in ("verbs", "apiGroups", "resources", "resourceNames") if r.get(k)}
                                  for r in rules if not r.get("nonResourceURLs")],
                "nonResourceRules": [{"verbs": r["verbs"], "nonResourceURLs": r["nonResourceURLs"]}
                                     for r in rules if r.get("nonResourceURLs")],
                "incomplete": False}
        else:
            res = spec.get("resourceAttributes") if isinstance(spec.get("resourceAttributes"), dict) else None
            non = spec.get("nonResourceAttributes") if isinstance(spec.get("nonResourceAttributes"), dict) else {}
            if res is not None:
                attrs = Attributes(user, str(res.get("verb") or ""), str(res.get("resource") or ""),
                                   str(res.get("group") or ""), str(res.get("subresource") or ""),
                                   str(res.get("namespace") or ""), str(res.get("name") or ""))
            else:
                attrs = Attributes(user, str(non.get("verb") or ""), path=str(non.get("path") or ""))
            decision = authorize(self.sim.store, attrs)
            out["spec"] = spec
            out["status"] = {"allowed": decision.allowed, **({"reason": decision.reason} if decision.reason else {})}
        return json_response(out, 201)

    # -- metrics.k8s.io ----------------------------------------------------------------------------
    def _metrics(self, request: web.Request, parts: list[str], user: UserInfo) -> web.Response:
        from kubetui.api.metrics import metrics_response

        namespaced = len(parts) > 5 and parts[3] == "namespaces"
        resource = parts[5] if namespaced else parts[3]
        name = (parts[6] if len(parts) > 6 else None) if namespaced else (parts[4] if len(parts) > 4 else None)
        refused = access.refusal(self.session.scenario, "get" if name else "list", None, user=user.name,
                                 resource=resource, group=discovery.METRICS_GROUP, name=name,
                                 namespace=parts[4] if namespaced else None, commands=("top",))
        attrs = Attributes(user, "get" if name else "list", resource, discovery.METRICS_GROUP, "",
                           parts[4] if namespaced else "", name or "")
        if refused is None and not authorize(self.sim.store, attrs).allowed:
            refused = forbidden(attrs)
        if refused is not None:
            return status_response(403, "Forbidden", refused.message,
                                   {"name": name, "group": discovery.METRICS_GROUP, "kind": resource})

        code, body = metrics_response(self.sim, parts, request.query_string)
        return json_response(body, code)

    def _changed(self) -> None:
        if self.on_change is not None:
            self.on_change()

    # -- kubectl sim -------------------------------------------------------------------------------
    async def _sim(self, request: web.Request) -> web.Response:
        """`kubectl sim ARGS`: the clock's controls, or a `sim …` command through the door."""
        if request.method != "POST":
            return status_response(405, "MethodNotAllowed", "the server does not allow this method on the "
                                                            "requested resource")
        try:
            data = json.loads(await request.text() or "{}")
            args = [str(a) for a in data.get("args") or []]
        except (ValueError, AttributeError, TypeError):
            return status_response(400, "BadRequest", 'the body must be {"args": ["step", "10"]}')
        code, out, err = self.sim_command(args)
        self._changed()
        return json_response({"exitCode": code, "stdout": out, "stderr": err, "tick": self.sim.tick})

    def sim_command(self, args: list[str]) -> tuple[int, str, str]:
        assert self.clock is not None
        verb = args[0] if args else ""
        if verb == "step":
            try:
                n = int(args[1]) if len(args) > 1 else 1
            except ValueError:
                return 1, "", f"error: step takes a number of ticks, not {args[1]!r}\n"
            if n < 0:
                return 1, "", "error: step takes a number of ticks ≥ 0\n"
            advanced = self.clock.step(n)
            return 0, f"tick {self.sim.tick} (+{advanced})\n", ""
        if verb in ("pause", "resume"):
            self.clock.set(paused=verb == "pause")
            return 0, f"clock {'paused' if verb == 'pause' else 'running'} at tick {self.sim.tick}\n", ""
        if verb == "speed":
            try:
                speed = float(args[1])
                if speed <= 0:
                    raise ValueError
            except (IndexError, ValueError):
                return 1, "", "error: speed takes ticks per second, a number > 0\n"
            self.clock.set(speed=speed)
            return 0, f"speed {speed:g} tick(s)/s\n", ""
        if verb in ("tick", "status"):
            state = "paused" if self.clock.paused else f"running at {self.clock.speed:g} tick(s)/s"
            return 0, f"tick {self.sim.tick}, clock {state}\n", ""
        result = self.session.command("sim " + shlex.join(args), source="api")
        return result.exit_code, result.stdout, result.stderr


# -- helpers ---------------------------------------------------------------------------------------

def _with_field_manager(query: str, user_agent: str) -> str:
    """A write names its field manager; without `fieldManager` it is the User-Agent up to its first
    `/` (kubectl's `kubectl/v1.37.0 (linux/amd64) …` is `kubectl`), as kube-apiserver does. The
    door records the query with it, so a replay manages the same fields."""
    manager = user_agent.split("/", 1)[0][:128]
    if not manager:
        return query
    return f"{query}&{urlencode({'fieldManager': manager})}" if query else urlencode({"fieldManager": manager})


def _not_found() -> web.Response:
    return status_response(404, "NotFound", "the server could not find the requested resource")


def _flag(request: web.Request, name: str) -> bool:
    return rest.go_bool(request.query.getall(name, []))


async def _read_body(request: web.Request) -> bytes | None:
    """The body, or None when it is over the API server's limit (read no further than that)."""
    data = bytearray()
    while True:
        chunk = await request.content.read(65536)
        if not chunk:
            return bytes(data)
        data += chunk
        if len(data) > rest.MAX_BODY:
            return None


# -- running it in a thread (tests, the UI) -------------------------------------------------------

@dataclass
class Running:
    """A server running on its own event loop in a background thread."""

    server: ApiServer
    loop: asyncio.AbstractEventLoop
    thread: threading.Thread

    @property
    def url(self) -> str:
        return self.server.url

    def call(self, fn, *args):
        """Run `fn(*args)` on the server's loop (between ticks) and return its result."""
        async def call():
            return fn(*args)
        return asyncio.run_coroutine_threadsafe(call(), self.loop).result(timeout=60)

    def stop(self) -> None:
        asyncio.run_coroutine_threadsafe(self.server.stop(), self.loop).result(timeout=30)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=30)


def run_in_thread(server: ApiServer) -> Running:
    loop = asyncio.new_event_loop()
    started = threading.Event()
    failure: list[BaseException] = []

    def main() -> None:
        asyncio.set_event_loop(loop)
        try:
            loop.run_until_complete(server.start())
        except BaseException as exc:  # reported to the caller below
            failure.append(exc)
            started.set()
            return
        started.set()
        loop.run_forever()
        loop.close()

    thread = threading.Thread(target=main, name="kubetui-api", daemon=True)
    thread.start()
    started.wait(timeout=30)
    if failure:
        raise failure[0]
    return Running(server, loop, thread)
