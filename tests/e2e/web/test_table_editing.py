"""The table view: choose and order columns (custom fields too), edit cells inline."""

from __future__ import annotations

import re

import httpx
from playwright.sync_api import Locator, Page, expect

from tests.e2e.web.conftest import WebData, screenshot, search_for, sign_in

# A cell's class while its PATCH is on the way (a plain string would have to match them all).
SAVING = re.compile(r"\bcell-saving\b")


def open_table(page: Page, data: WebData) -> Locator:
    sign_in(page)
    search_for(page, f"Web{data.tag}")
    page.get_by_role("group", name="View").get_by_role("button", name="Table").click()
    grid = page.locator("revo-grid")
    expect(grid.get_by_role("gridcell", name=f"Zofia Web{data.tag}")).to_be_visible()
    return grid


def cell(grid: Locator, row_name: str, column: str) -> Locator:
    """The cell of the row whose Name is `row_name`, in the column headed `column`."""
    headers = grid.get_by_role("columnheader").all_inner_texts()
    index = [text.strip() for text in headers].index(column)
    name_cell = grid.page.get_by_role("gridcell", name=row_name, exact=True)
    row = grid.get_by_role("row").filter(has=name_cell)
    return row.locator(f'[role="gridcell"][data-rgcol="{index}"]')


def type_into(page: Page, target: Locator, text: str) -> None:
    target.dblclick()
    editor = page.locator("revo-grid revogr-edit input, revo-grid revogr-edit textarea").first
    expect(editor).to_be_visible()
    editor.fill(text)
    editor.press("Enter")


def test_a_cell_edit_is_saved_to_the_card(
    page: Page, data: WebData, admin_api: httpx.Client
) -> None:
    grid = open_table(page, data)
    region = cell(grid, f"Jan Web{data.tag}", "Region")
    expect(region).to_have_text("pomorskie")
    type_into(page, region, "lubelskie")
    expect(region).to_have_text("lubelskie")
    expect(region).not_to_have_class(SAVING)

    def stored_region() -> str:
        return str(admin_api.get(f"/api/v1/contacts/{data.jan['id']}").json()["region"])

    # The cell shows what the API stored: the grid never writes its rows itself.
    assert stored_region() == "lubelskie"


def test_a_bad_value_shows_the_apis_error_on_the_cell(
    page: Page, data: WebData, admin_api: httpx.Client
) -> None:
    grid = open_table(page, data)
    email = cell(grid, f"Zofia Web{data.tag}", "Email")
    before = data.zofia["emails"][0]["address"]
    type_into(page, email, "not an email")

    expect(email).to_have_class("rgCell cell-error")
    expect(email).to_have_text("not an email")  # kept, to be corrected rather than retyped
    message = page.get_by_role("status").get_by_role("listitem")
    expect(message).to_contain_text(f"Zofia Web{data.tag} · Email:")
    screenshot(page, "07-table-cell-error")
    stored = admin_api.get(f"/api/v1/contacts/{data.zofia['id']}").json()
    assert stored["emails"][0]["address"] == before

    # Correcting the cell clears the error.
    type_into(page, email, f"zofia.{data.tag}@example.pl")
    expect(email).not_to_have_class("rgCell cell-error")
    expect(message).to_have_count(0)


def test_columns_are_chosen_and_ordered_custom_fields_included(
    page: Page, data: WebData, admin_api: httpx.Client
) -> None:
    grid = open_table(page, data)
    page.get_by_text("Columns", exact=True).click()
    picker = page.get_by_test_id("column-picker")
    picker.get_by_role("checkbox", name=data.field_label).check()
    picker.get_by_role("checkbox", name="Kind").uncheck()
    picker.get_by_role("button", name=f"Move {data.field_label} up").click()
    headers = grid.get_by_role("columnheader")
    expect(headers).to_have_text(["Name", "Email", "Phone", data.field_label, "Region"])
    screenshot(page, "08-table-columns")

    visits = cell(grid, f"Zofia Web{data.tag}", data.field_label)
    type_into(page, visits, "abc")  # an integer field
    expect(visits).to_have_class("rgCell cell-error")
    type_into(page, visits, "7")
    expect(visits).to_have_text("7")
    expect(visits).not_to_have_class(SAVING)
    stored = admin_api.get(f"/api/v1/contacts/{data.zofia['id']}").json()
    assert stored["custom"][data.field_key] == 7

    page.reload()  # the choice is kept
    expect(headers).to_have_text(["Name", "Email", "Phone", data.field_label, "Region"])
