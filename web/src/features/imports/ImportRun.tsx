import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { TFunction } from "i18next";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { cancelJob } from "./api";
import { FailedRowsDownload } from "./FailedRowsDownload";
import { FailuresTable } from "./FailuresTable";
import { JobCounts } from "./JobCounts";
import { JobProgress } from "./JobProgress";
import { isMoving } from "./jobProgress";
import { jobKeys, useJob } from "./queries";
import type { Job } from "./types";
import { UndoPanel } from "./UndoPanel";

const FAILURES_PAGE = 100;

/** Step 5: the import running (live progress, cancel), then its result: counts, the refused
 * rows and their file, and the undo. */
export function ImportRun({ jobId, onRestart }: { jobId: string; onRestart: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const job = useJob(jobId);
  const data = job.data;
  // Still waiting for the first answer counts as running; a failed first answer does not.
  const running = data === undefined ? !job.error : isMoving(data);
  const cancel = useMutation({
    mutationFn: () => cancelJob(jobId),
    onSuccess: (cancelled) => {
      queryClient.setQueryData(jobKeys.one(jobId), cancelled);
    },
  });
  useEffect(() => {
    // New and changed cards: the contacts lists read them again when next shown.
    if (!running) void queryClient.invalidateQueries({ queryKey: ["contacts"] });
  }, [running, queryClient]);

  const fileName = typeof data?.params.file_name === "string" ? data.params.file_name : "";
  return (
    <section className="wizard-panel" aria-labelledby="run-title">
      <h2 id="run-title">
        {fileName ? t("imports.result.heading", { name: fileName }) : t("imports.steps.import")}
      </h2>
      {job.error && (
        <p className="error" role="alert">
          {t("imports.progress.readFailed", { detail: job.error.message })}
        </p>
      )}
      {data && running && (
        <>
          <JobProgress job={data} label={t("imports.progress.importLabel")} />
          <JobCounts job={data} />
          <div className="wizard-actions">
            <span className="spacer" />
            <button
              type="button"
              disabled={cancel.isPending || data.cancel_requested}
              onClick={() => {
                cancel.mutate();
              }}
            >
              {data.cancel_requested
                ? t("imports.actions.cancelling")
                : t("imports.actions.cancel")}
            </button>
          </div>
          {cancel.error && (
            <p className="error" role="alert">
              {t("imports.actions.cancelFailed", { detail: cancel.error.message })}
            </p>
          )}
        </>
      )}
      {data && !running && <ImportResult job={data} />}
      {!running && (
        <div className="wizard-actions">
          <span className="spacer" />
          <button type="button" className="primary" onClick={onRestart}>
            {t("imports.actions.restart")}
          </button>
        </div>
      )}
    </section>
  );
}

function ImportResult({ job }: { job: Job }) {
  const { t } = useTranslation();
  return (
    <div className="import-result" data-testid="import-result">
      <p role="status" className={job.state === "failed" ? "error" : undefined}>
        {resultText(job, t)}
      </p>
      <JobCounts job={job} />
      {job.failed > 0 && (
        <>
          <FailuresTable jobId={job.id} pageSize={FAILURES_PAGE} />
          <FailedRowsDownload jobId={job.id} />
        </>
      )}
      <UndoPanel job={job} />
    </div>
  );
}

function resultText(job: Job, t: TFunction): string {
  switch (job.state) {
    case "cancelled":
      return t("imports.result.cancelled");
    case "failed":
      return t("imports.result.failed", { detail: job.error?.detail ?? "" });
    case "undoing":
      return t("imports.result.undoing");
    case "undone":
      return t("imports.result.undone");
    default:
      return t("imports.result.done");
  }
}
