import { useCallback, useState } from "react";
import type { CustomField } from "../../api/types";
import { defaultColumnIds } from "./columns";

/** The person's own last choice, per browser; a saved view's columns come in the URL. */
const COLUMNS_KEY = "kartoteka.table.columns";

function readSaved(): string[] | null {
  try {
    const saved: unknown = JSON.parse(localStorage.getItem(COLUMNS_KEY) ?? "null");
    return Array.isArray(saved) && saved.every((id) => typeof id === "string") ? saved : null;
  } catch {
    return null;
  }
}

/** The table's column ids, in order: those of the URL (a saved view or a shared link), else
 * the person's saved choice, else the defaults. A change is remembered, and written to the URL
 * when the URL is what chose the columns. */
export function useColumnChoice(
  fields: readonly CustomField[],
  fromUrl: string,
  onUrlChange: (columns: string) => void,
) {
  const [saved, setSaved] = useState<string[] | null>(readSaved);
  const urlIds = fromUrl.split(",").filter(Boolean);
  const ids = urlIds.length ? urlIds : (saved ?? defaultColumnIds(fields));
  const fromView = urlIds.length > 0;
  const choose = useCallback(
    (next: string[]) => {
      localStorage.setItem(COLUMNS_KEY, JSON.stringify(next));
      setSaved(next);
      if (fromView) onUrlChange(next.join(","));
    },
    [fromView, onUrlChange],
  );
  return [ids, choose] as const;
}
