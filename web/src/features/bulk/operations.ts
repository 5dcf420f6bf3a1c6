/** The panel's actions, the arguments each needs, and the API operation a filled form makes. */
import type { CustomField } from "../../api/types";
import { customValue } from "../contacts/columns";
import type { BulkOperation } from "./api";

/** What a person can pick. `clear_field` is `set_field` with no value; `assign_manager` is its
 * own operation in the API. Newsletter lists have no API yet, so they are not offered. */
export const ACTIONS = [
  "add_to_group",
  "move_to_group",
  "remove_from_group",
  "assign_manager",
  "set_field",
  "clear_field",
  "delete",
] as const;
export type BulkAction = (typeof ACTIONS)[number];

export type ManagerChoice = "me" | "nobody";

/** The form as typed: ids and text, whatever the action (unused parts are ignored). */
export interface ActionDraft {
  action: BulkAction;
  groupId: string;
  fromGroupId: string;
  manager: ManagerChoice;
  field: string;
  value: string;
}

export const EMPTY_DRAFT: ActionDraft = {
  action: "add_to_group",
  groupId: "",
  fromGroupId: "",
  manager: "me",
  field: "",
  value: "",
};

/** The standard fields the service sets in bulk (domain/bulk.py: BULK_TEXT_FIELDS without
 * manager_id, which is the manager action, and BULK_ID_FIELDS). */
export const STANDARD_FIELDS = ["region", "source", "description", "activity_id"] as const;
export type StandardField = (typeof STANDARD_FIELDS)[number];

export type FieldChoice =
  | { key: StandardField; kind: "standard" }
  | { key: `custom.${string}`; kind: "custom"; field: CustomField };

/** The fields an action can target: a unique custom field cannot take one value on many
 * cards, and a required one cannot be cleared (the service refuses both). */
export function fieldChoices(
  action: "set_field" | "clear_field",
  fields: readonly CustomField[],
): FieldChoice[] {
  const custom = [...fields]
    .filter((field) => (action === "set_field" ? !field.unique : !field.required))
    .sort((a, b) => (a.position ?? 0) - (b.position ?? 0))
    .map((field): FieldChoice => ({ key: `custom.${field.key}`, kind: "custom", field }));
  const standard = STANDARD_FIELDS.map((key): FieldChoice => ({ key, kind: "standard" }));
  return [...standard, ...custom];
}

/** What the form still lacks before it can start a job. */
export type DraftGap = "group" | "fromGroup" | "sameGroup" | "field" | "value";

export type DraftResult = { operation: BulkOperation } | { gap: DraftGap };

/** The API operation of a filled form, or the first thing missing from it. `me` is the
 * signed-in account's id: the API has no list of employees to pick another one from. */
export function operationOf(
  draft: ActionDraft,
  me: string,
  fields: readonly CustomField[],
): DraftResult {
  switch (draft.action) {
    case "add_to_group":
    case "remove_from_group":
      return draft.groupId
        ? { operation: { op: draft.action, group_id: draft.groupId } }
        : { gap: "group" };
    case "move_to_group":
      if (!draft.fromGroupId) return { gap: "fromGroup" };
      if (!draft.groupId) return { gap: "group" };
      if (draft.fromGroupId === draft.groupId) return { gap: "sameGroup" };
      return {
        operation: {
          op: "move_to_group",
          group_id: draft.groupId,
          from_group_id: draft.fromGroupId,
        },
      };
    case "assign_manager":
      return {
        operation: { op: "assign_manager", manager_id: draft.manager === "me" ? me : null },
      };
    case "set_field":
    case "clear_field":
      return fieldOperation(draft, fields);
    case "delete":
      return { operation: { op: "delete" } };
  }
}

function fieldOperation(draft: ActionDraft, fields: readonly CustomField[]): DraftResult {
  const choice = fieldChoices(
    draft.action === "clear_field" ? "clear_field" : "set_field",
    fields,
  ).find((candidate) => candidate.key === draft.field);
  if (!choice) return { gap: "field" };
  if (draft.action === "clear_field") {
    return { operation: { op: "set_field", field: choice.key, value: null } };
  }
  const value =
    choice.kind === "custom" ? customValue(choice.field, draft.value) : draft.value.trim();
  // An empty value would clear the field: that is the other action, chosen on purpose.
  const empty = value === null || value === "" || (Array.isArray(value) && value.length === 0);
  if (empty) return { gap: "value" };
  return { operation: { op: "set_field", field: choice.key, value } };
}
