"""End to end, in process: the official SDK 2.4.0 as the client of the stub, unchanged.

Every answer the stub serves must parse in the SDK's own types (the client runs with
strict response validation), and every request the SDK sends must pass the stub's
checks. docs/spec-notes.md ("The stub and SDK 2.4.0") lists each known difference
between the SDK's types and this contract; each has a test here named after it.
"""

from __future__ import annotations

import asyncio
import copy
from collections.abc import Iterator
from typing import Any

import httpx
import pydantic
import pytest
import scenario_sdk
from scenario_sdk import AsyncScenario, Scenario
from scenario_sdk.types import model_retrieve_response
from scenario_sdk.types.models import train_action_response, train_trigger_response

import scenario_schema as ss
from scenario_schema.stub import SDK_DIFFERENCES, Fault, Stub
from scenario_schema.stub._models import _sdk_compatible as sdk_compatible

SECRET = "wandb-secret-for-the-sdk-test"


def sdk_client(stub: Stub, *, max_retries: int = 0) -> Scenario:
    """The official client, unchanged but for its transport: no socket."""
    return Scenario(
        api_key="key",
        api_secret="secret",
        base_url="http://stub.local/v1",
        max_retries=max_retries,
        http_client=httpx.Client(transport=stub.transport()),
        _strict_response_validation=True,
    )


def issues_of(error: scenario_sdk.APIStatusError) -> list[dict[str, Any]]:
    """The stub's issues, from the body of the error the SDK raised."""
    body = error.body
    assert isinstance(body, dict)
    issues: list[dict[str, Any]] = body["issues"]
    return issues


@pytest.fixture
def stub() -> Stub:
    return Stub(count=2)


@pytest.fixture
def client(stub: Stub) -> Iterator[Scenario]:
    with sdk_client(stub) as scenario:
        yield scenario


def test_retrieve_returns_the_sdk_parsed_model(stub: Stub, client: Scenario) -> None:
    model_id = stub.model_ids[0]
    answer = client.models.retrieve(model_id)
    assert isinstance(answer, model_retrieve_response.ModelRetrieveResponse)
    assert answer.model.id == model_id
    assert answer.model.status == "new"


def test_trigger_returns_the_sdk_parsed_job_and_model(stub: Stub, client: Scenario) -> None:
    answer = client.models.train.trigger(stub.model_ids[0], parameters={"rank": 16, "seed": 7})
    assert isinstance(answer, train_trigger_response.TrainTriggerResponse)
    assert isinstance(answer.job, train_trigger_response.Job)
    assert answer.job.job_type == "flux-model-training"
    assert answer.model.status == "training"
    assert answer.model.parameters is not None
    assert answer.model.parameters.rank == 16


def test_action_returns_the_sdk_parsed_canceled_model(stub: Stub, client: Scenario) -> None:
    model_id = stub.model_ids[0]
    client.models.train.trigger(model_id, parameters={})
    answer = client.models.train.action(model_id, action="cancel")
    assert isinstance(answer, train_action_response.TrainActionResponse)
    assert answer.model.status == "training-canceled"


def test_the_async_client_runs_through_the_async_transport(stub: Stub) -> None:
    async def run() -> tuple[str, str]:
        async with AsyncScenario(
            api_key="key",
            api_secret="secret",
            base_url="http://stub.local",
            max_retries=0,
            http_client=httpx.AsyncClient(transport=stub.async_transport()),
            _strict_response_validation=True,
        ) as scenario:
            started = await scenario.models.train.trigger(stub.model_ids[0], parameters={})
            canceled = await scenario.models.train.action(stub.model_ids[0], action="cancel")
            return started.model.status, canceled.model.status

    assert asyncio.run(run()) == ("training", "training-canceled")


def test_the_sdk_polls_a_model_until_it_is_trained(client: Scenario) -> None:
    stub = Stub(count=1, polls_to_train=3)
    with sdk_client(stub) as scenario:
        model_id = stub.model_ids[0]
        scenario.models.train.trigger(model_id, parameters={})
        statuses = [scenario.models.retrieve(model_id).model.status for _ in range(3)]
    assert statuses == ["training", "training", "trained"]


def test_dry_run_is_a_parsed_answer_that_starts_nothing(stub: Stub, client: Scenario) -> None:
    model_id = stub.model_ids[0]
    raw = client.models.train.with_raw_response.trigger(model_id, dry_run="true", parameters={})
    assert raw.status_code == 269
    assert raw.parse().model.status == "new"
    assert client.models.retrieve(model_id).model.status == "new"


@pytest.fixture(scope="module")
def two_hundred() -> Stub:
    """200 generated models (generated once for the module: a few seconds)."""
    return Stub(count=200, seed=22, polls_to_train=1)


def test_every_response_for_200_generated_models_parses_in_the_sdk_types(
    two_hundred: Stub,
) -> None:
    stub = two_hundred
    with sdk_client(stub) as scenario:
        for model_id in stub.model_ids:  # strict response validation: the SDK's types
            assert scenario.models.retrieve(model_id).model.id == model_id
        for model_id in stub.model_ids[:20]:
            trigger = scenario.models.train.trigger(model_id, parameters={})
            assert trigger.model.status == "training"
            assert scenario.models.retrieve(model_id).model.status == "trained"


# --- errors as the SDK raises them ------------------------------------------------------


def test_a_typo_raises_bad_request_with_the_issue(stub: Stub, client: Scenario) -> None:
    with pytest.raises(scenario_sdk.BadRequestError) as raised:
        client.models.train.trigger(
            stub.model_ids[0],
            parameters={"rank": 16},
            extra_body={"parameters": {"learningRat": 0.0001}},
        )
    issues = issues_of(raised.value)
    assert [(i["path"], i["severity"]) for i in issues] == [("/parameters/learningRat", "error")]


