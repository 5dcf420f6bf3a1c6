"""Every gateway route outside PUBLIC_PATHS declares `Authorize(...)`, and it runs first.

The app is built but its lifespan never runs: no database, no service channels. A route that
reached its handler here would crash on the missing `app.state.db`/`app.state.clients`, and
the TestClient re-raises that, so each 401/403 below also proves auth ran before the handler.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from kartoteka_gateway.app import PUBLIC_PATHS, create_app
from kartoteka_gateway.problems import PROBLEM_CONTENT_TYPE
from kartoteka_gateway.security.authorize import Authorize
from kartoteka_gateway.security.tokens import Principal, issue_token
from kartoteka_gateway.settings import GatewaySettings

try:
    from fastapi.routing import iter_route_contexts
except ImportError:  # FastAPI < 0.137.2 still copies included routes into `app.routes`.

    def iter_route_contexts(routes: Sequence[Any]) -> Iterator[Any]:  # type: ignore[misc]
        return iter(routes)


SECRET = "x" * 40
HEALTH_PATHS = {"/healthz", "/readyz"}
# Routes this test must find, so that a change in how FastAPI exposes its route table cannot
# turn the checks below into loops over nothing.
KNOWN_PROTECTED = {
    ("POST", "/api/v1/contacts"),
    ("GET", "/api/v1/contacts/{contact_id}"),
    ("GET", "/api/v1/segmentation/daily-contact-counts"),
}


@dataclass(frozen=True)
class Endpoint:
    method: str
    path: str
    dependant: Dependant

    @property
    def url(self) -> str:
        return re.sub(r"\{[^}]+\}", "some-id", self.path)

    def __str__(self) -> str:
        return f"{self.method} {self.path}"


def api_endpoints(app: FastAPI) -> list[Endpoint]:
    """Every (method, full path) the app serves through an APIRoute, included routers too."""
    endpoints = []
    for route in iter_route_contexts(app.routes):
        original = getattr(route, "original_route", route)
        if not isinstance(original, APIRoute):
            continue
        path = route.path
        assert path, original
        for method in sorted(route.methods or ()):
            endpoints.append(Endpoint(method, path, route.dependant))
    return endpoints


def dependencies(dependant: Dependant) -> Iterator[Dependant]:
    for sub in dependant.dependencies:
        yield sub
        yield from dependencies(sub)


def authorizations(dependant: Dependant) -> list[Authorize]:
    return [d.call for d in dependencies(dependant) if isinstance(d.call, Authorize)]


def permissions_of(endpoints: Iterable[Endpoint]) -> set[str]:
    return {a.permission for e in endpoints for a in authorizations(e.dependant)}


APP = create_app(GatewaySettings(token_secret=SECRET))
ENDPOINTS = api_endpoints(APP)
PROTECTED = [e for e in ENDPOINTS if e.path not in PUBLIC_PATHS]
ALL_PERMISSIONS = permissions_of(PROTECTED)


@pytest.fixture(scope="module")
def client() -> TestClient:
    """In-process client; not entered as a context manager, so the lifespan never runs."""
    return TestClient(APP)


def token(*permissions: str, secret: str = SECRET, ttl: int = 60) -> str:
    principal = Principal("staff-1", "staff@example.com", frozenset(permissions))
    return issue_token(principal, secret, ttl)


def send(client: TestClient, endpoint: Endpoint, headers: dict[str, str] | None = None) -> Any:
    return client.request(endpoint.method, endpoint.url, headers=headers or {})


def assert_problem(response: Any, status: int, code: str) -> None:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM_CONTENT_TYPE
    body = response.json()
    assert body["code"] == code
    assert body["status"] == status
    assert body["type"].endswith("/" + code)
    assert body["title"]
    assert body["detail"]


# --- the route table -------------------------------------------------------------------------


def test_the_route_walk_finds_the_known_routes() -> None:
    found = {(e.method, e.path) for e in ENDPOINTS}
    assert found >= KNOWN_PROTECTED
    assert ("POST", "/api/v1/auth/token") in found


def test_the_lifespan_did_not_run() -> None:
    assert not hasattr(APP.state, "db")
    assert not hasattr(APP.state, "clients")


@pytest.mark.parametrize("endpoint", PROTECTED, ids=str)
def test_every_non_public_route_depends_on_authorize(endpoint: Endpoint) -> None:
    assert authorizations(endpoint.dependant), f"{endpoint} does not declare Authorize(...)"


def test_the_unprotected_api_routes_are_exactly_sign_in_and_health() -> None:
    unprotected = {e.path for e in ENDPOINTS if not authorizations(e.dependant)}
    assert unprotected == {"/api/v1/auth/token"} | HEALTH_PATHS
    assert unprotected <= PUBLIC_PATHS


def test_every_permission_names_a_resource_and_an_action() -> None:
    assert ALL_PERMISSIONS
    for permission in ALL_PERMISSIONS:
        assert re.fullmatch(r"[a-z_]+\.[a-z_]+", permission), permission


# --- requests without the right token --------------------------------------------------------


@pytest.mark.parametrize("endpoint", PROTECTED, ids=str)
def test_no_token_is_401_token_missing(client: TestClient, endpoint: Endpoint) -> None:
    response = send(client, endpoint)
    assert_problem(response, 401, "token_missing")
    assert response.headers["www-authenticate"] == "Bearer"


@pytest.mark.parametrize("endpoint", PROTECTED, ids=str)
def test_a_non_bearer_authorization_is_401_token_missing(
    client: TestClient, endpoint: Endpoint
) -> None:
    response = send(client, endpoint, {"Authorization": "Basic c3RhZmY6cGFzc3dvcmQ="})
    assert_problem(response, 401, "token_missing")


@pytest.mark.parametrize("endpoint", PROTECTED, ids=str)
def test_a_garbage_token_is_401_token_invalid(client: TestClient, endpoint: Endpoint) -> None:
    response = send(client, endpoint, {"Authorization": "Bearer not-a-jwt"})
    assert_problem(response, 401, "token_invalid")
    assert response.headers["www-authenticate"] == "Bearer"


@pytest.mark.parametrize("endpoint", PROTECTED, ids=str)
def test_a_token_of_another_secret_is_401_token_invalid(
    client: TestClient, endpoint: Endpoint
) -> None:
    forged = token("*", secret="y" * 40)
    assert_problem(
        send(client, endpoint, {"Authorization": f"Bearer {forged}"}), 401, "token_invalid"
    )


@pytest.mark.parametrize("endpoint", PROTECTED, ids=str)
def test_an_expired_token_is_401_token_expired(client: TestClient, endpoint: Endpoint) -> None:
    expired = token("*", ttl=-5)
    assert_problem(
        send(client, endpoint, {"Authorization": f"Bearer {expired}"}), 401, "token_expired"
    )


@pytest.mark.parametrize("endpoint", PROTECTED, ids=str)
def test_a_token_without_the_routes_permission_is_403(
    client: TestClient, endpoint: Endpoint
) -> None:
    """Holding every other route's permission does not open this one."""
    others = ALL_PERMISSIONS - permissions_of([endpoint])
    response = send(client, endpoint, {"Authorization": f"Bearer {token(*others)}"})
    assert_problem(response, 403, "permission_denied")


def test_auth_runs_before_body_validation(client: TestClient) -> None:
    """An anonymous caller learns nothing about the body rules."""
    response = client.post("/api/v1/contacts", json={"unknown": 1, "emails": "not a list"})
    assert_problem(response, 401, "token_missing")


def test_auth_runs_before_query_validation(client: TestClient) -> None:
    response = client.get("/api/v1/segmentation/daily-contact-counts", params={"days": 0})
    assert_problem(response, 401, "token_missing")


def test_health_needs_no_token(client: TestClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
