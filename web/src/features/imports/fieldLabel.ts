/** The name a person reads for a spreadsheet column: ours for standard fields in their
 * language, else the API's header (custom fields' own labels, legal identifiers). */
import type { TFunction, i18n as I18n } from "i18next";
import { useTranslation } from "react-i18next";
import type { SpreadsheetColumn } from "./types";

/** The message key of a column's name: `address.city` → `imports.fields.address_city`
 * (a dot would nest the key in i18next). */
export function fieldMessageKey(key: string): string {
  return `imports.fields.${key.replace(/\./g, "_")}`;
}

export function fieldLabel(column: SpreadsheetColumn, t: TFunction, i18n: I18n): string {
  if (column.key.startsWith("custom.")) return column.header;
  const messageKey = fieldMessageKey(column.key);
  return i18n.exists(messageKey) ? t(messageKey) : column.header;
}

/** Each column's name by its key, in the current language. */
export function useFieldNames(columns: readonly SpreadsheetColumn[]): ReadonlyMap<string, string> {
  const { t, i18n } = useTranslation();
  return new Map(columns.map((column) => [column.key, fieldLabel(column, t, i18n)]));
}
