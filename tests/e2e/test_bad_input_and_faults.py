"""Bad credentials, bad tokens, bad bodies and a dead service: each a problem+json answer."""

from __future__ import annotations

import time

import httpx
import jwt
import pytest
from kartoteka_devstack.platform import Platform

from tests.e2e.conftest import ADMIN_EMAIL, ADMIN_PASSWORD, TOKEN_SECRET, person

pytestmark = pytest.mark.e2e


def _problem(response: httpx.Response, status: int, code: str) -> dict[str, object]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body: dict[str, object] = response.json()
    assert body["code"] == code
    assert body["status"] == status
    return body


def test_login_with_form_and_json(platform: Platform) -> None:
    url = f"{platform.gateway_url}/api/v1/auth/token"
    form = httpx.post(
        url, data={"username": ADMIN_EMAIL, "password": ADMIN_PASSWORD, "grant_type": "password"}
    )
    as_json = httpx.post(url, json={"username": ADMIN_EMAIL.upper(), "password": ADMIN_PASSWORD})
    for response in (form, as_json):
        assert response.status_code == 200, response.text
        assert response.json()["token_type"] == "bearer"


@pytest.mark.parametrize(
    ("username", "password"),
    [
        (ADMIN_EMAIL, "wrong-password"),
        ("nobody@e2e.test", ADMIN_PASSWORD),
    ],
)
def test_wrong_credentials(platform: Platform, username: str, password: str) -> None:
    response = httpx.post(
        f"{platform.gateway_url}/api/v1/auth/token",
        json={"username": username, "password": password},
    )
    _problem(response, 401, "invalid_credentials")


def test_missing_forged_and_expired_tokens(platform: Platform) -> None:
    url = f"{platform.gateway_url}/api/v1/contacts"
    _problem(httpx.post(url, json=person(1)), 401, "token_missing")
    forged = jwt.encode(
        {"sub": "x", "exp": time.time() + 60, "iat": time.time()}, "wrong" * 8, algorithm="HS256"
    )
    _problem(
        httpx.post(url, json=person(1), headers={"Authorization": f"Bearer {forged}"}),
        401,
        "token_invalid",
    )
    expired = jwt.encode(
        {
            "sub": "x",
            "iss": "kartoteka-gateway",
            "aud": "kartoteka-staff",
            "perms": ["*"],
            "iat": time.time() - 7200,
            "exp": time.time() - 3600,
        },
        TOKEN_SECRET,
        algorithm="HS256",
    )
    _problem(
        httpx.get(
            f"{url}/00000000-0000-0000-0000-000000000000",
            headers={"Authorization": f"Bearer {expired}"},
        ),
        401,
        "token_expired",
    )


def test_malformed_json_and_unknown_fields(api: httpx.Client) -> None:
    malformed = api.post(
        "/api/v1/contacts",
        content=b'{"first_name": "Jan",',
        headers={"content-type": "application/json"},
    )
    _problem(malformed, 400, "malformed_json")
    unknown = api.post("/api/v1/contacts", json={**person(1), "shoe_size": 44})
    assert _problem(unknown, 422, "unknown_field")["field"] == "shoe_size"


def test_invalid_values_name_the_field_and_store_nothing(api: httpx.Client) -> None:
    bad_phone = api.post("/api/v1/contacts", json={**person(1), "phones": [{"number": "12"}]})
    assert _problem(bad_phone, 422, "invalid_phone")["field"] == "phones[0].number"
    huge = api.post("/api/v1/contacts", json={**person(1), "last_name": "x" * 10_000_000})
    _problem(huge, 413, "payload_too_large")
    long_name = api.post("/api/v1/contacts", json={**person(1), "last_name": "x" * 1001})
    assert _problem(long_name, 422, "too_long")["field"] == "last_name"
    missing = api.get("/api/v1/contacts/7d9a3d5e-0000-4000-8000-000000000000")
    _problem(missing, 404, "contact_not_found")


def test_contacts_service_down_answers_503_quickly(api: httpx.Client, platform: Platform) -> None:
    platform.stop_process("contacts")
    try:
        started = time.monotonic()
        response = api.post("/api/v1/contacts", json=person(7, "down"))
        elapsed = time.monotonic() - started
        _problem(response, 503, "service_unavailable")
        # Not a timing assertion on speed: a hang would run into the client's 10 s timeout.
        assert elapsed < 10
    finally:
        platform.start_process("contacts")
    platform.wait_ready()
    assert api.post("/api/v1/contacts", json=person(8, "down")).status_code == 201
