import { describe, expect, it } from "vitest";
import { makeGroup } from "../../test/fixtures";
import { groupOptions } from "./groupOptions";

describe("groupOptions", () => {
  it("lists groups in tree order, each subgroup named by its branch", () => {
    const groups = [
      makeGroup({ id: "vip", name: "VIP", parent_id: "clients", position: 1 }),
      makeGroup({ id: "leads", name: "Leads", position: 2 }),
      makeGroup({ id: "clients", name: "Clients", position: 1 }),
      makeGroup({ id: "lvip", name: "VIP", parent_id: "leads" }),
    ];
    expect(groupOptions(groups)).toEqual([
      { id: "clients", label: "Clients" },
      { id: "vip", label: "Clients › VIP" },
      { id: "leads", label: "Leads" },
      { id: "lvip", label: "Leads › VIP" },
    ]);
  });
});
