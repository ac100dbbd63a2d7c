"""The :class:`Stub`: models, faults and lifecycle, served in process or over a socket."""

from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from .._revisions import Revision, resolve_revision
from ..models import Model
from ._asgi import ASGIApp, make_app
from ._core import Core, LoggedRequest
from ._faults import Fault
from ._models import generate_models, seeded_models

if TYPE_CHECKING:
    import httpx

__all__ = ["Stub"]

DEFAULT_COUNT = 5
"""How many models a stub generates when it is given none."""


class Stub:
    """A local stand-in for the Scenario API's model-training endpoints.

    It serves ``GET /models/{modelId}``, ``PUT /models/{modelId}/train`` and
    ``POST /models/{modelId}/train/action`` (also under ``/v1``), checks what it
    receives with the library's validation and training preflight under
    ``revision``, and walks a triggered model from ``training`` to ``trained``.

    Args:
        models: Model documents (dicts, or :class:`~scenario_schema.Model` objects, dumped)
            to serve, each valid under ``revision``; with none, ``count`` models are
            generated from the strategies with ``seed``.
        seed: Seeds the generated models, the job ids and the faults' rates.
        revision: The contract revision (``latest``, the default, ``page`` or ``sdk-2.4``).
        faults: The :class:`Fault` s to inject; none by default.
        count: How many models to generate when ``models`` is ``None``.
        polls_to_train: A training model is ``trained`` at this ``GET`` of it.
        seconds_to_train: Or once this many seconds have passed (``None``: never by time).

    Raises:
        ContractError: for a given model that is not valid under ``revision``.
        ValueError: for an unknown revision, two models with one id, or a count,
            ``polls_to_train`` or ``seconds_to_train`` out of range.
        ImportError: without Hypothesis, when models are to be generated.
    """

    def __init__(
        self,
        models: Iterable[Mapping[str, Any] | Model] | None = None,
        *,
        seed: int = 0,
        revision: Revision = "latest",
        faults: Iterable[Fault] = (),
        count: int = DEFAULT_COUNT,
        polls_to_train: int = 3,
        seconds_to_train: float | None = None,
    ) -> None:
        resolve_revision(revision)
        if count < 1 or polls_to_train < 1:
            msg = "count and polls_to_train must be at least 1"
            raise ValueError(msg)
        if seconds_to_train is not None and seconds_to_train < 0:
            msg = f"seconds_to_train must not be negative, not {seconds_to_train!r}"
            raise ValueError(msg)
        if models is None:
            documents = generate_models(count, seed=seed, revision=revision)
        else:
            documents = seeded_models(models, revision=revision)
        self.seed = seed
        self.revision: Revision = revision
        self.faults = tuple(faults)
        self._core = Core(
            documents,
            seed=seed,
            revision=revision,
            faults=self.faults,
            polls_to_train=polls_to_train,
            seconds_to_train=seconds_to_train,
            drift_models=self._drift_model,
        )
        self._ids = tuple(document["id"] for document in documents)
        self._other_revisions: dict[str, list[dict[str, Any]]] = {}
        self.app: ASGIApp = make_app(self._core)
        """The stub as an ASGI 3 application (serve it with uvicorn, or any ASGI server)."""

    def __repr__(self) -> str:
        return (
            f"Stub(models={len(self._ids)}, seed={self.seed}, revision={self.revision!r},"
            f" faults={list(self.faults)!r})"
        )

    @property
    def model_ids(self) -> tuple[str, ...]:
        """The ids of the models it serves, in the order given or generated."""
        return self._ids

    @property
    def requests(self) -> tuple[LoggedRequest, ...]:
        """Every request received so far, oldest first (credentials never kept)."""
        return tuple(self._core.log)

    def model(self, model_id: str) -> dict[str, Any]:
        """A copy of a stored model as it stands (before any drift fault).

        Raises:
            KeyError: for an id the stub does not serve.
        """
        return copy.deepcopy(self._core.models[model_id])

    def transport(self) -> httpx.BaseTransport:
        """A sync httpx transport: ``httpx.Client(transport=stub.transport())``, no socket.

        Raises:
            ImportError: without httpx (the ``stub`` extra).
        """
        from ._transports import StubTransport

        return StubTransport(self._core)

    def async_transport(self) -> httpx.AsyncBaseTransport:
        """An async httpx transport over :attr:`app`: ``httpx.AsyncClient(transport=...)``.

        Raises:
            ImportError: without httpx (the ``stub`` extra).
        """
        from ._transports import AsyncStubTransport

        return AsyncStubTransport(self.app)

    def _drift_model(self, revision: str, model_id: str) -> dict[str, Any]:
        """The model another revision would serve in place of ``model_id`` (same seed)."""
        if revision not in self._other_revisions:
            drawn = generate_models(len(self._ids), seed=self.seed, revision=revision)  # type: ignore[arg-type]
            self._other_revisions[revision] = drawn
        return self._other_revisions[revision][self._ids.index(model_id)]
