/** The group tree as one flat list for a <select>: tree order, each named by its branch. */
import type { Group } from "../../api/types";
import { buildGroupTree, type GroupNode } from "../groups/groupTree";

export interface GroupOption {
  id: string;
  /** "Clients › VIP": a subgroup's name alone can repeat under other parents. */
  label: string;
}

export const BRANCH_SEPARATOR = " › ";

export function groupOptions(groups: readonly Group[]): GroupOption[] {
  const options: GroupOption[] = [];
  const walk = (nodes: readonly GroupNode[], above: readonly string[]) => {
    for (const node of nodes) {
      const names = [...above, node.group.name];
      options.push({ id: node.group.id, label: names.join(BRANCH_SEPARATOR) });
      walk(node.children, names);
    }
  };
  walk(buildGroupTree(groups), []);
  return options;
}
