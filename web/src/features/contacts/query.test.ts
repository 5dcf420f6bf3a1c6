import { describe, expect, it } from "vitest";
import {
  buildFilter,
  EMPTY_QUERY,
  hasFilters,
  parseQuery,
  sortKeys,
  toSearchParams,
  type ContactsQuery,
} from "./query";

const ME = "account-42";

function query(overrides: Partial<ContactsQuery>): ContactsQuery {
  return { ...EMPTY_QUERY, ...overrides };
}

describe("parseQuery", () => {
  it("gives the defaults for an empty URL", () => {
    expect(parseQuery(new URLSearchParams())).toEqual(EMPTY_QUERY);
  });

  it("reads every parameter, the search from `q`", () => {
    const params = new URLSearchParams(
      "view=tiles&q=Nowak&region=śląskie&kind=company&manager=nobody&activity=a-1&group=g-1",
    );
    expect(parseQuery(params)).toEqual({
      view: "tiles",
      search: "Nowak",
      region: "śląskie",
      kind: "company",
      manager: "nobody",
      activity: "a-1",
      group: "g-1",
      conditions: [],
      sort: "",
      columns: "",
      savedView: "",
    });
  });

  it("reads the builder's conditions from `f`, dropping what is not a condition", () => {
    const f = JSON.stringify([
      { field: "custom.visits", op: "between", value: [3, 10] },
      { op: "eq" },
      "garbage",
    ]);
    const parsed = parseQuery(new URLSearchParams({ f }));
    expect(parsed.conditions).toEqual([{ field: "custom.visits", op: "between", value: [3, 10] }]);
    expect(parseQuery(new URLSearchParams("f=%7Bnot-json")).conditions).toEqual([]);
  });

  it("falls back to the defaults for values outside the allowed ones", () => {
    const params = new URLSearchParams("view=grid&kind=robot&manager=someone");
    const parsed = parseQuery(params);
    expect(parsed.view).toBe("list");
    expect(parsed.kind).toBe("");
    expect(parsed.manager).toBe("");
  });

  it("does not take the allowed values case-insensitively", () => {
    const parsed = parseQuery(new URLSearchParams("view=TABLE&kind=Person&manager=ME"));
    expect(parsed).toMatchObject({ view: "list", kind: "", manager: "" });
  });
});

describe("toSearchParams", () => {
  it("leaves out everything that is a default", () => {
    expect(toSearchParams(EMPTY_QUERY).toString()).toBe("");
  });

  it("leaves out a search of blanks only", () => {
    expect(toSearchParams(query({ search: "   " })).has("q")).toBe(false);
  });

  it("writes only what differs from the defaults", () => {
    const params = toSearchParams(query({ view: "table", region: "lubelskie" }));
    expect([...params.keys()].sort()).toEqual(["region", "view"]);
    expect(params.get("view")).toBe("table");
  });

  it("round-trips through parseQuery", () => {
    const full: ContactsQuery = {
      view: "table",
      search: "Zażółć & gęślą?",
      region: "warmińsko-mazurskie",
      kind: "person",
      manager: "me",
      activity: "act-7",
      group: "grp-3",
      conditions: [{ field: "birthday", op: "within_last_days", value: 30 }],
      sort: "-created_at",
      columns: "display_name,custom.visits",
      savedView: "view-9",
    };
    const url = toSearchParams(full).toString();
    expect(parseQuery(new URLSearchParams(url))).toEqual(full);
  });

  it("round-trips a partly filled query", () => {
    const partial = query({ kind: "company", group: "grp-1" });
    expect(parseQuery(toSearchParams(partial))).toEqual(partial);
  });
});

describe("sortKeys", () => {
  it("sorts by the chosen field, descending with a leading minus, by name by default", () => {
    expect(sortKeys(EMPTY_QUERY)).toEqual([]);
    expect(sortKeys(query({ sort: "region" }))).toEqual([{ field: "region", descending: false }]);
    expect(sortKeys(query({ sort: "-created_at" }))).toEqual([
      { field: "created_at", descending: true },
    ]);
  });

  it("ignores a sort the API does not offer", () => {
    expect(parseQuery(new URLSearchParams("sort=-password")).sort).toBe("");
    expect(parseQuery(new URLSearchParams("sort=-birthday")).sort).toBe("-birthday");
  });
});

