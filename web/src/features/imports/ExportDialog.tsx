import { useMutation } from "@tanstack/react-query";
import { useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import type { FilterNode } from "../../api/types";
import { formatCount } from "../../i18n/format";
import { cancelJob, downloadExportFile, startExport } from "./api";
import { saveFile } from "./download";
import { ExportColumnPicker } from "./ExportColumnPicker";
import { FORMATS, initialChoice, loadChoice, saveChoice, type ExportChoice } from "./exportChoice";
import "./imports.css";
import { JobProgress } from "./JobProgress";
import { isMoving } from "./jobProgress";
import { useJob, useSpreadsheetColumns } from "./queries";
import type { FileFormat, SpreadsheetColumn } from "./types";

export interface ExportDialogProps {
  /** What the contacts page shows; null (no filter) exports every contact. */
  filter: FilterNode | null;
  onClose: () => void;
}

/** Export of the contacts a filter selects: columns and their order, the format, the job's
 * progress, then the file. A modal `<dialog>`: Escape closes it, focus stays inside. */
export function ExportDialog({ filter, onClose }: ExportDialogProps) {
  const { t } = useTranslation();
  const dialog = useRef<HTMLDialogElement>(null);
  const columns = useSpreadsheetColumns();
  const [started, setStarted] = useState<{ jobId: string; format: FileFormat } | null>(null);
  useEffect(() => {
    // No close() in a cleanup: its "close" event would arrive after StrictMode's second
    // run and shut the dialog just opened; an unmounted dialog leaves the top layer anyway.
    const element = dialog.current;
    if (element && !element.open) element.showModal();
  }, []);

  return (
    <dialog ref={dialog} className="export-dialog" aria-labelledby="export-title" onClose={onClose}>
      <div className="export-dialog-header">
        <h2 id="export-title">{t("imports.export.title")}</h2>
        <button
          type="button"
          className="close"
          aria-label={t("imports.export.close")}
          onClick={onClose}
        >
          ×
        </button>
      </div>
      {started ? (
        <ExportProgress jobId={started.jobId} format={started.format} onClose={onClose} />
      ) : columns.error ? (
        <p className="error" role="alert">
          {t("imports.export.loadFailed", { detail: columns.error.message })}
        </p>
      ) : columns.data ? (
        <ExportForm
          filter={filter}
          available={columns.data}
          onStarted={setStarted}
          onClose={onClose}
        />
      ) : (
        <p className="muted">{t("imports.export.loading")}</p>
      )}
    </dialog>
  );
}

interface FormProps {
  filter: FilterNode | null;
  available: readonly SpreadsheetColumn[];
  onStarted: (started: { jobId: string; format: FileFormat }) => void;
  onClose: () => void;
}

function ExportForm({ filter, available, onStarted, onClose }: FormProps) {
  const { t } = useTranslation();
  const [choice, setChoice] = useState<ExportChoice>(() =>
    initialChoice(available, loadChoice(localStorage)),
  );
  const start = useMutation({
    mutationFn: () => startExport(filter, choice.columns, choice.format),
    onSuccess: (job) => {
      saveChoice(localStorage, choice);
      onStarted({ jobId: job.id, format: choice.format });
    },
  });
  const none = choice.columns.length === 0;
  return (
    <form
      className="export-form"
      onSubmit={(event) => {
        event.preventDefault();
        if (!none) start.mutate();
      }}
    >
      <p className="muted">
        {t("imports.export.intro")} {filter === null && t("imports.export.everyone")}
      </p>
      <fieldset className="export-format">
        <legend>{t("imports.export.format")}</legend>
        {FORMATS.map((format) => (
          <label key={format}>
            <input
              type="radio"
              name="export-format"
              value={format}
              checked={choice.format === format}
              onChange={() => {
                setChoice({ ...choice, format });
              }}
            />
            {t(`imports.export.${format}`)}
          </label>
        ))}
      </fieldset>
      <ExportColumnPicker
        available={available}
        chosen={choice.columns}
        onChange={(keys) => {
          setChoice({ ...choice, columns: keys });
        }}
      />
      {none && (
        <p className="field-error" role="alert">
          {t("imports.export.noColumns")}
        </p>
      )}
      {start.error && (
        <p className="error" role="alert">
          {t("imports.export.startFailed", { detail: start.error.message })}
        </p>
      )}
      <div className="wizard-actions">
        <span className="spacer" />
        <button type="button" onClick={onClose}>
          {t("imports.export.close")}
        </button>
        <button type="submit" className="primary" disabled={none || start.isPending}>
          {start.isPending ? t("imports.export.starting") : t("imports.export.start")}
        </button>
      </div>
    </form>
  );
}

interface ProgressProps {
  jobId: string;
  format: FileFormat;
  onClose: () => void;
}

function ExportProgress({ jobId, format, onClose }: ProgressProps) {
  const { t, i18n } = useTranslation();
  const job = useJob(jobId);
  const cancel = useMutation({ mutationFn: () => cancelJob(jobId) });
  const download = useMutation({
    mutationFn: () => downloadExportFile(jobId, format),
    onSuccess: saveFile,
  });
  const data = job.data;
  if (job.error && !data) {
    return (
      <p className="error" role="alert">
        {t("imports.progress.readFailed", { detail: job.error.message })}
      </p>
    );
  }
  if (!data) return <p className="muted">{t("imports.export.starting")}</p>;
  const fileName = typeof data.result.file_name === "string" ? data.result.file_name : "";
  const rows = typeof data.result.rows === "number" ? data.result.rows : data.processed;
  return (
    <div className="export-progress">
      {isMoving(data) ? (
        <>
          <JobProgress job={data} label={t("imports.progress.exportLabel")} />
          <div className="wizard-actions">
            <span className="spacer" />
            <button
              type="button"
              disabled={cancel.isPending || data.cancel_requested}
              onClick={() => {
                cancel.mutate();
              }}
            >
              {t("imports.export.cancel")}
            </button>
          </div>
        </>
      ) : data.state === "done" ? (
        <>
          <p role="status">
            {t("imports.export.ready", { rows: formatCount(rows, i18n.language) })}
          </p>
          <div className="wizard-actions">
            <span className="spacer" />
            <button type="button" onClick={onClose}>
              {t("imports.export.close")}
            </button>
            <button
              type="button"
              className="primary"
              disabled={download.isPending}
              onClick={() => {
                download.mutate();
              }}
            >
              {t("imports.export.download", { name: fileName })}
            </button>
          </div>
          {download.error && (
            <p className="error" role="alert">
              {t("imports.export.downloadFailed", { detail: download.error.message })}
            </p>
          )}
        </>
      ) : (
        <>
          <p className={data.state === "failed" ? "error" : undefined} role="status">
            {data.state === "failed"
              ? t("imports.export.failed", { detail: data.error?.detail ?? "" })
              : t("imports.export.cancelled")}
          </p>
          <div className="wizard-actions">
            <span className="spacer" />
            <button type="button" onClick={onClose}>
              {t("imports.export.close")}
            </button>
          </div>
        </>
      )}
    </div>
  );
}
