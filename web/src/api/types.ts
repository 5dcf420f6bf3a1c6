/** Names for the generated API shapes the app uses (see schema.d.ts, generated). */
import type { components } from "./schema";

type Schemas = components["schemas"];

export type Contact = Schemas["ContactOut"];
export type ContactIn = Schemas["ContactIn"];
export type ContactPatch = Schemas["ContactPatch"];
export type MergeRequest = Schemas["MergeIn"];
export type MergeResult = Schemas["MergeOut"];
export type ContactKind = Contact["kind"];
export type SearchRequest = Schemas["SearchIn"];
export type SearchPage = Schemas["SearchOut"];
export type Group = Schemas["GroupOut"];
export type GroupIn = Schemas["GroupIn"];
export type GroupPatch = Schemas["GroupPatch"];
export type SmartRule = Schemas["RuleOut"];
export type FilterRuleIn = Schemas["RuleIn"];
export type EventRuleIn = Schemas["EventRuleIn"];
export type RulePreview = Schemas["PreviewOut"];
export type EventType = Schemas["EventTypeOut"];
export type EventField = Schemas["EventFieldOut"];
export type Branch = Schemas["BranchOut"];
export type CardLayout = Schemas["ContactLayoutOut"];
export type StoredLayout = Schemas["LayoutOut"];
export type LayoutIn = Schemas["LayoutIn"];
export type LayoutBlock = Schemas["BlockModel"];
export type BranchNode = Schemas["BranchNodeOut"];
export type CustomField = Schemas["CustomFieldOut"];
export type FilterField = Schemas["FilterFieldOut"];
export type CustomFieldIn = Schemas["CustomFieldIn"];
export type CustomFieldChange = Schemas["CustomFieldChange"];
export type CustomFieldChanged = Schemas["CustomFieldChanged"];
export type SavedView = Schemas["ViewOut"];
export type SavedViewIn = Schemas["ViewIn"];
export type HistoryEntry = Schemas["HistoryEntryOut"];
export type ActivityType = Schemas["ActivityOut"];
export type TokenResponse = Schemas["TokenResponse"];

/** The filter language (README: "The filter language"): the API types it as any object. */
export type FilterNode =
  | { all: FilterNode[] }
  | { any: FilterNode[] }
  | { not: FilterNode }
  | { field: string; op: string; value?: unknown }
  | { group: string; subgroups?: boolean; op: "in" | "not_in" }
  | { search: string };
