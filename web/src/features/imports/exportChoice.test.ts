import { describe, expect, it } from "vitest";
import { initialChoice, loadChoice, pickerOrder, saveChoice } from "./exportChoice";

const columns = [
  { key: "id", header: "ID" },
  { key: "first_name", header: "First name" },
  { key: "emails", header: "Emails" },
  { key: "custom.visits", header: "Visits" },
];

function memoryStorage(): Storage {
  const values = new Map<string, string>();
  return {
    get length() {
      return values.size;
    },
    clear: () => {
      values.clear();
    },
    getItem: (key) => values.get(key) ?? null,
    key: (index) => [...values.keys()][index] ?? null,
    removeItem: (key) => {
      values.delete(key);
    },
    setItem: (key, value) => {
      values.set(key, value);
    },
  };
}

describe("initialChoice", () => {
  it("is every column as XLSX when nothing was saved", () => {
    expect(initialChoice(columns, null)).toEqual({
      columns: ["id", "first_name", "emails", "custom.visits"],
      format: "xlsx",
    });
  });

  it("keeps the saved order and drops columns that no longer exist", () => {
    const saved = { columns: ["emails", "custom.gone", "first_name"], format: "csv" as const };
    expect(initialChoice(columns, saved)).toEqual({
      columns: ["emails", "first_name"],
      format: "csv",
    });
  });

  it("falls back to every column when none of the saved ones is left", () => {
    expect(initialChoice(columns, { columns: ["custom.gone"] }).columns).toHaveLength(4);
  });
});

describe("pickerOrder", () => {
  it("lists the chosen columns in their order, then the rest in file order", () => {
    expect(pickerOrder(columns, ["emails", "id"]).map((c) => c.key)).toEqual([
      "emails",
      "id",
      "first_name",
      "custom.visits",
    ]);
  });
});

describe("the remembered choice", () => {
  it("survives a save and a load", () => {
    const storage = memoryStorage();
    saveChoice(storage, { columns: ["emails", "id"], format: "csv" });
    expect(loadChoice(storage)).toEqual({ columns: ["emails", "id"], format: "csv" });
  });

  it("ignores what it cannot read instead of failing the dialog", () => {
    const storage = memoryStorage();
    expect(loadChoice(storage)).toBeNull();
    storage.setItem("kartoteka.export", "{not json");
    expect(loadChoice(storage)).toBeNull();
    storage.setItem("kartoteka.export", JSON.stringify({ columns: ["id", 7], format: "pdf" }));
    expect(loadChoice(storage)).toEqual({ columns: ["id"], format: undefined });
  });
});
