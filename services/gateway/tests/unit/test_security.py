"""Bearer tokens (signed JWTs) and argon2id password hashes."""

from __future__ import annotations

import time
from typing import Any

import jwt
import pytest
from kartoteka_gateway.security.passwords import hash_password, verify_password
from kartoteka_gateway.security.tokens import (
    AUDIENCE,
    ISSUER,
    InvalidToken,
    Principal,
    issue_token,
    read_token,
)

SECRET = "s" * 40
OTHER_SECRET = "o" * 40
ANNA = Principal("7f0c5e1e-0000-4000-8000-000000000001", "anna@example.com", frozenset())


def principal(*permissions: str) -> Principal:
    return Principal(ANNA.subject, ANNA.email, frozenset(permissions))


def claims(**overrides: Any) -> dict[str, Any]:
    now = int(time.time())
    base: dict[str, Any] = {
        "iss": ISSUER,
        "aud": AUDIENCE,
        "sub": ANNA.subject,
        "email": ANNA.email,
        "perms": ["contacts.read"],
        "iat": now,
        "exp": now + 60,
    }
    base.update(overrides)
    return {k: v for k, v in base.items() if v is not None}


def reason(token: str, secret: str = SECRET) -> str:
    with pytest.raises(InvalidToken) as caught:
        read_token(token, secret)
    return caught.value.reason


# --- tokens ----------------------------------------------------------------------------------


def test_a_token_reads_back_as_the_principal_it_was_issued_for() -> None:
    issued = principal("contacts.read", "contacts.create")
    assert read_token(issue_token(issued, SECRET, 60), SECRET) == issued


def test_a_token_carries_no_permissions_when_none_were_granted() -> None:
    read = read_token(issue_token(principal(), SECRET, 60), SECRET)
    assert read.permissions == frozenset()
    assert not read.may("contacts.read")


def test_the_token_claims_name_issuer_audience_and_lifetime() -> None:
    before = int(time.time())
    token = issue_token(principal("b", "a"), SECRET, 3600)
    decoded = jwt.decode(token, SECRET, algorithms=["HS256"], audience=AUDIENCE)
    assert decoded["iss"] == ISSUER
    assert decoded["aud"] == AUDIENCE
    assert decoded["sub"] == ANNA.subject
    assert decoded["perms"] == ["a", "b"]
    assert before <= decoded["iat"] <= int(time.time())
    assert decoded["exp"] - decoded["iat"] == 3600
    assert jwt.get_unverified_header(token)["alg"] == "HS256"


@pytest.mark.parametrize(
    ("permissions", "asked", "allowed"),
    [
        ({"contacts.read"}, "contacts.read", True),
        ({"contacts.read"}, "contacts.create", False),
        ({"contacts.read", "contacts.create"}, "contacts.create", True),
        (set(), "contacts.read", False),
        ({"*"}, "contacts.read", True),
        ({"*"}, "anything.at.all", True),
        ({"contacts.*"}, "contacts.read", False),
    ],
)
def test_may(permissions: set[str], asked: str, allowed: bool) -> None:
    assert principal(*permissions).may(asked) is allowed


def test_the_wildcard_survives_the_round_trip() -> None:
    read = read_token(issue_token(principal("*"), SECRET, 60), SECRET)
    assert read.may("segmentation.read")


def test_an_expired_token_is_token_expired() -> None:
    assert reason(issue_token(principal("*"), SECRET, -5)) == "token_expired"


def test_a_token_signed_with_another_secret_is_token_invalid() -> None:
    assert reason(issue_token(principal("*"), OTHER_SECRET, 60)) == "token_invalid"


def test_an_expired_token_with_the_wrong_signature_is_not_called_expired() -> None:
    assert reason(issue_token(principal("*"), OTHER_SECRET, -5)) == "token_invalid"


@pytest.mark.parametrize(
    "overrides",
    [
        pytest.param({"aud": "someone-else"}, id="wrong-audience"),
        pytest.param({"aud": None}, id="no-audience"),
        pytest.param({"iss": "another-issuer"}, id="wrong-issuer"),
        pytest.param({"sub": None}, id="no-subject"),
        pytest.param({"exp": None}, id="no-expiry"),
        pytest.param({"iat": None}, id="no-issued-at"),
    ],
)
def test_a_token_with_wrong_or_missing_claims_is_token_invalid(overrides: dict[str, Any]) -> None:
    token = jwt.encode(claims(**overrides), SECRET, algorithm="HS256")
    assert reason(token) == "token_invalid"


def test_the_claims_helper_builds_a_token_the_gateway_accepts() -> None:
    """The baseline the tampered tokens above differ from."""
    token = jwt.encode(claims(), SECRET, algorithm="HS256")
    assert read_token(token, SECRET) == principal("contacts.read")


def test_an_unsigned_token_is_token_invalid() -> None:
    token = jwt.encode(claims(perms=["*"]), key=None, algorithm="none")
    assert reason(token) == "token_invalid"


def test_a_token_with_edited_claims_is_token_invalid() -> None:
    header, _, signature = issue_token(principal("contacts.read"), SECRET, 60).split(".")
    forged_payload = jwt.encode(claims(perms=["*"]), SECRET, algorithm="HS256").split(".")[1]
    assert reason(f"{header}.{forged_payload}.{signature}") == "token_invalid"


@pytest.mark.parametrize("garbage", ["", "garbage", "a.b.c", "Bearer x", "ey.ey.ey"])
def test_garbage_is_token_invalid(garbage: str) -> None:
    assert reason(garbage) == "token_invalid"


# --- passwords -------------------------------------------------------------------------------

PASSWORD = "correct horse battery staple"


@pytest.fixture(scope="module")
def stored_hash() -> str:
    return hash_password(PASSWORD)


def test_the_hash_is_argon2id_and_does_not_contain_the_password(stored_hash: str) -> None:
    assert stored_hash.startswith("$argon2id$")
    assert PASSWORD not in stored_hash


def test_hashing_the_same_password_twice_gives_different_salted_hashes(stored_hash: str) -> None:
    assert hash_password(PASSWORD) != stored_hash


def test_the_right_password_verifies(stored_hash: str) -> None:
    assert verify_password(stored_hash, PASSWORD) is True


@pytest.mark.parametrize("wrong", ["", "Correct horse battery staple", PASSWORD + " "])
def test_a_wrong_password_does_not_verify(stored_hash: str, wrong: str) -> None:
    assert verify_password(stored_hash, wrong) is False


def test_no_account_never_verifies() -> None:
    assert verify_password(None, PASSWORD) is False


def test_no_account_does_not_verify_even_with_the_timing_dummys_password() -> None:
    """The dummy hash only equalises timing; it must not stand in for an account."""
    assert verify_password(None, "kartoteka-timing-equaliser") is False


@pytest.mark.parametrize("broken", ["", "not-a-hash", "$argon2id$v=19$m=1,t=1,p=1$broken"])
def test_a_malformed_stored_hash_does_not_verify(broken: str) -> None:
    assert verify_password(broken, PASSWORD) is False


def test_an_empty_stored_hash_never_verifies() -> None:
    assert verify_password("", "kartoteka-timing-equaliser") is False
