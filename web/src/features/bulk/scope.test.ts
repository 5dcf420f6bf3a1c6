import { describe, expect, it } from "vitest";
import { allLoadedSelected, scopeSize, selectAllLoaded, selectionOf } from "./scope";

describe("selectionOf", () => {
  it("lists the selected ids for the selected rows", () => {
    const selection = selectionOf("selected", new Set(["a", "b"]), { search: "kowal" });
    expect(selection).toEqual({ contact_ids: ["a", "b"] });
  });

  it("sends the page's filter, not the ids, for everything the filter selects", () => {
    const filter = {
      all: [{ search: "kowal" }, { field: "region", op: "eq", value: "pomorskie" }],
    };
    expect(selectionOf("filtered", new Set(["a"]), filter)).toEqual({ filter });
  });

  it("sends an always-true filter when the page has none (the API needs ids or a filter)", () => {
    expect(selectionOf("filtered", new Set(["a"]), null)).toEqual({ filter: { all: [] } });
  });
});

describe("select all on this page", () => {
  it("adds the loaded rows and keeps rows selected before", () => {
    const next = selectAllLoaded(new Set(["x"]), ["a", "b"]);
    expect([...next].sort()).toEqual(["a", "b", "x"]);
    expect(allLoadedSelected(next, ["a", "b"])).toBe(true);
    expect(allLoadedSelected(new Set(["a"]), ["a", "b"])).toBe(false);
  });
});

describe("scopeSize", () => {
  it("counts the selected rows exactly", () => {
    expect(scopeSize("selected", new Set(["a", "b"]), 300_000, true)).toEqual({
      number: 2,
      estimate: false,
    });
  });

  it("takes the search's total, and says when it is an estimate", () => {
    expect(scopeSize("filtered", new Set(["a"]), 300_000, true)).toEqual({
      number: 300_000,
      estimate: true,
    });
    expect(scopeSize("filtered", new Set(["a"]), null, false)).toBeNull();
  });
});
