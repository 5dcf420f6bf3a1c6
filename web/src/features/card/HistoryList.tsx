import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import type { CustomField } from "../../api/types";
import { formatDateTime } from "../../i18n/format";
import { contactHistory, type HistoryFilter } from "../contacts/api";
import { showCustomValue, STANDARD_COLUMNS } from "../contacts/columns";
import { contactKeys } from "../contacts/queries";

/** The kinds of work a change can come from (the contacts service's history sources). */
const SOURCES = ["api", "import", "bulk", "rule", "merge", "system"] as const;
// Card fields the history names by themselves (the table's `email` column is `emails` here).
const HISTORY_FIELDS = [
  ...STANDARD_COLUMNS.map((column) => column.id).filter(
    (id) => !["display_name", "kind", "email", "phone", "created_at", "updated_at"].includes(id),
  ),
  "emails",
  "phones",
  "addresses",
  "company_id",
  "manager_id",
  "activity_id",
];

/** Every change to the card, newest first, narrowed by field, source and date. */
export function HistoryList({
  contactId,
  fields,
}: {
  contactId: string;
  fields: readonly CustomField[];
}) {
  const { t, i18n } = useTranslation();
  const [filter, setFilter] = useState<HistoryFilter>({});
  const history = useQuery({
    queryKey: [...contactKeys.history(contactId), filter],
    queryFn: ({ signal }) => contactHistory(contactId, filter, signal),
  });
  const fieldName = (field: string) => {
    const custom = fields.find((candidate) => `custom.${candidate.key}` === field);
    if (custom) return custom.label;
    const key = `columns.${field}`;
    return i18n.exists(key) ? t(key) : field;
  };
  const set = (update: HistoryFilter) => {
    setFilter((current) => ({ ...current, ...update }));
  };
  const fieldChoices = [...HISTORY_FIELDS, ...fields.map((field) => `custom.${field.key}`)];
  return (
    <section className="history" aria-labelledby="history-title">
      <h3 id="history-title">{t("card.history")}</h3>
      <div className="history-filters" role="group" aria-label={t("card.historyFilters")}>
        <select
          aria-label={t("card.historyField")}
          value={filter.field ?? ""}
          onChange={(event) => {
            set({ field: event.target.value });
          }}
        >
          <option value="">{t("card.historyAnyField")}</option>
          {fieldChoices.map((field) => (
            <option key={field} value={field}>
              {fieldName(field)}
            </option>
          ))}
        </select>
        <select
          aria-label={t("card.historySource")}
          value={filter.source ?? ""}
          onChange={(event) => {
            set({ source: event.target.value });
          }}
        >
          <option value="">{t("card.historyAnySource")}</option>
          {SOURCES.map((source) => (
            <option key={source} value={source}>
              {t(`card.sources.${source}`)}
            </option>
          ))}
        </select>
        <input
          type="date"
          aria-label={t("card.historySince")}
          value={filter.since ?? ""}
          onChange={(event) => {
            set({ since: event.target.value });
          }}
        />
      </div>
      {history.error && <p className="error">{history.error.message}</p>}
      {history.data?.length === 0 && <p className="muted">{t("card.historyEmpty")}</p>}
      <ol data-testid="history">
        {history.data?.map((entry, index) => (
          <li key={`${entry.changed_at}-${entry.field}-${index}`}>
            <time dateTime={entry.changed_at}>
              {formatDateTime(entry.changed_at, i18n.language)}
            </time>{" "}
            <span>
              {t("card.historyEntry", {
                field: fieldName(entry.field),
                old: showCustomValue(entry.old_value) || "—",
                new: showCustomValue(entry.new_value) || "—",
              })}
            </span>{" "}
            <span className="muted">({t(`card.sources.${entry.source}`, entry.source)})</span>
          </li>
        ))}
      </ol>
    </section>
  );
}
