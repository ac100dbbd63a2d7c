"""The stub through its Python API and its in-process transports: routes, lifecycle, faults."""

from __future__ import annotations

import asyncio
import base64
import importlib
import json
import time
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("httpx", reason="the stub extra is not installed")
pytest.importorskip("hypothesis")

import httpx

import scenario_schema as ss
from scenario_schema.stub import FAULT_KINDS, Fault, Stub, parse_fault

AUTH = {"Authorization": "Basic " + base64.b64encode(b"key:secret").decode()}
SECRET = "wandb-secret-value-0123456789"


def client(stub: Stub) -> httpx.Client:
    return httpx.Client(transport=stub.transport(), base_url="http://stub", headers=AUTH)


@pytest.fixture(scope="module")
def generated() -> Stub:
    """A stub with generated models, shared by the tests that change nothing."""
    return Stub()


@pytest.fixture
def stub() -> Stub:
    return Stub(count=2)


def flux_model(stub: Stub) -> str:
    """The id of the stub's first model, of type flux.1-lora (the first trainable type)."""
    model_id = stub.model_ids[0]
    assert stub.model(model_id)["type"] == "flux.1-lora"
    return model_id


# --- models -----------------------------------------------------------------------------


def test_generated_models_are_the_same_for_the_same_seed(generated: Stub) -> None:
    again = Stub()
    assert again.model_ids == generated.model_ids
    assert [again.model(i) for i in again.model_ids] == [
        generated.model(i) for i in generated.model_ids
    ]


