"""Serving a :class:`Stub` over a socket with uvicorn, for any HTTP client."""

from __future__ import annotations

import logging
import socket
from typing import IO

from ._asgi import ConnectionDropped
from ._stub import Stub

__all__ = ["serve"]

_BACKLOG = 128
"""Connections the kernel queues until uvicorn accepts them."""


def serve(stub: Stub, *, host: str, port: int, err: IO[str]) -> None:
    """Serve ``stub`` on ``host:port`` until Ctrl-C (SIGINT) or SIGTERM, then shut down cleanly.

    The socket is bound first, so that the line ``listening on http://HOST:PORT``
    (on ``err``) gives the real port when ``port`` is 0; the next line names the
    model ids served.

    Raises:
        ImportError: without uvicorn (the ``stub`` extra).
        OSError: when the address cannot be bound.
    """
    import uvicorn

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind((host, port))
        sock.listen(_BACKLOG)  # before the line: a client that reads it may connect at once
        bound = sock.getsockname()[1]
        shown = f"[{host}]" if family == socket.AF_INET6 else host
        config = uvicorn.Config(
            stub.app,
            lifespan="off",
            log_level="warning",
            access_log=False,
            timeout_graceful_shutdown=5,
        )
        server = uvicorn.Server(config)
        logging.getLogger("uvicorn.error").addFilter(_not_a_dropped_connection)
        err.write(f"listening on http://{shown}:{bound}\n")
        err.write(f"serving {len(stub.model_ids)} models: {', '.join(stub.model_ids)}\n")
        err.flush()
        server.run(sockets=[sock])
    finally:
        sock.close()


def _not_a_dropped_connection(record: logging.LogRecord) -> bool:
    """Keep every log record but uvicorn's traceback for a ``close`` fault: it is on purpose."""
    return not (record.exc_info and isinstance(record.exc_info[1], ConnectionDropped))
