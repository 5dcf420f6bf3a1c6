/** The card's editable fields as form text, and the patch and required-field checks of a draft. */
import type { Contact, ContactPatch, CustomField } from "../../api/types";
import { customValue, showCustomValue } from "../contacts/columns";

export const TEXT_FIELDS = [
  "first_name",
  "middle_name",
  "last_name",
  "company_name",
  "region",
  "source",
  "description",
] as const;
export type TextField = (typeof TEXT_FIELDS)[number];

export interface CardDraft extends Record<TextField, string> {
  gender: "" | "male" | "female";
  birthday: string;
  emails: string[];
  phones: string[];
  /** Custom field key → its value as typed. */
  custom: Record<string, string>;
}

export function draftOf(contact: Contact, fields: readonly CustomField[]): CardDraft {
  const custom: Record<string, string> = {};
  for (const field of fields) custom[field.key] = showCustomValue(contact.custom[field.key]);
  return {
    first_name: contact.first_name,
    middle_name: contact.middle_name,
    last_name: contact.last_name,
    company_name: contact.company_name,
    region: contact.region,
    source: contact.source,
    description: contact.description,
    gender: contact.gender ?? "",
    birthday: contact.birthday ?? "",
    emails: contact.emails.map((email) => email.address),
    phones: contact.phones.map((phone) => phone.number),
    custom,
  };
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, index) => value === b[index]);
}

function filled(values: readonly string[]): string[] {
  return values.map((value) => value.trim()).filter(Boolean);
}

/** Only what changed, so the history records what the person actually edited. */
export function patchOf(
  contact: Contact,
  draft: CardDraft,
  fields: readonly CustomField[],
): ContactPatch {
  const base = draftOf(contact, fields);
  const patch: ContactPatch = {};
  for (const name of TEXT_FIELDS) {
    if (draft[name].trim() !== base[name]) patch[name] = draft[name].trim();
  }
  if (draft.gender !== base.gender) patch.gender = draft.gender || null;
  if (draft.birthday !== base.birthday) patch.birthday = draft.birthday || null;
  const emails = filled(draft.emails);
  if (!sameList(emails, base.emails)) {
    // Labels and the primary mark stay with the position they had.
    patch.emails = emails.map((address, index) => ({
      address,
      label: contact.emails[index]?.label ?? "",
      primary: contact.emails[index]?.primary ?? false,
    }));
  }
  const phones = filled(draft.phones);
  if (!sameList(phones, base.phones)) {
    patch.phones = phones.map((number, index) => ({
      number,
      label: contact.phones[index]?.label ?? "",
      primary: contact.phones[index]?.primary ?? false,
    }));
  }
  const custom: Record<string, unknown> = {};
  for (const field of fields) {
    const text = draft.custom[field.key] ?? "";
    if (text.trim() !== base.custom[field.key]) custom[field.key] = customValue(field, text);
  }
  if (Object.keys(custom).length) patch.custom = custom;
  return patch;
}

/** Whether the draft fills a standard field a card layout may require. */
function fillsStandard(draft: CardDraft, name: string): boolean {
  if (name === "emails" || name === "phones") return filled(draft[name]).length > 0;
  if ((TEXT_FIELDS as readonly string[]).includes(name)) {
    return draft[name as TextField].trim() !== "";
  }
  if (name === "gender" || name === "birthday") return draft[name] !== "";
  return true; // a field this form does not edit: the API checks it
}

/** Translation keys of the required fields left empty, by field (`custom.<key>` for custom):
 * the name a kind needs, required custom fields, and the card layout's `required` list. */
export function missingRequired(
  kind: Contact["kind"],
  draft: CardDraft,
  fields: readonly CustomField[],
  layoutRequired: readonly string[] = [],
): Map<string, string> {
  const missing = new Map<string, string>();
  if (kind === "person" && !draft.first_name.trim() && !draft.last_name.trim()) {
    missing.set("first_name", "card.personNeedsName");
    missing.set("last_name", "card.personNeedsName");
  }
  if (kind === "company" && !draft.company_name.trim()) {
    missing.set("company_name", "card.companyNeedsName");
  }
  const required = new Set(layoutRequired);
  for (const field of fields) {
    const name = `custom.${field.key}`;
    if ((field.required || required.has(name)) && !(draft.custom[field.key] ?? "").trim()) {
      missing.set(name, "card.required");
    }
  }
  for (const name of required) {
    if (!name.startsWith("custom.") && !fillsStandard(draft, name)) {
      missing.set(name, "card.required");
    }
  }
  return missing;
}
