"""The stub's one implementation: a request in, an :class:`Answer` out, state in between.

The ASGI app (``_asgi.py``) and the httpx transports (``_transports.py``) only carry
bytes to :meth:`Core.handle` and its :class:`Answer` back: what is checked, stored
and served is decided here, once.
"""

from __future__ import annotations

import base64
import binascii
import copy
import json
import math
import random
import re
import threading
import time
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime, timezone
from typing import Any

import attrs

from .._api import validate
from .._json_text import decode_json
from .._report import Issue
from .._revisions import Revision
from ..training import DEFAULT_POLICY, check_training_parameters
from ._faults import DRIFT_KINDS, STATUS_KINDS, Fault

__all__ = ["Answer", "Core", "LoggedRequest"]

REDACTED = "<redacted>"
SECRET_KEYS = frozenset({"wandbKey"})
"""Parameters whose values the stub never stores, serves or logs (credentials)."""

_ROUTES = (
    (re.compile(r"/models/(?P<id>[^/]+)"), "GET", "retrieve"),
    (re.compile(r"/models/(?P<id>[^/]+)/train"), "PUT", "trigger"),
    (re.compile(r"/models/(?P<id>[^/]+)/train/action"), "POST", "action"),
)
_PREFIX = "/v1"
"""The SDK's default base URL ends in ``/v1``: the stub serves both ``/v1/...`` and ``/...``."""

_JOB_TYPES = {
    "flux-lora": "flux-model-training",
    "musubi": "musubi-model-training",
    "musubi-edit": "musubi-model-training",
}
"""SDK 2.4.0's ``Job.jobType`` per trainer family; :data:`DEFAULT_JOB_TYPE` for the others."""
DEFAULT_JOB_TYPE = "model-training"

_UNDOCUMENTED = {"internalQueue": "default", "billingPlan": "stub"}
"""The undocumented fields the ``undocumented`` fault adds to a served model."""


@attrs.frozen
class Answer:
    """What to send back: a status, a JSON body and headers; or ``close`` the connection."""

    status: int
    body: Any = None
    headers: tuple[tuple[str, str], ...] = ()
    close: bool = False
    delay: float = 0.0

    def content(self) -> bytes:
        """The body as JSON bytes (empty when there is none)."""
        if self.body is None:
            return b""
        return json.dumps(self.body, allow_nan=False, separators=(",", ":")).encode()


@attrs.frozen
class LoggedRequest:
    """One request the stub received, as :attr:`Stub.requests` keeps it.

    ``status`` is ``None`` when a ``close`` fault dropped the connection; ``fault``
    names the fault that decided the answer (a status or ``close``), if any. The
    body is the decoded JSON (``None`` if there is none or it is not JSON), with
    credentials replaced by ``"<redacted>"``; no header is kept.
    """

    number: int
    method: str
    path: str
    query: Mapping[str, str]
    body: Any
    status: int | None
    fault: str | None = None


