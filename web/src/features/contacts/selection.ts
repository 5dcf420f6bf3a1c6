/** Selected contact ids, kept across views and pages (the bulk panel will act on them). */

export type Selection = ReadonlySet<string>;
export type CheckState = "none" | "some" | "all";

export function toggleOne(selection: Selection, id: string): Selection {
  const next = new Set(selection);
  if (!next.delete(id)) next.add(id);
  return next;
}

/** Of the given (loaded) ids, how many are selected. */
export function checkState(selection: Selection, ids: readonly string[]): CheckState {
  let selected = 0;
  for (const id of ids) if (selection.has(id)) selected += 1;
  if (selected === 0) return "none";
  return selected === ids.length ? "all" : "some";
}

/** Header checkbox: selects every given id, or clears them when all were selected already. */
export function toggleAll(selection: Selection, ids: readonly string[]): Selection {
  const next = new Set(selection);
  if (checkState(selection, ids) === "all") for (const id of ids) next.delete(id);
  else for (const id of ids) next.add(id);
  return next;
}
