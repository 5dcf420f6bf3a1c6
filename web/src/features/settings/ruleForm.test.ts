import { describe, expect, it } from "vitest";
import type { SmartRule } from "../../api/types";
import { conditionsOf, draftOfRule, filterOf, ruleBody, ruleProblems } from "./ruleForm";

const region = { field: "region", op: "eq", value: "mazowieckie" };

function rule(overrides: Partial<SmartRule>): SmartRule {
  return {
    id: "r-1",
    name: "Mazovians",
    kind: "filter",
    group_id: "g-1",
    filter: { all: [region] },
    event: null,
    state: "active",
    paused_reason: null,
    version: 1,
    time_relative: false,
    created_at: "2024-01-01T00:00:00Z",
    updated_at: "2024-01-01T00:00:00Z",
    last_run_at: null,
    last_added: 0,
    last_removed: 0,
    ...overrides,
  };
}

describe("conditionsOf and filterOf", () => {
  it("open a top-level all into rows, and wrap rows back", () => {
    expect(conditionsOf({ all: [region] })).toEqual([region]);
    expect(conditionsOf({ search: "x" })).toEqual([{ search: "x" }]);
    expect(conditionsOf(null)).toEqual([]);
    expect(filterOf([region])).toEqual({ all: [region] });
    expect(filterOf([])).toBeNull();
  });
});

describe("a filter rule", () => {
  it("round-trips through the form", () => {
    const draft = draftOfRule(rule({}));
    expect(draft).toMatchObject({ kind: "filter", groupId: "g-1", conditions: [region] });
    expect(ruleBody(draft, null)).toEqual({
      kind: "filter",
      name: "Mazovians",
      group_id: "g-1",
      filter: { all: [region] },
    });
  });

  it("needs a name, a group and a condition (none would take in every contact)", () => {
    expect([...ruleProblems(draftOfRule())].sort()).toEqual(["conditions", "group", "name"]);
    expect(ruleProblems(draftOfRule(rule({})))).toEqual(new Set());
  });
});

describe("an event rule", () => {
  const event = {
    event_type: "kartoteka.contacts.contact.updated",
    event_condition: { any: [{ field: "version", op: "eq", value: 2 }] },
    contact_filter: { all: [region] },
    occurrence: "first",
    action: "remove",
  };

  it("keeps a condition the rows cannot show, and sends it back as it was", () => {
    const draft = draftOfRule(rule({ kind: "event", filter: null, event }));
    expect(draft).toMatchObject({
      kind: "event",
      eventRows: [],
      conditions: [region],
      occurrence: "first",
      action: "remove",
    });
    expect(ruleBody(draft, null)).toMatchObject({
      kind: "event",
      event_type: event.event_type,
      event_condition: event.event_condition,
      contact_filter: { all: [region] },
    });
  });

  it("sends the rows' condition, and no contact filter when there is none", () => {
    const draft = { ...draftOfRule(), kind: "event" as const, name: "n", groupId: "g" };
    const condition = { field: "version", op: "gt", value: 1 };
    expect(ruleBody({ ...draft, eventType: "t" }, condition)).toMatchObject({
      event_condition: condition,
      contact_filter: null,
    });
    expect(ruleProblems(draft)).toEqual(new Set(["eventType"]));
  });
});
