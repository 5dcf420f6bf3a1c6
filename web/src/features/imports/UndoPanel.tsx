import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { formatCount } from "../../i18n/format";
import { undoJob } from "./api";
import { JobProgress } from "./JobProgress";
import { isSettled } from "./jobProgress";
import { jobKeys, useJob } from "./queries";
import type { Job } from "./types";

/** Undo of a finished import: asked once more, then followed as a job of its own. */
export function UndoPanel({ job }: { job: Job }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const undo = useMutation({
    mutationFn: () => undoJob(job.id),
    onSuccess: () => {
      setConfirming(false);
    },
  });
  // After a reload the import itself names its undo.
  const known = typeof job.result.undo_job_id === "string" ? job.result.undo_job_id : null;
  const undoRun = useJob(undo.data?.id ?? known);
  const undone = undoRun.data !== undefined && isSettled(undoRun.data);
  useEffect(() => {
    if (!undone) return;
    // The import now reads "undone", and the lists lose the cards it created.
    void queryClient.invalidateQueries({ queryKey: jobKeys.one(job.id) });
    void queryClient.invalidateQueries({ queryKey: ["contacts"] });
  }, [undone, job.id, queryClient]);

  if (undoRun.data) {
    const run = undoRun.data;
    if (!undone) return <JobProgress job={run} label={t("imports.progress.undoLabel")} />;
    return (
      <p role="status" data-testid="undo-result">
        {t("imports.undo.done", {
          reverted: formatCount(run.updated, i18n.language),
          kept: formatCount(run.skipped, i18n.language),
        })}
      </p>
    );
  }
  const canUndo = job.state === "done" || job.state === "cancelled" || job.state === "failed";
  if (!canUndo || job.created + job.updated === 0) return null;
  return (
    <div className="undo-panel">
      {confirming ? (
        <div role="group" aria-labelledby="undo-question" className="confirm">
          <p id="undo-question">{t("imports.undo.confirm")}</p>
          <div className="button-row">
            <button
              type="button"
              className="danger"
              disabled={undo.isPending}
              onClick={() => {
                undo.mutate();
              }}
            >
              {t("imports.undo.yes")}
            </button>
            <button
              type="button"
              onClick={() => {
                setConfirming(false);
              }}
            >
              {t("imports.undo.no")}
            </button>
          </div>
        </div>
      ) : (
        <button
          type="button"
          onClick={() => {
            setConfirming(true);
          }}
        >
          {t("imports.undo.button")}
        </button>
      )}
      {undo.error && (
        <p className="error" role="alert">
          {t("imports.undo.failed", { detail: undo.error.message })}
        </p>
      )}
    </div>
  );
}
