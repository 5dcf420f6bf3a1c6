/** Which part of the panel a refused request points at, from the problem's `field`. */
import type { Problem } from "../../api/problem";

export type Argument =
  "group_id" | "from_group_id" | "manager_id" | "field" | "value" | "selection";

const ARGUMENTS: readonly Argument[] = [
  "group_id",
  "from_group_id",
  "manager_id",
  "field",
  "value",
];

/** `operation.value` → "value", `selection.filter.all[0]` → "selection"; null when the
 * problem names no part of the request (a permission, a conflict, the network). */
export function argumentAtFault(problem: Problem): Argument | null {
  const path = problem.field ?? problem.errors?.find((error) => error.field)?.field ?? "";
  if (path === "selection" || path.startsWith("selection.")) return "selection";
  const match = /^operation\.([a-z_]+)/.exec(path);
  const name = match?.[1];
  return ARGUMENTS.find((argument) => argument === name) ?? null;
}
