import { describe, expect, it } from "vitest";
import { exportSelection, uploadForm } from "./api";

describe("uploadForm", () => {
  it("carries the file under its own name, and the sheet when one is chosen", () => {
    const file = new File(["a;b\n1;2\n"], "klienci.csv", { type: "text/csv" });
    const form = uploadForm(file, "Arkusz 2");
    const sent = form.get("file");
    expect(sent).toBeInstanceOf(File);
    expect((sent as File).name).toBe("klienci.csv");
    expect(form.get("sheet")).toBe("Arkusz 2");
  });

  it("leaves the sheet out when none is chosen, so the API reads the first one", () => {
    const form = uploadForm(new File(["x"], "a.xlsx"), null);
    expect(form.has("sheet")).toBe(false);
  });
});

describe("exportSelection", () => {
  it("sends the page's filter as it is", () => {
    const filter = { field: "region", op: "eq", value: "mazowieckie" };
    expect(exportSelection(filter)).toEqual({ filter });
  });

  it("selects every contact when the page has no filter", () => {
    expect(exportSelection(null)).toEqual({ filter: { all: [] } });
  });
});
