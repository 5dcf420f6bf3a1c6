/** What a bulk action applies to: the selected rows, or everything the page's filter selects. */
import type { FilterNode } from "../../api/types";
import type { Selection } from "../contacts/selection";
import type { BulkSelection } from "./api";

export type Scope = "selected" | "filtered";

/** The service's limit on listed ids (selection.MAX_LISTED_IDS); more need the filter. */
export const MAX_LISTED_IDS = 10_000;

/** The request's selection. With no filter the page lists every contact, and so must the job:
 * the API wants ids or a filter, and an empty `all` is the filter that is always true. */
export function selectionOf(
  scope: Scope,
  selected: Selection,
  filter: FilterNode | null,
): BulkSelection {
  if (scope === "filtered") return { filter: filter ?? { all: [] } };
  return { contact_ids: [...selected] };
}

/** Adds every loaded row to the selection (rows selected elsewhere stay selected). */
export function selectAllLoaded(selection: Selection, loadedIds: readonly string[]): Selection {
  return new Set([...selection, ...loadedIds]);
}

export function allLoadedSelected(selection: Selection, loadedIds: readonly string[]): boolean {
  return loadedIds.every((id) => selection.has(id));
}

export interface ScopeSize {
  number: number;
  estimate: boolean;
}

/** How many contacts the action will touch, as far as the page knows before it starts (the
 * job's own total, counted when it freezes the selection, is exact). */
export function scopeSize(
  scope: Scope,
  selected: Selection,
  total: number | null,
  totalIsEstimate: boolean,
): ScopeSize | null {
  if (scope === "selected") return { number: selected.size, estimate: false };
  return total === null ? null : { number: total, estimate: totalIsEstimate };
}
