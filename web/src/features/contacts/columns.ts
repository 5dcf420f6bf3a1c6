/** The table's columns: how each shows a card's value and turns typed text into a patch. */
import type { Contact, ContactPatch, CustomField } from "../../api/types";

export interface Column {
  /** A standard field name or `custom.<key>`: the names saved views use. */
  id: string;
  /** A translation key for standard columns; the field's own label for custom ones. */
  label: { key: string } | { text: string };
  read: (contact: Contact) => string;
  /** The patch that stores `text`; absent for read-only columns. */
  write?: (contact: Contact, text: string) => ContactPatch;
}

type TextField =
  "first_name" | "middle_name" | "last_name" | "company_name" | "region" | "source" | "description";

function textColumn(field: TextField): Column {
  return {
    id: field,
    label: { key: `columns.${field}` },
    read: (contact) => contact[field],
    write: (_contact, text) => ({ [field]: text.trim() }),
  };
}

function readOnly(id: string, read: (contact: Contact) => string): Column {
  return { id, label: { key: `columns.${id}` }, read };
}

/** Email and phone cells show and edit the first one; the card edits the whole list. */
const emailColumn: Column = {
  id: "email",
  label: { key: "columns.email" },
  read: (contact) => contact.emails[0]?.address ?? "",
  write: (contact, text) => {
    const [first, ...rest] = contact.emails;
    const address = text.trim();
    if (!address) return { emails: rest };
    return { emails: [{ label: "", primary: false, ...first, address }, ...rest] };
  },
};

const phoneColumn: Column = {
  id: "phone",
  label: { key: "columns.phone" },
  read: (contact) => contact.phones[0]?.number ?? "",
  write: (contact, text) => {
    const [first, ...rest] = contact.phones;
    const number = text.trim();
    if (!number) return { phones: rest };
    return { phones: [{ label: "", primary: false, ...first, number }, ...rest] };
  },
};

const genderColumn: Column = {
  id: "gender",
  label: { key: "columns.gender" },
  read: (contact) => contact.gender ?? "",
  write: (_contact, text) => {
    const value = text.trim().toLowerCase();
    // Anything else goes to the server as typed, so its own message explains the rule.
    return { gender: value === "" ? null : (value as "male" | "female") };
  },
};

const birthdayColumn: Column = {
  id: "birthday",
  label: { key: "columns.birthday" },
  read: (contact) => contact.birthday ?? "",
  write: (_contact, text) => ({ birthday: text.trim() || null }),
};

export const STANDARD_COLUMNS: readonly Column[] = [
  readOnly("display_name", (contact) => contact.display_name),
  readOnly("kind", (contact) => contact.kind),
  textColumn("first_name"),
  textColumn("middle_name"),
  textColumn("last_name"),
  textColumn("company_name"),
  genderColumn,
  birthdayColumn,
  emailColumn,
  phoneColumn,
  textColumn("region"),
  textColumn("source"),
  textColumn("description"),
  readOnly("created_at", (contact) => contact.created_at),
  readOnly("updated_at", (contact) => contact.updated_at),
];

export const DEFAULT_COLUMN_IDS = ["display_name", "kind", "email", "phone", "region"] as const;

/** Typed text as the JSON value of a custom field. The contacts service reads text for every
 * type (numbers, "12.50 PLN", yes/tak/nie, dates) and owns those rules, so text goes as typed
 * and its answer explains a bad value; only a multi-select is split into its list here. */
export function customValue(field: CustomField, text: string): unknown {
  const trimmed = text.trim();
  if (trimmed === "") return null;
  if (field.type === "multi_select") {
    return trimmed
      .split(/[,;]/)
      .map((part) => part.trim())
      .filter(Boolean);
  }
  return trimmed;
}

/** A stored value as one line of text (lists joined; emails and phones by their address). */
export function showCustomValue(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (Array.isArray(value)) return value.map(showCustomValue).join(", ");
  if (typeof value === "object") {
    const record = value as Record<string, unknown>;
    if (typeof record.amount === "string" && typeof record.currency === "string") {
      return `${record.amount} ${record.currency}`;
    }
    const main = record.address ?? record.number;
    return typeof main === "string" ? main : JSON.stringify(value);
  }
  if (typeof value === "string") return value;
  return typeof value === "number" || typeof value === "boolean" ? String(value) : "";
}

export function customColumn(field: CustomField): Column {
  const id = `custom.${field.key}`;
  return {
    id,
    label: { text: field.label },
    read: (contact) => showCustomValue(contact.custom[field.key]),
    write: (_contact, text) => ({ custom: { [field.key]: customValue(field, text) } }),
  };
}

export function allColumns(fields: readonly CustomField[]): Column[] {
  const custom = [...fields]
    .sort((a, b) => (a.position ?? 0) - (b.position ?? 0))
    .map(customColumn);
  return [...STANDARD_COLUMNS, ...custom];
}

/** The chosen columns in the chosen order; ids of columns that no longer exist are skipped. */
export function pickColumns(available: readonly Column[], ids: readonly string[]): Column[] {
  const byId = new Map(available.map((column) => [column.id, column]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** The default columns plus custom fields marked "show in list". */
export function defaultColumnIds(fields: readonly CustomField[]): string[] {
  const custom = fields.filter((field) => field.show_in_list).map((f) => `custom.${f.key}`);
  return [...DEFAULT_COLUMN_IDS, ...custom];
}

export function moveColumn(ids: readonly string[], id: string, by: -1 | 1): string[] {
  const from = ids.indexOf(id);
  const to = from + by;
  if (from < 0 || to < 0 || to >= ids.length) return [...ids];
  const next = [...ids];
  [next[from], next[to]] = [next[to] as string, next[from] as string];
  return next;
}

export function toggleColumn(ids: readonly string[], id: string): string[] {
  return ids.includes(id) ? ids.filter((other) => other !== id) : [...ids, id];
}
