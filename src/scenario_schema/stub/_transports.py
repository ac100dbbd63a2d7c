"""httpx transports that carry requests to the stub in process, without sockets.

The sync transport calls :meth:`Core.handle` directly (an ASGI app needs an event
loop, which a sync client does not have); the async one is httpx's own
``ASGITransport`` over the stub's ASGI app. A ``close`` fault raises what httpx
raises when a server drops the connection: ``httpx.RemoteProtocolError``.
"""

from __future__ import annotations

import time

try:
    import httpx
except ImportError:  # pragma: no cover - tested in a subprocess without httpx
    msg = "the stub's transports need httpx: pip install 'scenario-schema[stub]'"
    raise ImportError(msg) from None

from ._asgi import ASGIApp, ConnectionDropped
from ._core import Answer, Core

__all__ = ["AsyncStubTransport", "StubTransport"]

DROPPED = "Server disconnected without sending a response."
"""httpx's own message when a server closes the connection before answering."""


class StubTransport(httpx.BaseTransport):
    """A sync httpx transport answering from the stub, in the calling thread."""

    def __init__(self, core: Core) -> None:
        self._core = core

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        """Answer one request (waits for a ``latency`` fault; raises for a ``close`` one)."""
        query = dict(request.url.params.multi_items())
        headers = {k.lower(): v for k, v in request.headers.items()}
        answer = self._core.handle(request.method, request.url.path, query, headers, request.read())
        if answer.delay:
            time.sleep(answer.delay)
        if answer.close:
            raise httpx.RemoteProtocolError(DROPPED, request=request)
        return _response(answer)


def _response(answer: Answer) -> httpx.Response:
    content = answer.content()
    headers = [("content-type", "application/json"), *answer.headers]
    return httpx.Response(answer.status, headers=headers, content=content)


class AsyncStubTransport(httpx.AsyncBaseTransport):
    """An async httpx transport over the stub's ASGI app (httpx's ``ASGITransport``)."""

    def __init__(self, app: ASGIApp) -> None:
        self._inner = httpx.ASGITransport(app=app)

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        """Answer one request; a ``close`` fault raises as a dropped connection does."""
        try:
            return await self._inner.handle_async_request(request)
        except ConnectionDropped:
            raise httpx.RemoteProtocolError(DROPPED, request=request) from None
