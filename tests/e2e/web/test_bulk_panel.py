"""The bulk panel: actions on selected rows or on everything a filter selects, the job's
progress, its undo, the delete confirmation and the API's refusals."""

from __future__ import annotations

import re
from typing import Any

import httpx
import pytest
from playwright.sync_api import Locator, Page, expect

from tests.e2e.conftest import person
from tests.e2e.web.conftest import PHONE, WebData, contact_rows, screenshot, search_for, sign_in

# More than one page of the list (PAGE_SIZE in web/src/features/contacts/api.ts is 100), so
# "all the filters select" must reach contacts the page never loaded.
LEADS = 130
LEADS_REGION = "podlaskie"


@pytest.fixture
def empty_group(admin_api: httpx.Client, data: WebData) -> dict[str, Any]:
    response = admin_api.post("/api/v1/groups", json={"name": f"Bulk {data.tag}"})
    assert response.status_code == 201, response.text
    group: dict[str, Any] = response.json()
    return group


@pytest.fixture
def leads(admin_api: httpx.Client, data: WebData) -> list[str]:
    """LEADS more contacts with the test's name, in a region none of `data`'s contacts is in."""
    ids = []
    for index in range(LEADS):
        body = {
            **person(100 + index, data.tag),
            "first_name": f"Lead{index:03d}",
            "last_name": f"Web{data.tag}",
            "region": LEADS_REGION,
        }
        response = admin_api.post("/api/v1/contacts", json=body)
        assert response.status_code == 201, response.text
        ids.append(str(response.json()["id"]))
    return ids


def bulk_panel(page: Page) -> Locator:
    return page.get_by_role("region", name="Bulk actions")


def job_panel(page: Page) -> Locator:
    return page.get_by_role("region", name="Bulk job")


def group_count(page: Page, name: str) -> Locator:
    tree = page.get_by_role("navigation", name="Groups")
    return tree.get_by_role("treeitem").filter(has_text=name).get_by_test_id("group-count").first


def members(api: httpx.Client, group_id: str) -> set[str]:
    found = api.post(
        "/api/v1/contacts/search",
        json={"filter": {"group": group_id, "subgroups": False, "op": "in"}, "page_size": 500},
    )
    assert found.status_code == 200, found.text
    return {item["id"] for item in found.json()["items"]}


def apply(page: Page) -> None:
    bulk_panel(page).get_by_role("button", name="Apply", exact=True).click()


def test_add_selected_rows_to_a_group_then_undo(
    page: Page, data: WebData, empty_group: dict[str, Any], admin_api: httpx.Client
) -> None:
    sign_in(page)
    search_for(page, f"Web{data.tag}")
    expect(contact_rows(page)).to_have_count(3)
    expect(group_count(page, empty_group["name"])).to_have_text("0")

    page.get_by_role("checkbox", name=f"Select Jan Web{data.tag}").check()
    page.get_by_role("checkbox", name=f"Select Firma Web{data.tag}").check()
    panel = bulk_panel(page)
    expect(panel).to_contain_text("2 selected")
    expect(panel.get_by_role("radio", name="the 2 selected")).to_be_checked()
    panel.get_by_label("Action").select_option(label="Add to group")
    panel.get_by_label("Group", exact=True).select_option(label=empty_group["name"])
    screenshot(page, "20-bulk-panel")
    apply(page)

    job = job_panel(page)
    expect(job.get_by_role("status").first).to_have_text("Add to group: done")
    bar = job.get_by_role("progressbar", name="Add to group: progress")
    expect(bar).to_have_js_property("value", 100)
    expect(bar).to_have_attribute("aria-valuetext", "2 of 2")
    expect(job.get_by_test_id("bulk-job-summary").first).to_have_text("Changed: 2 · unchanged: 0")
    # The group tree was refetched: its count is the server's, not the panel's guess.
    expect(group_count(page, empty_group["name"])).to_have_text("2")
    assert members(admin_api, empty_group["id"]) == {data.jan["id"], data.company["id"]}
    screenshot(page, "21-bulk-add-to-group-done")

    job.get_by_role("button", name="Undo").click()
    undo = job.get_by_role("status").filter(has_text="Undo")
    expect(undo).to_have_text("Undo: done")
    expect(job.get_by_role("progressbar", name="Undo: progress")).to_have_js_property("value", 100)
    expect(job.get_by_test_id("bulk-job-summary").nth(1)).to_have_text(
        "Reverted: 2 · left as they were: 0"
    )
    expect(job.get_by_role("button", name="Undo")).to_have_count(0)  # an undo is not undone
    expect(group_count(page, empty_group["name"])).to_have_text("0")
    assert members(admin_api, empty_group["id"]) == set()
    screenshot(page, "22-bulk-undone")

    # The job stays on screen with the selection cleared, until it is closed.
    panel.get_by_role("button", name="Clear selection").click()
    expect(page.get_by_test_id("selection-bar")).to_have_count(0)
    expect(job).to_be_visible()
    job.get_by_role("button", name="Close").click()
    expect(job).to_have_count(0)


