/** The smart-group rule calls of the rule settings. */
import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../../api/client";
import type {
  Contact,
  EventRuleIn,
  FilterNode,
  FilterRuleIn,
  RulePreview,
  SmartRule,
} from "../../api/types";

export function useRules() {
  return useQuery({
    queryKey: ["smart-rules", "list"],
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/smart-rules", { signal })),
  });
}

export function useEventTypes() {
  return useQuery({
    queryKey: ["event-types"],
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/smart-rules/event-types", { signal })),
    // The catalogue comes from the contracts: it changes with a deployment, not a session.
    staleTime: Infinity,
  });
}

export type RuleBody = FilterRuleIn | EventRuleIn;

export function createRule(body: RuleBody): Promise<SmartRule> {
  return unwrap(api.POST("/api/v1/smart-rules", { body }));
}

/** A rule keeps its group: the change body has no `group_id`. */
export function changeRule(id: string, body: RuleBody): Promise<SmartRule> {
  const change = { ...body, group_id: undefined };
  return unwrap(
    api.PUT("/api/v1/smart-rules/{rule_id}", { params: { path: { rule_id: id } }, body: change }),
  );
}

export function setRulePaused(id: string, paused: boolean): Promise<SmartRule> {
  return unwrap(
    api.POST("/api/v1/smart-rules/{rule_id}/pause", {
      params: { path: { rule_id: id } },
      body: { paused },
    }),
  );
}

/** Deletes the rule and the memberships it made; says how many. */
export function deleteRule(id: string): Promise<{ removed: number }> {
  return unwrap(api.DELETE("/api/v1/smart-rules/{rule_id}", { params: { path: { rule_id: id } } }));
}

/** Who a filter rule would add to and take from its group if it ran now; `ruleId` makes the
 * rule's own memberships count as already there. */
export function previewRule(
  groupId: string,
  filter: FilterNode,
  ruleId: string | undefined,
): Promise<RulePreview> {
  return unwrap(
    api.POST("/api/v1/smart-rules/preview", {
      body: { group_id: groupId, filter, rule_id: ruleId },
    }),
  );
}

/** The sample's cards, for their names; one deleted meanwhile is left out. */
export async function sampleContacts(ids: readonly string[]): Promise<Contact[]> {
  const cards = await Promise.allSettled(
    ids.map((id) =>
      unwrap(api.GET("/api/v1/contacts/{contact_id}", { params: { path: { contact_id: id } } })),
    ),
  );
  return cards.flatMap((card) => (card.status === "fulfilled" ? [card.value] : []));
}
