import { describe, expect, it } from "vitest";
import {
  columnLetter,
  fieldGroups,
  mappingIsComplete,
  openProblems,
  remap,
  sampleValues,
  sharedFields,
} from "./mapping";
import { makeAnalysis } from "./testData";

describe("fieldGroups", () => {
  it("puts custom fields after the standard ones, each in file order", () => {
    const { standard, custom } = fieldGroups(makeAnalysis().columns);
    expect(standard.map((c) => c.key)).toEqual([
      "first_name",
      "last_name",
      "emails",
      "description",
    ]);
    expect(custom.map((c) => c.key)).toEqual(["custom.visits"]);
  });
});

describe("editing the mapping", () => {
  it("sends one column to another field or skips it, leaving the others", () => {
    const mapping = ["first_name", "last_name", "emails", null];
    expect(remap(mapping, 3, "description")).toEqual([
      "first_name",
      "last_name",
      "emails",
      "description",
    ]);
    expect(remap(mapping, 0, null)).toEqual([null, "last_name", "emails", null]);
    expect(mapping[3]).toBeNull(); // not changed in place
  });

  it("finds every column of a field filled twice, each pointing at the others", () => {
    const shared = sharedFields(["emails", "last_name", "emails", null, "emails"]);
    expect([...shared.entries()]).toEqual([
      [0, [2, 4]],
      [2, [0, 4]],
      [4, [0, 2]],
    ]);
  });

  it("is complete with at least one field and none filled twice", () => {
    expect(mappingIsComplete(["first_name", null])).toBe(true);
    expect(mappingIsComplete([null, null])).toBe(false);
    expect(mappingIsComplete(["emails", "emails"])).toBe(false);
  });
});

describe("openProblems", () => {
  const analysis = makeAnalysis({
    headers: ["Email", "E-mail", "Name"],
    proposed_mapping: ["emails", null, null],
    problems: [
      { position: 1, header: "E-mail", code: "duplicate_column", detail: "also matches" },
      { position: 2, header: "Name", code: "ambiguous_header", detail: "choose one" },
    ],
  });

  it("are the API's problems while the person leaves those columns as proposed", () => {
    expect(openProblems(analysis, analysis.proposed_mapping).map((p) => p.position)).toEqual([
      1, 2,
    ]);
  });

  it("drop a problem once its column is mapped by hand", () => {
    const mapping = remap(analysis.proposed_mapping, 2, "last_name");
    expect(openProblems(analysis, mapping).map((p) => p.position)).toEqual([1]);
  });
});

describe("sampleValues", () => {
  it("are the first non-empty values of the column", () => {
    const preview = [
      ["a", ""],
      ["b", "  "],
      ["c", "x"],
      ["d", "y"],
    ];
    expect(sampleValues(preview, 0, 2)).toEqual(["a", "b"]);
    expect(sampleValues(preview, 1)).toEqual(["x", "y"]);
    expect(sampleValues(preview, 5)).toEqual([]);
  });
});

describe("columnLetter", () => {
  it("names columns as spreadsheets do", () => {
    expect([0, 1, 25, 26, 27, 51, 52, 701, 702].map(columnLetter)).toEqual([
      "A",
      "B",
      "Z",
      "AA",
      "AB",
      "AZ",
      "BA",
      "ZZ",
      "AAA",
    ]);
  });
});
