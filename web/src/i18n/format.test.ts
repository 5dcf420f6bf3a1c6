import { describe, expect, it } from "vitest";
import { formatCount, formatDateTime } from "./format";

describe("formatCount", () => {
  it("groups thousands as each language does", () => {
    expect(formatCount(1234567, "en")).toBe("1,234,567");
    // Polish groups with a no-break space, and not in four-digit numbers.
    expect(formatCount(1234567, "pl")).toBe("1\u00a0234\u00a0567");
    expect(formatCount(1234, "pl")).toBe("1234");
    expect(formatCount(1234, "en")).toBe("1,234");
  });

  it("keeps each language's format apart after both were used", () => {
    expect(formatCount(12345, "pl")).not.toBe(formatCount(12345, "en"));
    expect(formatCount(0.5, "pl")).toBe("0,5");
    expect(formatCount(0.5, "en")).toBe("0.5");
  });
});

describe("formatDateTime", () => {
  // Noon UTC: the same calendar day in every time zone the tests may run in.
  const iso = "2024-03-05T12:00:00Z";

  it("formats a date and time in the reader's language", () => {
    const en = formatDateTime(iso, "en");
    const pl = formatDateTime(iso, "pl");
    expect(en).toContain("Mar 5, 2024");
    expect(pl).toContain("5 mar 2024");
    expect(en).not.toBe(pl);
  });

  it("returns the input for a text that is not a date", () => {
    expect(formatDateTime("not a date", "en")).toBe("not a date");
    expect(formatDateTime("2024-13-45T99:00:00Z", "pl")).toBe("2024-13-45T99:00:00Z");
    expect(formatDateTime("", "en")).toBe("");
  });
});
