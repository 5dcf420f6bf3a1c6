"""Browser tests of the web app: headless Chromium (Playwright) against the whole platform.

The app is the build in web/dist, served by the gateway the `platform` fixture starts; `make
test` builds it first. Each test gets a fresh browser context (no session, English) and its
own contacts, tagged so that data of other tests on the same platform never shows up.
"""

from __future__ import annotations

import os
import re
import secrets
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from kartoteka_devstack.platform import Platform
from playwright.sync_api import Browser, Page, Playwright, expect, sync_playwright

from tests.e2e.conftest import ADMIN_EMAIL, ADMIN_PASSWORD, person

ROOT = Path(__file__).resolve().parents[3]
# The build the gateway serves: web/dist, or the folder KARTOTEKA_GATEWAY_WEB_DIST names (the
# gateway reads the same variable), e.g. a build of a work in progress beside the checkout's.
WEB_DIST = Path(os.environ.get("KARTOTEKA_GATEWAY_WEB_DIST") or ROOT / "web" / "dist")
# Named in README.md and web/README.md: a reader can look at every screen the tests saw.
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
DESKTOP = {"width": 1366, "height": 820}
PHONE = {"width": 390, "height": 844}

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="session")
def chromium_path() -> str:
    """Chromium found or installed by scripts/chromium.sh (Playwright's download is not used)."""
    result = subprocess.run(
        ["bash", str(ROOT / "scripts" / "chromium.sh")],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        pytest.fail(f"no Chromium for the browser tests:\n{result.stderr}")
    return result.stdout.strip().splitlines()[-1]


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as running:
        yield running


@pytest.fixture(scope="session")
def browser(playwright: Playwright, chromium_path: str) -> Iterator[Browser]:
    # Chromium's sandbox cannot start as root (CI runs as root); the pages are our own app.
    args = ["--no-sandbox"] if os.geteuid() == 0 else []
    launched = playwright.chromium.launch(executable_path=chromium_path, headless=True, args=args)
    yield launched
    launched.close()


@pytest.fixture(scope="session")
def web_url(platform: Platform) -> str:
    """The gateway serving the built app; fails with the fix when the build is missing."""
    if not (WEB_DIST / "index.html").is_file():
        pytest.fail(f"{WEB_DIST} is not built: run `make web-build` (make test does it first)")
    return platform.gateway_url


@pytest.fixture
def page(browser: Browser, web_url: str) -> Iterator[Page]:
    context = browser.new_context(base_url=web_url, viewport=DESKTOP, locale="en-US")
    # Generous for a 2-core machine shared with the platform; nothing here measures time.
    context.set_default_timeout(15_000)
    opened = context.new_page()
    yield opened
    context.close()


@pytest.fixture(scope="session")
def admin_api(platform: Platform, token: str) -> Iterator[httpx.Client]:
    with httpx.Client(
        base_url=platform.gateway_url, timeout=10, headers={"Authorization": f"Bearer {token}"}
    ) as client:
        yield client


@dataclass(frozen=True)
class WebData:
    """Contacts, a custom field and groups of one test, all named with its `tag`."""

    tag: str
    zofia: dict[str, Any]
    jan: dict[str, Any]
    company: dict[str, Any]
    field_key: str
    field_label: str
    group: dict[str, Any]
    subgroup: dict[str, Any]


def _created(response: httpx.Response) -> dict[str, Any]:
    assert response.status_code in (200, 201), response.text
    body: dict[str, Any] = response.json()
    return body


@pytest.fixture
def data(admin_api: httpx.Client) -> WebData:
    tag = secrets.token_hex(3)
    zofia = {**person(1, tag), "first_name": "Zofia", "last_name": f"Web{tag}"}
    zofia |= {"gender": "female", "region": "mazowieckie"}
    jan = {**person(2, tag), "first_name": "Jan", "last_name": f"Web{tag}"}
    jan |= {"gender": "male", "region": "pomorskie"}
    company = {
        "kind": "company",
        "company_name": f"Firma Web{tag}",
        "region": "mazowieckie",
        "phones": person(3, tag)["phones"],
    }
    field_key = f"visits_{tag}"
    field_label = f"Visits {tag}"
    _created(
        admin_api.post(
            "/api/v1/custom-fields",
            json={"key": field_key, "label": field_label, "type": "integer"},
        )
    )
    group = _created(admin_api.post("/api/v1/groups", json={"name": f"Web {tag}"}))
    subgroup = _created(
        admin_api.post("/api/v1/groups", json={"name": f"VIP {tag}", "parent_id": group["id"]})
    )
    made = [
        _created(admin_api.post("/api/v1/contacts", json=body)) for body in (zofia, jan, company)
    ]
    _created(
        admin_api.post(
            f"/api/v1/groups/{group['id']}/members", json={"contact_ids": [made[0]["id"]]}
        )
    )
    _created(
        admin_api.post(
            f"/api/v1/groups/{subgroup['id']}/members", json={"contact_ids": [made[2]["id"]]}
        )
    )
    return WebData(tag, made[0], made[1], made[2], field_key, field_label, group, subgroup)


def sign_in(page: Page, path: str = "/contacts") -> None:
    """Through the login form, as a person would."""
    page.goto(path)
    page.get_by_label("Email").fill(ADMIN_EMAIL)
    page.get_by_label("Password").fill(ADMIN_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def search_for(page: Page, text: str) -> None:
    page.get_by_role("searchbox").fill(text)
    expect(page).to_have_url(re.compile(rf"[?&]q={re.escape(text)}"))


def contact_rows(page: Page) -> Any:
    return page.get_by_test_id("contact-row")


def screenshot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=False)
