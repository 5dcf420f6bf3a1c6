import { describe, expect, it } from "vitest";
import { safeNext } from "./next";

describe("safeNext", () => {
  it("keeps a path of this site, with its query and hash", () => {
    expect(safeNext("/contacts?view=table&q=Nowak#top")).toBe("/contacts?view=table&q=Nowak#top");
    expect(safeNext("/groups/g-1")).toBe("/groups/g-1");
    expect(safeNext("/")).toBe("/");
  });

  it("goes to the contacts without a next", () => {
    expect(safeNext(null)).toBe("/contacts");
    expect(safeNext("")).toBe("/contacts");
  });

  it("refuses a protocol-relative URL of another host", () => {
    expect(safeNext("//evil.example")).toBe("/contacts");
    expect(safeNext("//evil.example/contacts")).toBe("/contacts");
  });

  it("refuses paths a browser reads as another host (backslash, tab, newline)", () => {
    for (const crafted of ["/\\evil.example", "/\t/evil.example", "/\n/evil.example"]) {
      expect(safeNext(crafted)).toBe("/contacts");
    }
  });

  it("refuses absolute URLs and relative paths", () => {
    expect(safeNext("https://evil.example/contacts")).toBe("/contacts");
    expect(safeNext("javascript:alert(1)")).toBe("/contacts");
    expect(safeNext("contacts")).toBe("/contacts");
    expect(safeNext(" /contacts")).toBe("/contacts");
  });
});
