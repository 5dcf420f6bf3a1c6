import { describe, expect, it } from "vitest";
import type { CardLayout } from "../../api/types";
import { makeField } from "../../test/fixtures";
import { cardSections, sectionFields } from "./cardSections";

function layout(blocks: CardLayout["blocks"]): CardLayout {
  return {
    id: "l-1",
    name: "VIP",
    group_id: "g-1",
    blocks,
    required_fields: [],
    created_at: null,
    updated_at: null,
    source: "group",
  };
}

const tier = makeField({ key: "tier", show_on_card: true, position: 2 });
const visits = makeField({ key: "visits", show_on_card: true, position: 1 });
const secret = makeField({ key: "secret", show_on_card: false });

describe("cardSections", () => {
  it("follows the layout's order and leaves out hidden blocks and absent services", () => {
    const sections = cardSections(
      layout([
        { block: "history", order: 9 },
        { block: "contacts", order: 2 },
        { block: "main", order: 1 },
        { block: "company", order: 3, visible: false },
        { block: "finance", order: 4 },
      ]),
      [],
    );
    expect(sections.map((section) => section.kind)).toEqual(["main", "contacts", "history"]);
  });

  it("fills custom blocks with their fields, even ones not shown on cards by default", () => {
    const sections = cardSections(
      layout([
        { block: "main", order: 1 },
        { block: "custom", order: 2, title: "Sales", fields: ["secret", "tier", "gone"] },
        { block: "custom", order: 3, title: "Empty", fields: ["gone"] },
        { block: "history", order: 4 },
      ]),
      [tier, visits, secret],
    );
    expect(sections).toEqual([
      { kind: "main" },
      { kind: "custom", title: "Sales", fields: [secret, tier] },
      { kind: "custom", title: null, fields: [visits] },
      { kind: "history" },
    ]);
    expect(sectionFields(sections).map((field) => field.key)).toEqual(["secret", "tier", "visits"]);
  });

  it("puts unplaced card fields before the history when the layout has no custom block", () => {
    const sections = cardSections(
      layout([
        { block: "main", order: 1 },
        { block: "history", order: 2 },
      ]),
      [tier, visits, secret],
    );
    expect(sections).toEqual([
      { kind: "main" },
      { kind: "custom", title: null, fields: [visits, tier] },
      { kind: "history" },
    ]);
  });
});
