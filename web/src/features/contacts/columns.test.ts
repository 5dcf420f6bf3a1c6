import { describe, expect, it } from "vitest";
import type { Contact } from "../../api/types";
import { makeContact, makeField } from "../../test/fixtures";
import {
  allColumns,
  customColumn,
  customValue,
  DEFAULT_COLUMN_IDS,
  defaultColumnIds,
  moveColumn,
  pickColumns,
  showCustomValue,
  STANDARD_COLUMNS,
  toggleColumn,
  type Column,
} from "./columns";

function standard(id: string): Column {
  const column = STANDARD_COLUMNS.find((candidate) => candidate.id === id);
  if (!column) throw new Error(`no standard column ${id}`);
  return column;
}

function write(id: string, contact: Contact, text: string) {
  const column = standard(id);
  if (!column.write) throw new Error(`column ${id} is read-only`);
  return column.write(contact, text);
}

const twoEmails = makeContact({
  emails: [
    { address: "jan@work.example", label: "work", primary: true },
    { address: "jan@home.example", label: "home", primary: false },
  ],
});

const twoPhones = makeContact({
  phones: [
    { number: "+48 111 111 111", label: "mobile", primary: true },
    { number: "+48 222 222 222", label: "office", primary: false },
  ],
});

describe("email column", () => {
  it("reads the first address, or nothing", () => {
    expect(standard("email").read(twoEmails)).toBe("jan@work.example");
    expect(standard("email").read(makeContact())).toBe("");
  });

  it("replaces the first address, keeping its label, its primary mark and the other emails", () => {
    expect(write("email", twoEmails, "  jan@new.example ")).toEqual({
      emails: [
        { address: "jan@new.example", label: "work", primary: true },
        { address: "jan@home.example", label: "home", primary: false },
      ],
    });
  });

  it("adds a first email, unlabelled and not primary, to a card without one", () => {
    expect(write("email", makeContact(), "jan@new.example")).toEqual({
      emails: [{ address: "jan@new.example", label: "", primary: false }],
    });
  });

  it("removes the first email for empty text and keeps the rest", () => {
    expect(write("email", twoEmails, "   ")).toEqual({
      emails: [{ address: "jan@home.example", label: "home", primary: false }],
    });
  });

  it("does not change the card's own list", () => {
    write("email", twoEmails, "");
    expect(twoEmails.emails).toHaveLength(2);
  });
});

describe("phone column", () => {
  it("reads the first number, or nothing", () => {
    expect(standard("phone").read(twoPhones)).toBe("+48 111 111 111");
    expect(standard("phone").read(makeContact())).toBe("");
  });

  it("replaces the first number, keeping its label, its primary mark and the other phones", () => {
    expect(write("phone", twoPhones, " 600 700 800 ")).toEqual({
      phones: [
        { number: "600 700 800", label: "mobile", primary: true },
        { number: "+48 222 222 222", label: "office", primary: false },
      ],
    });
  });

  it("adds a first phone to a card without one", () => {
    expect(write("phone", makeContact(), "600")).toEqual({
      phones: [{ number: "600", label: "", primary: false }],
    });
  });

  it("removes the first phone for empty text and keeps the rest", () => {
    expect(write("phone", twoPhones, "")).toEqual({
      phones: [{ number: "+48 222 222 222", label: "office", primary: false }],
    });
  });
});

describe("other standard columns", () => {
  it("writes text fields trimmed", () => {
    expect(write("last_name", makeContact(), "  Nowak ")).toEqual({ last_name: "Nowak" });
    expect(write("region", makeContact(), "mazowieckie")).toEqual({ region: "mazowieckie" });
  });

  it("writes gender in lower case and empty text as null", () => {
    expect(write("gender", makeContact(), " Female ")).toEqual({ gender: "female" });
    expect(write("gender", makeContact({ gender: "male" }), "")).toEqual({ gender: null });
    expect(standard("gender").read(makeContact({ gender: "male" }))).toBe("male");
    expect(standard("gender").read(makeContact())).toBe("");
  });

  it("writes an empty birthday as null", () => {
    expect(write("birthday", makeContact(), " 1990-05-01 ")).toEqual({ birthday: "1990-05-01" });
    expect(write("birthday", makeContact({ birthday: "1990-05-01" }), " ")).toEqual({
      birthday: null,
    });
  });

  it("has no write for the read-only columns", () => {
    for (const id of ["display_name", "kind", "created_at", "updated_at"]) {
      expect(standard(id).write).toBeUndefined();
    }
    expect(standard("kind").read(makeContact({ kind: "company" }))).toBe("company");
  });
});

describe("customValue", () => {
  it("sends empty text as null, for every type", () => {
    expect(customValue(makeField({ key: "note" }), "   ")).toBeNull();
    expect(customValue(makeField({ key: "tags", type: "multi_select" }), "")).toBeNull();
  });

  it("splits a multi-select on commas and semicolons, dropping empty parts", () => {
    const field = makeField({ key: "tags", type: "multi_select" });
    expect(customValue(field, " vip, partner;; newsletter ,")).toEqual([
      "vip",
      "partner",
      "newsletter",
    ]);
  });

  it("sends the trimmed text as typed for the other types", () => {
    expect(customValue(makeField({ key: "visits", type: "integer" }), " 12 ")).toBe("12");
    expect(customValue(makeField({ key: "fee", type: "money" }), "12.50 PLN")).toBe("12.50 PLN");
    expect(customValue(makeField({ key: "note" }), "a, b")).toBe("a, b");
  });
});

