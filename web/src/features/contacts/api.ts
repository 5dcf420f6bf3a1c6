/** The contacts API calls the contacts screens make. */
import { api, unwrap } from "../../api/client";
import type {
  ActivityType,
  Branch,
  CardLayout,
  Contact,
  ContactPatch,
  CustomField,
  FilterNode,
  HistoryEntry,
  SearchPage,
} from "../../api/types";

/** Big enough to fill a tall screen of the list in one request, small enough to stay ~20 ms. */
export const PAGE_SIZE = 100;

export interface SortKey {
  field: string;
  descending: boolean;
}

export function searchContacts(
  filter: FilterNode | null,
  sort: readonly SortKey[],
  cursor: string | null,
  signal: AbortSignal,
): Promise<SearchPage> {
  return unwrap(
    api.POST("/api/v1/contacts/search", {
      body: { filter, sort: [...sort], cursor, page_size: PAGE_SIZE },
      signal,
    }),
  );
}

export function getContact(id: string, signal?: AbortSignal): Promise<Contact> {
  return unwrap(
    api.GET("/api/v1/contacts/{contact_id}", { params: { path: { contact_id: id } }, signal }),
  );
}

/** A merge patch; `version` makes it fail (409 version_conflict) if the card changed since. */
export function patchContact(id: string, patch: ContactPatch, version?: number): Promise<Contact> {
  return unwrap(
    api.PATCH("/api/v1/contacts/{contact_id}", {
      params: {
        path: { contact_id: id },
        header: version === undefined ? {} : { "if-match": `"${version}"` },
      },
      body: patch,
    }),
  );
}

/** What the card's history shows: every change, or those of one field, source or period. */
export interface HistoryFilter {
  field?: string;
  source?: string;
  /** ISO date (YYYY-MM-DD): changes on or after that day. */
  since?: string;
}

export async function contactHistory(
  id: string,
  filter: HistoryFilter,
  signal?: AbortSignal,
): Promise<HistoryEntry[]> {
  const query = {
    page_size: 100,
    ...(filter.field ? { field: filter.field } : {}),
    ...(filter.source ? { source: filter.source } : {}),
    // Midnight where the reader is: "since the 3rd" means their 3rd.
    ...(filter.since ? { since: new Date(`${filter.since}T00:00`).toISOString() } : {}),
  };
  const page = await unwrap(
    api.GET("/api/v1/contacts/{contact_id}/history", {
      params: { path: { contact_id: id }, query },
      signal,
    }),
  );
  return page.entries;
}

/** The layout of the contact's highest-priority group (else the default, else built-in). */
export function contactLayout(id: string, signal?: AbortSignal): Promise<CardLayout> {
  return unwrap(
    api.GET("/api/v1/contacts/{contact_id}/layout", {
      params: { path: { contact_id: id } },
      signal,
    }),
  );
}

export function companyBranch(id: string, signal?: AbortSignal): Promise<Branch> {
  return unwrap(
    api.GET("/api/v1/contacts/{contact_id}/branch", {
      params: { path: { contact_id: id } },
      signal,
    }),
  );
}

export function listCustomFields(signal?: AbortSignal): Promise<CustomField[]> {
  return unwrap(api.GET("/api/v1/custom-fields", { signal }));
}

export function listActivityTypes(signal?: AbortSignal): Promise<ActivityType[]> {
  return unwrap(api.GET("/api/v1/activity-types", { signal }));
}
