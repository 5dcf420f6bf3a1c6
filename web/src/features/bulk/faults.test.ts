import { describe, expect, it } from "vitest";
import { argumentAtFault } from "./faults";

describe("argumentAtFault", () => {
  it("names the operation's argument a refusal points at", () => {
    const problem = { status: 422, code: "invalid_value", detail: "x", field: "operation.value" };
    expect(argumentAtFault(problem)).toBe("value");
    expect(argumentAtFault({ ...problem, field: "operation.from_group_id" })).toBe("from_group_id");
  });

  it("reads a validation error's first field when the problem has none of its own", () => {
    const problem = {
      status: 422,
      code: "validation_error",
      detail: "x",
      errors: [{ field: "operation.group_id", code: "string_too_long", detail: "too long" }],
    };
    expect(argumentAtFault(problem)).toBe("group_id");
  });

  it("points at the selection for a bad filter, and at nothing for a permission", () => {
    const bad = {
      status: 422,
      code: "invalid_filter",
      detail: "x",
      field: "selection.filter.all[0]",
    };
    expect(argumentAtFault(bad)).toBe("selection");
    expect(argumentAtFault({ status: 403, code: "permission_denied", detail: "no" })).toBeNull();
    expect(argumentAtFault({ ...bad, field: "operation.op" })).toBeNull();
  });
});
