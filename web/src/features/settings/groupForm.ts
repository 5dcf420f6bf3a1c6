/** The group settings' logic: where a group may move, and the attributes it edits. */
import type { Group } from "../../api/types";
import { groupOptions, type GroupOption } from "../bulk/groupOptions";

/** The parents a group may move under: any group but itself and its own subgroups (the
 * service refuses a cycle; offering none is clearer than a refusal). */
export function parentChoices(groups: readonly Group[], id: string): GroupOption[] {
  const inSubtree = new Set(groups.filter((group) => group.path.includes(id)).map((g) => g.id));
  inSubtree.add(id);
  return groupOptions(groups).filter((option) => !inSubtree.has(option.id));
}

/** The attribute the finance service reads for a group's discount (proto groups.proto). */
export const DISCOUNT_KEY = "discount_percent";

/** The stored discount as the form shows it ("" when there is none). */
export function discountText(attributes: Readonly<Record<string, unknown>>): string {
  const value = attributes[DISCOUNT_KEY];
  return typeof value === "number" ? String(value) : "";
}

export type DiscountResult = { attributes: Record<string, unknown> } | { invalid: true };

/** The attributes with the typed discount: a percent from 0 to 100 with at most two decimals,
 * a comma accepted as the decimal mark (Polish); empty removes it. Other attributes, which
 * other services own, are kept as they are. */
export function withDiscount(
  attributes: Readonly<Record<string, unknown>>,
  text: string,
): DiscountResult {
  const others = Object.fromEntries(
    Object.entries(attributes).filter(([key]) => key !== DISCOUNT_KEY),
  );
  const typed = text.trim().replace(",", ".");
  if (!typed) return { attributes: others };
  if (!/^\d{1,3}(\.\d{1,2})?$/.test(typed)) return { invalid: true };
  const percent = Number(typed);
  if (percent > 100) return { invalid: true };
  return { attributes: { ...others, [DISCOUNT_KEY]: percent } };
}

/** Each group with its depth in the tree, in tree order: the rows of the settings list. */
export function treeRows(groups: readonly Group[]): { group: Group; depth: number }[] {
  const byId = new Map(groups.map((group) => [group.id, group]));
  return groupOptions(groups).flatMap((option) => {
    const group = byId.get(option.id);
    return group ? [{ group, depth: Math.max(0, group.path.length - 1) }] : [];
  });
}
