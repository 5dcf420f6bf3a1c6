"""The contact card: laid out by its group's card layout, required fields, holding, history."""

from __future__ import annotations

import httpx
from playwright.sync_api import Page, expect

from tests.e2e.web.conftest import WebData, contact_rows, screenshot, search_for, sign_in


def test_the_card_follows_its_groups_layout_and_enforces_its_required_fields(
    page: Page, data: WebData, admin_api: httpx.Client
) -> None:
    layout = admin_api.post(
        "/api/v1/card-layouts",
        json={
            "name": f"Web {data.tag}",
            "group_id": data.group["id"],
            "blocks": [
                {"block": "main", "order": 1},
                {"block": "custom", "order": 2, "title": "Sales", "fields": [data.field_key]},
                {"block": "contacts", "order": 3},
                {"block": "company", "order": 4, "visible": False},
                {"block": "history", "order": 5},
            ],
            "required_fields": ["source"],
        },
    )
    assert layout.status_code == 201, layout.text

    sign_in(page)
    search_for(page, f"Web{data.tag}")
    contact_rows(page).filter(has_text=f"Zofia Web{data.tag}").get_by_role("link").click()
    card = page.get_by_test_id("contact-card")
    # Custom fields no block places (other tests' too) get a section after the last block.
    legends = card.locator("legend")
    expect(legends.first).to_have_text("Main fields")
    expect(legends.nth(1)).to_have_text("Sales")
    expect(legends.last).to_have_text("Phones and emails")
    expect(card.get_by_label("Source *")).to_be_visible()
    expect(card.get_by_label(data.field_label)).to_be_visible()

    card.get_by_label(data.field_label).fill("4")
    card.get_by_role("button", name="Save").click()
    expect(card.locator('[data-field="source"]').get_by_role("alert")).to_have_text("Required.")
    screenshot(page, "14-card-required")
    stored = admin_api.get(f"/api/v1/contacts/{data.zofia['id']}").json()
    assert stored["version"] == data.zofia["version"]  # nothing was sent

    card.get_by_label("Source *").fill("fair 2026")
    card.get_by_role("button", name="Save").click()
    expect(card.locator('[data-field="source"]').get_by_role("alert")).to_have_count(0)
    expect(card.get_by_test_id("history")).to_contain_text("Source: — → fair 2026")
    expect(card.get_by_role("button", name="Save")).to_be_disabled()  # nothing left to save
    stored = admin_api.get(f"/api/v1/contacts/{data.zofia['id']}").json()
    assert (stored["source"], stored["custom"][data.field_key]) == ("fair 2026", 4)

    # A card outside the group keeps the default layout, without the Sales block.
    page.goto(f"/contacts/{data.jan['id']}")
    expect(card.locator("legend")).not_to_contain_text(["Sales"])
    expect(card.get_by_label("Source", exact=True)).to_be_visible()


def test_the_holding_tree_and_the_filtered_history(
    page: Page, data: WebData, admin_api: httpx.Client
) -> None:
    holding = admin_api.post(
        "/api/v1/contacts", json={"kind": "company", "company_name": f"Holding Web{data.tag}"}
    )
    assert holding.status_code == 201, holding.text
    patched = admin_api.patch(
        f"/api/v1/contacts/{data.company['id']}", json={"company_id": holding.json()["id"]}
    )
    assert patched.status_code == 200, patched.text
    employed = admin_api.patch(
        f"/api/v1/contacts/{data.jan['id']}", json={"company_id": data.company["id"]}
    )
    assert employed.status_code == 200, employed.text

    sign_in(page, f"/contacts/{data.jan['id']}")
    card = page.get_by_test_id("contact-card")
    tree = card.get_by_test_id("branch")
    holding_item = tree.get_by_role("treeitem").filter(has_text=f"Holding Web{data.tag}").first
    expect(holding_item).to_contain_text(f"Firma Web{data.tag}")
    current = tree.locator('[aria-current="true"]')
    expect(current).to_have_text(f"Firma Web{data.tag}")  # Jan's employer
    expect(tree).to_contain_text("staff: 1 (with subsidiaries: 1)")

    card.get_by_label("Region").fill("kujawsko-pomorskie")
    card.get_by_role("button", name="Save").click()
    history = card.get_by_test_id("history")
    expect(history.get_by_text("Region: pomorskie → kujawsko-pomorskie")).to_be_visible()
    screenshot(page, "15-card-holding-history")

    card.get_by_label("History field").select_option(label="Region")
    expect(history.locator("li")).to_have_count(2)  # set at creation, then changed
    expect(history).not_to_contain_text("Company")
    card.get_by_label("History source").select_option(label="import")
    expect(history.locator("li")).to_have_count(0)
    expect(card.get_by_text("No changes yet.")).to_be_visible()
