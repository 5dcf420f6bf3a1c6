import { describe, expect, it } from "vitest";
import type { Group } from "../../api/types";
import { makeGroup } from "../../test/fixtures";
import { ancestorIds, buildGroupTree, type GroupNode } from "./groupTree";

/** The tree as nested ids, e.g. ["a", ["b", "c"]], to compare shapes at a glance. */
type Shape = string | [string, Shape[]];
function shape(nodes: GroupNode[]): Shape[] {
  return nodes.map((node) =>
    node.children.length ? [node.group.id, shape(node.children)] : node.group.id,
  );
}

describe("buildGroupTree", () => {
  it("is empty for no groups", () => {
    expect(buildGroupTree([])).toEqual([]);
  });

  it("nests children under their parents, whatever the list order", () => {
    const groups = [
      makeGroup({ id: "leaf", parent_id: "mid" }),
      makeGroup({ id: "mid", parent_id: "root" }),
      makeGroup({ id: "root" }),
    ];
    expect(shape(buildGroupTree(groups))).toEqual([["root", [["mid", ["leaf"]]]]]);
  });

  it("orders siblings by position, then by name", () => {
    const groups = [
      makeGroup({ id: "z", name: "Zielone", position: 1 }),
      makeGroup({ id: "b", name: "Beta", position: 2 }),
      makeGroup({ id: "a", name: "Alfa", position: 2 }),
      makeGroup({ id: "first", name: "Ostatnie alfabetycznie", position: 0 }),
      makeGroup({ id: "k2", name: "Kraków", parent_id: "z", position: 5 }),
      makeGroup({ id: "k1", name: "Łódź", parent_id: "z", position: 5 }),
      makeGroup({ id: "k0", name: "Warszawa", parent_id: "z", position: 1 }),
    ];
    expect(shape(buildGroupTree(groups))).toEqual(["first", ["z", ["k0", "k2", "k1"]], "a", "b"]);
  });

  it("makes a group whose parent is not in the list a root", () => {
    const groups = [
      makeGroup({ id: "visible", name: "B", position: 1 }),
      makeGroup({ id: "orphan", name: "A", parent_id: "hidden", position: 1 }),
      makeGroup({ id: "child", parent_id: "orphan" }),
    ];
    expect(shape(buildGroupTree(groups))).toEqual([["orphan", ["child"]], "visible"]);
  });

  it("shows groups of a corrupt parent cycle as roots, with their other children", () => {
    const groups = [
      makeGroup({ id: "a", name: "A", parent_id: "b", position: 1 }),
      makeGroup({ id: "b", name: "B", parent_id: "a", position: 2 }),
      makeGroup({ id: "self", name: "C", parent_id: "self", position: 3 }),
      makeGroup({ id: "under-a", parent_id: "a" }),
    ];
    expect(shape(buildGroupTree(groups))).toEqual([["a", ["under-a"]], "b", "self"]);
  });

  it("keeps the groups themselves in the nodes", () => {
    const group: Group = makeGroup({ id: "g", name: "Klienci", member_count: 3 });
    const [node] = buildGroupTree([group]);
    expect(node?.group).toBe(group);
  });
});

describe("ancestorIds", () => {
  const groups = [
    makeGroup({ id: "root" }),
    makeGroup({ id: "mid", parent_id: "root" }),
    makeGroup({ id: "leaf", parent_id: "mid" }),
    makeGroup({ id: "other" }),
  ];

  it("gives every ancestor of a group, not the group itself", () => {
    expect(ancestorIds(groups, "leaf")).toEqual(new Set(["mid", "root"]));
    expect(ancestorIds(groups, "mid")).toEqual(new Set(["root"]));
  });

  it("is empty for a root and for an unknown id", () => {
    expect(ancestorIds(groups, "root").size).toBe(0);
    expect(ancestorIds(groups, "missing").size).toBe(0);
  });

  it("stops at a parent that is not in the list", () => {
    const partial = [
      makeGroup({ id: "a", parent_id: "b" }),
      makeGroup({ id: "b", parent_id: "x" }),
    ];
    expect(ancestorIds(partial, "a")).toEqual(new Set(["b"]));
  });

  it("stops on a parent cycle instead of looping", () => {
    const cycle = [
      makeGroup({ id: "start", parent_id: "a" }),
      makeGroup({ id: "a", parent_id: "b" }),
      makeGroup({ id: "b", parent_id: "a" }),
    ];
    expect(ancestorIds(cycle, "start")).toEqual(new Set(["a", "b"]));
    const self = [makeGroup({ id: "s", parent_id: "s" })];
    expect(ancestorIds(self, "s")).toEqual(new Set(["s"]));
  });
});
