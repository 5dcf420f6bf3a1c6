import { describe, expect, it } from "vitest";
import type { Group } from "../../api/types";
import { discountText, parentChoices, treeRows, withDiscount } from "./groupForm";

function group(id: string, path: string[], position = 0): Group {
  return {
    id,
    parent_id: path.length > 1 ? (path.at(-2) ?? null) : null,
    name: id.toUpperCase(),
    path,
    attributes: {},
    priority: 0,
    position,
    member_count: 0,
    subtree_member_count: 0,
    created_at: "2024-01-01T00:00:00Z",
  };
}

// a ─ b ─ c, and d beside a.
const groups = [
  group("a", ["a"]),
  group("b", ["a", "b"]),
  group("c", ["a", "b", "c"]),
  group("d", ["d"], 1),
];

describe("parentChoices", () => {
  it("leaves out the group and everything under it", () => {
    expect(parentChoices(groups, "b").map((option) => option.id)).toEqual(["a", "d"]);
    expect(parentChoices(groups, "a").map((option) => option.id)).toEqual(["d"]);
    expect(parentChoices(groups, "c").map((option) => option.label)).toEqual(["A", "A › B", "D"]);
  });
});

describe("treeRows", () => {
  it("lists the tree in order with each group's depth", () => {
    expect(treeRows(groups).map(({ group: g, depth }) => `${g.id}${depth}`)).toEqual([
      "a0",
      "b1",
      "c2",
      "d0",
    ]);
  });
});

describe("withDiscount and discountText", () => {
  const attributes = { layout_hint: "x", discount_percent: 5 };

  it("sets a percent, with a comma or a dot, keeping other attributes", () => {
    expect(withDiscount(attributes, " 12,5 ")).toEqual({
      attributes: { layout_hint: "x", discount_percent: 12.5 },
    });
    expect(withDiscount({}, "100")).toEqual({ attributes: { discount_percent: 100 } });
    expect(discountText(attributes)).toBe("5");
    expect(discountText({})).toBe("");
  });

  it("removes it when emptied", () => {
    expect(withDiscount(attributes, "")).toEqual({ attributes: { layout_hint: "x" } });
  });

  it("refuses what is no percent", () => {
    for (const text of ["-1", "100.01", "abc", "1.234", "1e2"]) {
      expect(withDiscount(attributes, text), text).toEqual({ invalid: true });
    }
  });
});
