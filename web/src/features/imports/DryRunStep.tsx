import { useTranslation } from "react-i18next";
import { FailedRowsDownload } from "./FailedRowsDownload";
import { FailuresTable } from "./FailuresTable";
import { JobCounts } from "./JobCounts";
import { JobProgress } from "./JobProgress";
import { isSettled } from "./jobProgress";
import { useJob } from "./queries";

// Enough to see what kind of trouble the file has; the download has every refused row.
const FIRST_FAILURES = 20;

interface Props {
  jobId: string;
  onChangeMapping: () => void;
  onImport: () => void;
  starting: boolean;
  startError: string | null;
}

/** Step 4: the dry run's report (what the import would create, update, skip and refuse),
 * then the import itself. */
export function DryRunStep({ jobId, onChangeMapping, onImport, starting, startError }: Props) {
  const { t } = useTranslation();
  const job = useJob(jobId);
  const data = job.data;
  const settled = data !== undefined && isSettled(data);
  return (
    <section className="wizard-panel" aria-labelledby="check-title">
      <h2 id="check-title">{t("imports.check.title")}</h2>
      {job.error && (
        <p className="error" role="alert">
          {t("imports.progress.readFailed", { detail: job.error.message })}
        </p>
      )}
      {data && !settled && (
        <>
          <p className="muted">{t("imports.check.running")}</p>
          <JobProgress job={data} label={t("imports.progress.dryRunLabel")} />
        </>
      )}
      {data && settled && (
        <div data-testid="dry-run-report">
          {data.error ? (
            <p className="error" role="alert">
              {t("imports.check.failed", { detail: data.error.detail })}
            </p>
          ) : (
            <p role="status">{t("imports.check.intro")}</p>
          )}
          <JobCounts job={data} rehearsal />
          {data.failed > 0 ? (
            <>
              <FailuresTable jobId={jobId} pageSize={FIRST_FAILURES} />
              <FailedRowsDownload jobId={jobId} />
            </>
          ) : (
            !data.error && <p>{t("imports.check.clean")}</p>
          )}
        </div>
      )}
      {startError && (
        <p className="error" role="alert">
          {t("imports.actions.startFailed", { detail: startError })}
        </p>
      )}
      <div className="wizard-actions">
        <button type="button" onClick={onChangeMapping}>
          {t("imports.actions.changeMapping")}
        </button>
        <span className="spacer" />
        {starting && <span role="status">{t("imports.actions.starting")}</span>}
        <button
          type="button"
          className="primary"
          disabled={!settled || starting}
          onClick={onImport}
        >
          {t("imports.actions.import")}
        </button>
      </div>
    </section>
  );
}
