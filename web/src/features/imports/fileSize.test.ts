import { describe, expect, it } from "vitest";
import { formatFileSize } from "./fileSize";

describe("formatFileSize", () => {
  it("picks the unit and keeps a decimal only for small numbers of it", () => {
    expect(formatFileSize(820, "en")).toBe("820 bytes");
    expect(formatFileSize(12_345, "en")).toBe("12 kB");
    expect(formatFileSize(3_456_789, "en")).toBe("3.5 MB");
    expect(formatFileSize(7_000_000_000_000, "en")).toBe("7,000 GB");
  });

  it("reads in Polish too", () => {
    expect(formatFileSize(3_456_789, "pl")).toBe("3,5 MB");
  });
});
