/** Which fields two duplicate cards disagree on, the winner picked for each, and the
 * `field_sources` of the merge request that says so. */
import type { Contact, CustomField } from "../../api/types";
import { showCustomValue } from "../contacts/columns";

export type Side = "keep" | "other";

export interface MergeRow {
  /** The merge API's field name: a standard field, or `custom.<key>`. */
  field: string;
  label: { key: string } | { text: string };
  /** Each card's value as text ("" when empty), [the card that stays, the other]. */
  values: readonly [string, string];
}

/** Single-valued fields a person picks between. Lists (emails, phones, addresses) are united
 * by the merge; ids shown as such (company, manager, activity) follow the default rule. */
const STANDARD_FIELDS = [
  "first_name",
  "middle_name",
  "last_name",
  "company_name",
  "gender",
  "birthday",
  "region",
  "source",
  "description",
] as const;

type StandardField = (typeof STANDARD_FIELDS)[number];

function standardText(contact: Contact, field: StandardField): string {
  return contact[field] ?? "";
}

/** The rows where the two cards differ: nothing to choose where they agree. */
export function mergeRows(
  keep: Contact,
  other: Contact,
  fields: readonly CustomField[],
): MergeRow[] {
  const rows: MergeRow[] = [];
  for (const field of STANDARD_FIELDS) {
    const values = [standardText(keep, field), standardText(other, field)] as const;
    if (values[0] !== values[1]) rows.push({ field, label: { key: `columns.${field}` }, values });
  }
  const labels = new Map(fields.map((field) => [field.key, field.label]));
  const keys = [...new Set([...Object.keys(keep.custom), ...Object.keys(other.custom)])].sort();
  for (const key of keys) {
    const values = [showCustomValue(keep.custom[key]), showCustomValue(other.custom[key])] as const;
    if (values[0] !== values[1]) {
      rows.push({ field: `custom.${key}`, label: { text: labels.get(key) ?? key }, values });
    }
  }
  return rows;
}

/** What the merge does unasked: the staying card's value, or the other's where it has none. */
export function defaultSide(row: MergeRow): Side {
  return row.values[0] === "" && row.values[1] !== "" ? "other" : "keep";
}

/** Every shown row's choice, sent explicitly: the preview and the merge then do exactly what
 * the screen shows, whatever the server's default. */
export function fieldSources(
  rows: readonly MergeRow[],
  choices: ReadonlyMap<string, Side>,
  keepId: string,
  otherId: string,
): Record<string, string> {
  const sources: Record<string, string> = {};
  for (const row of rows) {
    const side = choices.get(row.field) ?? defaultSide(row);
    sources[row.field] = side === "keep" ? keepId : otherId;
  }
  return sources;
}
