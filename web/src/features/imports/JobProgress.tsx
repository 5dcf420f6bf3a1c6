import { useTranslation } from "react-i18next";
import { formatCount } from "../../i18n/format";
import { formatDuration, formatRate, percentDone } from "./jobProgress";
import type { Job } from "./types";

/** A job's bar and what it reports: rows done, rate, time left. The bar is indeterminate
 * while the job cannot tell how far it is (an import before it reaches the end of its file). */
export function JobProgress({ job, label }: { job: Job; label: string }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const percent = percentDone(job);
  const rows =
    job.total > 0
      ? t("imports.progress.rowsOf", {
          number: formatCount(job.processed, language),
          total: formatCount(job.total, language),
        })
      : t("imports.progress.rows", { number: formatCount(job.processed, language) });
  const details = [rows];
  if (job.state === "running" && job.rate_per_second > 0)
    details.push(t("imports.progress.rate", { rate: formatRate(job.rate_per_second, language) }));
  if (job.state === "running" && job.seconds_left !== null)
    details.push(
      t("imports.progress.timeLeft", { time: formatDuration(job.seconds_left, language) }),
    );
  return (
    <div className="job-progress">
      <div
        className={percent === null ? "progress-bar indeterminate" : "progress-bar"}
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent ?? undefined}
        aria-valuetext={rows}
      >
        <span style={percent === null ? undefined : { width: `${percent}%` }} />
      </div>
      <p className="progress-details" data-testid="progress-details">
        {job.state === "queued" ? t("imports.progress.queued") : details.join(" · ")}
      </p>
    </div>
  );
}
