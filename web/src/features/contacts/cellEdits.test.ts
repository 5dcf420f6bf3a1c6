import { describe, expect, it } from "vitest";
import type { Problem } from "../../api/problem";
import { makeContact, makeField } from "../../test/fixtures";
import { cellErrors, cellKey, patchForEdits } from "./cellEdits";
import { customColumn, STANDARD_COLUMNS, type Column } from "./columns";

function standard(id: string): Column {
  const column = STANDARD_COLUMNS.find((candidate) => candidate.id === id);
  if (!column) throw new Error(`no standard column ${id}`);
  return column;
}

const visits = customColumn(makeField({ key: "visits", type: "integer" }));
const tags = customColumn(makeField({ key: "tags", type: "multi_select" }));

describe("cellKey", () => {
  it("tells apart cells whose ids would run together", () => {
    expect(cellKey("c-1", "email")).not.toBe(cellKey("c-1e", "mail"));
    expect(cellKey("c-1", "email")).toBe(cellKey("c-1", "email"));
  });
});

describe("patchForEdits", () => {
  const contact = makeContact({
    emails: [{ address: "old@example.com", label: "work", primary: true }],
    custom: { visits: 3, tags: ["a"], untouched: "keep" },
  });

  it("merges the edits of one card into one patch", () => {
    const patch = patchForEdits(contact, [
      { column: standard("last_name"), text: " Nowak " },
      { column: standard("email"), text: "new@example.com" },
      { column: standard("region"), text: "pomorskie" },
    ]);
    expect(patch).toEqual({
      last_name: "Nowak",
      emails: [{ address: "new@example.com", label: "work", primary: true }],
      region: "pomorskie",
    });
  });

  it("keeps every custom field edited, not only the last", () => {
    const patch = patchForEdits(contact, [
      { column: visits, text: "4" },
      { column: standard("first_name"), text: "Anna" },
      { column: tags, text: "b, c" },
    ]);
    expect(patch).toEqual({
      first_name: "Anna",
      custom: { visits: "4", tags: ["b", "c"] },
    });
  });

  it("keeps earlier custom edits when a later edit has no custom part", () => {
    const patch = patchForEdits(contact, [
      { column: visits, text: "" },
      { column: standard("source"), text: "fair" },
    ]);
    expect(patch).toEqual({ custom: { visits: null }, source: "fair" });
  });

  it("ignores edits of read-only columns", () => {
    const patch = patchForEdits(contact, [
      { column: standard("display_name"), text: "Someone Else" },
      { column: standard("created_at"), text: "2000-01-01" },
      { column: standard("region"), text: "lubuskie" },
    ]);
    expect(patch).toEqual({ region: "lubuskie" });
  });

  it("is empty when no edit can be written", () => {
    expect(patchForEdits(contact, [{ column: standard("kind"), text: "company" }])).toEqual({});
    expect(patchForEdits(contact, [])).toEqual({});
  });

  it("lets the later edit of the same column win", () => {
    const patch = patchForEdits(contact, [
      { column: visits, text: "5" },
      { column: visits, text: "6" },
    ]);
    expect(patch).toEqual({ custom: { visits: "6" } });
  });
});

function problem(overrides: Partial<Problem>): Problem {
  return { status: 422, code: "validation_error", detail: "Invalid contact", ...overrides };
}

describe("cellErrors", () => {
  it("puts an error on `emails[0].address` on the email column", () => {
    const errors = cellErrors(
      problem({ field: "emails[0].address", detail: "Not an email address" }),
      ["email", "region"],
    );
    expect(errors).toEqual(new Map([["email", "Not an email address"]]));
  });

  it("puts a phone error on the phone column and a custom field's on its own column", () => {
    const errors = cellErrors(
      problem({
        errors: [
          { field: "phones[0].number", code: "invalid", detail: "Bad number" },
          { field: "custom.visits", code: "invalid", detail: "Not a whole number" },
        ],
      }),
      ["phone", "custom.visits", "custom.tags"],
    );
    expect(errors).toEqual(
      new Map([
        ["phone", "Bad number"],
        ["custom.visits", "Not a whole number"],
      ]),
    );
  });

  it("leaves out errors of columns that were not edited when some edited one is named", () => {
    const errors = cellErrors(
      problem({
        errors: [
          { field: "first_name", code: "invalid", detail: "Too long" },
          { field: "last_name", code: "invalid", detail: "Too short" },
        ],
      }),
      ["last_name"],
    );
    expect(errors).toEqual(new Map([["last_name", "Too short"]]));
  });

  it("shows a problem naming no edited column on every edited cell", () => {
    const conflict = problem({ status: 409, code: "conflict", detail: "Changed meanwhile" });
    expect(cellErrors(conflict, ["email", "custom.visits"])).toEqual(
      new Map([
        ["email", "Changed meanwhile"],
        ["custom.visits", "Changed meanwhile"],
      ]),
    );
  });

  it("shows a problem naming only columns that were not edited on every edited cell", () => {
    const other = problem({ field: "company_name", detail: "A company needs a name" });
    expect(cellErrors(other, ["region"])).toEqual(new Map([["region", "A company needs a name"]]));
  });
});
