import { describe, expect, it } from "vitest";
import type { SavedView, SavedViewIn } from "../../api/types";
import { EMPTY_QUERY, type ContactsQuery } from "../contacts/query";
import { queryFromView, viewRequest } from "./viewQuery";

const ME = "account-1";

function saved(request: SavedViewIn, id = "view-1"): SavedView {
  return {
    id,
    owner_id: ME,
    shared: request.shared ?? false,
    name: request.name,
    filter: request.filter ?? {},
    columns: request.columns ?? [],
    sort: (request.sort ?? []).map((key) => ({ field: key.field, descending: !!key.descending })),
    editable: true,
    created_at: "2026-12-01T10:00:00Z",
    updated_at: "2026-12-01T10:00:00Z",
  };
}

describe("viewRequest and queryFromView", () => {
  it("round-trip the page: one-click filters, builder conditions, sort and columns", () => {
    const page: ContactsQuery = {
      ...EMPTY_QUERY,
      view: "table",
      search: "kowal",
      region: "opolskie",
      kind: "person",
      manager: "me",
      activity: "act-1",
      group: "grp-1",
      conditions: [{ field: "custom.visits", op: "gte", value: 3 }],
      sort: "-created_at",
    };
    const request = viewRequest(" Hot leads ", true, page, ME, ["display_name", "custom.visits"]);
    expect(request).toMatchObject({ name: "Hot leads", shared: true });
    const opened = queryFromView(saved(request), ME, { view: "table" });
    expect(opened).toEqual({
      ...page,
      columns: "display_name,custom.visits",
      savedView: "view-1",
    });
  });

  it("opens someone else's 'mine' as a condition on their account, not on mine", () => {
    const theirs = viewRequest("Theirs", true, { ...EMPTY_QUERY, manager: "me" }, "other", []);
    const opened = queryFromView(saved(theirs), ME, { view: "list" });
    expect(opened.manager).toBe("");
    expect(opened.conditions).toEqual([{ field: "manager_id", op: "eq", value: "other" }]);
  });

  it("keeps what one-click filters cannot show as conditions, and an empty filter as none", () => {
    const view = saved({
      name: "Complex",
      filter: {
        all: [
          { field: "region", op: "eq", value: "opolskie" },
          { field: "region", op: "eq", value: "śląskie" },
          { any: [{ search: "a" }, { search: "b" }] },
        ],
      },
    });
    const opened = queryFromView(view, ME, { view: "tiles" });
    expect(opened.region).toBe("opolskie");
    expect(opened.view).toBe("tiles");
    expect(opened.conditions).toEqual([
      { field: "region", op: "eq", value: "śląskie" },
      { any: [{ search: "a" }, { search: "b" }] },
    ]);
    const all = queryFromView(saved({ name: "All", filter: {} }), ME, { view: "list" });
    expect(all).toEqual({ ...EMPTY_QUERY, savedView: "view-1" });
    const single = saved({ name: "One", filter: { search: "nowak" } });
    expect(queryFromView(single, ME, { view: "list" }).search).toBe("nowak");
  });
});
