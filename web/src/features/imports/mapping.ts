/** The mapping of a file's columns to contact fields, as the person edits it before importing. */
import type { FileAnalysis, MappingProblem, SpreadsheetColumn } from "./types";

/** One entry per file column: the field key it fills, or null to skip the column. */
export type Mapping = readonly (string | null)[];

const CUSTOM_PREFIX = "custom.";

/** The fields a column can go to, split as the select shows them: standard, then custom. */
export function fieldGroups(columns: readonly SpreadsheetColumn[]): {
  standard: SpreadsheetColumn[];
  custom: SpreadsheetColumn[];
} {
  return {
    standard: columns.filter((column) => !column.key.startsWith(CUSTOM_PREFIX)),
    custom: columns.filter((column) => column.key.startsWith(CUSTOM_PREFIX)),
  };
}

/** The mapping with one column sent to another field (or skipped, with null). */
export function remap(mapping: Mapping, position: number, key: string | null): Mapping {
  return mapping.map((current, index) => (index === position ? key : current));
}

/** For each column sharing its field with others, those other columns: the API refuses a
 * field filled twice, so the wizard shows where and stops before sending. */
export function sharedFields(mapping: Mapping): Map<number, number[]> {
  const byKey = new Map<string, number[]>();
  mapping.forEach((key, position) => {
    if (key) byKey.set(key, [...(byKey.get(key) ?? []), position]);
  });
  const shared = new Map<number, number[]>();
  for (const positions of byKey.values()) {
    if (positions.length < 2) continue;
    for (const position of positions) {
      shared.set(
        position,
        positions.filter((other) => other !== position),
      );
    }
  }
  return shared;
}

export function mappedCount(mapping: Mapping): number {
  return mapping.filter(Boolean).length;
}

/** Whether the mapping can be sent: at least one field, none filled twice. */
export function mappingIsComplete(mapping: Mapping): boolean {
  return mappedCount(mapping) > 0 && sharedFields(mapping).size === 0;
}

/** The API's mapping problems of the columns the person has not changed since: a column they
 * mapped themselves has been dealt with. */
export function openProblems(analysis: FileAnalysis, mapping: Mapping): MappingProblem[] {
  return analysis.problems.filter(
    (problem) =>
      (mapping[problem.position] ?? null) === (analysis.proposed_mapping[problem.position] ?? null),
  );
}

/** The first few non-empty values of a column in the preview: what the column holds. */
export function sampleValues(
  preview: readonly (readonly string[])[],
  position: number,
  count = 3,
): string[] {
  const values: string[] = [];
  for (const row of preview) {
    const value = row[position]?.trim();
    if (value) values.push(value);
    if (values.length === count) break;
  }
  return values;
}

/** The spreadsheet name of a column: 0 → "A", 26 → "AA" (as the API's messages name them). */
export function columnLetter(position: number): string {
  let letters = "";
  let number = position + 1;
  while (number > 0) {
    const rest = (number - 1) % 26;
    letters = String.fromCharCode(65 + rest) + letters;
    number = Math.floor((number - 1) / 26);
  }
  return letters;
}
