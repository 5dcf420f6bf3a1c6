import { useTranslation } from "react-i18next";
import { formatCount } from "../../i18n/format";
import { moveColumn, toggleColumn } from "../contacts/columns";
import { pickerOrder } from "./exportChoice";
import { useFieldNames } from "./fieldLabel";
import type { SpreadsheetColumn } from "./types";

interface Props {
  available: readonly SpreadsheetColumn[];
  chosen: readonly string[];
  onChange: (keys: string[]) => void;
}

/** Which columns the file gets, and in what order: the chosen ones first, movable. */
export function ExportColumnPicker({ available, chosen, onChange }: Props) {
  const { t, i18n } = useTranslation();
  const names = useFieldNames(available);
  return (
    <fieldset className="export-columns">
      <legend>{t("imports.export.columns")}</legend>
      <div className="export-columns-tools">
        <span className="muted" data-testid="export-chosen-count">
          {t("imports.export.chosen", {
            number: formatCount(chosen.length, i18n.language),
            total: formatCount(available.length, i18n.language),
          })}
        </span>
        <button
          type="button"
          className="link"
          onClick={() => {
            onChange(available.map((column) => column.key));
          }}
        >
          {t("imports.export.all")}
        </button>
        <button
          type="button"
          className="link"
          onClick={() => {
            onChange([]);
          }}
        >
          {t("imports.export.none")}
        </button>
      </div>
      <ul data-testid="export-column-list">
        {pickerOrder(available, chosen).map((column) => {
          const name = names.get(column.key) ?? column.header;
          const isChosen = chosen.includes(column.key);
          return (
            <li key={column.key} className={isChosen ? "chosen" : undefined}>
              <label>
                <input
                  type="checkbox"
                  checked={isChosen}
                  onChange={() => {
                    onChange(toggleColumn(chosen, column.key));
                  }}
                />
                {name}
              </label>
              {isChosen && (
                <span className="move">
                  <button
                    type="button"
                    aria-label={t("imports.export.moveUp", { name })}
                    onClick={() => {
                      onChange(moveColumn(chosen, column.key, -1));
                    }}
                  >
                    ↑
                  </button>
                  <button
                    type="button"
                    aria-label={t("imports.export.moveDown", { name })}
                    onClick={() => {
                      onChange(moveColumn(chosen, column.key, 1));
                    }}
                  >
                    ↓
                  </button>
                </span>
              )}
            </li>
          );
        })}
      </ul>
    </fieldset>
  );
}
