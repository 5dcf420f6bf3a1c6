/** The smart-group rule form: a filter rule's conditions or an event rule's parts, and the
 * body the API takes. */
import type { FilterNode, SmartRule } from "../../api/types";
import type { EventRow } from "./eventCondition";
import { eventRowsOf } from "./eventCondition";
import type { RuleBody } from "./ruleApi";

export interface RuleDraft {
  kind: "filter" | "event";
  name: string;
  groupId: string;
  /** A filter rule's filter, or an event rule's contact filter, as the builder's nodes. */
  conditions: FilterNode[];
  eventType: string;
  eventRows: EventRow[];
  /** A stored event condition the rows cannot show (any/not), sent back unchanged. */
  keptCondition: unknown;
  occurrence: "every" | "first";
  action: "add" | "remove";
}

/** The builder's nodes of a filter: the children of a top-level "all", else the node. */
export function conditionsOf(filter: unknown): FilterNode[] {
  if (filter === null || filter === undefined) return [];
  const node = filter as FilterNode;
  return "all" in node && Array.isArray(node.all) ? node.all : [node];
}

/** The nodes as one filter; null when there are none. */
export function filterOf(conditions: readonly FilterNode[]): FilterNode | null {
  if (!conditions.length) return null;
  return { all: [...conditions] };
}

export function draftOfRule(rule?: SmartRule): RuleDraft {
  const event = rule?.event;
  const rows = eventRowsOf(event?.event_condition ?? null);
  return {
    kind: rule?.kind ?? "filter",
    name: rule?.name ?? "",
    groupId: rule?.group_id ?? "",
    conditions: conditionsOf(rule?.kind === "event" ? event?.contact_filter : rule?.filter),
    eventType: event?.event_type ?? "",
    eventRows: rows ?? [],
    keptCondition: rows === null ? event?.event_condition : null,
    occurrence: event?.occurrence === "first" ? "first" : "every",
    action: event?.action === "remove" ? "remove" : "add",
  };
}

export type RuleProblem = "name" | "group" | "conditions" | "eventType";

/** What the form lacks before it can be sent: a filter rule with no condition would put
 * every contact in the group, so it is refused here rather than saved by a slip. */
export function ruleProblems(draft: RuleDraft): Set<RuleProblem> {
  const problems = new Set<RuleProblem>();
  if (!draft.name.trim()) problems.add("name");
  if (!draft.groupId) problems.add("group");
  if (draft.kind === "filter" && !draft.conditions.length) problems.add("conditions");
  if (draft.kind === "event" && !draft.eventType) problems.add("eventType");
  return problems;
}

/** The body to send; `eventCondition` is the rows' condition (built by the caller, which
 * knows the event's fields). */
export function ruleBody(draft: RuleDraft, eventCondition: unknown): RuleBody {
  const name = draft.name.trim();
  const filter = filterOf(draft.conditions) as Record<string, unknown> | null;
  if (draft.kind === "filter") {
    return { kind: "filter", name, group_id: draft.groupId, filter: filter ?? {} };
  }
  return {
    kind: "event",
    name,
    group_id: draft.groupId,
    event_type: draft.eventType,
    event_condition: (draft.keptCondition ?? eventCondition ?? null) as Record<
      string,
      unknown
    > | null,
    contact_filter: filter,
    occurrence: draft.occurrence,
    action: draft.action,
  };
}
