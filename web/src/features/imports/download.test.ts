import { describe, expect, it } from "vitest";
import { fileNameOf } from "./download";

describe("fileNameOf", () => {
  it("prefers the UTF-8 name to the ASCII fallback", () => {
    const header =
      "attachment; filename=\"Klienci-__d_.xlsx\"; filename*=UTF-8''Klienci-%C5%81%C3%B3d%C5%BA.xlsx";
    expect(fileNameOf(header, "x.xlsx")).toBe("Klienci-Łódź.xlsx");
  });

  it("reads a quoted or a bare name when there is no UTF-8 one", () => {
    expect(fileNameOf('attachment; filename="a \\"b\\".csv"', "x")).toBe('a "b".csv');
    expect(fileNameOf("attachment; filename=report.csv", "x")).toBe("report.csv");
  });

  it("drops folders, so a name cannot point outside the downloads folder", () => {
    expect(fileNameOf('attachment; filename="../../etc/passwd"', "x")).toBe("passwd");
    expect(fileNameOf("attachment; filename*=UTF-8''..%5Cwin.ini", "x")).toBe("win.ini");
  });

  it("falls back when the header is missing, nameless or badly encoded", () => {
    expect(fileNameOf(null, "contacts.xlsx")).toBe("contacts.xlsx");
    expect(fileNameOf("attachment", "contacts.xlsx")).toBe("contacts.xlsx");
    expect(fileNameOf("attachment; filename*=UTF-8''%E0%A4%A", "f.csv")).toBe("f.csv");
  });
});
