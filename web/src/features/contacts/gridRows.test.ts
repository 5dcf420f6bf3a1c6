import { describe, expect, it } from "vitest";
import { makeContact } from "../../test/fixtures";
import { cellKey } from "./cellEdits";
import { STANDARD_COLUMNS, type Column } from "./columns";
import { gridRows, ROW_ID, rowBuilder } from "./gridRows";

const columns: Column[] = STANDARD_COLUMNS.filter((c) => ["display_name", "region"].includes(c.id));
const jan = makeContact({ id: "c-1", display_name: "Jan Kowalski", region: "pomorskie" });
const ewa = makeContact({ id: "c-2", display_name: "Ewa Nowak", region: "mazowieckie" });

describe("grid rows", () => {
  it("shows each column's value and the card id", () => {
    const rows = gridRows([jan, ewa], columns, rowBuilder(columns), new Map());
    expect(rows).toEqual([
      { [ROW_ID]: "c-1", display_name: "Jan Kowalski", region: "pomorskie" },
      { [ROW_ID]: "c-2", display_name: "Ewa Nowak", region: "mazowieckie" },
    ]);
  });

  it("reuses the row of a card already built, and builds a saved card's again", () => {
    const rowOf = rowBuilder(columns);
    const [first] = gridRows([jan], columns, rowOf, new Map());
    const again = gridRows([jan, ewa], columns, rowOf, new Map());
    expect(again[0]).toBe(first);
    const saved = { ...jan, region: "śląskie" };
    const [rebuilt] = gridRows([saved], columns, rowOf, new Map());
    expect(rebuilt).not.toBe(first);
    expect(rebuilt?.region).toBe("śląskie");
  });

  it("shows texts being saved or refused over the values, leaving the cached row alone", () => {
    const rowOf = rowBuilder(columns);
    const texts = new Map([[cellKey("c-2", "region"), "łódzkie"]]);
    const [plain, edited] = gridRows([jan, ewa], columns, rowOf, texts);
    expect(plain).toBe(rowOf(jan));
    expect(edited?.region).toBe("łódzkie");
    expect(rowOf(ewa).region).toBe("mazowieckie");
  });
});