describe("buildFilter", () => {
  it("is null when nothing is chosen", () => {
    expect(buildFilter(EMPTY_QUERY, ME)).toBeNull();
  });

  it("is null for a search of blanks only", () => {
    expect(buildFilter(query({ search: " \t " }), ME)).toBeNull();
  });

  it("searches for the trimmed text", () => {
    expect(buildFilter(query({ search: "  Nowak " }), ME)).toEqual({
      all: [{ search: "Nowak" }],
    });
  });

  it("adds the builder's conditions after the one-click filters", () => {
    const visits = { field: "custom.visits", op: "gte", value: 3 };
    expect(buildFilter(query({ region: "opolskie", conditions: [visits] }), ME)).toEqual({
      all: [{ field: "region", op: "eq", value: "opolskie" }, visits],
    });
    expect(hasFilters(query({ conditions: [visits] }))).toBe(true);
  });

  it("filters by region", () => {
    expect(buildFilter(query({ region: "opolskie" }), ME)).toEqual({
      all: [{ field: "region", op: "eq", value: "opolskie" }],
    });
  });

  it("filters by kind", () => {
    expect(buildFilter(query({ kind: "company" }), ME)).toEqual({
      all: [{ field: "kind", op: "eq", value: "company" }],
    });
  });

  it("filters `me` by the signed-in account's id", () => {
    expect(buildFilter(query({ manager: "me" }), ME)).toEqual({
      all: [{ field: "manager_id", op: "eq", value: ME }],
    });
  });

  it("filters `nobody` by an empty manager, without a value", () => {
    expect(buildFilter(query({ manager: "nobody" }), ME)).toEqual({
      all: [{ field: "manager_id", op: "empty" }],
    });
  });

  it("filters by activity", () => {
    expect(buildFilter(query({ activity: "act-1" }), ME)).toEqual({
      all: [{ field: "activity_id", op: "eq", value: "act-1" }],
    });
  });

  it("filters by group including its subgroups", () => {
    expect(buildFilter(query({ group: "grp-1" }), ME)).toEqual({
      all: [{ group: "grp-1", subgroups: true, op: "in" }],
    });
  });

  it("combines every chosen filter under one `all`", () => {
    const filter = buildFilter(
      query({
        view: "tiles",
        search: "x",
        region: "r",
        kind: "person",
        manager: "me",
        activity: "a",
        group: "g",
      }),
      ME,
    );
    expect(filter).toEqual({
      all: [
        { search: "x" },
        { field: "region", op: "eq", value: "r" },
        { field: "kind", op: "eq", value: "person" },
        { field: "manager_id", op: "eq", value: ME },
        { field: "activity_id", op: "eq", value: "a" },
        { group: "g", subgroups: true, op: "in" },
      ],
    });
  });
});

describe("hasFilters", () => {
  it("is false for the defaults, whatever the view", () => {
    expect(hasFilters(EMPTY_QUERY)).toBe(false);
    expect(hasFilters(query({ view: "table" }))).toBe(false);
    expect(hasFilters(query({ search: "  " }))).toBe(false);
  });

  it("is true as soon as one filter is chosen", () => {
    expect(hasFilters(query({ search: "a" }))).toBe(true);
    expect(hasFilters(query({ region: "r" }))).toBe(true);
    expect(hasFilters(query({ kind: "person" }))).toBe(true);
    expect(hasFilters(query({ manager: "me" }))).toBe(true);
    expect(hasFilters(query({ manager: "nobody" }))).toBe(true);
    expect(hasFilters(query({ activity: "a" }))).toBe(true);
    expect(hasFilters(query({ group: "g" }))).toBe(true);
  });
});
