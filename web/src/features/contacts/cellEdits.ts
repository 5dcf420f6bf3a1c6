/** Edits typed into table cells: one PATCH per card, and the API's errors put back on cells. */
import { fieldErrors, type Problem } from "../../api/problem";
import type { Contact, ContactPatch } from "../../api/types";
import type { Column } from "./columns";

export interface CellEdit {
  column: Column;
  text: string;
}

/** A cell is a card and a column. */
export function cellKey(contactId: string, columnId: string): string {
  return `${contactId}\u0000${columnId}`;
}

/** One merge patch for all edits of a card (a pasted block gives several per row). */
export function patchForEdits(contact: Contact, edits: readonly CellEdit[]): ContactPatch {
  let patch: ContactPatch = {};
  for (const { column, text } of edits) {
    if (!column.write) continue;
    const part = column.write(contact, text);
    patch = {
      ...patch,
      ...part,
      ...(part.custom || patch.custom ? { custom: { ...patch.custom, ...part.custom } } : {}),
    };
  }
  return patch;
}

/** The API names body fields; the table names columns. */
const COLUMN_OF_FIELD: Record<string, string> = { emails: "email", phones: "phone" };

/** The message for each edited column; a problem naming no edited column (a rule across
 * fields, a conflict) is shown on every edited cell, so it is never lost. */
export function cellErrors(
  problem: Problem,
  editedColumnIds: readonly string[],
): Map<string, string> {
  const errors = new Map<string, string>();
  for (const [field, message] of fieldErrors(problem)) {
    const columnId = COLUMN_OF_FIELD[field] ?? field;
    if (editedColumnIds.includes(columnId)) errors.set(columnId, message);
  }
  if (errors.size === 0) for (const id of editedColumnIds) errors.set(id, problem.detail);
  return errors;
}
