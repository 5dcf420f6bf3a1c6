import { describe, expect, it } from "vitest";
import { contactIconKind } from "./contactIconKind";

describe("contactIconKind", () => {
  it("shows a person by gender", () => {
    expect(contactIconKind({ kind: "person", gender: "male" })).toBe("male");
    expect(contactIconKind({ kind: "person", gender: "female" })).toBe("female");
  });

  it("shows a person without gender as neutral", () => {
    expect(contactIconKind({ kind: "person", gender: null })).toBe("person");
  });

  it("shows a company as a company, whatever gender it carries", () => {
    expect(contactIconKind({ kind: "company", gender: null })).toBe("company");
    expect(contactIconKind({ kind: "company", gender: "female" })).toBe("company");
  });
});
