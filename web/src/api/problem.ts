/** RFC 9457 problems as the gateway sends them, and the field each one points at. */

export interface FieldError {
  field: string | null;
  code: string;
  detail: string;
}

export interface Problem {
  status: number;
  code: string;
  detail: string;
  /** The field at fault, as a path into the request body: `emails[0].address`. */
  field?: string;
  errors?: FieldError[];
  /** With 409 `duplicate_contact`: the cards already holding the new card's phones or emails. */
  duplicates?: Duplicate[];
}

export interface Duplicate {
  kind: "email" | "phone";
  value: string;
  contactId: string;
}

/** A failed API call; `problem` says why in the gateway's own words. */
export class ApiError extends Error {
  readonly problem: Problem;

  constructor(problem: Problem) {
    super(problem.detail);
    this.name = "ApiError";
    this.problem = problem;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

/** Reads whatever a failed response carried into a Problem, whatever its shape. */
export function toProblem(body: unknown, status: number): Problem {
  if (!isRecord(body)) {
    return { status, code: status === 0 ? "network_error" : "http_error", detail: String(body) };
  }
  const problem: Problem = {
    status: typeof body.status === "number" ? body.status : status,
    code: typeof body.code === "string" ? body.code : "http_error",
    detail: typeof body.detail === "string" ? body.detail : `HTTP ${status}`,
  };
  if (typeof body.field === "string") problem.field = body.field;
  if (Array.isArray(body.errors)) problem.errors = body.errors.filter(isFieldError);
  if (Array.isArray(body.duplicates)) problem.duplicates = body.duplicates.flatMap(toDuplicate);
  return problem;
}

function toDuplicate(value: unknown): Duplicate[] {
  if (!isRecord(value) || typeof value.value !== "string") return [];
  if (typeof value.contact_id !== "string") return [];
  if (value.kind !== "email" && value.kind !== "phone") return [];
  return [{ kind: value.kind, value: value.value, contactId: value.contact_id }];
}

function isFieldError(value: unknown): value is FieldError {
  return isRecord(value) && typeof value.detail === "string";
}

/** The top-level field a body path belongs to: `emails[0].address` → `emails`,
 * `custom.visits` → `custom.visits` (custom fields are columns of their own). */
export function topField(path: string): string {
  const match = /^(custom\.[^.[\]]+|[^.[\]]+)/.exec(path);
  return match?.[1] ?? path;
}

/** One message per top-level field, the first the gateway gave for it. */
export function fieldErrors(problem: Problem): Map<string, string> {
  const messages = new Map<string, string>();
  const add = (path: string | null | undefined, detail: string) => {
    if (!path) return;
    const field = topField(path);
    if (!messages.has(field)) messages.set(field, detail);
  };
  add(problem.field, problem.detail);
  for (const error of problem.errors ?? []) add(error.field, error.detail);
  return messages;
}
