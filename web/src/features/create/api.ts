/** The call the add-contact dialog makes. */
import { api, unwrap } from "../../api/client";
import type { Contact, ContactIn } from "../../api/types";

/** 409 `duplicate_contact` unless `allowDuplicates`: another card holds a phone or email. */
export function createContact(body: ContactIn, allowDuplicates: boolean): Promise<Contact> {
  return unwrap(
    api.POST("/api/v1/contacts", {
      body,
      params: { query: { allow_duplicates: allowDuplicates } },
    }),
  );
}
