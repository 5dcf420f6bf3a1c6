import { useTranslation } from "react-i18next";
import { formatCount } from "../../i18n/format";
import type { Job } from "./api";
import { barPercent, formatDuration, isSettled, timeLeft } from "./jobView";

interface Props {
  job: Job;
  /** What the job does, in the reader's words: "Add to group", "Undo". */
  title: string;
}

/** One job's bar, numbers and outcome, as the last reading of it says. */
export function JobStatus({ job, title }: Props) {
  const { t, i18n } = useTranslation();
  const count = (value: number) => formatCount(value, i18n.language);
  const counts = t("bulk.job.counts", { processed: count(job.processed), total: count(job.total) });
  const left = timeLeft(job);
  const details = [counts];
  if (!isSettled(job) && job.rate_per_second > 0) {
    details.push(t("bulk.job.rate", { rate: count(Math.round(job.rate_per_second)) }));
  }
  if (left) details.push(t("bulk.job.left", { duration: formatDuration(left, i18n.language) }));
  const state =
    job.cancel_requested && !isSettled(job)
      ? t("bulk.job.stopping")
      : t(`bulk.job.states.${job.state}`);
  const summary = [
    t(job.kind === "undo" ? "bulk.job.undoSummary" : "bulk.job.summary", {
      updated: count(job.updated),
      skipped: count(job.skipped),
    }),
  ];
  if (job.failed > 0) summary.push(t("bulk.job.failedCount", { failed: count(job.failed) }));

  return (
    <div className="bulk-job-status" data-state={job.state}>
      {/* A status region: "done" is announced without moving focus; the numbers are not. */}
      <p role="status" className="bulk-job-state">
        <strong>{title}</strong>: {state}
      </p>
      <progress
        max={100}
        // No value while queued: an indeterminate bar says "nothing measured yet".
        value={job.state === "queued" ? undefined : barPercent(job)}
        aria-label={t("bulk.job.progress", { title })}
        aria-valuetext={counts}
      />
      <p className="bulk-job-numbers">{details.join(" · ")}</p>
      {isSettled(job) && (
        <p className="bulk-job-summary" data-testid="bulk-job-summary">
          {summary.join(" · ")}
        </p>
      )}
      {job.error && (
        <p className="error" role="alert">
          {t("bulk.job.jobError", { detail: job.error.detail, code: job.error.code })}
        </p>
      )}
    </div>
  );
}
