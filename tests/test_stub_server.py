"""The stub as a server: ``scenario-schema stub --port 0`` in a subprocess, the SDK over a socket.

The server binds 127.0.0.1 only, on a free port; every wait is bounded by
:data:`DEADLINE`, and each server is stopped with SIGINT (Ctrl-C), which must shut
it down cleanly: exit status 0, ``stopped`` on stderr, no traceback.
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import scenario_sdk
from scenario_sdk import Scenario

from tests.stub_process import DEADLINE, Server

pytest.importorskip("uvicorn", reason="the stub extra is not installed")


def sdk(url: str, *, max_retries: int = 0) -> Scenario:
    return Scenario(
        api_key="key", api_secret="secret", base_url=url, max_retries=max_retries, timeout=DEADLINE
    )


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    running = Server("--count", "2", "--polls", "2")
    yield running
    running.stop()


def test_the_server_prints_its_address_and_models(server: Server) -> None:
    assert server.url.startswith("http://127.0.0.1:")
    assert not server.url.endswith(":0")
    assert len(server.model_ids) == 2
    assert all(model_id.startswith("model_") for model_id in server.model_ids)


def test_the_sdk_trains_and_cancels_over_a_socket(server: Server) -> None:
    first, second = server.model_ids
    with sdk(server.url) as client:
        assert client.models.retrieve(first).model.status == "new"
        assert client.models.train.trigger(first, parameters={}).model.status == "training"
        assert client.models.retrieve(first).model.status == "training"
        assert client.models.retrieve(first).model.status == "trained"
        client.models.train.trigger(second, parameters={"rank": 8})
        assert client.models.train.action(second, action="cancel").model.status == (
            "training-canceled"
        )
        with pytest.raises(scenario_sdk.BadRequestError):
            client.models.train.trigger(second, parameters={"rank": 1000})


def test_any_http_client_is_answered(server: Server) -> None:
    answer = httpx.get(f"{server.url}/models/{server.model_ids[0]}", timeout=DEADLINE)
    assert answer.status_code == 401
    answer = httpx.get(
        f"{server.url}/models/{server.model_ids[0]}", auth=("key", "secret"), timeout=DEADLINE
    )
    assert answer.json()["model"]["id"] == server.model_ids[0]


def test_ctrl_c_shuts_the_server_down_cleanly() -> None:
    running = Server("--count", "1")
    host, port = running.url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=DEADLINE):
        pass  # listening from the moment the line is printed: no refused connection
    with sdk(running.url) as client:
        client.models.retrieve(running.model_ids[0])
    assert running.stop() == 0
    lines = running.rest_of_stderr()
    assert lines[-1] == "stopped"
    assert not any("Traceback" in line for line in lines)


def test_faults_over_a_socket_reach_the_sdk_as_a_real_server_would() -> None:
    """A dropped connection, then an answer, then a 429 the SDK raises (no retries)."""
    running = Server("--count", "1", "--fault", "close,nth=1", "--fault", "429,nth=3")
    model_id = running.model_ids[0]
    try:
        with sdk(running.url) as client:
            with pytest.raises(scenario_sdk.APIConnectionError):
                client.models.retrieve(model_id)
            assert client.models.retrieve(model_id).model.id == model_id
            with pytest.raises(scenario_sdk.RateLimitError) as raised:
                client.models.retrieve(model_id)
            assert raised.value.response.headers["retry-after"] == "1"
    finally:
        assert running.stop() == 0
    assert not any("Traceback" in line for line in running.rest_of_stderr())


def test_models_from_a_json_lines_file_are_served(tmp_path: Path, model: dict[str, object]) -> None:
    models = tmp_path / "models.jsonl"
    models.write_text(json.dumps(model) + "\n\n", encoding="utf-8")
    running = Server("--models", str(models), "--revision", "page")
    try:
        assert running.model_ids == [model["id"]]
    finally:
        assert running.stop() == 0


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
def test_curl_is_answered(server: Server) -> None:
    result = subprocess.run(
        ["curl", "-s", "-u", "key:secret", f"{server.url}/models/{server.model_ids[0]}"],
        capture_output=True,
        text=True,
        timeout=DEADLINE,
        check=True,
    )
    assert f'"id":"{server.model_ids[0]}"' in result.stdout
