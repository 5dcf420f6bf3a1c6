import { describe, expect, it } from "vitest";
import { makeContact, makeField } from "../../test/fixtures";
import { defaultSide, fieldSources, mergeRows, type Side } from "./mergeFields";

const keep = makeContact({
  id: "keep",
  first_name: "Zofia",
  last_name: "Wójcik",
  region: "",
  birthday: "1990-05-01",
  custom: { tier: "gold", visits: 3 },
});
const other = makeContact({
  id: "other",
  first_name: "Zosia",
  last_name: "Wójcik",
  region: "mazowieckie",
  birthday: "1990-05-01",
  custom: { visits: 3, hobbies: ["sail"] },
});
const fields = [makeField({ key: "tier", label: "Tier" })];

describe("mergeRows", () => {
  it("lists only the fields the cards disagree on, custom ones by their label", () => {
    const rows = mergeRows(keep, other, fields);
    expect(rows.map((row) => row.field)).toEqual([
      "first_name",
      "region",
      "custom.hobbies",
      "custom.tier",
    ]);
    expect(rows[0]?.values).toEqual(["Zofia", "Zosia"]);
    expect(rows[1]?.values).toEqual(["", "mazowieckie"]);
    expect(rows[2]).toMatchObject({ label: { text: "hobbies" }, values: ["", "sail"] });
    expect(rows[3]).toMatchObject({ label: { text: "Tier" }, values: ["gold", ""] });
  });

  it("has nothing to choose for identical cards", () => {
    expect(mergeRows(keep, { ...keep, id: "copy" }, fields)).toEqual([]);
  });
});

describe("defaultSide and fieldSources", () => {
  it("keeps the staying card's value unless it has none", () => {
    const rows = mergeRows(keep, other, fields);
    expect(rows.map(defaultSide)).toEqual(["keep", "other", "other", "keep"]);
  });

  it("names the winning card of every row, the person's choices first", () => {
    const rows = mergeRows(keep, other, fields);
    const choices = new Map<string, Side>([
      ["first_name", "other"],
      ["custom.tier", "other"],
    ]);
    expect(fieldSources(rows, choices, "keep", "other")).toEqual({
      first_name: "other",
      region: "other",
      "custom.hobbies": "other",
      "custom.tier": "other",
    });
    expect(fieldSources(rows, new Map(), "keep", "other")).toEqual({
      first_name: "keep",
      region: "other",
      "custom.hobbies": "other",
      "custom.tier": "keep",
    });
  });
});
