/** An event rule's condition as rows "field op value", all of which must hold: the event
 * type's payload fields, the operators the segmentation service allows for each, and values
 * typed as the service compares them. */
import type { EventField } from "../../api/types";

export interface EventRow {
  field: string;
  op: string;
  /** As typed; a list for `in` is comma-separated. */
  value: string;
}

// The service's table (segmentation domain/conditions.py): a list field only tests membership.
const OPS_BY_TYPE: Record<EventField["type"], readonly string[]> = {
  string: ["eq", "ne", "in", "contains", "exists"],
  integer: ["eq", "ne", "gt", "gte", "lt", "lte", "in", "exists"],
  number: ["eq", "ne", "gt", "gte", "lt", "lte", "in", "exists"],
  timestamp: ["eq", "ne", "gt", "gte", "lt", "lte", "in", "exists"],
  bool: ["eq", "ne", "exists"],
  enum: ["eq", "ne", "in", "exists"],
};
const LIST_OPS = ["contains", "exists"] as const;

export function eventOps(field: EventField): readonly string[] {
  return field.repeated ? LIST_OPS : OPS_BY_TYPE[field.type];
}

export type FieldTest = { field: string; op: string; value?: unknown };
export type EventCondition = FieldTest | { all: FieldTest[] };

/** One typed value as JSON of the field's type, or undefined when it is not one. */
function typed(field: EventField, text: string): unknown {
  const value = text.trim();
  if (!value) return undefined;
  switch (field.type) {
    case "integer":
      return /^-?\d+$/.test(value) ? Number(value) : undefined;
    case "number":
      return value !== "" && Number.isFinite(Number(value)) ? Number(value) : undefined;
    case "bool":
      return value === "true" ? true : value === "false" ? false : undefined;
    case "enum":
      return field.enum_values.includes(value) ? value : undefined;
    case "timestamp":
      return Number.isNaN(Date.parse(value)) ? undefined : value;
    default:
      return value;
  }
}

export type BuiltCondition = { condition: EventCondition | null } | { invalid: number[] };

/** The condition for the rows (null: no rows, every event of the type counts), or the
 * indexes of rows whose field is unknown or whose value is missing or of the wrong type. */
export function buildEventCondition(
  rows: readonly EventRow[],
  fields: readonly EventField[],
): BuiltCondition {
  const byPath = new Map(fields.map((field) => [field.path, field]));
  const tests: FieldTest[] = [];
  const invalid: number[] = [];
  rows.forEach((row, index) => {
    const field = byPath.get(row.field);
    if (!field || !eventOps(field).includes(row.op)) return invalid.push(index);
    if (row.op === "exists") return tests.push({ field: row.field, op: row.op });
    const values =
      row.op === "in"
        ? row.value.split(",").map((part) => typed(field, part))
        : [typed(field, row.value)];
    if (!values.length || values.some((value) => value === undefined)) return invalid.push(index);
    tests.push({ field: row.field, op: row.op, value: row.op === "in" ? values : values[0] });
  });
  if (invalid.length) return { invalid };
  if (!tests.length) return { condition: null };
  return { condition: tests.length === 1 ? (tests[0] as FieldTest) : { all: tests } };
}

function isTest(node: unknown): node is FieldTest {
  if (typeof node !== "object" || node === null) return false;
  const record = node as Record<string, unknown>;
  return typeof record.field === "string" && typeof record.op === "string";
}

function text(value: unknown): string {
  if (Array.isArray(value)) return value.map(text).join(", ");
  return typeof value === "string" || typeof value === "number" || typeof value === "boolean"
    ? String(value)
    : "";
}

/** The rows of a stored condition, or null when it is not a plain "all of" (any, not: written
 * through the API, which the rows cannot show; the editor keeps it as it is). */
export function eventRowsOf(condition: unknown): EventRow[] | null {
  if (condition === null || condition === undefined) return [];
  const tests = typeof condition === "object" && "all" in condition ? condition.all : [condition];
  if (!Array.isArray(tests) || !tests.every(isTest)) return null;
  return tests.map((test) => ({ field: test.field, op: test.op, value: text(test.value) }));
}
