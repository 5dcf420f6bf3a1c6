/** The group-tree calls of the group settings. */
import { api, unwrap } from "../../api/client";
import type { Group, GroupIn, GroupPatch } from "../../api/types";

export function createGroup(body: GroupIn): Promise<Group> {
  return unwrap(api.POST("/api/v1/groups", { body }));
}

/** Rename, or change attributes or priority; what the body leaves out stays. */
export function updateGroup(id: string, body: GroupPatch): Promise<Group> {
  return unwrap(
    api.PATCH("/api/v1/groups/{group_id}", { params: { path: { group_id: id } }, body }),
  );
}

/** Under another parent (null: to the top), with its whole subtree. */
export function moveGroup(id: string, parentId: string | null): Promise<Group> {
  return unwrap(
    api.POST("/api/v1/groups/{group_id}/move", {
      params: { path: { group_id: id } },
      body: { parent_id: parentId },
    }),
  );
}

/** Only an empty group without subgroups: 409 `group_not_empty` otherwise. */
export function deleteGroup(id: string): Promise<unknown> {
  return unwrap(api.DELETE("/api/v1/groups/{group_id}", { params: { path: { group_id: id } } }));
}
