/** The merge call of the merge screen. */
import { api, unwrap } from "../../api/client";
import type { MergeRequest, MergeResult } from "../../api/types";

/** With `dry_run` the answer is the merged card as it would be; nothing changes. */
export function mergeContacts(body: MergeRequest): Promise<MergeResult> {
  return unwrap(api.POST("/api/v1/contacts/merge", { body }));
}
