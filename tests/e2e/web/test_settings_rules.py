"""Settings: smart-group rules, a filter rule previewed before it is saved, paused, resumed and
deleted; an event rule defined with a condition on the event's fields."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import wait_until
from tests.e2e.web.conftest import WebData, screenshot, sign_in

# How the app names a subgroup in a list, by its branch: "Parent \u203a Child".
BRANCH = "\u203a"


def _rule(api: httpx.Client, name: str) -> dict[str, Any] | None:
    rules: list[dict[str, Any]] = api.get("/api/v1/smart-rules").json()
    return next((rule for rule in rules if rule["name"] == name), None)


@pytest.fixture
def rule_names(admin_api: httpx.Client) -> Iterator[list[str]]:
    """Rules a test makes are deleted after it: an event rule would act on other tests' cards."""
    names: list[str] = []
    yield names
    for name in names:
        rule = _rule(admin_api, name)
        if rule is not None:
            admin_api.delete(f"/api/v1/smart-rules/{rule['id']}")


def test_a_filter_rule_is_previewed_saved_paused_and_deleted(
    page: Page, data: WebData, admin_api: httpx.Client, rule_names: list[str]
) -> None:
    name = f"Mazovians {data.tag}"
    rule_names.append(name)
    sign_in(page, "/settings/rules")
    page.get_by_role("link", name="New rule").click()
    editor = page.get_by_role("form", name="New rule")
    editor.get_by_label("Name", exact=True).fill(name)
    editor.get_by_label("Group").select_option(label=f"Web {data.tag} {BRANCH} VIP {data.tag}")
    editor.get_by_role("button", name="Preview").click()
    expect(editor.get_by_role("alert")).to_contain_text("Add at least one condition")

    editor.get_by_role("button", name="Conditions (0)").click()
    panel = page.get_by_role("dialog", name="Filter by any field")
    for number, (label, value) in enumerate(
        (("Region", "mazowieckie"), ("Last name", f"Web{data.tag}")), start=1
    ):
        panel.get_by_role("button", name="Add a condition").click()
        panel.get_by_label(f"Field {number}").select_option(label=label)
        panel.get_by_label(f"Condition {number}", exact=True).select_option(value="eq")
        panel.get_by_label(f"Value {number}").fill(value)
    panel.get_by_role("button", name="Apply").click()

    # Saving waits for a preview: Zofia joins; the company is in Mazovia but has no last name,
    # and it is in VIP by hand, so nobody leaves.
    editor.get_by_role("button", name="Preview").click()
    preview = editor.get_by_test_id("rule-preview")
    expect(preview).to_contain_text("1 would join, 0 would leave, 2 would be members")
    expect(preview.get_by_test_id("join-sample")).to_have_text(f"Zofia Web{data.tag}")
    screenshot(page, "45-settings-rule-preview")
    assert _rule(admin_api, name) is None  # a preview saves nothing
    editor.get_by_role("button", name="Save").click()

    row = page.locator(f'tr[data-rule="{name}"]')
    expect(row.get_by_test_id("rule-state")).to_have_text("active")
    stored = _rule(admin_api, name)
    assert stored is not None
    assert stored["group_id"] == data.subgroup["id"]
    assert stored["filter"] == {
        "all": [
            {"field": "region", "op": "eq", "value": "mazowieckie"},
            {"field": "last_name", "op": "eq", "value": f"Web{data.tag}"},
        ]
    }

    def filled() -> bool:
        members = admin_api.get(f"/api/v1/contacts/{data.zofia['id']}/groups").json()
        return any(m["group_id"] == data.subgroup["id"] for m in members)

    wait_until(filled, message="the rule to add Zofia")

    row.get_by_role("button", name=f"Pause {name}").click()
    # The state says why: the service's reason.
    expect(row.get_by_test_id("rule-state")).to_have_text("paused — paused by a person")
    row.get_by_role("button", name=f"Resume {name}").click()
    expect(row.get_by_test_id("rule-state")).to_have_text("active")

    page.once("dialog", lambda dialog: dialog.accept())
    row.get_by_role("button", name=f"Delete {name}").click()
    expect(page.get_by_role("status")).to_contain_text(f"“{name}” deleted")
    expect(row).to_have_count(0)
    assert _rule(admin_api, name) is None


def test_an_event_rule_is_defined_with_a_condition(
    page: Page, data: WebData, admin_api: httpx.Client, rule_names: list[str]
) -> None:
    name = f"Region changed {data.tag}"
    rule_names.append(name)
    sign_in(page, "/settings/rules/new")
    editor = page.get_by_role("form", name="New rule")
    editor.get_by_label("Event rule").check()
    editor.get_by_label("Name", exact=True).fill(name)
    editor.get_by_label("Group").select_option(label=f"Web {data.tag}")
    editor.get_by_label("When").select_option(value="kartoteka.contacts.contact.updated")
    editor.get_by_role("button", name="+ Condition", exact=True).click()
    editor.get_by_label("Event field 1").select_option("changed_fields")
    editor.get_by_label("Comparison 1").select_option(label="contains")
    editor.get_by_label("Event value 1").fill("region")
    editor.get_by_label("How often").select_option(label="Only the first time for a contact")
    expect(editor.get_by_text("acts on the events that come after it")).to_be_visible()
    screenshot(page, "46-settings-event-rule")
    editor.get_by_role("button", name="Save").click()

    expect(page.locator(f'tr[data-rule="{name}"]')).to_contain_text("Event rule")
    stored = _rule(admin_api, name)
    assert stored is not None
    assert stored["event"] == {
        "event_type": "kartoteka.contacts.contact.updated",
        "event_condition": {"field": "changed_fields", "op": "contains", "value": "region"},
        "contact_filter": None,
        "occurrence": "first",
        "action": "add",
    }
