/** The flat group list of the API as a tree, children in their display order. */
import type { Group } from "../../api/types";

export interface GroupNode {
  group: Group;
  children: GroupNode[];
}

function byPosition(a: GroupNode, b: GroupNode): number {
  return a.group.position - b.group.position || a.group.name.localeCompare(b.group.name);
}

export function buildGroupTree(groups: readonly Group[]): GroupNode[] {
  const nodes = new Map<string, GroupNode>(
    groups.map((group) => [group.id, { group, children: [] }]),
  );
  const roots: GroupNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.group.parent_id ? nodes.get(node.group.parent_id) : undefined;
    // A parent outside the list (not visible to this user) makes its child a root, and so does
    // a corrupt parent cycle: otherwise its groups would hang off each other, under no root.
    const orphan = !parent || inParentCycle(nodes, node.group.id);
    (orphan ? roots : parent.children).push(node);
  }
  const sort = (list: GroupNode[]) => {
    list.sort(byPosition);
    for (const node of list) sort(node.children);
  };
  sort(roots);
  return roots;
}

function inParentCycle(nodes: ReadonlyMap<string, GroupNode>, id: string): boolean {
  const seen = new Set<string>();
  for (let current = nodes.get(id)?.group.parent_id; current;) {
    if (current === id) return true;
    if (seen.has(current)) return false; // a cycle above this group, not through it
    seen.add(current);
    current = nodes.get(current)?.group.parent_id;
  }
  return false;
}

/** The ids of a group's ancestors: what to expand so that the group shows. */
export function ancestorIds(groups: readonly Group[], id: string): Set<string> {
  const byId = new Map(groups.map((group) => [group.id, group]));
  const ids = new Set<string>();
  const parentOf = (group: Group | undefined) =>
    group?.parent_id ? byId.get(group.parent_id) : undefined;
  // `ids` also stops a corrupt parent cycle from looping forever.
  for (let current = parentOf(byId.get(id)); current && !ids.has(current.id);) {
    ids.add(current.id);
    current = parentOf(current);
  }
  return ids;
}