def test_a_bound_raises_bad_request_with_the_issue(stub: Stub, client: Scenario) -> None:
    with pytest.raises(scenario_sdk.BadRequestError) as raised:
        client.models.train.trigger(stub.model_ids[0], parameters={"rank": 1000})
    issues = issues_of(raised.value)
    assert ("/parameters/rank", "maximum") in {(i["path"], i["code"]) for i in issues}


def test_a_wrong_model_type_raises_bad_request_with_the_issue(model: dict[str, Any]) -> None:
    model.update(type="flux.1-pro")
    stub = Stub([model], revision="latest")
    with sdk_client(stub) as scenario, pytest.raises(scenario_sdk.BadRequestError) as raised:
        scenario.models.train.trigger(model["id"], parameters={})
    issues = issues_of(raised.value)
    assert [i["code"] for i in issues] == ["not-trainable"]


def test_a_deprecated_parameter_is_a_warning_and_trains(stub: Stub, client: Scenario) -> None:
    """``classPrompt`` is SD only: under sdk-2.4 a ``deprecated`` warning, not an error."""
    answer = client.models.train.trigger(stub.model_ids[0], parameters={"class_prompt": "a dog"})
    assert answer.model.status == "training"


def test_an_unknown_model_raises_not_found(client: Scenario) -> None:
    with pytest.raises(scenario_sdk.NotFoundError):
        client.models.retrieve("model_missing")


def test_missing_credentials_raise_authentication_error(stub: Stub) -> None:
    with (
        Scenario(
            api_key="key",
            api_secret="secret",
            base_url="http://stub.local",
            max_retries=0,
            default_headers={"Authorization": "Bearer not-basic"},
            http_client=httpx.Client(transport=stub.transport()),
        ) as scenario,
        pytest.raises(scenario_sdk.AuthenticationError),
    ):
        scenario.models.retrieve(stub.model_ids[0])


def test_a_wandb_key_sent_by_the_sdk_is_never_answered_or_logged(
    stub: Stub, client: Scenario
) -> None:
    raw = client.models.train.with_raw_response.trigger(
        stub.model_ids[0], parameters={"wandb_key": SECRET}
    )
    assert SECRET not in raw.http_response.text
    assert SECRET not in client.models.retrieve(stub.model_ids[0]).to_json()
    assert SECRET not in repr(stub.requests)


# --- retries ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kind", "error"),
    [
        ("429", "RateLimitError"),
        ("500", "InternalServerError"),
        ("503", "InternalServerError"),
    ],
)
def test_an_injected_fault_is_retried_max_retries_times_then_raised(kind: str, error: str) -> None:
    stub = Stub(count=1, faults=[Fault(kind, seconds=0.001)])  # type: ignore[arg-type]
    with sdk_client(stub, max_retries=2) as scenario, pytest.raises(getattr(scenario_sdk, error)):
        scenario.models.retrieve(stub.model_ids[0])
    assert [request.status for request in stub.requests] == [int(kind)] * 3
    assert {request.fault for request in stub.requests} == {kind}


def test_a_fault_on_the_first_call_is_retried_to_success() -> None:
    stub = Stub(count=1, faults=[Fault("429", nth=1, seconds=0.001)])
    with sdk_client(stub, max_retries=2) as scenario:
        assert scenario.models.retrieve(stub.model_ids[0]).model.id == stub.model_ids[0]
    assert [request.status for request in stub.requests] == [429, 200]


def test_a_closed_connection_is_retried_by_the_sdk() -> None:
    stub = Stub(count=1, faults=[Fault("close", nth=1)])
    with sdk_client(stub, max_retries=1) as scenario:
        scenario.models.retrieve(stub.model_ids[0])
    assert [request.status for request in stub.requests] == [None, 200]


# --- the known differences between SDK 2.4.0 and this contract ----------------------------


def test_sdk_differences_each_have_a_test_here() -> None:
    tests = {name for name in globals() if name.startswith("test_sdk_difference_")}
    assert len(tests) == len(SDK_DIFFERENCES) == 3


def _parses(document: dict[str, Any]) -> bool:
    try:
        train_action_response.TrainActionResponse.model_validate(document)
    except pydantic.ValidationError:
        return False
    return True


def test_sdk_difference_optimize_for_all_and_none(
    response: dict[str, Any], two_hundred: Stub
) -> None:
    """The contract takes all and none (the description names them); the SDK refuses them."""
    for value in ("all", "none"):
        response["model"]["parameters"]["optimizeFor"] = value
        assert ss.validate(response, "train-action-response", revision="latest").ok
        assert not _parses(response)
    generated = two_hundred
    drawn = {
        (generated.model(i).get("parameters") or {}).get("optimizeFor") for i in generated.model_ids
    }
    assert drawn <= {None, "likeness"}
    drawn_all = {"id": "m", "parameters": {"optimizeFor": "all", "rank": 4}}
    assert sdk_compatible(drawn_all)["parameters"] == {"optimizeFor": "likeness", "rank": 4}


def test_sdk_difference_null_conditional_values(response: dict[str, Any]) -> None:
    """The contract refuses null in the required ``conditional.values``; the SDK takes it."""
    required = response["model"]["inputs"][0].setdefault("required", {})
    required["conditional"] = {"values": None}
    assert not ss.validate(response, "train-action-response", revision="latest").ok
    assert _parses(response)


def test_sdk_difference_null_ui_config_presets(response: dict[str, Any]) -> None:
    """The contract refuses null in the required ``presets``; the SDK takes it."""
    response["model"]["uiConfig"]["presets"] = [{"fields": ["prompt"], "presets": None}]
    assert not ss.validate(response, "train-action-response", revision="latest").ok
    assert _parses(copy.deepcopy(response))
