/** The custom-field form as text, the definition it sends, and the order of the field list. */
import type { CustomField, CustomFieldChanged, CustomFieldIn } from "../../api/types";

export type FieldType = CustomField["type"];

// A record rather than a list: a type the API adds fails to compile here until it is offered.
const TYPES_IN_ORDER: Record<FieldType, true> = {
  text: true,
  long_text: true,
  integer: true,
  decimal: true,
  money: true,
  date: true,
  datetime: true,
  checkbox: true,
  dropdown: true,
  multi_select: true,
  link: true,
  contact_ref: true,
};

/** Every type in the order the form offers them (the twelve of the contacts service). */
export const FIELD_TYPES = Object.keys(TYPES_IN_ORDER) as readonly FieldType[];

/** Where a field shows: each a flag of the definition. */
export const PLACES = [
  "show_on_card",
  "show_in_list",
  "show_on_create",
  "show_in_portal",
  "show_in_processes",
] as const;
export type Place = (typeof PLACES)[number];

export interface FieldDraft {
  key: string;
  label: string;
  type: FieldType;
  /** One option a line: `value = Label`, or just the label (its value is made from it). */
  options: string;
  help_text: string;
  required: boolean;
  unique: boolean;
  filterable: boolean;
  places: Record<Place, boolean>;
}

export function hasOptions(type: FieldType): boolean {
  return type === "dropdown" || type === "multi_select";
}

// Polish letters have no decomposition to ASCII (ł), so they are mapped by hand.
const LATIN: Record<string, string> = { ł: "l", Ł: "l", ß: "ss", æ: "ae", ø: "o", đ: "d" };

/** A key from a label, as the service allows keys: `[a-z][a-z0-9_]{0,62}`. */
export function keyFromLabel(label: string): string {
  const ascii = label
    .replace(/[łŁßæøđ]/g, (char) => LATIN[char] ?? "")
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "");
  const key = /^[a-z]/.test(ascii) ? ascii : `f_${ascii}`;
  return key.slice(0, 63).replace(/_+$/, "");
}

export function emptyFieldDraft(): FieldDraft {
  return {
    key: "",
    label: "",
    type: "text",
    options: "",
    help_text: "",
    required: false,
    unique: false,
    filterable: false,
    places: {
      show_on_card: true,
      show_in_list: false,
      show_on_create: false,
      show_in_portal: false,
      show_in_processes: false,
    },
  };
}

export function draftOfField(field: CustomField): FieldDraft {
  return {
    key: field.key,
    label: field.label,
    type: field.type,
    options: (field.options ?? [])
      .map((option) =>
        option.value === option.label ? option.label : `${option.value} = ${option.label}`,
      )
      .join("\n"),
    help_text: field.help_text ?? "",
    required: field.required ?? false,
    unique: field.unique ?? false,
    filterable: field.filterable ?? false,
    places: {
      show_on_card: field.show_on_card ?? true,
      show_in_list: field.show_in_list ?? false,
      show_on_create: field.show_on_create ?? false,
      show_in_portal: field.show_in_portal ?? false,
      show_in_processes: field.show_in_processes ?? false,
    },
  };
}

/** The options typed one a line; a line without `=` is its own value and label. */
export function parseOptions(text: string): { value: string; label: string }[] {
  return text
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const at = line.indexOf("=");
      if (at < 0) return { value: line, label: line };
      const value = line.slice(0, at).trim();
      const label = line.slice(at + 1).trim();
      return { value: value || label, label: label || value };
    });
}

/** The definition the form sends; `position` and `settings` are kept from the stored field.
 * Settings are per type (a text's `max_length`, a decimal's `scale`) and the service refuses
 * one the new type does not have, so a type change starts from the new type's defaults. */
export function definitionOf(draft: FieldDraft, stored?: CustomField): CustomFieldIn {
  const settings = stored && stored.type === draft.type ? (stored.settings ?? {}) : {};
  return {
    key: draft.key.trim(),
    label: draft.label.trim(),
    type: draft.type,
    options: hasOptions(draft.type) ? parseOptions(draft.options) : [],
    help_text: draft.help_text.trim(),
    required: draft.required,
    unique: draft.unique,
    filterable: draft.filterable,
    ...draft.places,
    position: stored?.position ?? 0,
    settings,
  };
}

/** Fields in display order (position, then key, as the service lists them). */
export function ordered(fields: readonly CustomField[]): CustomField[] {
  return [...fields].sort(
    (a, b) => (a.position ?? 0) - (b.position ?? 0) || a.key.localeCompare(b.key),
  );
}

/** The definitions to store so that `key` moves one place up or down: the list is renumbered
 * 10, 20, 30…, and only fields whose position changes are returned. */
export function moved(
  fields: readonly CustomField[],
  key: string,
  by: -1 | 1,
): { key: string; position: number }[] {
  const list = ordered(fields);
  const from = list.findIndex((field) => field.key === key);
  const to = from + by;
  if (from < 0 || to < 0 || to >= list.length) return [];
  const next = [...list];
  [next[from], next[to]] = [next[to] as CustomField, next[from] as CustomField];
  return next.flatMap((field, index) => {
    const position = (index + 1) * 10;
    return field.position === position ? [] : [{ key: field.key, position }];
  });
}

/** Options of the stored field that the draft drops: each needs a say in what its stored
 * values become (another option, or nothing), or the service refuses the change. */
export function droppedOptions(
  stored: CustomField,
  draft: FieldDraft,
): { value: string; label: string }[] {
  if (!hasOptions(stored.type) || !hasOptions(draft.type)) return [];
  const kept = new Set(parseOptions(draft.options).map((option) => option.value));
  return (stored.options ?? []).filter((option) => !kept.has(option.value));
}

/** The mapping the service wants: every dropped option to a kept one, or null (cleared). */
export function optionMapping(
  dropped: readonly { value: string }[],
  chosen: Readonly<Record<string, string>>,
): Record<string, string | null> {
  const mapping: Record<string, string | null> = {};
  for (const option of dropped) mapping[option.value] = chosen[option.value] || null;
  return mapping;
}

/** The counts a change report shows. The check runs with `clear_unconvertible` (else the
 * service refuses instead of counting), so `cleared` there includes every unconvertible value:
 * they are taken out so that each value is counted once. */
export function reportCounts(report: CustomFieldChanged["report"]): {
  converted: number;
  cleared: number;
  unconvertible: number;
} {
  return {
    converted: report.converted,
    cleared: Math.max(0, report.cleared - report.unconvertible),
    unconvertible: report.unconvertible,
  };
}
