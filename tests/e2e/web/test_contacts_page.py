"""The contacts page: quick search, one-click filters, groups, the three views, selection."""

from __future__ import annotations

import re

import httpx
from playwright.sync_api import Page, expect

from tests.e2e.conftest import wait_until
from tests.e2e.web.conftest import WebData, contact_rows, screenshot, search_for, sign_in


def test_search_then_filter_by_region_kind_and_manager(page: Page, data: WebData) -> None:
    sign_in(page)
    search_for(page, f"Web{data.tag}")
    rows = contact_rows(page)
    expect(rows).to_have_count(3)
    expect(page.get_by_test_id("contacts-total")).to_have_text("3 contacts")

    page.get_by_label("Region").select_option("mazowieckie")
    expect(rows).to_have_count(2)
    expect(rows.filter(has_text="Jan")).to_have_count(0)  # pomorskie
    expect(page).to_have_url(re.compile(r"region=mazowieckie"))
    screenshot(page, "02-contacts-list-filtered")

    page.get_by_role("group", name="Kind").get_by_role("button", name="Companies").click()
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(f"Firma Web{data.tag}")

    # Nobody is these contacts' manager yet, so "Mine" empties the list and "Nobody" keeps it.
    page.get_by_role("group", name="Manager").get_by_role("button", name="Mine").click()
    expect(page.get_by_text("No contacts match these filters.")).to_be_visible()
    page.get_by_role("group", name="Manager").get_by_role("button", name="Nobody").click()
    expect(rows).to_have_count(1)

    page.reload()  # the filters live in the URL
    expect(rows).to_have_count(1)
    page.get_by_role("button", name="Clear filters").click()
    expect(page.get_by_role("searchbox")).to_have_value("")
    expect(page).to_have_url("/contacts")


def test_the_group_tree_shows_counts_and_filters_by_group(page: Page, data: WebData) -> None:
    sign_in(page)
    search_for(page, f"Web{data.tag}")
    panel = page.get_by_role("navigation", name="Groups")
    group = panel.get_by_role("treeitem").filter(has_text=f"Web {data.tag}")
    # One direct member and one in its subgroup: the count covers the whole branch.
    expect(group.get_by_test_id("group-count").first).to_have_text("2")

    group.get_by_role("button", name=re.compile(rf"^Web {data.tag}")).first.click()
    rows = contact_rows(page)
    expect(rows).to_have_count(2)
    expect(rows.filter(has_text="Jan")).to_have_count(0)

    panel.get_by_role("button", name=f"Expand Web {data.tag}").click()
    panel.get_by_role("button", name=re.compile(rf"^VIP {data.tag}")).click()
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(f"Firma Web{data.tag}")
    screenshot(page, "03-contacts-groups")


def test_one_click_switches_between_list_table_and_tiles(page: Page, data: WebData) -> None:
    sign_in(page)
    search_for(page, f"Web{data.tag}")
    views = page.get_by_role("group", name="View")
    expect(contact_rows(page)).to_have_count(3)

    views.get_by_role("button", name="Table").click()
    grid = page.locator("revo-grid")
    expect(grid.get_by_role("gridcell", name=f"Zofia Web{data.tag}")).to_be_visible()
    expect(grid.get_by_role("columnheader", name="Email")).to_be_visible()
    screenshot(page, "04-contacts-table")

    views.get_by_role("button", name="Tiles").click()
    tiles = page.get_by_test_id("contact-tile")
    expect(tiles).to_have_count(3)
    zofia = tiles.filter(has_text="Zofia")
    expect(zofia.locator("[data-icon]")).to_have_attribute("data-icon", "female")
    expect(zofia).to_contain_text(data.zofia["emails"][0]["address"])
    expect(zofia).to_contain_text(data.zofia["phones"][0]["number"])
    expect(tiles.filter(has_text="Jan").locator("[data-icon]")).to_have_attribute(
        "data-icon", "male"
    )
    expect(tiles.filter(has_text="Firma").locator("[data-icon]")).to_have_attribute(
        "data-icon", "company"
    )
    screenshot(page, "05-contacts-tiles")

    views.get_by_role("button", name="List").click()
    expect(contact_rows(page)).to_have_count(3)


def test_rows_are_selected_one_by_one_or_all(page: Page, data: WebData) -> None:
    sign_in(page)
    search_for(page, f"Web{data.tag}")
    expect(contact_rows(page)).to_have_count(3)
    page.get_by_role("checkbox", name=f"Select Zofia Web{data.tag}").check()
    page.get_by_role("checkbox", name=f"Select Jan Web{data.tag}").check()
    expect(page.get_by_test_id("selection-bar")).to_contain_text("2 selected")

    select_all = page.get_by_role("checkbox", name="Select all loaded rows")
    select_all.check()
    expect(page.get_by_test_id("selection-bar")).to_contain_text("3 selected")
    screenshot(page, "06-contacts-selection")
    select_all.uncheck()
    expect(page.get_by_test_id("selection-bar")).to_have_count(0)


def test_a_group_a_rule_fills_is_marked_smart(
    page: Page, data: WebData, admin_api: httpx.Client
) -> None:
    smart = admin_api.post("/api/v1/groups", json={"name": f"Smart {data.tag}"}).json()
    rule = admin_api.post(
        "/api/v1/smart-rules",
        json={
            "name": f"Mazovians {data.tag}",
            "group_id": smart["id"],
            "filter": {
                "all": [
                    {"search": f"Web{data.tag}"},
                    {"field": "region", "op": "eq", "value": "mazowieckie"},
                ]
            },
        },
    )
    assert rule.status_code == 201, rule.text
    sign_in(page)
    panel = page.get_by_role("navigation", name="Groups")
    smart_row = panel.get_by_role("button", name=re.compile(rf"^Smart {data.tag}"))
    expect(smart_row.get_by_test_id("smart-badge")).to_have_text("smart")
    expect(smart_row.get_by_test_id("smart-badge")).to_have_attribute(
        "title", f"filled by: Mazovians {data.tag}"
    )
    manual_row = panel.get_by_role("button", name=re.compile(rf"^Web {data.tag}"))
    expect(manual_row.get_by_test_id("smart-badge")).to_have_count(0)

    # The rule fills the group in the background: Zofia and the company are in Mazovia.
    def filled() -> bool:
        groups = admin_api.get("/api/v1/groups").json()
        return any(g["id"] == smart["id"] and g["member_count"] == 2 for g in groups)

    wait_until(filled, message="the rule to fill its group")
    page.reload()
    expect(smart_row.get_by_test_id("group-count")).to_have_text("2")
