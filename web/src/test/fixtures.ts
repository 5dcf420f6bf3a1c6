/** Test fixtures that satisfy the generated API types; each test overrides what it is about. */
import type { Contact, CustomField, Group } from "../api/types";

export function makeContact(overrides: Partial<Contact> = {}): Contact {
  return {
    id: "c-1",
    kind: "person",
    display_name: "Jan Kowalski",
    first_name: "Jan",
    middle_name: "",
    last_name: "Kowalski",
    company_name: "",
    gender: null,
    birthday: null,
    photo_url: "",
    company_id: null,
    country_code: "PL",
    legal: {},
    emails: [],
    phones: [],
    addresses: [],
    region: "",
    activity_id: null,
    description: "",
    source: "",
    manager_id: null,
    custom: {},
    version: 1,
    created_at: "2024-01-02T03:04:05Z",
    created_by: "u-1",
    updated_at: "2024-02-03T04:05:06Z",
    updated_by: "u-1",
    deleted_at: null,
    ...overrides,
  };
}

export function makeField(overrides: Partial<CustomField> & Pick<CustomField, "key">): CustomField {
  return {
    label: overrides.key,
    type: "text",
    index_state: "none",
    index_error: null,
    ...overrides,
  };
}

export function makeGroup(overrides: Partial<Group> & Pick<Group, "id">): Group {
  return {
    parent_id: null,
    name: overrides.id,
    path: [],
    attributes: {},
    priority: 0,
    position: 0,
    member_count: 0,
    subtree_member_count: 0,
    created_at: "2024-01-01T00:00:00Z",
    ...overrides,
  };
}
