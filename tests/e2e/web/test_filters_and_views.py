"""The filter builder on any field, the sort, and saved views (filter, columns and sort)."""

from __future__ import annotations

import re

import httpx
from playwright.sync_api import Page, expect

from tests.e2e.web.conftest import WebData, contact_rows, screenshot, search_for, sign_in


def _set_visits(api: httpx.Client, data: WebData, contact: dict[str, object], visits: int) -> None:
    response = api.patch(
        f"/api/v1/contacts/{contact['id']}", json={"custom": {data.field_key: visits}}
    )
    assert response.status_code == 200, response.text


def test_the_builder_filters_on_a_custom_field_with_its_operators(
    page: Page, data: WebData, admin_api: httpx.Client
) -> None:
    _set_visits(admin_api, data, data.zofia, 5)
    _set_visits(admin_api, data, data.jan, 12)
    sign_in(page)
    search_for(page, f"Web{data.tag}")
    rows = contact_rows(page)
    expect(rows).to_have_count(3)

    page.get_by_role("button", name="More filters").click()
    panel = page.get_by_role("dialog", name="Filter by any field")
    panel.get_by_role("button", name="Add a condition").click()
    panel.get_by_label("Field 1").select_option(label=data.field_label)
    # An integer field offers ranges, not text operators.
    operators = panel.get_by_label("Condition 1", exact=True).locator("option").all_inner_texts()
    assert "between" in operators
    assert "contains" not in operators
    panel.get_by_label("Condition 1", exact=True).select_option(label="between")
    panel.get_by_label("From 1").fill("3")
    panel.get_by_role("button", name="Apply").click()
    expect(panel.get_by_role("alert")).to_have_text("Fill in the value.")
    panel.get_by_label("To 1").fill("10")
    screenshot(page, "16-filter-builder")
    panel.get_by_role("button", name="Apply").click()

    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(f"Zofia Web{data.tag}")
    expect(page.get_by_role("button", name="More filters (1)")).to_be_visible()
    page.reload()  # the conditions live in the URL
    expect(rows).to_have_count(1)

    page.get_by_role("button", name="More filters (1)").click()
    panel.get_by_label("Condition 1", exact=True).select_option(label="is empty")
    panel.get_by_role("button", name="Apply").click()
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(f"Firma Web{data.tag}")  # no visits recorded


def test_sort_and_a_shared_saved_view_with_its_columns(
    page: Page, data: WebData, admin_api: httpx.Client
) -> None:
    sign_in(page)
    search_for(page, f"Web{data.tag}")
    rows = contact_rows(page)
    expect(rows.first).to_contain_text(f"Firma Web{data.tag}")  # by name: Firma, Jan, Zofia
    page.get_by_label("Sort by").select_option(label="Created")
    page.get_by_role("button", name="Ascending").click()
    expect(page).to_have_url(re.compile(r"sort=-created_at"))
    names = [f"Firma Web{data.tag}", f"Jan Web{data.tag}", f"Zofia Web{data.tag}"]
    expect(rows).to_have_count(3)
    for index, name in enumerate(names):  # created Zofia, Jan, then Firma: newest first
        expect(rows.nth(index)).to_contain_text(name)

    page.get_by_role("group", name="Kind").get_by_role("button", name="People").click()
    page.get_by_role("group", name="View").get_by_role("button", name="Table").click()
    page.get_by_text("Columns", exact=True).click()
    page.get_by_test_id("column-picker").get_by_role("checkbox", name=data.field_label).check()
    page.get_by_role("button", name="Save view").click()
    form = page.get_by_role("dialog", name="Save view")
    form.get_by_label("View name").fill(f"People {data.tag}")
    form.get_by_label("Share with everyone").check()
    form.get_by_role("button", name="Save").click()
    expect(form).to_have_count(0)
    screenshot(page, "17-saved-view")

    [stored] = [
        v for v in admin_api.get("/api/v1/views").json() if v["name"] == f"People {data.tag}"
    ]
    assert stored["shared"] is True
    assert {"field": "kind", "op": "eq", "value": "person"} in stored["filter"]["all"]
    assert stored["sort"] == [{"field": "created_at", "descending": True}]
    assert f"custom.{data.field_key}" in stored["columns"]

    page.goto("/contacts")  # a fresh page: every contact, by name, the person's own columns
    page.get_by_label("Saved views").select_option(label=f"People {data.tag}")
    expect(page).to_have_url(re.compile(rf"saved={stored['id']}"))
    expect(page.get_by_role("searchbox")).to_have_value(f"Web{data.tag}")
    expect(
        page.get_by_role("group", name="Kind").get_by_role("button", name="People")
    ).to_have_attribute("aria-pressed", "true")
    page.get_by_role("group", name="View").get_by_role("button", name="List").click()
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text(f"Jan Web{data.tag}")  # newest first
    page.get_by_role("group", name="View").get_by_role("button", name="Table").click()
    expect(
        page.locator("revo-grid").get_by_role("columnheader", name=data.field_label)
    ).to_be_visible()

    page.get_by_role("button", name="Delete this view").click()
    expect(
        page.get_by_label("Saved views").locator("option", has_text=f"People {data.tag}")
    ).to_have_count(0)
    assert all(v["id"] != stored["id"] for v in admin_api.get("/api/v1/views").json())
