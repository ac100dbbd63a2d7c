"""A local stub of the Scenario API's model-training endpoints, for tests of API clients.

``Stub()`` serves generated (or given) models over three endpoints, checks requests
with the library's validation and training preflight, walks the training lifecycle,
and injects :class:`Fault` s on request. Use it in process with an httpx transport
(``stub.transport()``), as an ASGI app (``stub.app``), or as a server from the
command line (``scenario-schema stub``). Install the ``stub`` extra:
``pip install 'scenario-schema[stub]'``.
"""

from ._core import LoggedRequest
from ._faults import FAULT_KINDS, Fault, FaultKind, parse_fault
from ._models import SDK_DIFFERENCES, SdkDifference
from ._server import serve
from ._stub import Stub

__all__ = [
    "FAULT_KINDS",
    "SDK_DIFFERENCES",
    "Fault",
    "FaultKind",
    "LoggedRequest",
    "SdkDifference",
    "Stub",
    "parse_fault",
    "serve",
]
