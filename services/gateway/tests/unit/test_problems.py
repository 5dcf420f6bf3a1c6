"""Every error leaves the gateway as RFC 9457 problem+json with a stable `code`."""

from __future__ import annotations

from typing import Annotated, Any

import httpx
import pytest
from fastapi import FastAPI, Query
from fastapi.testclient import TestClient
from kartoteka_gateway.problems import (
    PROBLEM_CONTENT_TYPE,
    PROBLEM_TYPE_BASE,
    Problem,
    install_problem_handlers,
)
from kartoteka_platform.errors import Conflict, Forbidden, InvalidInput, NotFound
from pydantic import BaseModel, ConfigDict, Field

SECRET_TEXT = "db password is hunter2"


class EmailBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    address: Annotated[str, Field(min_length=1)]


class PersonBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: Annotated[str, Field(max_length=10)]
    emails: list[EmailBody] = []


def build_app() -> FastAPI:
    app = FastAPI()
    install_problem_handlers(app)

    @app.post("/people")
    async def create_person(body: PersonBody) -> dict[str, str]:
        return {"name": body.name}

    @app.get("/search")
    async def search(limit: Annotated[int, Query(ge=1, le=10)] = 5) -> dict[str, int]:
        return {"limit": limit}

    @app.get("/missing")
    async def missing() -> None:
        raise NotFound("x_missing", "no such x", field="id")

    @app.get("/conflict")
    async def conflict() -> None:
        raise Conflict("x_exists", "x already exists", extra={"existing_id": "42"})

    @app.get("/forbidden")
    async def forbidden() -> None:
        raise Forbidden("x_forbidden", "not yours")

    @app.get("/invalid")
    async def invalid() -> None:
        raise InvalidInput("invalid_phone", "bad phone", field="phones[1].number")

    @app.get("/gateway-problem")
    async def gateway_problem() -> None:
        raise Problem(503, "service_unavailable", "down", headers={"Retry-After": "1"})

    @app.get("/boom")
    async def boom() -> None:
        raise RuntimeError(SECRET_TEXT)

    return app


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(build_app())


def problem(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    """The body of `response`, after checking it is a well-formed problem of `status`/`code`."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM_CONTENT_TYPE
    body: dict[str, Any] = response.json()
    assert body["type"] == PROBLEM_TYPE_BASE + code
    assert body["status"] == status
    assert body["code"] == code
    assert isinstance(body["title"], str)
    assert body["title"]
    assert isinstance(body["detail"], str)
    assert body["detail"]
    assert body["instance"] == response.request.url.path
    return body


def test_an_unknown_body_field_is_422_unknown_field(client: TestClient) -> None:
    response = client.post("/people", json={"name": "Anna", "nickname": "Ania"})
    body = problem(response, 422, "unknown_field")
    assert body["field"] == "nickname"
    assert body["title"] == "Unprocessable content"
    assert body["errors"] == [
        {"field": "nickname", "code": "unknown_field", "detail": body["detail"]}
    ]


def test_malformed_json_is_400_malformed_json(client: TestClient) -> None:
    response = client.post(
        "/people", content=b'{"name": "Anna",', headers={"content-type": "application/json"}
    )
    body = problem(response, 400, "malformed_json")
    assert body["title"] == "Bad request"


def test_a_nested_list_error_names_the_item_path(client: TestClient) -> None:
    response = client.post(
        "/people", json={"name": "Anna", "emails": [{"address": "a@b.pl"}, {"address": ""}]}
    )
    body = problem(response, 422, "invalid_value")
    assert body["field"] == "emails[1].address"


def test_an_unknown_field_inside_a_list_item_names_its_path(client: TestClient) -> None:
    response = client.post(
        "/people", json={"name": "Anna", "emails": [{"address": "a@b.pl", "primary": True}]}
    )
    body = problem(response, 422, "unknown_field")
    assert body["field"] == "emails[0].primary"


@pytest.mark.parametrize(
    ("payload", "code", "field"),
    [
        ({}, "required", "name"),
        ({"name": "x" * 11}, "too_long", "name"),
        ({"name": 7}, "invalid_value", "name"),
    ],
)
def test_body_validation_codes(
    client: TestClient, payload: dict[str, Any], code: str, field: str
) -> None:
    body = problem(client.post("/people", json=payload), 422, code)
    assert body["field"] == field


def test_every_validation_error_is_listed(client: TestClient) -> None:
    response = client.post("/people", json={"emails": [{"address": ""}], "extra": 1})
    body = problem(response, 422, "required")
    assert body["field"] == "name"
    fields = {error["field"]: error["code"] for error in body["errors"]}
    assert fields == {
        "name": "required",
        "emails[0].address": "invalid_value",
        "extra": "unknown_field",
    }


def test_a_query_parameter_error_names_the_parameter(client: TestClient) -> None:
    body = problem(client.get("/search", params={"limit": 0}), 422, "invalid_value")
    assert body["field"] == "limit"


def test_not_found_service_error_is_404_with_code_and_field(client: TestClient) -> None:
    body = problem(client.get("/missing"), 404, "x_missing")
    assert body["field"] == "id"
    assert body["detail"] == "no such x"


def test_conflict_service_error_is_409_and_carries_its_extra(client: TestClient) -> None:
    body = problem(client.get("/conflict"), 409, "x_exists")
    assert body["existing_id"] == "42"
    assert "field" not in body


@pytest.mark.parametrize(
    ("path", "status", "code"),
    [("/forbidden", 403, "x_forbidden"), ("/invalid", 422, "invalid_phone")],
)
def test_other_service_errors_map_by_kind(
    client: TestClient, path: str, status: int, code: str
) -> None:
    problem(client.get(path), status, code)


def test_a_gateway_problem_keeps_its_status_and_headers(client: TestClient) -> None:
    response = client.get("/gateway-problem")
    problem(response, 503, "service_unavailable")
    assert response.headers["retry-after"] == "1"


def test_an_unexpected_exception_is_500_without_leaking_its_text() -> None:
    response = TestClient(build_app(), raise_server_exceptions=False).get("/boom")
    body = problem(response, 500, "internal_error")
    assert SECRET_TEXT not in response.text
    assert "RuntimeError" not in response.text
    assert body["title"] == "Internal error"


def test_an_unknown_route_is_404_not_found(client: TestClient) -> None:
    body = problem(client.get("/no/such/route"), 404, "not_found")
    assert "field" not in body


def test_a_wrong_method_is_405_method_not_allowed(client: TestClient) -> None:
    problem(client.delete("/people"), 405, "method_not_allowed")
