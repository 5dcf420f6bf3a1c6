import { describe, expect, it } from "vitest";
import type { EventField } from "../../api/types";
import { buildEventCondition, eventOps, eventRowsOf } from "./eventCondition";

const field = (path: string, type: EventField["type"], extra: Partial<EventField> = {}) => ({
  path,
  type,
  repeated: false,
  enum_values: [],
  ...extra,
});
const fields: EventField[] = [
  field("kind", "enum", { enum_values: ["PERSON", "COMPANY"] }),
  field("version", "integer"),
  field("changed_fields", "string", { repeated: true }),
  field("region", "string"),
];

describe("eventOps", () => {
  it("offers what the service allows: membership only on a list field", () => {
    expect(eventOps(fields[2] as EventField)).toEqual(["contains", "exists"]);
    expect(eventOps(fields[0] as EventField)).toEqual(["eq", "ne", "in", "exists"]);
  });
});

describe("buildEventCondition", () => {
  it("types each value as the field's type; one row is a bare test, more are all-of", () => {
    expect(buildEventCondition([{ field: "version", op: "gte", value: " 2 " }], fields)).toEqual({
      condition: { field: "version", op: "gte", value: 2 },
    });
    expect(
      buildEventCondition(
        [
          { field: "kind", op: "in", value: "PERSON, COMPANY" },
          { field: "changed_fields", op: "contains", value: "region" },
          { field: "region", op: "exists", value: "ignored" },
        ],
        fields,
      ),
    ).toEqual({
      condition: {
        all: [
          { field: "kind", op: "in", value: ["PERSON", "COMPANY"] },
          { field: "changed_fields", op: "contains", value: "region" },
          { field: "region", op: "exists" },
        ],
      },
    });
  });

  it("is null without rows: every event of the type", () => {
    expect(buildEventCondition([], fields)).toEqual({ condition: null });
  });

  it("points at rows with a missing, mistyped or unknown value", () => {
    const rows = [
      { field: "version", op: "eq", value: "2.5" },
      { field: "kind", op: "eq", value: "ROBOT" },
      { field: "region", op: "eq", value: "" },
      { field: "nope", op: "eq", value: "x" },
      { field: "changed_fields", op: "eq", value: "x" },
      { field: "region", op: "eq", value: "pomorskie" },
    ];
    expect(buildEventCondition(rows, fields)).toEqual({ invalid: [0, 1, 2, 3, 4] });
  });
});

describe("eventRowsOf", () => {
  it("reads back what buildEventCondition makes", () => {
    const rows = [
      { field: "kind", op: "in", value: "PERSON, COMPANY" },
      { field: "version", op: "gt", value: "1" },
    ];
    const built = buildEventCondition(rows, fields);
    expect("condition" in built && eventRowsOf(built.condition)).toEqual(rows);
    expect(eventRowsOf(null)).toEqual([]);
  });

  it("gives up on a condition rows cannot show", () => {
    expect(eventRowsOf({ any: [{ field: "version", op: "eq", value: 1 }] })).toBeNull();
    expect(eventRowsOf({ not: { field: "version", op: "eq", value: 1 } })).toBeNull();
  });
});
