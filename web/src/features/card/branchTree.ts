/** A holding's companies (the API lists them parents first) as a tree. */
import type { BranchNode } from "../../api/types";

export interface BranchTreeNode {
  node: BranchNode;
  children: BranchTreeNode[];
}

/** Children in name order; a node whose parent is missing from the list becomes a root. */
export function buildBranchTree(nodes: readonly BranchNode[]): BranchTreeNode[] {
  const byId = new Map<string, BranchTreeNode>(
    nodes.map((node) => [node.company_id, { node, children: [] }]),
  );
  const roots: BranchTreeNode[] = [];
  for (const tree of byId.values()) {
    const parentId = tree.node.parent_id;
    const parent = parentId && parentId !== tree.node.company_id ? byId.get(parentId) : undefined;
    (parent ? parent.children : roots).push(tree);
  }
  const sort = (list: BranchTreeNode[]) => {
    list.sort((a, b) => a.node.name.localeCompare(b.node.name));
    for (const tree of list) sort(tree.children);
  };
  sort(roots);
  return roots;
}