describe("showCustomValue", () => {
  it("shows nothing for null and undefined", () => {
    expect(showCustomValue(null)).toBe("");
    expect(showCustomValue(undefined)).toBe("");
  });

  it("shows money as amount and currency", () => {
    expect(showCustomValue({ amount: "12.50", currency: "PLN" })).toBe("12.50 PLN");
  });

  it("joins lists, showing each item", () => {
    expect(showCustomValue(["vip", "partner"])).toBe("vip, partner");
    expect(showCustomValue([1, true, null])).toBe("1, true, ");
  });

  it("shows emails and phones by their address or number", () => {
    expect(showCustomValue({ address: "a@b.example", label: "work" })).toBe("a@b.example");
    expect(showCustomValue([{ number: "600" }, { number: "700" }])).toBe("600, 700");
  });

  it("shows any other object as JSON", () => {
    expect(showCustomValue({ street: "Długa 1" })).toBe('{"street":"Długa 1"}');
    expect(showCustomValue({ amount: 12, currency: "PLN" })).toBe('{"amount":12,"currency":"PLN"}');
  });

  it("shows numbers, booleans and strings as text", () => {
    expect(showCustomValue(12.5)).toBe("12.5");
    expect(showCustomValue(0)).toBe("0");
    expect(showCustomValue(true)).toBe("true");
    expect(showCustomValue(false)).toBe("false");
    expect(showCustomValue("tekst")).toBe("tekst");
  });
});

describe("customColumn", () => {
  it("reads and writes the card's custom value under the field's key", () => {
    const column = customColumn(makeField({ key: "tags", label: "Tagi", type: "multi_select" }));
    const contact = makeContact({ custom: { tags: ["a", "b"] } });
    expect(column.id).toBe("custom.tags");
    expect(column.label).toEqual({ text: "Tagi" });
    expect(column.read(contact)).toBe("a, b");
    expect(column.write?.(contact, "c; d")).toEqual({ custom: { tags: ["c", "d"] } });
    expect(column.write?.(contact, "")).toEqual({ custom: { tags: null } });
  });
});

describe("allColumns", () => {
  it("puts the standard columns first, then custom ones by position", () => {
    const fields = [
      makeField({ key: "third", position: 30 }),
      makeField({ key: "first", position: 10 }),
      makeField({ key: "second", position: 20 }),
    ];
    const ids = allColumns(fields).map((column) => column.id);
    expect(ids.slice(0, STANDARD_COLUMNS.length)).toEqual(STANDARD_COLUMNS.map((c) => c.id));
    expect(ids.slice(STANDARD_COLUMNS.length)).toEqual([
      "custom.first",
      "custom.second",
      "custom.third",
    ]);
  });

  it("treats a missing position as 0 and does not reorder the given list", () => {
    const fields = [makeField({ key: "late", position: 5 }), makeField({ key: "unplaced" })];
    const ids = allColumns(fields).map((column) => column.id);
    expect(ids.slice(STANDARD_COLUMNS.length)).toEqual(["custom.unplaced", "custom.late"]);
    expect(fields.map((field) => field.key)).toEqual(["late", "unplaced"]);
  });
});

describe("pickColumns", () => {
  it("returns the chosen columns in the chosen order and skips unknown ids", () => {
    const available = allColumns([makeField({ key: "visits" })]);
    const picked = pickColumns(available, ["custom.visits", "gone", "email", "custom.deleted"]);
    expect(picked.map((column) => column.id)).toEqual(["custom.visits", "email"]);
  });
});

describe("defaultColumnIds", () => {
  it("adds the custom fields shown in the list to the default columns", () => {
    const fields = [
      makeField({ key: "visits", show_in_list: true }),
      makeField({ key: "hidden", show_in_list: false }),
      makeField({ key: "unset" }),
      makeField({ key: "tags", show_in_list: true }),
    ];
    expect(defaultColumnIds(fields)).toEqual([
      ...DEFAULT_COLUMN_IDS,
      "custom.visits",
      "custom.tags",
    ]);
  });

  it("is the default columns without custom fields", () => {
    expect(defaultColumnIds([])).toEqual(["display_name", "kind", "email", "phone", "region"]);
  });
});

describe("moveColumn", () => {
  const ids = ["a", "b", "c"];

  it("swaps a column with its neighbour", () => {
    expect(moveColumn(ids, "b", -1)).toEqual(["b", "a", "c"]);
    expect(moveColumn(ids, "b", 1)).toEqual(["a", "c", "b"]);
  });

  it("leaves the order at the edges and for unknown ids", () => {
    expect(moveColumn(ids, "a", -1)).toEqual(ids);
    expect(moveColumn(ids, "c", 1)).toEqual(ids);
    expect(moveColumn(ids, "x", 1)).toEqual(ids);
  });

  it("returns a new list, leaving the given one as it was", () => {
    const result = moveColumn(ids, "a", -1);
    expect(result).not.toBe(ids);
    moveColumn(ids, "a", 1);
    expect(ids).toEqual(["a", "b", "c"]);
  });
});

describe("toggleColumn", () => {
  it("removes a chosen column and appends one that is not chosen", () => {
    expect(toggleColumn(["a", "b", "c"], "b")).toEqual(["a", "c"]);
    expect(toggleColumn(["a", "c"], "b")).toEqual(["a", "c", "b"]);
  });
});
