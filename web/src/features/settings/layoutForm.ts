/** The card-layout form: its blocks in order, and the layout the API stores from it. */
import type { CustomField, LayoutBlock, LayoutIn, StoredLayout } from "../../api/types";

export type BlockKind = LayoutBlock["block"];

// A record rather than a list: a block the API adds fails to compile here until it is offered.
const STANDARD_ORDER: Record<Exclude<BlockKind, "custom">, true> = {
  main: true,
  contacts: true,
  company: true,
  finance: true,
  communications: true,
  documents: true,
  tasks: true,
  history: true,
  map: true,
  statistics: true,
  bonuses: true,
};

/** Every standard block, in the built-in layout's order. */
export const STANDARD_BLOCKS = Object.keys(STANDARD_ORDER) as readonly BlockKind[];

/** Blocks the web card draws today; the others belong to services still to come, and a layout
 * may already place them (the mobile app and later versions read the same layout). */
export const DRAWN_BLOCKS: ReadonlySet<BlockKind> = new Set([
  "main",
  "contacts",
  "company",
  "custom",
  "history",
]);

export interface DraftBlock {
  /** Stable across moves, so React keeps each row's inputs. */
  id: number;
  block: BlockKind;
  visible: boolean;
  /** A custom block's title (the others are named by the app). */
  title: string;
  /** A custom block's field keys, in order. */
  fields: string[];
}

export interface LayoutDraft {
  name: string;
  /** "" for the default layout (contacts in no group that has one). */
  groupId: string;
  blocks: DraftBlock[];
  /** Standard field names and `custom.<key>`. */
  required: string[];
}

let nextBlockId = 1;

function draftBlock(block: Omit<DraftBlock, "id">): DraftBlock {
  return { id: nextBlockId++, ...block };
}

/** The form of a stored layout, or of a new one for `groupId`: every standard block, shown. */
export function draftOfLayout(layout: StoredLayout | undefined, groupId = ""): LayoutDraft {
  if (!layout) {
    return {
      name: "",
      groupId,
      blocks: STANDARD_BLOCKS.map((block) =>
        draftBlock({ block, visible: true, title: "", fields: [] }),
      ),
      required: [],
    };
  }
  const blocks = [...layout.blocks].sort((a, b) => (a.order ?? 0) - (b.order ?? 0));
  return {
    name: layout.name,
    groupId: layout.group_id ?? "",
    blocks: blocks.map((block) =>
      draftBlock({
        block: block.block,
        visible: block.visible ?? true,
        title: block.title ?? "",
        fields: [...(block.fields ?? [])],
      }),
    ),
    required: [...layout.required_fields],
  };
}

/** What the API stores: blocks numbered 10, 20, 30… in the form's order (room to insert). */
export function layoutBody(draft: LayoutDraft): LayoutIn {
  return {
    name: draft.name.trim(),
    group_id: draft.groupId || null,
    blocks: draft.blocks.map((block, index) => ({
      block: block.block,
      order: (index + 1) * 10,
      visible: block.visible,
      title: block.block === "custom" ? block.title.trim() : "",
      fields: block.block === "custom" ? block.fields : [],
    })),
    required_fields: draft.required,
  };
}

/** The blocks with the one at `index` moved one place up (-1) or down (1). */
export function moveBlock(blocks: readonly DraftBlock[], index: number, by: -1 | 1): DraftBlock[] {
  const to = index + by;
  if (index < 0 || to < 0 || to >= blocks.length) return [...blocks];
  const next = [...blocks];
  [next[index], next[to]] = [next[to] as DraftBlock, next[index] as DraftBlock];
  return next;
}

/** A new custom block, shown, placed before the history (where a card's own fields read
 * best), or last when the layout has no history block. */
export function withCustomBlock(blocks: readonly DraftBlock[], title: string): DraftBlock[] {
  const block = draftBlock({ block: "custom", visible: true, title, fields: [] });
  const history = blocks.findIndex((candidate) => candidate.block === "history");
  const at = history >= 0 ? history : blocks.length;
  return [...blocks.slice(0, at), block, ...blocks.slice(at)];
}

/** Field key → the id of the custom block showing it: a field shows in one block at most
 * (the service refuses a second), so the form offers it only there. */
export function placedFields(blocks: readonly DraftBlock[]): Map<string, number> {
  const placed = new Map<string, number>();
  for (const block of blocks) {
    if (block.block !== "custom") continue;
    for (const key of block.fields) if (!placed.has(key)) placed.set(key, block.id);
  }
  return placed;
}

/** The block's fields with `key` added (at the end) or taken out. */
export function toggleField(block: DraftBlock, key: string, on: boolean): DraftBlock {
  const fields = block.fields.filter((field) => field !== key);
  return { ...block, fields: on ? [...fields, key] : fields };
}

/** Names of the fields a layout may require, standard first, then the custom ones in their
 * own order, each with the label it shows. */
export function requirableFields(
  standard: readonly string[],
  custom: readonly CustomField[],
  standardLabel: (name: string) => string,
): { name: string; label: string }[] {
  return [
    ...standard.map((name) => ({ name, label: standardLabel(name) })),
    ...[...custom]
      .sort((a, b) => (a.position ?? 0) - (b.position ?? 0) || a.key.localeCompare(b.key))
      .map((field) => ({ name: `custom.${field.key}`, label: field.label })),
  ];
}

/** What is wrong with the form before it is sent: a name, and a title on each custom block
 * (the service says the same, but only about the first). */
export function layoutProblems(draft: LayoutDraft): Map<string, "required"> {
  const problems = new Map<string, "required">();
  if (!draft.name.trim()) problems.set("name", "required");
  draft.blocks.forEach((block, index) => {
    if (block.block === "custom" && !block.title.trim())
      problems.set(`blocks[${index}].title`, "required");
  });
  return problems;
}
