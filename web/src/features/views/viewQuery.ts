/** A saved view (filter, columns, sort) made from the contacts page, and the page it opens. */
import type { FilterNode, SavedView, SavedViewIn } from "../../api/types";
import { buildFilter, EMPTY_QUERY, sortKeys, type ContactsQuery } from "../contacts/query";

/** What the page shows now, as a view to save; `me` is the account the "Mine" filter means. */
export function viewRequest(
  name: string,
  shared: boolean,
  query: ContactsQuery,
  me: string,
  columns: readonly string[],
): SavedViewIn {
  return {
    name: name.trim(),
    shared,
    filter: buildFilter(query, me),
    columns: [...columns],
    sort: sortKeys(query),
  };
}

type Quick = Partial<
  Pick<ContactsQuery, "search" | "region" | "kind" | "manager" | "activity" | "group">
>;

/** The one-click filter a node is, if it is one (the inverse of `buildFilter`'s pieces). */
function quickOf(node: FilterNode, me: string, taken: Quick): Quick | null {
  if ("search" in node && taken.search === undefined) return { search: node.search };
  if ("group" in node && node.op === "in" && node.subgroups === true && taken.group === undefined)
    return { group: node.group };
  if (!("field" in node)) return null;
  const { field, op, value } = node;
  if (field === "manager_id" && op === "empty" && taken.manager === undefined)
    return { manager: "nobody" };
  if (op !== "eq" || typeof value !== "string") return null;
  if (field === "region" && taken.region === undefined) return { region: value };
  if (field === "kind" && (value === "person" || value === "company") && taken.kind === undefined)
    return { kind: value };
  if (field === "manager_id" && value === me && taken.manager === undefined)
    return { manager: "me" };
  if (field === "activity_id" && taken.activity === undefined) return { activity: value };
  return null;
}

/** The page a view opens: its filter as one-click filters where they fit and as builder
 * conditions where not, its columns and its sort; the list view (or table) is kept. */
export function queryFromView(
  view: SavedView,
  me: string,
  current: Pick<ContactsQuery, "view">,
): ContactsQuery {
  const filter = view.filter as FilterNode | Record<string, never>;
  const nodes: FilterNode[] =
    "all" in filter ? filter.all : Object.keys(filter).length ? [filter as FilterNode] : [];
  let quick: Quick = {};
  const conditions: FilterNode[] = [];
  for (const node of nodes) {
    const found = quickOf(node, me, quick);
    if (found) quick = { ...quick, ...found };
    else conditions.push(node);
  }
  const [first] = view.sort;
  return {
    ...EMPTY_QUERY,
    ...quick,
    view: current.view,
    conditions,
    sort: first ? `${first.descending ? "-" : ""}${first.field}` : "",
    columns: view.columns.join(","),
    savedView: view.id,
  };
}
