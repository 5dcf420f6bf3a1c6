"""Settings: groups created, renamed, moved in the tree, given a discount, and deleted."""

from __future__ import annotations

from typing import Any

import httpx
from playwright.sync_api import Page, expect

from tests.e2e.web.conftest import PHONE, WebData, screenshot, sign_in

# How the app names a subgroup in a list, by its branch: "Parent \u203a Child".
BRANCH = "\u203a"


def _group(api: httpx.Client, name: str) -> dict[str, Any] | None:
    groups: list[dict[str, Any]] = api.get("/api/v1/groups").json()
    return next((group for group in groups if group["name"] == name), None)


def test_a_group_is_made_renamed_moved_discounted_and_deleted(
    page: Page, data: WebData, admin_api: httpx.Client
) -> None:
    sign_in(page, "/settings/groups")
    page.get_by_role("button", name="New group").click()
    editor = page.get_by_role("form", name="New group")
    editor.get_by_label("Name").fill(f"Hurt {data.tag}")
    editor.get_by_label("Inside").select_option(label=f"Web {data.tag}")
    editor.get_by_label("Discount %").fill("12,5")
    editor.get_by_role("button", name="Save").click()
    row = page.locator(f'tr[data-group="Hurt {data.tag}"]')
    expect(row).to_contain_text("12.5 %")
    made = _group(admin_api, f"Hurt {data.tag}")
    assert made is not None
    assert made["parent_id"] == data.group["id"]
    assert made["attributes"] == {"discount_percent": 12.5}

    # Renamed, moved to the top, a wrong discount refused before anything is sent.
    row.get_by_role("button", name=f"Edit Hurt {data.tag}").click()
    editor = page.get_by_role("form", name=f"Hurt {data.tag}")
    # A group cannot move under itself: it is not offered.
    expect(editor.get_by_label("Inside").locator("option")).not_to_contain_text(
        [f"Web {data.tag} {BRANCH} Hurt {data.tag}"]
    )
    editor.get_by_label("Name").fill(f"Wholesale {data.tag}")
    editor.get_by_label("Inside").select_option(label="— top level —")
    editor.get_by_label("Discount %").fill("120")
    editor.get_by_role("button", name="Save").click()
    expect(editor.get_by_role("alert")).to_contain_text("from 0 to 100")
    editor.get_by_label("Discount %").fill("")
    screenshot(page, "42-settings-group-editor")
    editor.get_by_role("button", name="Save").click()
    expect(page.locator(f'tr[data-group="Wholesale {data.tag}"]')).to_be_visible()
    moved = _group(admin_api, f"Wholesale {data.tag}")
    assert moved is not None
    assert (moved["id"], moved["parent_id"], moved["attributes"]) == (made["id"], None, {})

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name=f"Delete Wholesale {data.tag}").click()
    expect(page.locator(f'tr[data-group="Wholesale {data.tag}"]')).to_have_count(0)
    assert _group(admin_api, f"Wholesale {data.tag}") is None


def test_a_group_with_members_is_not_deleted_and_says_why(page: Page, data: WebData) -> None:
    page.set_viewport_size(PHONE)
    sign_in(page, "/settings/groups")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name=f"Delete Web {data.tag}").click()
    expect(page.get_by_role("alert")).to_have_text(
        "Move or remove its subgroups and members first."
    )
    screenshot(page, "43-settings-groups-phone")
    expect(page.locator(f'tr[data-group="Web {data.tag}"]')).to_be_visible()
