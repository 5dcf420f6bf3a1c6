"""Every answer carries a request id, and every request is counted by its route template."""

from __future__ import annotations

from fastapi.testclient import TestClient
from kartoteka_gateway.app import create_app
from kartoteka_gateway.middleware import MAX_BODY_BYTES, REQUEST_ID_HEADER
from kartoteka_gateway.security.tokens import Principal, issue_token
from kartoteka_gateway.settings import GatewaySettings
from prometheus_client import REGISTRY

# Built but never started (no lifespan): only answers given before a handler runs are asked.
CLIENT = TestClient(create_app(GatewaySettings(token_secret="x" * 40)))


def _count(route: str, status: str) -> float:
    labels = {"method": "GET", "route": route, "status": status}
    return REGISTRY.get_sample_value("http_server_requests_total", labels) or 0.0


def test_a_refusal_names_the_callers_request_id_and_is_counted_by_route() -> None:
    route = "/api/v1/contacts/{contact_id}"
    before, unmatched = _count(route, "401"), _count("unmatched", "401")
    response = CLIENT.get("/api/v1/contacts/abc", headers={REQUEST_ID_HEADER: "trace-42.a_b"})
    assert response.status_code == 401
    assert response.headers[REQUEST_ID_HEADER] == "trace-42.a_b"
    assert response.json()["request_id"] == "trace-42.a_b"
    # Refused before routing: counted as unmatched, never under a route it did not reach.
    assert (_count(route, "401"), _count("unmatched", "401")) == (before, unmatched + 1)


def test_an_unsafe_request_id_is_replaced_by_a_fresh_one() -> None:
    first = CLIENT.get("/api/v1/groups", headers={REQUEST_ID_HEADER: "bad id\nx"})
    second = CLIENT.get("/api/v1/groups")
    ids = {first.headers[REQUEST_ID_HEADER], second.headers[REQUEST_ID_HEADER]}
    assert len(ids) == 2
    assert all(len(value) == 32 and value.isalnum() for value in ids)


def test_a_body_too_large_is_refused_before_it_is_read() -> None:
    response = CLIENT.post(
        "/api/v1/auth/token", headers={"content-length": str(MAX_BODY_BYTES + 1)}, content=b""
    )
    assert response.status_code == 413
    assert response.json()["code"] == "payload_too_large"
    assert REQUEST_ID_HEADER in response.headers


def test_a_routed_request_is_counted_under_its_template() -> None:
    before = _count("/healthz", "200")
    assert CLIENT.get("/healthz").status_code == 200
    assert _count("/healthz", "200") == before + 1


def test_a_file_upload_has_a_limit_of_its_own() -> None:
    settings = GatewaySettings(token_secret="x" * 40, max_upload_bytes=MAX_BODY_BYTES * 4)
    client = TestClient(create_app(settings))
    principal = Principal("u1", "u1@example.pl", frozenset({"contacts.import"}))
    headers = {"authorization": f"Bearer {issue_token(principal, settings.token_secret, 60)}"}

    def sized(path: str, size: int) -> int:
        return client.post(path, headers={**headers, "content-length": str(size)}).status_code

    # Larger than an API body is fine for a file (the e2e tests upload one), up to its limit.
    assert sized("/api/v1/imports/files", MAX_BODY_BYTES * 4 + 1) == 413
    assert sized("/api/v1/imports", MAX_BODY_BYTES + 1) == 413  # a JSON body: the usual limit
