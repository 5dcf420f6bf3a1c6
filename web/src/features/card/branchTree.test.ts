import { describe, expect, it } from "vitest";
import type { BranchNode } from "../../api/types";
import { buildBranchTree, type BranchTreeNode } from "./branchTree";

function node(company_id: string, name: string, parent_id: string | null): BranchNode {
  return { company_id, name, parent_id, depth: 0, head_count: 1, total_head_count: 1 };
}

type Shape = string | [string, Shape[]];
function shape(trees: BranchTreeNode[]): Shape[] {
  return trees.map((tree) =>
    tree.children.length ? [tree.node.name, shape(tree.children)] : tree.node.name,
  );
}

describe("buildBranchTree", () => {
  it("nests subsidiaries under their parents, in name order at each level", () => {
    const nodes = [
      node("h", "Holding", null),
      node("z", "Zeta", "h"),
      node("a", "Alfa", "h"),
      node("a1", "Alfa Serwis", "a"),
    ];
    expect(shape(buildBranchTree(nodes))).toEqual([
      ["Holding", [["Alfa", ["Alfa Serwis"]], "Zeta"]],
    ]);
  });

  it("makes a company whose parent is not listed, or is itself, a root", () => {
    const nodes = [node("x", "Orphan", "gone"), node("s", "Self", "s")];
    expect(shape(buildBranchTree(nodes))).toEqual(["Orphan", "Self"]);
  });
});
