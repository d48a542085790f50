"""Two pure ASGI middlewares: the request-body limit (enforced while the body streams in, before any route
stores anything) and the error boundary (any unexpected exception becomes a coded ``internal_error`` answer,
logged with its traceback). Both answer through ``respond(scope, code, message, status)``, which the app
supplies so that the page gets an HTML error page and the API a JSON error."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Awaitable, Callable

LOG = logging.getLogger("yushen.web")

Respond = Callable[[dict, str, str, int], Callable[..., Awaitable[None]]]


class _BodyTooLarge(Exception):
    pass


class BodyLimit:
    """Refuse a request whose body exceeds ``limit`` bytes with 413: a too-large Content-Length is refused before
    a byte is read; a body without one (chunked) is counted as it arrives and refused at the first chunk over."""

    def __init__(self, app, limit: int, respond: Respond, message: str):
        self.app, self.limit, self.respond, self.message = app, limit, respond, message

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        length = dict(scope.get("headers") or []).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.limit):
            return await self._refuse(scope, receive, send)
        seen = 0
        over = False
        started = False

        async def counted():
            nonlocal seen, over
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    over = True
                    raise _BodyTooLarge
            return message

        async def guarded_send(message):
            nonlocal started
            if over:  # whatever the app answers once the body was cut short is replaced by the 413
                return
            started = True
            await send(message)

        try:
            await self.app(scope, counted, guarded_send)
        except Exception:
            if not over:
                raise
        if over and not started:
            await self._refuse(scope, receive, send)

    async def _refuse(self, scope, receive, send):
        await self.respond(scope, "too_large", self.message, 413)(scope, receive, send)


class ErrorBoundary:
    """The last line: an exception no route handled is logged with its traceback under an incident number and
    answered with a readable ``internal_error`` (500), never a bare traceback or a dropped connection."""

    def __init__(self, app, respond: Respond):
        self.app, self.respond = app, respond

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        started = False

        async def tracking_send(message):
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception:
            incident = secrets.token_hex(4)
            LOG.exception("internal error %s on %s %s", incident, scope.get("method"), scope.get("path"))
            if started:  # the answer is already on its way; the log is all that can be done
                return
            message = f"服务器内部错误（事件编号 {incident}），已记录日志。请稍后重试；如仍失败，请把编号告诉管理员。"
            await self.respond(scope, "internal_error", message, 500)(scope, receive, send)