@attrs.define
class _Training:
    started: float
    polls: int = 0


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _redact(value: Any) -> Any:
    """A JSON value with every credential's value replaced, at any depth."""
    if isinstance(value, dict):
        return {k: REDACTED if k in SECRET_KEYS else _redact(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_redact(item) for item in value]
    return value


def _issue_json(issue: Issue) -> dict[str, str]:
    return {
        "path": issue.path,
        "code": issue.code,
        "message": issue.message,
        "severity": issue.severity,
    }


def error(status: int, code: str, message: str, issues: Sequence[Issue] = ()) -> Answer:
    """An error answer: ``{"code", "message", "issues": [...]}``, issues as the CLI writes them."""
    body = {"code": code, "message": message, "issues": [_issue_json(i) for i in issues]}
    return Answer(status, body)


def _authorized(header: str | None) -> bool:
    """Whether an ``Authorization`` header holds HTTP Basic credentials (any key and secret)."""
    scheme, _, encoded = (header or "").partition(" ")
    if scheme.lower() != "basic":
        return False
    try:
        decoded = base64.b64decode(encoded.strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return False
    key, sep, secret = decoded.partition(":")
    return bool(key and sep and secret)


class Core:
    """The stub's state and rules; thread-safe (one lock around every request).

    ``drift_models(revision, model_id)`` gives the document another revision would
    serve in place of a model (the ``revision`` fault).
    """

    def __init__(
        self,
        models: list[dict[str, Any]],
        *,
        seed: int,
        revision: Revision,
        faults: Sequence[Fault],
        polls_to_train: int,
        seconds_to_train: float | None,
        drift_models: Callable[[str, str], dict[str, Any]],
    ) -> None:
        self.models = {model["id"]: _redact_parameters(model) for model in models}
        self.revision: Revision = revision
        self.faults = tuple(faults)
        self.polls_to_train = polls_to_train
        self.seconds_to_train = seconds_to_train
        self.drift_models = drift_models
        self.log: list[LoggedRequest] = []
        self._training: dict[str, _Training] = {}
        self._draw = random.Random(seed)
        self._ids = random.Random(seed + 1)
        self._lock = threading.Lock()
        self._number = 0
        """The number of the request being answered (from 1)."""

    def handle(
        self,
        method: str,
        path: str,
        query: Mapping[str, str],
        headers: Mapping[str, str],
        body: bytes,
    ) -> Answer:
        """Answer one request and log it (``headers`` keyed in lower case)."""
        with self._lock:
            number = self._number = len(self.log) + 1
            document, problem = decode_json(body) if body.strip() else (None, None)
            fault, answer = self._faulted(number)
            if answer is None:
                answer = self._answer(method, path, query, headers, document, problem)
                answer = attrs.evolve(answer, delay=self._delay(number))
            else:
                answer = attrs.evolve(answer, delay=answer.delay + self._delay(number))
            self.log.append(
                LoggedRequest(
                    number,
                    method,
                    path,
                    dict(query),
                    _redact(document),
                    None if answer.close else answer.status,
                    fault,
                )
            )
            return answer

    # --- faults ---------------------------------------------------------------------

    def _faulted(self, number: int) -> tuple[str | None, Answer | None]:
        """The first status or ``close`` fault that fires on request ``number``, as an answer."""
        for fault in self.faults:
            if fault.kind not in STATUS_KINDS and fault.kind != "close":
                continue
            if not fault.fires(number, self._draw):
                continue
            if fault.kind == "close":
                return "close", Answer(0, close=True)
            return fault.kind, _status_fault(fault)
        return None, None

    def _delay(self, number: int) -> float:
        return sum(
            fault.seconds or 0.0
            for fault in self.faults
            if fault.kind == "latency" and fault.fires(number, self._draw)
        )

    def _drifted(self, model: dict[str, Any]) -> dict[str, Any]:
        """The model as served: with the drift faults that fire on this request applied."""
        served = copy.deepcopy(model)
        for fault in self.faults:
            if fault.kind not in DRIFT_KINDS or not fault.fires(self._number, self._draw):
                continue
            if fault.kind == "undocumented":
                served.update(_UNDOCUMENTED)
                if isinstance(served.get("parameters"), dict):
                    served["parameters"]["internalPriority"] = 1
            else:
                assert fault.revision is not None  # a revision fault always names one
                other = copy.deepcopy(self.drift_models(fault.revision, served["id"]))
                other.update(id=served["id"], status=served["status"])
                served = other
        return served

    # --- routes ---------------------------------------------------------------------

    def _answer(
        self,
        method: str,
        path: str,
        query: Mapping[str, str],
        headers: Mapping[str, str],
        document: Any,
        problem: Issue | None,
    ) -> Answer:
        if path.startswith(_PREFIX + "/"):
            path = path[len(_PREFIX) :]
        for pattern, allowed, name in _ROUTES:
            match = pattern.fullmatch(path)
            if match is None:
                continue
            if method != allowed:
                return attrs.evolve(
                    error(405, "method-not-allowed", f"{path} answers {allowed} only"),
                    headers=(("allow", allowed),),
                )
            if not _authorized(headers.get("authorization")):
                return attrs.evolve(
                    error(
                        401,
                        "unauthorized",
                        "HTTP Basic credentials (API key and secret) are required",
                    ),
                    headers=(("www-authenticate", 'Basic realm="scenario-schema stub"'),),
                )
            model_id = match.group("id")
            if model_id not in self.models:
                return error(404, "not-found", f"no model {model_id!r}")
            self._advance(model_id)
            if problem is not None and method != "GET":
                return error(400, "invalid-body", "the body is not JSON", [problem])
            handler = getattr(self, "_" + name)
            result: Answer = handler(model_id, query, document)
            return result
        return error(404, "not-found", "no such endpoint")

    def _retrieve(self, model_id: str, _query: Mapping[str, str], _document: Any) -> Answer:
        training = self._training.get(model_id)
        if training is not None:
            training.polls += 1
            self._advance(model_id)
        return Answer(200, {"model": self._drifted(self.models[model_id])})

    def _trigger(self, model_id: str, query: Mapping[str, str], document: Any) -> Answer:
        if document is None:
            document = {}
        if not isinstance(document, dict):
            issue = Issue("", "type", "expected a JSON object", "error")
            return error(400, "invalid-body", "the body must be a JSON object", [issue])
        model = self.models[model_id]
        if model_id in self._training:
            issue = Issue("", "already-training", f"model {model_id!r} is training", "error")
            return error(400, "already-training", issue.message, [issue])
        parameters = document.get("parameters", {})
        issues = self._preflight(model, parameters, query)
        if any(issue.severity == "error" for issue in issues):
            return error(400, "invalid-parameters", "the training parameters have errors", issues)
        job = self._job(model)
        dry_run = query.get("dryRun") in ("true", "api")
        if dry_run:  # the SDK: "the call returns a 269 response"; nothing is stored
            return Answer(269, {"job": job, "model": self._drifted(model)})
        started = time.monotonic()
        stored = {k: v for k, v in (parameters or {}).items() if k not in SECRET_KEYS}
        model.update(status="training", parameters=stored, updatedAt=_now())
        model["trainingProgress"] = _progress(0.0, started)
        self._training[model_id] = _Training(started)
        return Answer(200, {"job": job, "model": self._drifted(model)})

    def _preflight(
        self, model: dict[str, Any], parameters: Any, query: Mapping[str, str]
    ) -> list[Issue]:
        images = _count(model.get("trainingImagesNumber"))
        if not images and query.get("trainingImagesCount", "").isdigit():
            images = int(query["trainingImagesCount"])
        try:
            report = check_training_parameters(
                parameters, model["type"], training_images=images, revision=self.revision
            )
        except ValueError as refused:
            return [Issue("", "unknown-model-type", str(refused), "error")]
        return [_refusing_undocumented(issue) for issue in report.issues]

    def _action(self, model_id: str, _query: Mapping[str, str], document: Any) -> Answer:
        report = validate(document, "train-action-params", revision=self.revision)
        if not report.ok:
            return error(400, "invalid-body", "the action is not valid", report.issues)
        if model_id not in self._training:
            status = self.models[model_id]["status"]
            issue = Issue(
                "", "not-training", f"model {model_id!r} is {status}, not training", "error"
            )
            return error(400, "not-training", issue.message, [issue])
        del self._training[model_id]
        model = self.models[model_id]
        model.update(status="training-canceled", updatedAt=_now())
        model.pop("trainingProgress", None)
        return Answer(200, {"model": self._drifted(model)})

    # --- lifecycle ------------------------------------------------------------------

    def _advance(self, model_id: str) -> None:
        """Move a training model on: ``trained`` after enough polls or seconds."""
        training = self._training.get(model_id)
        if training is None:
            return
        model = self.models[model_id]
        elapsed = time.monotonic() - training.started
        done = training.polls >= self.polls_to_train or (
            self.seconds_to_train is not None and elapsed >= self.seconds_to_train
        )
        if done:
            del self._training[model_id]
            model.update(status="trained", updatedAt=_now())
            model.pop("trainingProgress", None)
            return
        model["trainingProgress"] = _progress(
            training.polls / self.polls_to_train, training.started
        )

    def _job(self, model: dict[str, Any]) -> dict[str, Any]:
        """A job with exactly the fields SDK 2.4.0's ``Job`` requires."""
        family = DEFAULT_POLICY.families.get(model["type"])
        now = _now()
        return {
            "jobId": "job_"
            + "".join(self._ids.choice("abcdefghijkmnopqrstuvwxyz123456789") for _ in range(24)),
            "jobType": _JOB_TYPES.get(family or "", DEFAULT_JOB_TYPE),
            "status": "queued",
            "progress": 0,
            "createdAt": now,
            "updatedAt": now,
            "statusHistory": [{"date": now, "status": "queued"}],
            "metadata": {},
        }


def _count(value: Any) -> int | None:
    """A model's ``trainingImagesNumber`` as a whole count, or ``None`` when it is not one."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    if not 0 <= value <= 2**53 or (isinstance(value, float) and not value.is_integer()):
        return None
    return int(value)


def _refusing_undocumented(issue: Issue) -> Issue:
    """An issue of the preflight, at its place in the body; an undocumented parameter an error.

    The preflight warns about a parameter the contract does not document (a typo,
    most often); training with it would silently use a default instead, so the stub
    refuses it (docs/spec-notes.md, "The stub").
    """
    severity = "error" if issue.code == "unknown-field" else issue.severity
    return attrs.evolve(issue, path="/parameters" + issue.path, severity=severity)


def _progress(progress: float, started: float) -> dict[str, Any]:
    """A ``trainingProgress`` object for a model in training (milliseconds since the epoch)."""
    now = time.time()
    return {
        "stage": "running-train",
        "progress": progress,
        "startedAt": int((now - (time.monotonic() - started)) * 1000),
        "updatedAt": int(now * 1000),
    }


def _redact_parameters(model: dict[str, Any]) -> dict[str, Any]:
    """The model without credentials in its parameters: the stub never serves them."""
    parameters = model.get("parameters")
    if isinstance(parameters, dict):
        model["parameters"] = {k: v for k, v in parameters.items() if k not in SECRET_KEYS}
    return model


def _status_fault(fault: Fault) -> Answer:
    messages = {"429": "rate limited", "500": "internal error", "503": "unavailable"}
    answer = error(
        int(fault.kind), f"fault-{fault.kind}", f"injected fault: {messages[fault.kind]}"
    )
    seconds = fault.seconds if fault.seconds is not None else (1.0 if fault.kind == "429" else None)
    if seconds is None:
        return answer
    whole = str(math.ceil(seconds))  # Retry-After is whole seconds (RFC 9110)
    return attrs.evolve(
        answer, headers=(("retry-after", whole), ("retry-after-ms", str(round(seconds * 1000))))
    )
