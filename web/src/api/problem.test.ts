import { describe, expect, it } from "vitest";
import { ApiError, fieldErrors, topField, toProblem, type Problem } from "./problem";

describe("toProblem", () => {
  it("reads the cards a duplicate_contact conflict names, skipping malformed entries", () => {
    const body = {
      status: 409,
      code: "duplicate_contact",
      detail: "+48600100200 is already on contact c-1",
      field: "phones",
      duplicates: [
        { kind: "phone", value: "+48600100200", contact_id: "c-1" },
        { kind: "email", value: "a@example.pl", contact_id: "c-2" },
        { kind: "fax", value: "1", contact_id: "c-3" },
        { kind: "email", value: "b@example.pl" },
      ],
    };
    expect(toProblem(body, 409).duplicates).toEqual([
      { kind: "phone", value: "+48600100200", contactId: "c-1" },
      { kind: "email", value: "a@example.pl", contactId: "c-2" },
    ]);
  });

  it("reads a gateway problem", () => {
    const body = {
      type: "about:blank",
      status: 422,
      code: "validation_error",
      detail: "Invalid contact",
      field: "emails[0].address",
      errors: [{ field: "emails[0].address", code: "invalid_email", detail: "Not an email" }],
    };
    expect(toProblem(body, 400)).toEqual({
      status: 422,
      code: "validation_error",
      detail: "Invalid contact",
      field: "emails[0].address",
      errors: [{ field: "emails[0].address", code: "invalid_email", detail: "Not an email" }],
    });
  });

  it("calls a failure with status 0 and no problem body a network error", () => {
    expect(toProblem("TypeError: Failed to fetch", 0)).toEqual({
      status: 0,
      code: "network_error",
      detail: "TypeError: Failed to fetch",
    });
    expect(toProblem(undefined, 0).code).toBe("network_error");
  });

  it("keeps a text body as the detail of an HTTP error", () => {
    expect(toProblem("<html>Bad Gateway</html>", 502)).toEqual({
      status: 502,
      code: "http_error",
      detail: "<html>Bad Gateway</html>",
    });
  });

  it("reads non-object bodies as text", () => {
    expect(toProblem(undefined, 500)).toEqual({
      status: 500,
      code: "http_error",
      detail: "undefined",
    });
    expect(toProblem(null, 503).detail).toBe("null");
    expect(toProblem(42, 500).detail).toBe("42");
  });

  it("fills what an object body lacks or has of the wrong type", () => {
    expect(toProblem({}, 404)).toEqual({ status: 404, code: "http_error", detail: "HTTP 404" });
    expect(toProblem({ status: "418", code: 7, detail: ["x"], field: 3 }, 500)).toEqual({
      status: 500,
      code: "http_error",
      detail: "HTTP 500",
    });
  });

  it("drops field errors without a text detail, and errors that are not a list", () => {
    const problem = toProblem(
      {
        detail: "Invalid",
        errors: [
          { field: "region", code: "too_long", detail: "Too long" },
          { field: "source", code: "x" },
          "just text",
          null,
        ],
      },
      422,
    );
    expect(problem.errors).toEqual([{ field: "region", code: "too_long", detail: "Too long" }]);
    expect(toProblem({ detail: "Invalid", errors: { region: "x" } }, 422).errors).toBeUndefined();
  });
});

describe("ApiError", () => {
  it("carries its problem, with the detail as the message", () => {
    const problem: Problem = { status: 403, code: "forbidden", detail: "Not yours" };
    const error = new ApiError(problem);
    expect(error).toBeInstanceOf(Error);
    expect(error.message).toBe("Not yours");
    expect(error.name).toBe("ApiError");
    expect(error.problem).toBe(problem);
  });
});

describe("topField", () => {
  it("gives the top-level field of a body path", () => {
    expect(topField("emails[0].address")).toBe("emails");
    expect(topField("phones.1.number")).toBe("phones");
    expect(topField("first_name")).toBe("first_name");
  });

  it("keeps a custom field's key, which is a column of its own", () => {
    expect(topField("custom.visits")).toBe("custom.visits");
    expect(topField("custom.tags[1]")).toBe("custom.tags");
    expect(topField("custom.address.city")).toBe("custom.address");
  });

  it("returns a path it cannot read as given", () => {
    expect(topField("[0]")).toBe("[0]");
  });
});

describe("fieldErrors", () => {
  it("gives one message per top-level field, the first one given for it", () => {
    const problem: Problem = {
      status: 422,
      code: "validation_error",
      detail: "First email is bad",
      field: "emails[0].address",
      errors: [
        { field: "emails[1].address", code: "invalid", detail: "Second email is bad" },
        { field: "region", code: "too_long", detail: "Region too long" },
        { field: "region", code: "other", detail: "Region also odd" },
        { field: "custom.visits", code: "invalid", detail: "Not a number" },
      ],
    };
    expect(fieldErrors(problem)).toEqual(
      new Map([
        ["emails", "First email is bad"],
        ["region", "Region too long"],
        ["custom.visits", "Not a number"],
      ]),
    );
  });

  it("skips errors that name no field", () => {
    const problem: Problem = {
      status: 422,
      code: "validation_error",
      detail: "Invalid",
      errors: [
        { field: null, code: "rule", detail: "Cross-field rule" },
        { field: "", code: "rule", detail: "Empty path" },
      ],
    };
    expect(fieldErrors(problem).size).toBe(0);
  });
});