def test_apply_to_all_filtered_contacts_changes_exactly_those(
    page: Page, data: WebData, leads: list[str], admin_api: httpx.Client
) -> None:
    sign_in(page)
    search_for(page, f"Web{data.tag}")
    page.get_by_label("Region").select_option(LEADS_REGION)
    expect(page.get_by_test_id("contacts-total")).to_have_text(f"{LEADS} contacts")

    page.get_by_role("checkbox", name=f"Select Lead000 Web{data.tag}").check()
    panel = bulk_panel(page)
    # One page is loaded, not the whole result: selecting "this page" takes those rows only.
    panel.get_by_role("button", name="Select all 100 on this page").click()
    expect(panel).to_contain_text("100 selected")
    scope = panel.get_by_role("radio", name=f"all {LEADS} contacts the filters select")
    scope.check()
    panel.get_by_label("Action").select_option(label="Set a field")
    panel.get_by_label("Field", exact=True).select_option(label=data.field_label)
    panel.get_by_label("Value", exact=True).fill("7")
    screenshot(page, "23-bulk-all-filtered")
    apply(page)

    job = job_panel(page)
    expect(job.get_by_role("status").first).to_have_text("Set a field: done")
    expect(job.get_by_role("progressbar")).to_have_attribute(
        "aria-valuetext", f"{LEADS} of {LEADS}"
    )
    expect(job.get_by_test_id("bulk-job-summary")).to_have_text(f"Changed: {LEADS} · unchanged: 0")
    screenshot(page, "24-bulk-all-filtered-done")

    found = admin_api.post(
        "/api/v1/contacts/search",
        json={"filter": {"search": f"Web{data.tag}"}, "page_size": 500},
    )
    assert found.status_code == 200, found.text
    visits = {item["id"]: item["custom"].get(data.field_key) for item in found.json()["items"]}
    # Every lead changed, loaded or not; the test's other three contacts did not.
    assert {i for i, value in visits.items() if value == 7} == set(leads)
    others = {data.zofia["id"], data.jan["id"], data.company["id"]}
    assert {i: visits[i] for i in others} == dict.fromkeys(others)


def test_delete_asks_first_and_undo_restores(
    page: Page, data: WebData, admin_api: httpx.Client
) -> None:
    sign_in(page)
    search_for(page, f"Web{data.tag}")
    expect(contact_rows(page)).to_have_count(3)
    page.get_by_role("checkbox", name=f"Select Jan Web{data.tag}").check()
    panel = bulk_panel(page)
    panel.get_by_label("Action").select_option(label="Delete")
    apply(page)

    dialog = page.get_by_role("dialog", name="Delete contacts?")
    expect(dialog).to_contain_text("Contacts to delete: 1.")
    screenshot(page, "25-bulk-delete-confirm")
    dialog.get_by_role("button", name="Keep them").click()
    expect(dialog).to_have_count(0)
    expect(job_panel(page)).to_have_count(0)  # nothing started

    apply(page)
    page.get_by_role("dialog", name="Delete contacts?").get_by_role("button", name="Delete").click()
    job = job_panel(page)
    expect(job.get_by_role("status").first).to_have_text("Delete: done")
    expect(contact_rows(page)).to_have_count(2)
    expect(contact_rows(page).filter(has_text="Jan")).to_have_count(0)
    expect(page.get_by_test_id("selection-bar")).to_have_count(0)  # its rows are gone
    assert admin_api.get(f"/api/v1/contacts/{data.jan['id']}").status_code == 404  # in the bin

    job.get_by_role("button", name="Undo").click()
    expect(job.get_by_role("status").filter(has_text="Undo")).to_have_text("Undo: done")
    expect(contact_rows(page)).to_have_count(3)
    assert admin_api.get(f"/api/v1/contacts/{data.jan['id']}").status_code == 200


def test_a_refused_value_shows_the_apis_problem(page: Page, data: WebData) -> None:
    sign_in(page)
    search_for(page, f"Web{data.tag}")
    page.get_by_role("checkbox", name=f"Select Zofia Web{data.tag}").check()
    panel = bulk_panel(page)
    panel.get_by_label("Action").select_option(label="Set a field")
    apply(page)
    expect(panel.get_by_role("alert")).to_have_text("Choose a field.")  # checked before asking

    panel.get_by_label("Field", exact=True).select_option(label=data.field_label)
    value = panel.get_by_label("Value", exact=True)
    value.fill("many")  # the field is an integer
    apply(page)
    alert = panel.get_by_role("alert")
    expect(alert).to_have_text(re.compile(r"^Could not start: .+ \(operation\.value\)$"))
    expect(value).to_have_attribute("aria-invalid", "true")
    expect(job_panel(page)).to_have_count(0)
    screenshot(page, "26-bulk-refused")

    page.set_viewport_size(PHONE)
    expect(panel.get_by_role("button", name="Apply", exact=True)).to_be_in_viewport()
    expect(contact_rows(page).first).to_be_in_viewport()  # the panel leaves room for the list
    screenshot(page, "27-bulk-phone")

    page.get_by_label("Language").select_option("pl")
    polish = page.get_by_role("region", name="Działania zbiorcze")
    expect(polish.get_by_label("Działanie")).to_have_value("set_field")
    expect(polish.get_by_role("radio", name="zaznaczonych (kontakty: 1)")).to_be_checked()
    screenshot(page, "28-bulk-phone-pl")
