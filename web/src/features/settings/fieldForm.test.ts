import { describe, expect, it } from "vitest";
import { makeField } from "../../test/fixtures";
import {
  definitionOf,
  draftOfField,
  droppedOptions,
  emptyFieldDraft,
  keyFromLabel,
  moved,
  optionMapping,
  ordered,
  parseOptions,
  reportCounts,
} from "./fieldForm";

describe("keyFromLabel", () => {
  it("makes a key the service accepts from any label", () => {
    expect(keyFromLabel("Źródło pozyskania")).toBe("zrodlo_pozyskania");
    expect(keyFromLabel("Łódź — oddział")).toBe("lodz_oddzial");
    expect(keyFromLabel("  2nd phone!  ")).toBe("f_2nd_phone");
    expect(keyFromLabel("Größe")).toBe("grosse");
    expect(keyFromLabel("x".repeat(80))).toHaveLength(63);
    expect(keyFromLabel("")).toBe("f");
  });
});

describe("parseOptions", () => {
  it("reads one option a line, `value = label` or a label alone", () => {
    expect(parseOptions(" gold = Złoty \n\nsilver=\nBrąz\n = only label")).toEqual([
      { value: "gold", label: "Złoty" },
      { value: "silver", label: "silver" },
      { value: "Brąz", label: "Brąz" },
      { value: "only label", label: "only label" },
    ]);
  });
});

describe("draftOfField and definitionOf", () => {
  it("round-trip a stored field, keeping its position and settings", () => {
    const stored = makeField({
      key: "tier",
      label: "Tier",
      type: "dropdown",
      options: [
        { value: "gold", label: "Gold" },
        { value: "Silver", label: "Silver" },
      ],
      required: true,
      show_in_list: true,
      position: 30,
      settings: { note: 1 },
    });
    const draft = draftOfField(stored);
    expect(draft.options).toBe("gold = Gold\nSilver");
    expect(definitionOf(draft, stored)).toMatchObject({
      key: "tier",
      type: "dropdown",
      options: stored.options,
      required: true,
      show_in_list: true,
      show_on_card: true,
      position: 30,
      settings: { note: 1 },
    });
  });

  it("drops the stored settings when the type changes (the new type has its own)", () => {
    const stored = makeField({ key: "code", type: "text", settings: { max_length: 1000 } });
    const draft = draftOfField(stored);
    expect(definitionOf(draft, stored).settings).toEqual({ max_length: 1000 });
    expect(definitionOf({ ...draft, type: "integer" }, stored).settings).toEqual({});
  });

  it("sends no options for a type without them, and trims what was typed", () => {
    const draft = { ...emptyFieldDraft(), key: " visits ", label: " Visits ", options: "a\nb" };
    expect(definitionOf({ ...draft, type: "integer" })).toMatchObject({
      key: "visits",
      label: "Visits",
      options: [],
      position: 0,
    });
  });
});

describe("ordered and moved", () => {
  const fields = [
    makeField({ key: "c", position: 10 }),
    makeField({ key: "a", position: 10 }),
    makeField({ key: "b", position: 5 }),
  ];

  it("orders by position, then key", () => {
    expect(ordered(fields).map((field) => field.key)).toEqual(["b", "a", "c"]);
  });

  it("renumbers the list with the field moved, returning only what changes", () => {
    expect(moved(fields, "c", -1)).toEqual([
      { key: "b", position: 10 },
      { key: "c", position: 20 },
      { key: "a", position: 30 },
    ]);
    expect(moved(fields, "b", -1)).toEqual([]);
    expect(moved(fields, "c", 1)).toEqual([]);
    expect(moved(fields, "missing", 1)).toEqual([]);
  });
});

describe("droppedOptions and optionMapping", () => {
  const stored = makeField({
    key: "tier",
    type: "dropdown",
    options: [
      { value: "gold", label: "Gold" },
      { value: "silver", label: "Silver" },
      { value: "bronze", label: "Bronze" },
    ],
  });

  it("lists the stored options the draft no longer has", () => {
    const draft = { ...draftOfField(stored), options: "gold = Gold\nplatinum = Platinum" };
    expect(droppedOptions(stored, draft).map((option) => option.value)).toEqual([
      "silver",
      "bronze",
    ]);
    expect(droppedOptions(stored, { ...draft, type: "text" })).toEqual([]);
  });

  it("maps each dropped option to the chosen one, or to nothing", () => {
    const dropped = [{ value: "silver" }, { value: "bronze" }];
    expect(optionMapping(dropped, { silver: "platinum", bronze: "" })).toEqual({
      silver: "platinum",
      bronze: null,
    });
  });
});

describe("reportCounts", () => {
  it("counts an unconvertible value once, not also as cleared", () => {
    const report = { converted: 4, cleared: 3, unconvertible: 2, samples: [] };
    expect(reportCounts(report)).toEqual({ converted: 4, cleared: 1, unconvertible: 2 });
  });
});
