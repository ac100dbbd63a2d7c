"""The stub's models: given as documents, or generated from the strategies with a seed.

Generated models come from :func:`scenario_schema.strategies.payloads` (the same
declarations as every check), then are made usable: an id shaped like the API's,
a trainable type (cycling over the policy's trainer families), status ``new`` and
10 training images. Where SDK 2.4.0's types refuse what the contract allows
(:data:`SDK_DIFFERENCES`), generated documents keep to what both accept.
"""

from __future__ import annotations

import contextlib
import copy
import random
import threading
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import attrs

from .._api import dump, validate
from .._report import ContractError, Issue
from .._revisions import Revision, resolve_revision, value_lifespan
from ..literals import ModelType
from ..models import Model
from ..training import DEFAULT_POLICY, MODEL_TYPES

__all__ = ["SDK_DIFFERENCES", "SdkDifference", "generate_models", "model_id", "seeded_models"]

TRAINING_IMAGES = 10
"""The training images a generated model has: within every trainer's documented range."""


@attrs.frozen
class SdkDifference:
    """A place where SDK 2.4.0's types and this contract disagree (docs/spec-notes.md)."""

    where: str
    contract: str
    sdk: str
    stub: str


SDK_DIFFERENCES: tuple[SdkDifference, ...] = (
    SdkDifference(
        "/model/parameters/optimizeFor",
        "likeness, all or none (the field's description names all three)",
        'Literal["likeness"]: "all" and "none" fail its response validation',
        'generated models hold "likeness" where the strategies drew "all" or "none"',
    ),
    SdkDifference(
        "/model/inputs/*/required/conditional/values",
        "any JSON value but null (required)",
        "object: null accepted",
        "nothing to do: the stub never serves null there",
    ),
    SdkDifference(
        "/model/uiConfig/presets/*/presets",
        "any JSON value but null (required)",
        "object: null accepted",
        "nothing to do: the stub never serves null there",
    ),
)
"""Every known disagreement; tests/test_stub_sdk.py has one test per entry."""


def model_id(draw: random.Random) -> str:
    """A model id shaped like the API's (``model_`` and 22 letters and digits)."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz123456789"
    return "model_" + "".join(draw.choice(alphabet) for _ in range(22))


def _trainable_types(revision: Revision) -> list[str]:
    """One model type per trainer family the revision has: its shortest name (flux.1-lora first)."""
    chosen: dict[str, str] = {}
    for model_type in sorted(MODEL_TYPES, key=lambda name: (len(name), name)):
        family = DEFAULT_POLICY.families.get(model_type)
        if family is None or family in chosen:
            continue
        if value_lifespan(ModelType, model_type).holds_in(resolve_revision(revision)):
            chosen[family] = model_type
    return list(chosen.values())


def _sdk_compatible(document: dict[str, Any]) -> dict[str, Any]:
    """The document with every value SDK 2.4.0 refuses replaced (:data:`SDK_DIFFERENCES`)."""
    parameters = document.get("parameters")
    if isinstance(parameters, dict) and parameters.get("optimizeFor") in ("all", "none"):
        parameters["optimizeFor"] = "likeness"
    return document


def generate_models(count: int, *, seed: int, revision: Revision) -> list[dict[str, Any]]:
    """``count`` Model documents drawn from the strategies with ``seed``: the same every run.

    Raises:
        ImportError: without Hypothesis (the ``stub`` extra installs it).
    """
    drawn = _draw(count, seed=seed, revision=revision)
    draw = random.Random(seed)
    types = _trainable_types(revision)
    models = []
    for index, document in enumerate(drawn):
        document.update(
            id=model_id(draw),
            type=types[index % len(types)],
            status="new",
            trainingImagesNumber=TRAINING_IMAGES,
        )
        document.pop("trainingProgress", None)
        models.append(_sdk_compatible(document))
    return models


def _draw(count: int, *, seed: int, revision: Revision) -> list[dict[str, Any]]:
    """The first ``count`` documents Hypothesis generates from ``seed`` (no shrinking)."""
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import seed as seeded

    from ..strategies import payloads

    found: list[dict[str, Any]] = []

    @seeded(seed)
    @settings(
        max_examples=count,
        database=None,
        derandomize=False,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(payloads("model", revision=revision))
    def collect(document: dict[str, Any]) -> None:
        if len(found) < count:
            found.append(copy.deepcopy(document))

    while len(found) < count:  # Hypothesis may stop early on a small space: draw again
        before = len(found)
        with _GENERATING, _without_local_constants():
            collect()
        if len(found) == before:  # pragma: no cover - the Model space is not small
            msg = f"could not generate {count} models"
            raise RuntimeError(msg)
    return found


_GENERATING = threading.Lock()
"""One generation at a time: :func:`_without_local_constants` changes Hypothesis's state."""


@contextlib.contextmanager
def _without_local_constants() -> Iterator[None]:
    """Hypothesis without the constants it mines from the modules imported so far.

    Since 6.131, Hypothesis mixes literals found in the caller's own modules into
    what it draws, so the same seed draws other models once another module is
    imported: the seed alone would not make a run reproducible. Older versions
    mine nothing, and have nothing to switch off.
    """
    try:
        from hypothesis.internal.conjecture import providers
    except ImportError:  # pragma: no cover - a Hypothesis without this module
        yield
        return
    mined = getattr(providers, "_get_local_constants", None)
    cache = getattr(providers, "CONSTANTS_CACHE", None)
    if mined is None or cache is None:  # pragma: no cover - Hypothesis before 6.131
        yield
        return
    empty = providers._local_constants.__class__()
    cache.cache.clear()
    providers._get_local_constants = lambda: empty
    try:
        yield
    finally:
        providers._get_local_constants = mined
        cache.cache.clear()


def seeded_models(
    documents: Iterable[Mapping[str, Any] | Model], *, revision: Revision
) -> list[dict[str, Any]]:
    """Documents given by the caller (or :class:`Model` objects, dumped), each checked (strict).

    Raises:
        ContractError: for a document with an error, its issues at ``/INDEX/...``.
        ValueError: for two documents with the same id.
    """
    models: list[dict[str, Any]] = []
    issues: list[Issue] = []
    for index, given in enumerate(documents):
        document = dump(given) if isinstance(given, Model) else given
        report = validate(document, "model", revision=revision)
        issues.extend(attrs.evolve(issue, path=f"/{index}{issue.path}") for issue in report.errors)
        models.append(copy.deepcopy(dict(document)))
    if issues:
        raise ContractError(issues)
    ids = [model["id"] for model in models]
    twice = sorted({i for i in ids if ids.count(i) > 1})
    if twice:
        msg = f"model ids given more than once: {', '.join(twice)}"
        raise ValueError(msg)
    return models