def test_generation_ignores_the_constants_of_modules_imported_since(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Hypothesis mines literals from imported modules; the seed alone decides the models."""
    before = Stub(count=3)
    module = tmp_path / "stub_constants_module.py"
    words = [f"constant-{i}" for i in range(300)]
    module.write_text(f"WORDS = {words!r}\nNUMBERS = {list(range(10**6, 10**6 + 300))!r}\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    importlib.import_module("stub_constants_module")
    after = Stub(count=3)
    assert [after.model(i) for i in after.model_ids] == [before.model(i) for i in before.model_ids]


def test_another_seed_generates_other_models(generated: Stub) -> None:
    assert set(Stub(seed=1).model_ids).isdisjoint(generated.model_ids)


def test_generated_models_are_valid_trainable_and_new(generated: Stub) -> None:
    assert len(generated.model_ids) == 5
    for model_id in generated.model_ids:
        model = generated.model(model_id)
        assert ss.validate(model, "model", revision="latest").ok
        assert model["status"] == "new"
        report = ss.check_training_parameters({}, model["type"], revision="latest")
        assert report.family is not None


def test_given_models_are_served_as_given(model: dict[str, Any]) -> None:
    stub = Stub([model], revision="page")
    assert stub.model_ids == (model["id"],)
    answer = client(stub).get(f"/models/{model['id']}")
    assert answer.status_code == 200
    del model["parameters"]["wandbKey"]  # a credential: never served
    assert answer.json() == {"model": model}


def test_model_objects_are_served_dumped(model: dict[str, Any]) -> None:
    loaded = ss.load(ss.Model, model)
    stub = Stub([loaded], revision="page")
    expected = ss.dump(loaded)
    del expected["parameters"]["wandbKey"]  # a credential: never served
    assert stub.model(model["id"]) == expected


def test_an_invalid_model_is_refused_with_its_issue_at_its_index(model: dict[str, Any]) -> None:
    broken = {**model, "id": "other", "trainingImagesNumber": "ten"}
    with pytest.raises(ss.ContractError) as raised:
        Stub([model, broken], revision="page")
    assert [issue.path for issue in raised.value.issues] == ["/1/trainingImagesNumber"]


def test_two_models_with_one_id_are_refused(model: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match="more than once"):
        Stub([model, model], revision="page")


def test_an_unknown_revision_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown revision"):
        Stub(count=1, revision="v9")  # type: ignore[arg-type]


def test_wandb_key_of_a_given_model_is_never_served(model: dict[str, Any]) -> None:
    model["parameters"] = {"wandbKey": SECRET}
    stub = Stub([model], revision="page")
    answer = client(stub).get(f"/models/{model['id']}")
    assert SECRET not in answer.text
    assert answer.json()["model"]["parameters"] == {}


# --- routes -------------------------------------------------------------------------------


def test_retrieve_answers_the_model(generated: Stub) -> None:
    model_id = generated.model_ids[1]
    answer = client(generated).get(f"/models/{model_id}")
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/json"
    assert answer.json() == {"model": generated.model(model_id)}


def test_the_v1_prefix_of_the_sdk_default_base_url_is_served(generated: Stub) -> None:
    model_id = generated.model_ids[1]
    assert client(generated).get(f"/v1/models/{model_id}").status_code == 200


def test_an_unknown_model_is_404(generated: Stub) -> None:
    answer = client(generated).get("/models/model_nope")
    assert answer.status_code == 404
    assert answer.json() == {"code": "not-found", "message": "no model 'model_nope'", "issues": []}


def test_an_unknown_path_is_404(generated: Stub) -> None:
    assert client(generated).get("/assets").status_code == 404


def test_a_wrong_method_is_405_with_allow(generated: Stub) -> None:
    answer = client(generated).delete(f"/models/{generated.model_ids[0]}")
    assert answer.status_code == 405
    assert answer.headers["allow"] == "GET"


@pytest.mark.parametrize(
    "authorization",
    [None, "Bearer token", "Basic !!!", "Basic " + base64.b64encode(b"keyonly").decode()],
)
def test_missing_or_malformed_basic_credentials_are_401(
    generated: Stub, authorization: str | None
) -> None:
    headers = {} if authorization is None else {"Authorization": authorization}
    with httpx.Client(transport=generated.transport(), base_url="http://stub") as plain:
        answer = plain.get(f"/models/{generated.model_ids[0]}", headers=headers)
    assert answer.status_code == 401
    assert answer.headers["www-authenticate"].startswith("Basic")
    assert answer.json()["code"] == "unauthorized"


def test_trigger_answers_a_job_with_the_sdk_required_fields_only(stub: Stub) -> None:
    answer = client(stub).put(f"/models/{flux_model(stub)}/train", json={"parameters": {}})
    assert answer.status_code == 200
    job = answer.json()["job"]
    assert set(job) == {
        "createdAt", "jobId", "jobType", "metadata", "progress", "status", "statusHistory",
        "updatedAt",
    }  # fmt: skip
    assert job["jobType"] == "flux-model-training"
    assert answer.json()["model"]["status"] == "training"


def test_every_job_type_the_stub_gives_is_in_the_openapi_document() -> None:
    from scenario_schema._openapi import JOB_TYPES
    from scenario_schema.stub._core import _JOB_TYPES, DEFAULT_JOB_TYPE

    assert {*_JOB_TYPES.values(), DEFAULT_JOB_TYPE} == set(JOB_TYPES)


def test_trigger_stores_the_given_parameters(stub: Stub) -> None:
    model_id = flux_model(stub)
    client(stub).put(f"/models/{model_id}/train", json={"parameters": {"rank": 8}})
    assert stub.model(model_id)["parameters"] == {"rank": 8}


def test_bad_parameters_are_400_with_every_issue_at_its_pointer(stub: Stub) -> None:
    body = {"parameters": {"rank": 1000, "nbEpochs": 2.5}}
    answer = client(stub).put(f"/models/{flux_model(stub)}/train", json=body)
    assert answer.status_code == 400
    found = {(i["path"], i["code"], i["severity"]) for i in answer.json()["issues"]}
    assert ("/parameters/rank", "maximum", "error") in found
    assert ("/parameters/nbEpochs", "integer", "warning") in found
    assert stub.model(flux_model(stub))["status"] == "new"


def test_an_undocumented_parameter_is_an_error(stub: Stub) -> None:
    answer = client(stub).put(
        f"/models/{flux_model(stub)}/train", json={"parameters": {"learningRat": 0.0001}}
    )
    assert answer.status_code == 400
    [issue] = [i for i in answer.json()["issues"] if i["path"] == "/parameters/learningRat"]
    assert issue["severity"] == "error"


@pytest.mark.parametrize(
    ("content", "code"), [(b"{not json", "json"), (b"[1, 2]", "type"), (b'"text"', "type")]
)
def test_a_body_that_is_not_a_json_object_is_400(stub: Stub, content: bytes, code: str) -> None:
    answer = client(stub).put(f"/models/{flux_model(stub)}/train", content=content)
    assert answer.status_code == 400
    assert [issue["code"] for issue in answer.json()["issues"]] == [code]


def test_a_trigger_without_a_body_trains_with_the_defaults(stub: Stub) -> None:
    answer = client(stub).put(f"/models/{flux_model(stub)}/train")
    assert answer.status_code == 200


def test_dry_run_answers_269_and_starts_nothing(stub: Stub) -> None:
    model_id = flux_model(stub)
    answer = client(stub).put(
        f"/models/{model_id}/train", params={"dryRun": "true"}, json={"parameters": {"rank": 8}}
    )
    assert answer.status_code == 269
    assert answer.json()["model"]["status"] == "new"
    assert stub.model(model_id)["status"] == "new"
    assert "parameters" not in stub.model(model_id) or stub.model(model_id)["parameters"] != {
        "rank": 8
    }


def test_dry_run_checks_the_parameters_too(stub: Stub) -> None:
    answer = client(stub).put(
        f"/models/{flux_model(stub)}/train",
        params={"dryRun": "api"},
        json={"parameters": {"rank": 1000}},
    )
    assert answer.status_code == 400


def test_a_model_type_the_revision_does_not_have_is_400(model: dict[str, Any]) -> None:
    model.update(type="sd-xl-lora", status="new")
    stub = Stub([model], revision="page")
    stub_latest = Stub([{**model, "type": "flux.1"}], revision="latest")
    assert client(stub).put(f"/models/{model['id']}/train").status_code == 200
    answer = client(stub_latest).put(f"/models/{model['id']}/train")
    assert answer.status_code == 400
    assert answer.json()["issues"][0]["code"] == "not-trainable"


def test_trigger_while_training_is_400(stub: Stub) -> None:
    model_id = flux_model(stub)
    http = client(stub)
    http.put(f"/models/{model_id}/train")
    answer = http.put(f"/models/{model_id}/train")
    assert answer.status_code == 400
    assert answer.json()["code"] == "already-training"


# --- lifecycle ------------------------------------------------------------------------


def test_a_triggered_model_is_trained_at_the_configured_poll() -> None:
    stub = Stub(count=1, polls_to_train=3)
    model_id = stub.model_ids[0]
    http = client(stub)
    http.put(f"/models/{model_id}/train")
    statuses = [http.get(f"/models/{model_id}").json()["model"]["status"] for _ in range(4)]
    assert statuses == ["training", "training", "trained", "trained"]


def test_a_training_model_shows_its_progress() -> None:
    stub = Stub(count=1, polls_to_train=4)
    model_id = stub.model_ids[0]
    http = client(stub)
    http.put(f"/models/{model_id}/train")
    progress = http.get(f"/models/{model_id}").json()["model"]["trainingProgress"]
    assert progress["progress"] == 0.25
    assert progress["stage"] == "running-train"
    assert ss.validate(stub.model(model_id), "model", revision="latest").ok


def test_a_triggered_model_is_trained_after_the_configured_seconds() -> None:
    stub = Stub(count=1, polls_to_train=1000, seconds_to_train=0)
    model_id = stub.model_ids[0]
    http = client(stub)
    http.put(f"/models/{model_id}/train")
    assert http.get(f"/models/{model_id}").json()["model"]["status"] == "trained"


def test_cancel_stops_the_training(stub: Stub) -> None:
    model_id = flux_model(stub)
    http = client(stub)
    http.put(f"/models/{model_id}/train")
    answer = http.post(f"/models/{model_id}/train/action", json={"action": "cancel"})
    assert answer.status_code == 200
    assert answer.json()["model"]["status"] == "training-canceled"
    for _ in range(4):
        assert http.get(f"/models/{model_id}").json()["model"]["status"] == "training-canceled"


def test_cancel_of_a_model_not_training_is_400(stub: Stub) -> None:
    answer = client(stub).post(
        f"/models/{flux_model(stub)}/train/action", json={"action": "cancel"}
    )
    assert answer.status_code == 400
    assert answer.json()["code"] == "not-training"


@pytest.mark.parametrize("body", [{"action": "restart"}, {}, ["cancel"]])
def test_an_invalid_action_is_400_with_issues(stub: Stub, body: Any) -> None:
    answer = client(stub).post(f"/models/{flux_model(stub)}/train/action", json=body)
    assert answer.status_code == 400
    assert answer.json()["issues"]


# --- the request log ------------------------------------------------------------------


def test_the_request_log_keeps_every_request_in_order(stub: Stub) -> None:
    model_id = flux_model(stub)
    http = client(stub)
    http.get(f"/models/{model_id}")
    http.put(f"/models/{model_id}/train", params={"dryRun": "true"}, json={"parameters": {}})
    first, second = stub.requests
    assert (first.number, first.method, first.path, first.status) == (
        1, "GET", f"/models/{model_id}", 200,
    )  # fmt: skip
    assert (second.method, second.query, second.body, second.status) == (
        "PUT", {"dryRun": "true"}, {"parameters": {}}, 269,
    )  # fmt: skip


def test_credentials_never_appear_in_the_log_or_any_answer(stub: Stub) -> None:
    model_id = flux_model(stub)
    http = client(stub)
    answers = [
        http.put(f"/models/{model_id}/train", json={"parameters": {"wandbKey": SECRET * 2}}),
        http.put(f"/models/{model_id}/train", json={"parameters": {"wandbKey": SECRET}}),
        http.get(f"/models/{model_id}"),
    ]
    assert [answer.status_code for answer in answers] == [400, 200, 200]
    for answer in answers:
        assert SECRET not in answer.text
        assert "secret" not in answer.text.lower().replace("wandb", "")
    assert SECRET not in repr(stub.requests)
    assert "a2V5OnNlY3JldA" not in repr(stub.requests)  # the Authorization header's value
    assert stub.requests[1].body == {"parameters": {"wandbKey": "<redacted>"}}


# --- faults ---------------------------------------------------------------------------


def test_no_fault_is_on_by_default(generated: Stub) -> None:
    assert generated.faults == ()


def test_a_429_fault_carries_retry_after() -> None:
    stub = Stub(count=1, faults=[Fault("429")])
    answer = client(stub).get(f"/models/{stub.model_ids[0]}")
    assert answer.status_code == 429
    assert answer.headers["retry-after"] == "1"
    assert stub.requests[0].fault == "429"


@pytest.mark.parametrize("kind", ["500", "503"])
def test_a_server_error_fault_on_the_nth_call_only(kind: str) -> None:
    stub = Stub(count=1, faults=[Fault(kind, nth=2)])  # type: ignore[arg-type]
    http = client(stub)
    statuses = [http.get(f"/models/{stub.model_ids[0]}").status_code for _ in range(3)]
    assert statuses == [200, int(kind), 200]


def test_a_fault_rate_is_seeded() -> None:
    def statuses(seed: int) -> list[int]:
        stub = Stub(count=1, seed=seed, faults=[Fault("500", rate=0.5)])
        http = client(stub)
        return [http.get(f"/models/{stub.model_ids[0]}").status_code for _ in range(20)]

    assert statuses(3) == statuses(3)
    assert {200, 500} == set(statuses(3))


def test_a_close_fault_drops_the_connection() -> None:
    stub = Stub(count=1, faults=[Fault("close", nth=1)])
    with pytest.raises(httpx.RemoteProtocolError):
        client(stub).get(f"/models/{stub.model_ids[0]}")
    assert stub.requests[0].status is None
    assert stub.requests[0].fault == "close"


def test_a_latency_fault_waits_before_answering(monkeypatch: pytest.MonkeyPatch) -> None:
    waits: list[float] = []
    monkeypatch.setattr(time, "sleep", waits.append)
    stub = Stub(count=1, faults=[Fault("latency", seconds=0.25, nth=2)])
    http = client(stub)
    for _ in range(3):
        assert http.get(f"/models/{stub.model_ids[0]}").status_code == 200
    assert waits == [0.25]


def test_an_undocumented_fault_serves_undocumented_fields() -> None:
    stub = Stub(count=1, faults=[Fault("undocumented")])
    served = client(stub).get(f"/models/{stub.model_ids[0]}").json()
    report = ss.validate(served, "train-action-response", revision="latest")
    assert report.ok
    assert {issue.code for issue in report.warnings} == {"unknown-field"}


def test_a_revision_fault_serves_the_fields_and_values_of_another_revision() -> None:
    stub = Stub(count=3, faults=[Fault("revision", revision="page")])
    for model_id in stub.model_ids:
        served = client(stub).get(f"/models/{model_id}").json()
        assert served["model"]["id"] == model_id
        assert ss.validate(served, "train-action-response", revision="page").ok
    assert any(
        not ss.validate(
            client(stub).get(f"/models/{i}").json(), "train-action-response", revision="latest"
        ).ok
        or ss.validate(
            client(stub).get(f"/models/{i}").json(), "train-action-response", revision="latest"
        ).warnings
        for i in stub.model_ids
    )


@pytest.mark.parametrize(
    ("text", "fault"),
    [
        ("429", Fault("429")),
        ("500,nth=2", Fault("500", nth=2)),
        ("503,rate=0.1,seconds=2", Fault("503", rate=0.1, seconds=2)),
        ("latency,seconds=0.5", Fault("latency", seconds=0.5)),
        ("close,nth=1", Fault("close", nth=1)),
        ("undocumented", Fault("undocumented")),
        ("revision,revision=page", Fault("revision", revision="page")),
    ],
)
def test_parse_fault(text: str, fault: Fault) -> None:
    assert parse_fault(text) == fault


@pytest.mark.parametrize(
    "text",
    [
        "418",
        "429,nth=0",
        "500,rate=2",
        "500,rate=0.5,nth=2",
        "latency,seconds=x",
        "latency,seconds=61",
        "revision",
        "revision,revision=v9",
        "429,revision=page",
        "429,when=now",
        "429,nth",
    ],
)
def test_parse_fault_refuses_what_names_no_fault(text: str) -> None:
    with pytest.raises(ValueError):  # noqa: PT011 - each has its own message
        parse_fault(text)


def test_every_fault_kind_is_named() -> None:
    assert set(FAULT_KINDS) == {"429", "500", "503", "latency", "close", "undocumented", "revision"}


# --- the ASGI app and the async transport ---------------------------------------------


def test_the_async_transport_serves_the_asgi_app(stub: Stub) -> None:
    model_id = flux_model(stub)

    async def run() -> list[int]:
        async with httpx.AsyncClient(
            transport=stub.async_transport(), base_url="http://stub", headers=AUTH
        ) as http:
            first = await http.put(f"/models/{model_id}/train", json={"parameters": {}})
            second = await http.post(f"/models/{model_id}/train/action", json={"action": "cancel"})
            return [first.status_code, second.status_code]

    assert asyncio.run(run()) == [200, 200]
    assert [request.status for request in stub.requests] == [200, 200]


def test_a_close_fault_drops_the_connection_of_the_async_transport() -> None:
    stub = Stub(count=1, faults=[Fault("close", nth=1)])

    async def run() -> int:
        async with httpx.AsyncClient(
            transport=stub.async_transport(), base_url="http://stub", headers=AUTH
        ) as http:
            with pytest.raises(httpx.RemoteProtocolError):
                await http.get(f"/models/{stub.model_ids[0]}")
            return (await http.get(f"/models/{stub.model_ids[0]}")).status_code

    assert asyncio.run(run()) == 200


def test_the_asgi_app_answers_lifespan_events(stub: Stub) -> None:
    sent: list[dict[str, Any]] = []
    messages = iter([{"type": "lifespan.startup"}, {"type": "lifespan.shutdown"}])

    async def receive() -> dict[str, Any]:
        return next(messages)

    async def send(message: Any) -> None:
        sent.append(message)

    async def run() -> None:
        await stub.app({"type": "lifespan"}, receive, send)

    asyncio.run(run())
    assert [m["type"] for m in sent] == [
        "lifespan.startup.complete",
        "lifespan.shutdown.complete",
    ]


def test_the_answers_are_json_the_contract_accepts(stub: Stub) -> None:
    model_id = flux_model(stub)
    http = client(stub)
    for answer in (
        http.get(f"/models/{model_id}"),
        http.post(f"/models/{model_id}/train/action", json={"action": "cancel"}),
    ):
        body = json.loads(answer.text)
        assert ss.validate(body, "train-action-response", revision="latest").ok or (
            answer.status_code == 400
        )


def test_repr_names_the_settings(stub: Stub) -> None:
    assert repr(stub) == "Stub(models=2, seed=0, revision='latest', faults=[])"
