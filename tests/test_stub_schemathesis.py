"""Schemathesis against the stub server, from the generated OpenAPI document.

A property-based API test from the outside: Schemathesis generates requests from
``ss.openapi()`` (paths, query parameters, bodies, valid and invalid) and checks that
the stub never answers 5xx and that every answer conforms to the document (status,
content type, headers, body schema). Bounded: a few examples per operation, a
deadline per example, one server on 127.0.0.1. Slow-ish, so it runs once per
``make test``, in the packaging session (Python 3.11).
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from typing import Any

import pytest

schemathesis = pytest.importorskip("schemathesis", reason="schemathesis is not installed")
pytest.importorskip("uvicorn", reason="the stub extra is not installed")

from hypothesis import HealthCheck, Phase, settings  # noqa: E402
from schemathesis import checks as _checks  # noqa: E402
from schemathesis.specs.openapi import checks  # noqa: E402

import scenario_schema as ss  # noqa: E402
from tests.stub_process import DEADLINE, Server  # noqa: E402

pytestmark = pytest.mark.packaging

SEED = 0
MODEL_IDS = ("model_6az8cCSihb25VgYo9PiJUJ", "model_zGq3Skw3p9KVGxE96uXgmG")
"""The ids the server below serves with this seed (its fixture checks them): requests name them."""


def _document() -> dict[str, Any]:
    """The OpenAPI document, with ``modelId`` drawn from the served ids (and any other)."""
    document = copy.deepcopy(ss.openapi(revision="latest"))
    for item in document["paths"].values():
        for parameter in item["parameters"]:
            if parameter["name"] == "modelId":
                parameter["schema"] = {
                    "anyOf": [{"enum": list(MODEL_IDS)}, {"type": "string", "minLength": 1}]
                }
    return document


schema = schemathesis.openapi.from_dict(_document())
each_operation: Callable[[Callable[..., None]], Callable[..., None]] = schema.parametrize()

CHECKS = [
    _checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_headers_conformance,
    checks.response_schema_conformance,
]


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    running = Server("--count", "2", "--seed", str(SEED), "--polls", "2")
    assert tuple(running.model_ids) == MODEL_IDS
    yield running
    assert running.stop() == 0


@each_operation
@settings(
    max_examples=25,
    deadline=5000,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
    database=None,
)
def test_the_stub_conforms_to_its_openapi_document(case: Any, server: Server) -> None:
    case.call_and_validate(
        base_url=server.url, checks=CHECKS, auth=("key", "secret"), timeout=DEADLINE
    )


@pytest.fixture(scope="module")
def rate_limited() -> Iterator[Server]:
    """The same server with a fault on: a 429 (with ``Retry-After``) on a third of requests."""
    running = Server("--count", "2", "--seed", str(SEED), "--fault", "429,rate=0.3")
    yield running
    assert running.stop() == 0


@each_operation
@settings(
    max_examples=10,
    deadline=5000,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
    database=None,
)
def test_a_429_fault_conforms_to_the_document_too(case: Any, rate_limited: Server) -> None:
    """A 429 fault is a documented answer: it breaks no check (a 5xx fault would)."""
    case.call_and_validate(
        base_url=rate_limited.url, checks=CHECKS, auth=("key", "secret"), timeout=DEADLINE
    )
