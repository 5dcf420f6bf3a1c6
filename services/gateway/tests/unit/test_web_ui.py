"""The gateway serves the built web app at `/` and leaves every /api/ path to the API."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from kartoteka_gateway.app import create_app
from kartoteka_gateway.problems import PROBLEM_CONTENT_TYPE
from kartoteka_gateway.settings import GatewaySettings
from kartoteka_gateway.web import WEB_DIST_ENV

INDEX = "<!doctype html><title>Kartoteka</title><div id=root></div>"
ASSET = "console.log('app')"


def client_for(dist: Path, monkeypatch: pytest.MonkeyPatch) -> TestClient:
    """The real app (lifespan not run: no database) serving `dist`."""
    monkeypatch.setenv(WEB_DIST_ENV, str(dist))
    return TestClient(create_app(GatewaySettings(token_secret="x" * 40)))


@pytest.fixture
def built(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> TestClient:
    (tmp_path / "assets").mkdir()
    (tmp_path / "index.html").write_text(INDEX)
    (tmp_path / "assets" / "index-3f2a1b.js").write_text(ASSET)
    (tmp_path / "favicon.svg").write_text("<svg/>")
    return client_for(tmp_path, monkeypatch)


def test_the_root_serves_the_app_and_asks_browsers_to_revalidate(built: TestClient) -> None:
    response = built.get("/")
    assert response.status_code == 200
    assert response.text == INDEX
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["cache-control"] == "no-cache"


@pytest.mark.parametrize("path", ["/login", "/contacts", "/contacts/0b9e4c1a-77"])
def test_client_side_routes_get_the_app_page(built: TestClient, path: str) -> None:
    response = built.get(path)
    assert response.status_code == 200
    assert response.text == INDEX


def test_hashed_assets_are_cached_for_good(built: TestClient) -> None:
    response = built.get("/assets/index-3f2a1b.js")
    assert response.status_code == 200
    assert response.text == ASSET
    assert response.headers["cache-control"] == "public, max-age=31536000, immutable"


def test_other_files_are_served_and_revalidated(built: TestClient) -> None:
    response = built.get("/favicon.svg")
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-cache"


def test_a_missing_file_is_404_not_the_app_page(built: TestClient) -> None:
    """A stale page asking for an old bundle must fail loudly, not get HTML as JavaScript."""
    response = built.get("/assets/index-old.js")
    assert response.status_code == 404
    assert INDEX not in response.text


def test_the_web_app_is_public(built: TestClient) -> None:
    assert built.get("/contacts", headers={}).status_code == 200


def test_an_unknown_api_path_stays_an_api_problem(built: TestClient) -> None:
    response = built.get("/api/v1/no-such-route")
    assert response.status_code == 401  # every /api/ path needs a token, known or not
    assert response.headers["content-type"] == PROBLEM_CONTENT_TYPE


def test_an_api_route_with_the_wrong_method_stays_405(built: TestClient) -> None:
    response = built.get("/api/v1/auth/token")
    assert response.status_code == 405
    assert response.headers["content-type"] == PROBLEM_CONTENT_TYPE
    assert response.json()["code"] == "method_not_allowed"


def test_the_docs_and_probes_win_over_the_app(built: TestClient) -> None:
    assert built.get("/openapi.json").json()["info"]["title"] == "Kartoteka API"
    assert built.get("/healthz").json() == {"status": "ok"}


def test_writing_to_the_app_is_405(built: TestClient) -> None:
    assert built.post("/contacts").status_code == 405


def test_without_a_build_the_app_explains_how_to_build_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = client_for(tmp_path / "dist", monkeypatch)
    response = client.get("/contacts")
    assert response.status_code == 503
    assert "make web-build" in response.text
    assert client.get("/healthz").status_code == 200


def test_a_build_made_after_start_is_served_without_a_restart(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = client_for(tmp_path, monkeypatch)
    assert client.get("/").status_code == 503
    (tmp_path / "index.html").write_text(INDEX)
    assert client.get("/").text == INDEX
