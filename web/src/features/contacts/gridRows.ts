/** The table's rows: one object per card, built once and reused while the card and the columns
 * stay the same, so a page of 100 more cards costs 100 rows, not every row loaded so far. */
import type { Contact } from "../../api/types";
import { cellKey } from "./cellEdits";
import type { Column } from "./columns";

/** The row model's key for the card id; never a column (columns are field names). */
export const ROW_ID = "__id";

export type GridRow = Record<string, string>;

/** What a cell shows instead of the card's value: the text being saved, or refused. */
export type CellTexts = ReadonlyMap<string, string>;

/** A function from cards to rows, caching each row by its card object (a saved card comes
 * back as a new object, so it is built again). Make a new one when the columns change. */
export function rowBuilder(columns: readonly Column[]): (contact: Contact) => GridRow {
  const rows = new WeakMap<Contact, GridRow>();
  return (contact) => {
    let row = rows.get(contact);
    if (!row) {
      row = { [ROW_ID]: contact.id };
      for (const column of columns) row[column.id] = column.read(contact);
      rows.set(contact, row);
    }
    return row;
  };
}

/** The rows of `contacts`, with `texts` (by cell key) over the values of the cells they name;
 * a row without such cells is the cached object itself. */
export function gridRows(
  contacts: readonly Contact[],
  columns: readonly Column[],
  rowOf: (contact: Contact) => GridRow,
  texts: CellTexts,
): GridRow[] {
  const edited = new Set<string>();
  for (const key of texts.keys()) edited.add(key.slice(0, key.indexOf("\u0000")));
  return contacts.map((contact) => {
    const row = rowOf(contact);
    if (!edited.has(contact.id)) return row;
    const shown = { ...row };
    for (const column of columns) {
      const text = texts.get(cellKey(contact.id, column.id));
      if (text !== undefined) shown[column.id] = text;
    }
    return shown;
  });
}
