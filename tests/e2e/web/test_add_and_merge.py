"""Adding a contact from anywhere, the duplicate warning, and merging two duplicates."""

from __future__ import annotations

import secrets
from typing import Any

import httpx
from playwright.sync_api import Page, expect

from tests.e2e.conftest import person
from tests.e2e.web.conftest import WebData, screenshot, sign_in


def _find_by_email(api: httpx.Client, email: str) -> list[dict[str, Any]]:
    response = api.post(
        "/api/v1/contacts/search",
        json={"filter": {"search": email}, "page_size": 10},
    )
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return [item for item in items if any(e["address"] == email for e in item["emails"])]


def test_a_contact_is_added_from_the_top_bar_and_with_the_n_key(
    page: Page, data: WebData, admin_api: httpx.Client
) -> None:
    sign_in(page, f"/contacts?q=Web{data.tag}")
    searchbox = page.get_by_role("searchbox")
    searchbox.press("n")  # typing into a field is not a shortcut
    expect(page.get_by_role("dialog")).to_have_count(0)
    searchbox.fill(f"Web{data.tag}")
    page.locator("main").click(position={"x": 5, "y": 5})
    page.keyboard.press("n")
    dialog = page.get_by_role("dialog", name="New contact")
    expect(dialog).to_be_visible()

    dialog.get_by_role("button", name="Create").click()  # a person needs a name
    expect(dialog.get_by_text("A person needs a first or a last name.").first).to_be_visible()
    screenshot(page, "10-add-contact-required")
    page.keyboard.press("Escape")
    expect(dialog).to_have_count(0)

    page.get_by_role("button", name="Add contact").click()
    email = f"ewa.{data.tag}.{secrets.token_hex(2)}@example.pl"
    dialog.get_by_label("First name").fill("Ewa")
    dialog.get_by_label("Last name").fill(f"Web{data.tag}")
    dialog.get_by_label("Email").fill(email)
    dialog.get_by_role("button", name="Create").click()

    card = page.get_by_test_id("contact-card")
    expect(card.get_by_role("heading", name=f"Ewa Web{data.tag}")).to_be_visible()
    expect(page).to_have_url(
        f"/contacts/{_find_by_email(admin_api, email)[0]['id']}?q=Web{data.tag}"
    )
    [stored] = _find_by_email(admin_api, email)
    assert (stored["first_name"], stored["last_name"]) == ("Ewa", f"Web{data.tag}")
    assert stored["emails"][0]["primary"] is True


def test_a_phone_already_on_a_card_is_flagged_with_a_link_and_can_be_kept(
    page: Page, data: WebData, admin_api: httpx.Client
) -> None:
    sign_in(page)
    page.get_by_role("button", name="Add contact").click()
    dialog = page.get_by_role("dialog", name="New contact")
    dialog.get_by_role("button", name="Company").click()
    dialog.get_by_label("Company").fill(f"Kopia Web{data.tag}")
    phone = data.zofia["phones"][0]["number"]
    dialog.get_by_label("Phone").fill(phone)
    dialog.get_by_role("button", name="Create").click()

    notice = dialog.get_by_test_id("duplicate-notice")
    expect(notice).to_contain_text("This phone is already on another card")
    expect(notice.get_by_role("link", name="Open that card")).to_have_attribute(
        "href", f"/contacts/{data.zofia['id']}"
    )
    screenshot(page, "11-add-contact-duplicate")
    search = {"filter": {"search": f"Kopia Web{data.tag}"}, "page_size": 5}
    assert admin_api.post("/api/v1/contacts/search", json=search).json()["items"] == []

    dialog.get_by_role("button", name="Create anyway").click()
    expect(
        page.get_by_test_id("contact-card").get_by_role("heading", name=f"Kopia Web{data.tag}")
    ).to_be_visible()
    [kept] = admin_api.post("/api/v1/contacts/search", json=search).json()["items"]
    assert kept["phones"][0]["number"] == phone


def test_two_duplicates_are_merged_with_a_chosen_value_per_field(
    page: Page, data: WebData, admin_api: httpx.Client
) -> None:
    twin_body = {**person(9, data.tag), "first_name": "Zosia", "last_name": f"Web{data.tag}"}
    twin_body |= {"region": "", "description": "entered twice"}
    created = admin_api.post("/api/v1/contacts", json=twin_body)
    assert created.status_code == 201, created.text
    twin = created.json()

    # Giving the twin Zofia's email on its card is refused, pointing at her card to merge with.
    sign_in(page, f"/contacts/{twin['id']}")
    card = page.get_by_test_id("contact-card")
    card.get_by_role("button", name="+ Add").first.click()
    card.get_by_label("Email 2").fill(data.zofia["emails"][0]["address"])
    card.get_by_role("button", name="Save").click()
    notice = card.get_by_test_id("duplicate-notice")
    expect(notice).to_contain_text("This email is already on another card")
    screenshot(page, "12-card-duplicate")
    notice.get_by_role("link", name="Merge with it").click()

    expect(page).to_have_url(f"/merge?keep={data.zofia['id']}&merge={twin['id']}")
    rows = page.locator("table.merge-table tbody")
    first_name = rows.locator('tr[data-field="first_name"]')
    expect(first_name.get_by_role("radio", name="Zofia")).to_be_checked()
    first_name.get_by_role("radio", name="Zosia").click()
    # Zofia has a region and the twin none: hers is kept unless someone picks otherwise.
    expect(rows.locator('tr[data-field="region"]').get_by_role("radio").first).to_be_checked()

    page.get_by_role("button", name="Preview").click()
    preview = page.get_by_test_id("merge-preview")
    expect(preview).to_contain_text(f"Zosia Web{data.tag}")
    expect(preview).to_contain_text(twin["emails"][0]["address"])
    screenshot(page, "13-merge-preview")
    # A preview changes nothing.
    assert admin_api.get(f"/api/v1/contacts/{twin['id']}").status_code == 200

    page.get_by_role("button", name="Merge", exact=True).click()
    expect(page).to_have_url(f"/contacts/{data.zofia['id']}")
    expect(page.get_by_role("status")).to_contain_text("Merged")
    survivor = admin_api.get(f"/api/v1/contacts/{data.zofia['id']}").json()
    assert survivor["first_name"] == "Zosia"
    assert survivor["region"] == "mazowieckie"
    assert survivor["description"] == "entered twice"
    addresses = {email["address"] for email in survivor["emails"]}
    assert addresses == {data.zofia["emails"][0]["address"], twin["emails"][0]["address"]}
    gone = admin_api.get(f"/api/v1/contacts/{twin['id']}")
    assert gone.status_code == 404 or gone.json()["deleted_at"] is not None
