/** The card layout that applies to a contact, turned into the sections the card shows. */
import type { CardLayout, CustomField } from "../../api/types";

export type CardSection =
  | { kind: "main" }
  | { kind: "contacts" }
  | { kind: "company" }
  | { kind: "history" }
  /** `title` null: the custom fields no block of the layout placed. */
  | { kind: "custom"; title: string | null; fields: CustomField[] };

/** Visible blocks in the layout's order. Blocks of services that do not exist yet (finance,
 * communications, documents, tasks, map, statistics, bonuses) are left out rather than shown
 * empty. Custom fields shown on the card that no custom block lists get a section of their
 * own after the last custom block (before the history when there is none). */
export function cardSections(layout: CardLayout, fields: readonly CustomField[]): CardSection[] {
  const byKey = new Map(fields.map((field) => [field.key, field]));
  const placed = new Set(
    layout.blocks.flatMap((block) => (block.block === "custom" ? (block.fields ?? []) : [])),
  );
  const sections: CardSection[] = [];
  const blocks = [...layout.blocks].sort((a, b) => (a.order ?? 0) - (b.order ?? 0));
  for (const block of blocks) {
    if (block.visible === false) continue;
    if (block.block === "custom") {
      const shown = (block.fields ?? []).flatMap((key) => byKey.get(key) ?? []);
      if (shown.length) sections.push({ kind: "custom", title: block.title ?? "", fields: shown });
    } else if (
      block.block === "main" ||
      block.block === "contacts" ||
      block.block === "company" ||
      block.block === "history"
    ) {
      sections.push({ kind: block.block });
    }
  }
  const rest = fields
    .filter((field) => field.show_on_card && !placed.has(field.key))
    .sort((a, b) => (a.position ?? 0) - (b.position ?? 0));
  if (rest.length) {
    const lastCustom = sections.map((section) => section.kind).lastIndexOf("custom");
    const history = sections.findIndex((section) => section.kind === "history");
    const at = lastCustom >= 0 ? lastCustom + 1 : history >= 0 ? history : sections.length;
    sections.splice(at, 0, { kind: "custom", title: null, fields: rest });
  }
  return sections;
}

/** The custom fields of every section, in card order: the ones the form edits. */
export function sectionFields(sections: readonly CardSection[]): CustomField[] {
  return sections.flatMap((section) => (section.kind === "custom" ? section.fields : []));
}
