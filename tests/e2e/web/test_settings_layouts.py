"""Settings: a card layout for a group (blocks, a custom block, required fields, priority),
seen on the card, then deleted."""

from __future__ import annotations

import httpx
from playwright.sync_api import Page, expect

from tests.e2e.web.conftest import WebData, screenshot, sign_in


def test_a_group_layout_is_made_and_the_card_follows_it(
    page: Page, data: WebData, admin_api: httpx.Client
) -> None:
    sign_in(page, "/settings/layouts")
    page.get_by_role("link", name="New layout").click()
    editor = page.get_by_role("form", name="New layout")
    editor.get_by_label("Name", exact=True).fill(f"Web card {data.tag}")
    editor.get_by_label("For", exact=True).select_option(label=f"Web {data.tag}")
    editor.get_by_label(f"Priority of the group Web {data.tag}").fill("7")
    # History first, phones and emails hidden, a block of custom fields with the test's field.
    for _ in range(7):
        editor.get_by_role("button", name="Move History up").click()
    editor.get_by_label("Show Phones and emails").uncheck()
    editor.get_by_role("button", name="Block of custom fields").click()
    editor.get_by_role("button", name="Save").click()
    expect(editor.get_by_role("alert").first).to_have_text("Required.")
    editor.locator(".layout-custom").get_by_label("Title", exact=True).fill("Visits")
    editor.get_by_role("group", name="Fields of Visits").get_by_label(data.field_label).check()
    editor.get_by_role("group", name="Required fields").get_by_label(data.field_label).check()
    screenshot(page, "44-settings-layout-editor")
    editor.get_by_role("button", name="Save").click()

    row = page.locator(f'tr[data-layout="Web card {data.tag}"]')
    expect(row).to_contain_text(f"Web {data.tag}")
    expect(row).to_contain_text("7")
    expect(row).to_contain_text("required fields: 1")
    layouts = admin_api.get("/api/v1/card-layouts").json()
    stored = next(layout for layout in layouts if layout["name"] == f"Web card {data.tag}")
    assert stored["group_id"] == data.group["id"]
    assert stored["required_fields"] == [f"custom.{data.field_key}"]
    kinds = [block["block"] for block in stored["blocks"]]
    assert kinds.index("history") < kinds.index("main")
    custom = next(block for block in stored["blocks"] if block["block"] == "custom")
    assert (custom["title"], custom["fields"]) == ("Visits", [data.field_key])
    hidden = {block["block"] for block in stored["blocks"] if not block["visible"]}
    assert "contacts" in hidden
    groups = admin_api.get("/api/v1/groups").json()
    assert next(g for g in groups if g["id"] == data.group["id"])["priority"] == 7

    # Zofia is in the group: her card reads the layout.
    layout = admin_api.get(f"/api/v1/contacts/{data.zofia['id']}/layout").json()
    assert (layout["source"], layout["id"]) == ("group", stored["id"])

    # Editing keeps what was stored; the group's own editor links to it.
    page.goto("/settings/groups")
    page.get_by_role("button", name=f"Edit Web {data.tag}").click()
    page.get_by_test_id("group-layout").get_by_role("link").click()
    editor = page.get_by_role("form", name=f"Web card {data.tag}")
    expect(editor.get_by_label("Show Phones and emails")).not_to_be_checked()
    title = editor.locator(".layout-custom").get_by_label("Title", exact=True)
    expect(title).to_have_value("Visits")
    editor.get_by_role("button", name="Cancel").click()

    page.once("dialog", lambda dialog: dialog.accept())
    row.get_by_role("button", name=f"Delete Web card {data.tag}").click()
    expect(row).to_have_count(0)
    layout = admin_api.get(f"/api/v1/contacts/{data.zofia['id']}/layout").json()
    assert layout["source"] != "group"
