"""Settings: custom fields defined, changed with a conversion report, reordered and deleted."""

from __future__ import annotations

from typing import Any

import httpx
from playwright.sync_api import Page, expect

from tests.e2e.web.conftest import WebData, screenshot, sign_in


def _field(api: httpx.Client, key: str) -> dict[str, Any] | None:
    fields: list[dict[str, Any]] = api.get("/api/v1/custom-fields").json()
    return next((field for field in fields if field["key"] == key), None)


def test_a_dropdown_field_is_defined_with_its_options_and_places(
    page: Page, data: WebData, admin_api: httpx.Client
) -> None:
    sign_in(page, "/settings")
    expect(page).to_have_url("/settings/fields")
    page.get_by_role("button", name="New field").click()
    editor = page.get_by_role("form", name="New field")
    editor.get_by_label("Label").fill(f"Poziom Łódź {data.tag}")
    expect(editor.get_by_label("Key")).to_have_value(f"poziom_lodz_{data.tag}")
    editor.get_by_label("Type").select_option(label="Dropdown")
    editor.get_by_label("Options").fill("gold = Złoty\nsilver = Srebrny")
    editor.get_by_label("in lists").check()
    editor.get_by_label("Fast filtering (builds an index)").check()
    screenshot(page, "40-settings-new-field")
    editor.get_by_role("button", name="Save").click()

    row = page.locator(f'tr[data-key="poziom_lodz_{data.tag}"]')
    expect(row).to_contain_text("Dropdown")
    expect(row).to_contain_text("in lists")
    stored = _field(admin_api, f"poziom_lodz_{data.tag}")
    assert stored is not None
    assert stored["options"] == [
        {"value": "gold", "label": "Złoty"},
        {"value": "silver", "label": "Srebrny"},
    ]
    assert (stored["show_in_list"], stored["filterable"]) == (True, True)

    # Dropping an option asks what its stored values become.
    key = f"poziom_lodz_{data.tag}"
    patched = admin_api.patch(
        f"/api/v1/contacts/{data.zofia['id']}", json={"custom": {key: "silver"}}
    )
    assert patched.status_code == 200, patched.text
    row.get_by_role("button", name=f"Edit Poziom Łódź {data.tag}").click()
    editor = page.get_by_role("form", name=f"Poziom Łódź {data.tag}")
    editor.get_by_label("Options").fill("gold = Złoty")
    editor.get_by_label("“Srebrny” becomes").select_option(label="Złoty")
    editor.get_by_role("button", name="Check the change").click()
    expect(editor.get_by_test_id("change-report")).to_contain_text("1 converted")
    editor.get_by_role("button", name="Apply the change").click()
    expect(editor).to_have_count(0)
    zofia = admin_api.get(f"/api/v1/contacts/{data.zofia['id']}").json()
    assert zofia["custom"][key] == "gold"

    page.once("dialog", lambda dialog: dialog.accept())
    row.get_by_role("button", name=f"Delete Poziom Łódź {data.tag}").click()
    expect(row).to_have_count(0)
    assert _field(admin_api, f"poziom_lodz_{data.tag}") is None


def test_a_type_change_is_checked_first_and_clears_only_what_cannot_convert(
    page: Page, data: WebData, admin_api: httpx.Client
) -> None:
    key = f"code_{data.tag}"
    created = admin_api.post(
        "/api/v1/custom-fields", json={"key": key, "label": f"Code {data.tag}", "type": "text"}
    )
    assert created.status_code == 201, created.text
    for contact, value in ((data.zofia, "12"), (data.jan, "abc")):
        patched = admin_api.patch(
            f"/api/v1/contacts/{contact['id']}", json={"custom": {key: value}}
        )
        assert patched.status_code == 200, patched.text

    sign_in(page, "/settings/fields")
    row = page.locator(f'tr[data-key="{key}"]')
    row.get_by_role("button", name=f"Edit Code {data.tag}").click()
    editor = page.get_by_role("form", name=f"Code {data.tag}")
    editor.get_by_label("Type").select_option(label="Integer")
    editor.get_by_role("button", name="Check the change").click()
    report = editor.get_by_test_id("change-report")
    expect(report).to_contain_text("1 converted")
    expect(report).to_contain_text("1 cannot be converted")
    screenshot(page, "41-settings-change-report")
    assert _field(admin_api, key)["type"] == "text"  # type: ignore[index] # a check changes nothing

    editor.get_by_label("Clear the values that cannot be converted").check()
    editor.get_by_role("button", name="Apply the change").click()
    expect(row).to_contain_text("Integer")
    zofia = admin_api.get(f"/api/v1/contacts/{data.zofia['id']}").json()
    jan = admin_api.get(f"/api/v1/contacts/{data.jan['id']}").json()
    assert zofia["custom"][key] == 12
    assert key not in jan["custom"]


def test_fields_are_reordered(page: Page, data: WebData, admin_api: httpx.Client) -> None:
    # Same position, so the key decides: this one lists before the test's own field.
    before = {"key": f"aaa_{data.tag}", "label": f"First {data.tag}", "type": "text"}
    assert admin_api.post("/api/v1/custom-fields", json=before).status_code == 201
    sign_in(page, "/settings/fields")
    rows = page.locator("table.settings-table tbody tr[data-key]")
    expect(rows.first).to_be_visible()
    keys = [rows.nth(i).get_attribute("data-key") for i in range(rows.count())]
    index = keys.index(data.field_key)
    assert index > keys.index(before["key"])
    page.get_by_role("button", name=f"Move {data.field_label} up").click()
    moved_up = page.locator("table.settings-table tbody tr[data-key]").nth(index - 1)
    expect(moved_up).to_have_attribute("data-key", data.field_key)
    order = [field["key"] for field in admin_api.get("/api/v1/custom-fields").json()]
    assert order.index(data.field_key) == index - 1
