import type { TFunction } from "i18next";
import type { Column } from "./columns";

export function columnLabel(column: Column, t: TFunction): string {
  return "key" in column.label ? t(column.label.key) : column.label.text;
}
