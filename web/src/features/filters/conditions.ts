/** Conditions of the filter builder: what each operator needs typed in, the filter-language
 * node the typed text becomes, and their form in the page's URL. */
import type { FilterField, FilterNode } from "../../api/types";

/** A condition of the filter language on one field (`{"field", "op", "value"}`). */
export interface FieldCondition {
  field: string;
  op: string;
  value?: unknown;
}

/** How many values an operator takes, which decides the inputs the builder shows. */
export type ValueShape = "none" | "one" | "list" | "pair" | "days";

const SHAPES: Record<string, ValueShape> = {
  empty: "none",
  not_empty: "none",
  in: "list",
  not_in: "list",
  has_any: "list",
  has_all: "list",
  between: "pair",
  within_last_days: "days",
  older_than_days: "days",
};

export function valueShape(op: string): ValueShape {
  return SHAPES[op] ?? "one";
}

/** One typed value as the API wants it for the field's kind; phones lose their spaces and
 * dashes (the filter compares E.164), integers become numbers, checkboxes booleans. */
function typedValue(field: FilterField, text: string): unknown {
  const value = text.trim();
  if (field.value_kind === "phone") return value.replace(/[\s().-]/g, "");
  if (field.value_kind === "integer" && /^-?\d+$/.test(value)) return Number(value);
  if (field.value_kind === "checkbox") return value === "true";
  return value;
}

export type Built = { condition: FieldCondition } | { missing: true };

/** The condition for the typed inputs: [] for no value, [a] for one, [a, b] for a range,
 * [a] of comma-separated values for a list. Missing input is reported, not guessed. */
export function buildCondition(field: FilterField, op: string, inputs: readonly string[]): Built {
  const shape = valueShape(op);
  const texts = inputs.map((input) => input.trim());
  if (shape === "none") return { condition: { field: field.field, op } };
  const [first = "", second = ""] = texts;
  if (shape === "days") {
    const days = Number(first);
    if (!Number.isInteger(days) || days < 0) return { missing: true };
    return { condition: { field: field.field, op, value: days } };
  }
  if (shape === "pair") {
    if (!first || !second) return { missing: true };
    return {
      condition: {
        field: field.field,
        op,
        value: [first, second].map((t) => typedValue(field, t)),
      },
    };
  }
  if (shape === "list") {
    const values = first
      .split(",")
      .map((part) => part.trim())
      .filter(Boolean);
    if (!values.length) return { missing: true };
    return {
      condition: { field: field.field, op, value: values.map((t) => typedValue(field, t)) },
    };
  }
  if (!first) return { missing: true };
  return { condition: { field: field.field, op, value: typedValue(field, first) } };
}

/** The typed inputs a stored condition shows again (the inverse of `buildCondition`). */
export function inputsOf(condition: FieldCondition): string[] {
  const { value } = condition;
  const text = (item: unknown) =>
    typeof item === "string" || typeof item === "number" || typeof item === "boolean"
      ? String(item)
      : "";
  switch (valueShape(condition.op)) {
    case "none":
      return [];
    case "pair":
      return Array.isArray(value) ? value.slice(0, 2).map(text) : ["", ""];
    case "list":
      return [Array.isArray(value) ? value.map(text).join(", ") : ""];
    default:
      return [text(value)];
  }
}

export function isFieldCondition(node: FilterNode): node is FieldCondition {
  return "field" in node && typeof node.field === "string" && typeof node.op === "string";
}

const NODE_KEYS = ["field", "all", "any", "not", "group", "company", "search"];

/** A node of the filter language by its shape (the API checks the rest). */
function isNode(value: unknown): value is FilterNode {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const keys = NODE_KEYS.filter((key) => key in value);
  if (keys.length !== 1) return false;
  return keys[0] !== "field" || typeof (value as Record<string, unknown>).op === "string";
}

/** The page's extra filter nodes from the URL's `f` parameter: the builder's conditions, and
 * any other node a saved view brought. Anything unreadable is dropped (a hand-edited link must
 * not break the page; the API still checks what is sent). */
export function parseConditions(param: string | null): FilterNode[] {
  if (!param) return [];
  try {
    const parsed: unknown = JSON.parse(param);
    return Array.isArray(parsed) ? parsed.filter(isNode) : [];
  } catch {
    return [];
  }
}

export function serializeConditions(conditions: readonly FilterNode[]): string | null {
  return conditions.length ? JSON.stringify(conditions) : null;
}
