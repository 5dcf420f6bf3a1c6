import { describe, expect, it } from "vitest";
import type { FilterField } from "../../api/types";
import {
  buildCondition,
  inputsOf,
  parseConditions,
  serializeConditions,
  valueShape,
} from "./conditions";

function field(name: string, value_kind: string): FilterField {
  return { field: name, value_kind, operators: [], choices: [] };
}

const visits = field("custom.visits", "integer");
const phone = field("phone", "phone");
const region = field("region", "text");

describe("valueShape", () => {
  it("says how many values each operator takes", () => {
    expect(["empty", "eq", "in", "between", "within_last_days", "has_all"].map(valueShape)).toEqual(
      ["none", "one", "list", "pair", "days", "list"],
    );
  });
});

describe("buildCondition", () => {
  it("types values by the field's kind", () => {
    expect(buildCondition(visits, "between", [" 3", "10 "])).toEqual({
      condition: { field: "custom.visits", op: "between", value: [3, 10] },
    });
    expect(buildCondition(phone, "eq", ["+48 600-100 200"])).toEqual({
      condition: { field: "phone", op: "eq", value: "+48600100200" },
    });
    expect(buildCondition(field("custom.vip", "checkbox"), "eq", ["true"])).toEqual({
      condition: { field: "custom.vip", op: "eq", value: true },
    });
  });

  it("splits a list at commas and needs no value for emptiness", () => {
    expect(buildCondition(region, "in", ["opolskie, , śląskie"])).toEqual({
      condition: { field: "region", op: "in", value: ["opolskie", "śląskie"] },
    });
    expect(buildCondition(region, "empty", ["ignored"])).toEqual({
      condition: { field: "region", op: "empty" },
    });
  });

  it("reports missing input instead of sending a half condition", () => {
    expect(buildCondition(region, "eq", ["  "])).toEqual({ missing: true });
    expect(buildCondition(visits, "between", ["3", ""])).toEqual({ missing: true });
    expect(buildCondition(region, "in", [" , "])).toEqual({ missing: true });
    expect(buildCondition(field("birthday", "date"), "within_last_days", ["-1"])).toEqual({
      missing: true,
    });
    expect(buildCondition(field("birthday", "date"), "within_last_days", ["30"])).toEqual({
      condition: { field: "birthday", op: "within_last_days", value: 30 },
    });
  });
});

describe("inputsOf", () => {
  it("gives back the inputs a condition was built from", () => {
    for (const [op, inputs] of [
      ["between", ["3", "10"]],
      ["in", ["1, 2"]],
      ["eq", ["7"]],
      ["empty", []],
    ] as const) {
      const built = buildCondition(visits, op, inputs);
      if (!("condition" in built)) throw new Error(`${op} not built`);
      expect(inputsOf(built.condition)).toEqual(inputs);
    }
  });
});

describe("parseConditions and serializeConditions", () => {
  it("round-trip the builder's conditions through the URL", () => {
    const conditions = [
      { field: "custom.visits", op: "gte", value: 3 },
      { field: "region", op: "not_empty" },
    ];
    expect(parseConditions(serializeConditions(conditions))).toEqual(conditions);
    expect(serializeConditions([])).toBeNull();
    expect(parseConditions(null)).toEqual([]);
    expect(parseConditions('{"field":"region"}')).toEqual([]);
  });

  it("keeps other nodes of the filter language, and drops what is no node", () => {
    const nodes = [
      { any: [{ search: "kowal" }, { field: "region", op: "empty" }] },
      { not: { group: "g-1", op: "in" } },
      { company: "c-1", holding: true },
    ];
    const junk = [{ field: "region" }, { search: "x", group: "g" }, [1], "text", null];
    expect(parseConditions(JSON.stringify([...nodes, ...junk]))).toEqual(nodes);
  });
});
