import { describe, expect, it } from "vitest";
import { makeField } from "../../test/fixtures";
import { EMPTY_DRAFT, fieldChoices, operationOf, type ActionDraft } from "./operations";

const ME = "u-me";
const visits = makeField({ key: "visits", type: "integer", position: 2 });
const tags = makeField({ key: "tags", type: "multi_select", position: 1 });
const nip = makeField({ key: "nip", unique: true });
const stage = makeField({ key: "stage", required: true, type: "dropdown" });
const FIELDS = [visits, tags, nip, stage];

function draft(change: Partial<ActionDraft>): ActionDraft {
  return { ...EMPTY_DRAFT, ...change };
}

describe("operationOf: groups", () => {
  it("adds to or removes from the chosen group", () => {
    expect(operationOf(draft({ action: "add_to_group", groupId: "g1" }), ME, [])).toEqual({
      operation: { op: "add_to_group", group_id: "g1" },
    });
    expect(operationOf(draft({ action: "remove_from_group", groupId: "g1" }), ME, [])).toEqual({
      operation: { op: "remove_from_group", group_id: "g1" },
    });
    expect(operationOf(draft({ action: "add_to_group" }), ME, [])).toEqual({ gap: "group" });
  });

  it("moves between two different groups, the one left given as from_group_id", () => {
    const move = draft({ action: "move_to_group", fromGroupId: "g1", groupId: "g2" });
    expect(operationOf(move, ME, [])).toEqual({
      operation: { op: "move_to_group", group_id: "g2", from_group_id: "g1" },
    });
    expect(operationOf({ ...move, fromGroupId: "" }, ME, [])).toEqual({ gap: "fromGroup" });
    expect(operationOf({ ...move, groupId: "" }, ME, [])).toEqual({ gap: "group" });
    expect(operationOf({ ...move, groupId: "g1" }, ME, [])).toEqual({ gap: "sameGroup" });
  });
});

describe("operationOf: manager, delete", () => {
  it("assigns the signed-in account, or nobody (null clears)", () => {
    expect(operationOf(draft({ action: "assign_manager", manager: "me" }), ME, [])).toEqual({
      operation: { op: "assign_manager", manager_id: ME },
    });
    expect(operationOf(draft({ action: "assign_manager", manager: "nobody" }), ME, [])).toEqual({
      operation: { op: "assign_manager", manager_id: null },
    });
  });

  it("deletes with no arguments", () => {
    expect(operationOf(draft({ action: "delete", groupId: "g1" }), ME, [])).toEqual({
      operation: { op: "delete" },
    });
  });
});

describe("operationOf: fields", () => {
  it("sets a standard field to the trimmed text", () => {
    const set = draft({ action: "set_field", field: "source", value: "  Targi 2026 " });
    expect(operationOf(set, ME, FIELDS)).toEqual({
      operation: { op: "set_field", field: "source", value: "Targi 2026" },
    });
  });

  it("sends a custom value as typed text, a multi-select as its list", () => {
    const visitsDraft = draft({ action: "set_field", field: "custom.visits", value: " 12 " });
    expect(operationOf(visitsDraft, ME, FIELDS)).toEqual({
      operation: { op: "set_field", field: "custom.visits", value: "12" },
    });
    const tagsDraft = draft({ action: "set_field", field: "custom.tags", value: "a, b;c" });
    expect(operationOf(tagsDraft, ME, FIELDS)).toEqual({
      operation: { op: "set_field", field: "custom.tags", value: ["a", "b", "c"] },
    });
  });

  it("wants a value to set: clearing is the other action", () => {
    for (const value of ["", "   "]) {
      const set = draft({ action: "set_field", field: "region", value });
      expect(operationOf(set, ME, FIELDS)).toEqual({ gap: "value" });
    }
    const emptyList = draft({ action: "set_field", field: "custom.tags", value: " , ;" });
    expect(operationOf(emptyList, ME, FIELDS)).toEqual({ gap: "value" });
  });

  it("clears a field with a null value", () => {
    const clear = draft({ action: "clear_field", field: "custom.visits", value: "ignored" });
    expect(operationOf(clear, ME, FIELDS)).toEqual({
      operation: { op: "set_field", field: "custom.visits", value: null },
    });
  });

  it("refuses a field the action cannot target, or none at all", () => {
    expect(operationOf(draft({ action: "set_field" }), ME, FIELDS)).toEqual({ gap: "field" });
    const unique = draft({ action: "set_field", field: "custom.nip", value: "1" });
    expect(operationOf(unique, ME, FIELDS)).toEqual({ gap: "field" });
    const required = draft({ action: "clear_field", field: "custom.stage" });
    expect(operationOf(required, ME, FIELDS)).toEqual({ gap: "field" });
    const name = draft({ action: "set_field", field: "first_name", value: "Jan" });
    expect(operationOf(name, ME, FIELDS)).toEqual({ gap: "field" });
  });
});

describe("fieldChoices", () => {
  it("offers the bulk-settable standard fields, then custom ones in their order", () => {
    expect(fieldChoices("set_field", FIELDS).map((choice) => choice.key)).toEqual([
      "region",
      "source",
      "description",
      "activity_id",
      "custom.stage",
      "custom.tags",
      "custom.visits",
    ]);
  });

  it("leaves out unique fields from set and required fields from clear", () => {
    const set = fieldChoices("set_field", FIELDS).map((choice) => choice.key);
    const clear = fieldChoices("clear_field", FIELDS).map((choice) => choice.key);
    expect(set).not.toContain("custom.nip");
    expect(clear).toContain("custom.nip");
    expect(clear).not.toContain("custom.stage");
    expect(set).toContain("custom.stage");
  });
});
