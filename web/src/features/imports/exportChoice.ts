/** What an export writes: the chosen columns in their order, and the file format; the last
 * choice is remembered in this browser, so a weekly export is two clicks. */
import type { FileFormat, SpreadsheetColumn } from "./types";

export const FORMATS: readonly FileFormat[] = ["xlsx", "csv"];
const STORAGE_KEY = "kartoteka.export";

export interface ExportChoice {
  columns: readonly string[];
  format: FileFormat;
}

/** The saved choice, keeping only columns that still exist; every column when none is saved
 * (what a file meant for re-import needs) or none of the saved ones is left. */
export function initialChoice(
  available: readonly SpreadsheetColumn[],
  saved: Partial<ExportChoice> | null,
): ExportChoice {
  const keys = new Set(available.map((column) => column.key));
  const kept = (saved?.columns ?? []).filter((key) => keys.has(key));
  return {
    columns: kept.length > 0 ? kept : available.map((column) => column.key),
    format: saved?.format && FORMATS.includes(saved.format) ? saved.format : "xlsx",
  };
}

/** The columns as the picker lists them: the chosen ones in file order, then the others. */
export function pickerOrder(
  available: readonly SpreadsheetColumn[],
  chosen: readonly string[],
): SpreadsheetColumn[] {
  const byKey = new Map(available.map((column) => [column.key, column]));
  const first = chosen.flatMap((key) => byKey.get(key) ?? []);
  const rest = available.filter((column) => !chosen.includes(column.key));
  return [...first, ...rest];
}

export function loadChoice(storage: Storage): Partial<ExportChoice> | null {
  try {
    const raw: unknown = JSON.parse(storage.getItem(STORAGE_KEY) ?? "null");
    if (typeof raw !== "object" || raw === null) return null;
    const { columns, format } = raw as Record<string, unknown>;
    return {
      columns: Array.isArray(columns)
        ? columns.filter((key): key is string => typeof key === "string")
        : [],
      format: FORMATS.find((known) => known === format),
    };
  } catch {
    return null; // a hand-edited or older value: start from the defaults
  }
}

export function saveChoice(storage: Storage, choice: ExportChoice): void {
  storage.setItem(STORAGE_KEY, JSON.stringify(choice));
}
