import { useTranslation } from "react-i18next";
import { JobStatus } from "./JobStatus";
import { canCancel, canUndo, isSettled } from "./jobView";
import { ProblemText } from "./ProblemText";
import type { BulkRun, Step, StepError } from "./useBulkJob";

interface Props {
  run: BulkRun;
  pending: Step | null;
  error: StepError | null;
  onCancel: () => void;
  onUndo: () => void;
  onClose: () => void;
}

/** The running or finished job with its undo: progress, outcome, and what can be done next. */
export function JobPanel({ run, pending, error, onCancel, onUndo, onClose }: Props) {
  const { t } = useTranslation();
  const current = run.undo ?? run.job;
  const settled = isSettled(current);
  return (
    <section className="bulk-job" aria-label={t("bulk.job.title")} data-testid="bulk-job">
      <JobStatus job={run.job} title={t(`bulk.actions.${run.action}`)} />
      {run.undo && <JobStatus job={run.undo} title={t("bulk.job.undoTitle")} />}
      {error && error.step !== "start" && <ProblemText error={error} />}
      <div className="bulk-job-actions">
        {canCancel(current) && (
          <button type="button" onClick={onCancel} disabled={pending === "cancel"}>
            {t("bulk.job.cancel")}
          </button>
        )}
        {!run.undo && canUndo(run.job) && (
          <button type="button" onClick={onUndo} disabled={pending === "undo"}>
            {t("bulk.job.undo")}
          </button>
        )}
        {(settled || error?.step === "follow") && (
          <button type="button" className="link" onClick={onClose}>
            {t("bulk.job.close")}
          </button>
        )}
      </div>
    </section>
  );
}
