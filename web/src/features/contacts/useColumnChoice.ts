import { useCallback, useState } from "react";
import type { CustomField } from "../../api/types";
import { defaultColumnIds } from "./columns";

/** Per browser until saved views (filter + columns + sort) arrive and take this over. */
const COLUMNS_KEY = "kartoteka.table.columns";

function readSaved(): string[] | null {
  try {
    const saved: unknown = JSON.parse(localStorage.getItem(COLUMNS_KEY) ?? "null");
    return Array.isArray(saved) && saved.every((id) => typeof id === "string") ? saved : null;
  } catch {
    return null;
  }
}

/** The table's chosen column ids, in order: the saved choice, else the defaults. */
export function useColumnChoice(fields: readonly CustomField[]) {
  const [saved, setSaved] = useState<string[] | null>(readSaved);
  const ids = saved ?? defaultColumnIds(fields);
  const choose = useCallback((next: string[]) => {
    localStorage.setItem(COLUMNS_KEY, JSON.stringify(next));
    setSaved(next);
  }, []);
  return [ids, choose] as const;
}
