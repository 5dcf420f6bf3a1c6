/** What the contacts page shows, kept in the URL (reloads and shared links keep it), and the
 * filter-language tree it becomes. */
import type { ContactKind, FilterNode } from "../../api/types";
import { parseConditions, serializeConditions } from "../filters/conditions";

export const VIEWS = ["list", "table", "tiles"] as const;
export type ContactsView = (typeof VIEWS)[number];
export type ManagerChoice = "" | "me" | "nobody";

export interface ContactsQuery {
  view: ContactsView;
  search: string;
  region: string;
  kind: ContactKind | "";
  manager: ManagerChoice;
  activity: string;
  group: string;
  /** Conditions of the filter builder on any field, and nodes a saved view brought that the
   * one-click filters cannot show (`f` in the URL, as JSON). */
  conditions: FilterNode[];
  /** One of SORTS, `-` in front for descending; "" is by name. */
  sort: string;
  /** The table's columns when a view or a link chose them ("" : the person's own choice). */
  columns: string;
  /** The saved view the page was opened from, if any. */
  savedView: string;
}

/** Fields a list can be sorted by (the search API's standard sort keys). */
export const SORTS = [
  "display_name",
  "last_name",
  "region",
  "created_at",
  "updated_at",
  "birthday",
] as const;

function parseSort(value: string | null): string {
  const field = value?.replace(/^-/, "") ?? "";
  return (SORTS as readonly string[]).includes(field) ? (value ?? "") : "";
}

/** The search API's sort for the query: by name when none is chosen. */
export function sortKeys(query: ContactsQuery): { field: string; descending: boolean }[] {
  if (!query.sort) return [];
  return [{ field: query.sort.replace(/^-/, ""), descending: query.sort.startsWith("-") }];
}

export const EMPTY_QUERY: ContactsQuery = {
  view: "list",
  search: "",
  region: "",
  kind: "",
  manager: "",
  activity: "",
  group: "",
  conditions: [],
  sort: "",
  columns: "",
  savedView: "",
};

function oneOf<T extends string>(value: string | null, allowed: readonly T[], fallback: T): T {
  return allowed.includes(value as T) ? (value as T) : fallback;
}

export function parseQuery(params: URLSearchParams): ContactsQuery {
  return {
    view: oneOf(params.get("view"), VIEWS, "list"),
    search: params.get("q") ?? "",
    region: params.get("region") ?? "",
    kind: oneOf<ContactKind | "">(params.get("kind"), ["person", "company"], ""),
    manager: oneOf<ManagerChoice>(params.get("manager"), ["me", "nobody"], ""),
    activity: params.get("activity") ?? "",
    group: params.get("group") ?? "",
    conditions: parseConditions(params.get("f")),
    sort: parseSort(params.get("sort")),
    columns: params.get("cols") ?? "",
    savedView: params.get("saved") ?? "",
  };
}

/** Only what differs from the defaults, so URLs stay short and readable. */
export function toSearchParams(query: ContactsQuery): URLSearchParams {
  const params = new URLSearchParams();
  if (query.view !== "list") params.set("view", query.view);
  if (query.search.trim()) params.set("q", query.search);
  if (query.region) params.set("region", query.region);
  if (query.kind) params.set("kind", query.kind);
  if (query.manager) params.set("manager", query.manager);
  if (query.activity) params.set("activity", query.activity);
  if (query.group) params.set("group", query.group);
  const conditions = serializeConditions(query.conditions);
  if (conditions) params.set("f", conditions);
  if (query.sort) params.set("sort", query.sort);
  if (query.columns) params.set("cols", query.columns);
  if (query.savedView) params.set("saved", query.savedView);
  return params;
}

/** The filter of the query; null selects every contact. `me` is the signed-in account's id. */
export function buildFilter(query: ContactsQuery, me: string): FilterNode | null {
  const conditions: FilterNode[] = [];
  const search = query.search.trim();
  if (search) conditions.push({ search });
  if (query.region) conditions.push({ field: "region", op: "eq", value: query.region });
  if (query.kind) conditions.push({ field: "kind", op: "eq", value: query.kind });
  if (query.manager === "me") conditions.push({ field: "manager_id", op: "eq", value: me });
  if (query.manager === "nobody") conditions.push({ field: "manager_id", op: "empty" });
  if (query.activity) conditions.push({ field: "activity_id", op: "eq", value: query.activity });
  // A group's page lists its subgroups' members too, as its member count does.
  if (query.group) conditions.push({ group: query.group, subgroups: true, op: "in" });
  conditions.push(...query.conditions);
  return conditions.length ? { all: conditions } : null;
}

export function hasFilters(query: ContactsQuery): boolean {
  return buildFilter(query, "") !== null;
}

/** Polish voivodeships: the regions of the default (PL) data. The region filter also takes
 * any other text, since `region` is free text on the card. */
export const KNOWN_REGIONS = [
  "dolnośląskie",
  "kujawsko-pomorskie",
  "lubelskie",
  "lubuskie",
  "łódzkie",
  "małopolskie",
  "mazowieckie",
  "opolskie",
  "podkarpackie",
  "podlaskie",
  "pomorskie",
  "śląskie",
  "świętokrzyskie",
  "warmińsko-mazurskie",
  "wielkopolskie",
  "zachodniopomorskie",
] as const;
