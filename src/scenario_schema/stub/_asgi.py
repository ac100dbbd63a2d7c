"""The stub as an ASGI application: bytes in, :meth:`Core.handle`, bytes out."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import parse_qsl

from ._core import Core

__all__ = ["ASGIApp", "make_app"]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

MAX_BODY = 1 << 20
"""The largest request body read (1 MiB): a bigger one is refused with 413."""


class ConnectionDropped(Exception):
    """Raised after the headers of a ``close`` fault: the server then drops the connection.

    ASGI has no message to abort a response: an exception after the response has
    started is how an app makes any ASGI server close the connection.
    """


def make_app(core: Core) -> ASGIApp:
    """An ASGI 3 application serving ``core`` (HTTP only; lifespan events acknowledged)."""

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await _lifespan(receive, send)
            return
        if scope["type"] != "http":  # pragma: no cover - websockets are not served
            return
        body = await _body(receive)
        if body is None:
            await _send(
                send, 413, b'{"code":"too-large","message":"body over 1 MiB","issues":[]}', ()
            )
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        query = dict(parse_qsl(scope.get("query_string", b"").decode("latin-1")))
        answer = core.handle(scope["method"], scope["path"], query, headers, body)
        if answer.delay:
            await asyncio.sleep(answer.delay)
        if answer.close:
            # Headers promise a body that never comes: the server must drop the connection.
            await send(
                {
                    "type": "http.response.start",
                    "status": 200,
                    "headers": [(b"content-length", b"10")],
                }
            )
            raise ConnectionDropped
        await _send(send, answer.status, answer.content(), answer.headers)

    return app


async def _lifespan(receive: Receive, send: Send) -> None:
    while True:
        message = await receive()
        if message["type"] == "lifespan.startup":
            await send({"type": "lifespan.startup.complete"})
        elif message["type"] == "lifespan.shutdown":
            await send({"type": "lifespan.shutdown.complete"})
            return


async def _body(receive: Receive) -> bytes | None:
    """The whole request body, or ``None`` past :data:`MAX_BODY`."""
    chunks, size = [], 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > MAX_BODY:
            return None
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


async def _send(
    send: Send, status: int, content: bytes, headers: tuple[tuple[str, str], ...]
) -> None:
    raw = [(b"content-type", b"application/json"), (b"content-length", str(len(content)).encode())]
    raw += [(k.encode("latin-1"), v.encode("latin-1")) for k, v in headers]
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": content})
