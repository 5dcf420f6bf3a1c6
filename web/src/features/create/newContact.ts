/** The add-contact form as text, the card it creates, and the checks made before sending. */
import type { ContactIn, ContactKind, CustomField } from "../../api/types";
import { customValue } from "../contacts/columns";

export interface NewContactDraft {
  kind: ContactKind;
  first_name: string;
  last_name: string;
  company_name: string;
  email: string;
  phone: string;
  region: string;
  /** Custom field key → its value as typed. */
  custom: Record<string, string>;
}

export function emptyDraft(kind: ContactKind): NewContactDraft {
  return {
    kind,
    first_name: "",
    last_name: "",
    company_name: "",
    email: "",
    phone: "",
    region: "",
    custom: {},
  };
}

/** The custom fields the form asks for: those shown on the create form, and every required
 * one (the API refuses a card without them, so the form must offer them), in their order. */
export function createFields(fields: readonly CustomField[]): CustomField[] {
  return fields
    .filter((field) => field.show_on_create || field.required)
    .sort((a, b) => (a.position ?? 0) - (b.position ?? 0));
}

/** The request body; empty inputs are left out, so the API's defaults apply. */
export function bodyOf(draft: NewContactDraft, fields: readonly CustomField[]): ContactIn {
  const body: ContactIn = { kind: draft.kind };
  if (draft.kind === "person") {
    if (draft.first_name.trim()) body.first_name = draft.first_name.trim();
    if (draft.last_name.trim()) body.last_name = draft.last_name.trim();
  } else if (draft.company_name.trim()) {
    body.company_name = draft.company_name.trim();
  }
  // The first email and phone of a card are its primary ones.
  if (draft.email.trim()) body.emails = [{ address: draft.email.trim(), primary: true }];
  if (draft.phone.trim()) body.phones = [{ number: draft.phone.trim(), primary: true }];
  if (draft.region.trim()) body.region = draft.region.trim();
  const custom: Record<string, unknown> = {};
  for (const field of fields) {
    const value = customValue(field, draft.custom[field.key] ?? "");
    if (value !== null) custom[field.key] = value;
  }
  if (Object.keys(custom).length) body.custom = custom;
  return body;
}

/** Translation keys of what must be filled in before sending, by field name. */
export function missingOnCreate(
  draft: NewContactDraft,
  fields: readonly CustomField[],
): Map<string, string> {
  const missing = new Map<string, string>();
  if (draft.kind === "person" && !draft.first_name.trim() && !draft.last_name.trim()) {
    missing.set("first_name", "card.personNeedsName");
    missing.set("last_name", "card.personNeedsName");
  }
  if (draft.kind === "company" && !draft.company_name.trim()) {
    missing.set("company_name", "card.companyNeedsName");
  }
  for (const field of fields) {
    if (field.required && !(draft.custom[field.key] ?? "").trim()) {
      missing.set(`custom.${field.key}`, "card.required");
    }
  }
  return missing;
}

/** The API names list fields (`emails[0].address`); the form has one input for each list. */
export function formFieldOf(apiField: string): string {
  if (apiField === "emails") return "email";
  if (apiField === "phones") return "phone";
  return apiField;
}
