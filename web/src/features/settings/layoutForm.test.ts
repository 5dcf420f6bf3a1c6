import { describe, expect, it } from "vitest";
import type { StoredLayout } from "../../api/types";
import { makeField } from "../../test/fixtures";
import {
  draftOfLayout,
  layoutBody,
  layoutProblems,
  moveBlock,
  placedFields,
  requirableFields,
  STANDARD_BLOCKS,
  toggleField,
  withCustomBlock,
} from "./layoutForm";

const stored: StoredLayout = {
  id: "l-1",
  name: "VIP card",
  group_id: "g-1",
  blocks: [
    { block: "history", order: 30, visible: true, title: "", fields: [] },
    { block: "main", order: 10, visible: true, title: "", fields: [] },
    { block: "custom", order: 20, visible: false, title: "Visits", fields: ["visits"] },
  ],
  required_fields: ["region", "custom.visits"],
  created_at: null,
  updated_at: null,
};

describe("draftOfLayout and layoutBody", () => {
  it("round-trip a stored layout, renumbering the blocks in their order", () => {
    const body = layoutBody(draftOfLayout(stored));
    expect(body).toEqual({
      name: "VIP card",
      group_id: "g-1",
      blocks: [
        { block: "main", order: 10, visible: true, title: "", fields: [] },
        { block: "custom", order: 20, visible: false, title: "Visits", fields: ["visits"] },
        { block: "history", order: 30, visible: true, title: "", fields: [] },
      ],
      required_fields: ["region", "custom.visits"],
    });
  });

  it("start a new layout with every standard block shown; no group is the default", () => {
    const draft = draftOfLayout(undefined, "g-2");
    expect(draft.blocks.map((block) => block.block)).toEqual(STANDARD_BLOCKS);
    expect(draft.blocks.every((block) => block.visible)).toBe(true);
    expect(layoutBody({ ...draft, groupId: "" }).group_id).toBeNull();
  });
});

describe("moveBlock and withCustomBlock", () => {
  const blocks = draftOfLayout(stored).blocks;

  it("swap neighbours, and do nothing past either end", () => {
    expect(moveBlock(blocks, 2, -1).map((b) => b.block)).toEqual(["main", "history", "custom"]);
    expect(moveBlock(blocks, 0, -1)).toEqual(blocks);
    expect(moveBlock(blocks, 2, 1)).toEqual(blocks);
  });

  it("put a new custom block before the history, or last without one", () => {
    expect(withCustomBlock(blocks, "New").map((b) => b.title || b.block)).toEqual([
      "main",
      "Visits",
      "New",
      "history",
    ]);
    const noHistory = blocks.filter((block) => block.block !== "history");
    expect(withCustomBlock(noHistory, "New").at(-1)?.title).toBe("New");
  });
});

describe("placedFields and toggleField", () => {
  it("know which block shows each field", () => {
    const [main, custom] = draftOfLayout(stored).blocks;
    if (!main || !custom) throw new Error("fixture");
    expect(placedFields([main, custom])).toEqual(new Map([["visits", custom.id]]));
    const more = toggleField(custom, "tier", true);
    expect(more.fields).toEqual(["visits", "tier"]);
    expect(toggleField(more, "visits", false).fields).toEqual(["tier"]);
  });
});

describe("layoutProblems", () => {
  it("asks for a name and a title on each custom block", () => {
    const draft = draftOfLayout(undefined);
    const blocks = withCustomBlock(draft.blocks, " ");
    const at = blocks.findIndex((block) => block.block === "custom");
    expect([...layoutProblems({ ...draft, blocks }).keys()]).toEqual([
      "name",
      `blocks[${at}].title`,
    ]);
    expect(layoutProblems(draftOfLayout(stored)).size).toBe(0);
  });
});

describe("requirableFields", () => {
  it("lists standard fields, then custom ones in their order, by label", () => {
    const fields = [
      makeField({ key: "b", label: "B", position: 20 }),
      makeField({ key: "a", label: "A", position: 10 }),
    ];
    expect(requirableFields(["region"], fields, (name) => name.toUpperCase())).toEqual([
      { name: "region", label: "REGION" },
      { name: "custom.a", label: "A" },
      { name: "custom.b", label: "B" },
    ]);
  });
});
