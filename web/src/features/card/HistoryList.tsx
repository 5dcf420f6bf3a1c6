import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import type { CustomField } from "../../api/types";
import { formatDateTime } from "../../i18n/format";
import { contactHistory } from "../contacts/api";
import { showCustomValue } from "../contacts/columns";
import { contactKeys } from "../contacts/queries";

/** Every change to the card, newest first. */
export function HistoryList({
  contactId,
  fields,
}: {
  contactId: string;
  fields: readonly CustomField[];
}) {
  const { t, i18n } = useTranslation();
  const history = useQuery({
    queryKey: contactKeys.history(contactId),
    queryFn: ({ signal }) => contactHistory(contactId, signal),
  });
  const fieldName = (field: string) => {
    const custom = fields.find((candidate) => `custom.${candidate.key}` === field);
    if (custom) return custom.label;
    const key = `columns.${field}`;
    return i18n.exists(key) ? t(key) : field;
  };
  return (
    <section className="history" aria-labelledby="history-title">
      <h3 id="history-title">{t("card.history")}</h3>
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
            <span className="muted">({entry.source})</span>
          </li>
        ))}
      </ol>
    </section>
  );
}
