import { useTranslation } from "react-i18next";
import { formatCount } from "../../i18n/format";
import { useFailures } from "./queries";

/** The rows a job refused: row number, the column at fault (when known) and why; more on
 * request, a page at a time. */
export function FailuresTable({ jobId, pageSize }: { jobId: string; pageSize: number }) {
  const { t, i18n } = useTranslation();
  const failures = useFailures(jobId, pageSize);
  if (failures.error) {
    return (
      <p className="error" role="alert">
        {t("imports.failures.loadFailed", { detail: failures.error.message })}
      </p>
    );
  }
  if (failures.isPending) return <p className="muted">{t("imports.failures.loading")}</p>;
  const rows = failures.data.pages.flat();
  return (
    <div className="failures">
      <div className="table-scroll">
        <table className="failures-table">
          <caption>{t("imports.failures.title")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("imports.failures.row")}</th>
              <th scope="col">{t("imports.failures.column")}</th>
              <th scope="col">{t("imports.failures.reason")}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((failure) => (
              <tr key={failure.row} data-testid="failure-row">
                <td className="number">{formatCount(failure.row, i18n.language)}</td>
                <td>{failure.column ?? "—"}</td>
                <td title={failure.code}>{failure.reason}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {failures.hasNextPage && (
        <button
          type="button"
          disabled={failures.isFetchingNextPage}
          onClick={() => {
            void failures.fetchNextPage();
          }}
        >
          {failures.isFetchingNextPage ? t("imports.failures.loading") : t("imports.failures.more")}
        </button>
      )}
    </div>
  );
}
