import { useTranslation } from "react-i18next";
import { columnLabel } from "./columnLabel";
import { moveColumn, pickColumns, toggleColumn, type Column } from "./columns";

interface Props {
  available: readonly Column[];
  chosen: readonly string[];
  onChange: (ids: string[]) => void;
}

/** Which columns show, and in what order: the chosen ones first, then the rest. */
export function ColumnPicker({ available, chosen, onChange }: Props) {
  const { t } = useTranslation();
  const shown = pickColumns(available, chosen);
  const hidden = available.filter((column) => !chosen.includes(column.id));
  return (
    <details className="column-picker">
      <summary>{t("columns.choose")}</summary>
      <ul data-testid="column-picker">
        {[...shown, ...hidden].map((column) => {
          const name = columnLabel(column, t);
          const isShown = chosen.includes(column.id);
          return (
            <li key={column.id}>
              <label>
                <input
                  type="checkbox"
                  checked={isShown}
                  onChange={() => {
                    onChange(toggleColumn(chosen, column.id));
                  }}
                />
                {name}
              </label>
              {isShown && (
                <span className="move">
                  <button
                    type="button"
                    aria-label={t("columns.moveUp", { name })}
                    onClick={() => {
                      onChange(moveColumn(chosen, column.id, -1));
                    }}
                  >
                    ↑
                  </button>
                  <button
                    type="button"
                    aria-label={t("columns.moveDown", { name })}
                    onClick={() => {
                      onChange(moveColumn(chosen, column.id, 1));
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
    </details>
  );
}
