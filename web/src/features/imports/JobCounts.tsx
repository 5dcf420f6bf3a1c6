import { useTranslation } from "react-i18next";
import { formatCount } from "../../i18n/format";
import type { Job } from "./types";

const COUNTS = ["processed", "created", "updated", "skipped", "failed"] as const;
type Count = (typeof COUNTS)[number];

/** In a dry run's report the counts say what would happen. */
const REHEARSED: Record<Count, string> = {
  processed: "imports.counts.processed",
  created: "imports.counts.wouldCreate",
  updated: "imports.counts.wouldUpdate",
  skipped: "imports.counts.wouldSkip",
  failed: "imports.counts.wouldFail",
};

/** Rows read, created, updated, skipped and failed, as the job counted them. */
export function JobCounts({ job, rehearsal = false }: { job: Job; rehearsal?: boolean }) {
  const { t, i18n } = useTranslation();
  return (
    <dl className="job-counts" aria-label={t("imports.counts.label")}>
      {COUNTS.map((count) => (
        <div
          key={count}
          className={count === "failed" && job.failed > 0 ? "job-count has-failures" : "job-count"}
          data-testid={`count-${count}`}
        >
          <dt>{t(rehearsal ? REHEARSED[count] : `imports.counts.${count}`)}</dt>
          <dd>{formatCount(job[count], i18n.language)}</dd>
        </div>
      ))}
    </dl>
  );
}
