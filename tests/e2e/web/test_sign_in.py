"""Signing in, staying signed in across reloads, signing out."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.e2e.conftest import ADMIN_EMAIL
from tests.e2e.web.conftest import screenshot, sign_in


def test_a_wrong_password_is_refused_with_a_message(page: Page) -> None:
    page.goto("/")
    expect(page).to_have_url("/login?next=%2Fcontacts")
    page.get_by_label("Email").fill(ADMIN_EMAIL)
    page.get_by_label("Password").fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_have_text("Wrong email or password.")
    screenshot(page, "01-login")


def test_the_session_survives_a_reload_until_sign_out(page: Page) -> None:
    sign_in(page, "/contacts?view=tiles")
    expect(page).to_have_url("/contacts?view=tiles")  # back where the person was going
    expect(page.get_by_text(ADMIN_EMAIL)).to_be_visible()

    page.reload()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    expect(page.get_by_role("button", name="Tiles")).to_have_attribute("aria-pressed", "true")

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    page.reload()
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
    assert page.evaluate("localStorage.getItem('kartoteka.session')") is None


def test_an_expired_session_asks_to_sign_in_again(page: Page) -> None:
    sign_in(page)
    page.evaluate(
        """() => {
          const session = JSON.parse(localStorage.getItem('kartoteka.session'));
          session.expiresAt = Date.now() - 1000;
          localStorage.setItem('kartoteka.session', JSON.stringify(session));
        }"""
    )
    page.reload()
    expect(page.get_by_role("button", name="Sign in")).to_be_visible()
