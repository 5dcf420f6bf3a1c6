import type { Contact } from "../api/types";

export type ContactIconKind = "male" | "female" | "person" | "company";

/** Company, or a person by gender (neutral when not set). */
export function contactIconKind(contact: Pick<Contact, "kind" | "gender">): ContactIconKind {
  if (contact.kind === "company") return "company";
  return contact.gender ?? "person";
}
