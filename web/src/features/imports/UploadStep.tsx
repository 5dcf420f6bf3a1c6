import { useMutation } from "@tanstack/react-query";
import { useState, type DragEvent } from "react";
import { useTranslation } from "react-i18next";
import { uploadFile } from "./api";
import type { FileAnalysis } from "./types";

const ACCEPT = [
  ".xlsx",
  ".xls",
  ".csv",
  "text/csv",
  "application/vnd.ms-excel",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
].join(",");

/** Step 1: pick (or drop) a spreadsheet; the API stores and reads it. */
export function UploadStep({
  onAnalysed,
}: {
  onAnalysed: (file: File, analysis: FileAnalysis) => void;
}) {
  const { t } = useTranslation();
  const [dragging, setDragging] = useState(false);
  const upload = useMutation({
    mutationFn: (file: File) => uploadFile(file, null),
    onSuccess: (analysis, file) => {
      onAnalysed(file, analysis);
    },
  });
  const take = (file: File | undefined) => {
    if (file && !upload.isPending) upload.mutate(file);
  };
  const drop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setDragging(false);
    take(event.dataTransfer.files[0]);
  };
  return (
    <section className="wizard-panel" aria-labelledby="upload-title">
      <h2 id="upload-title">{t("imports.upload.title")}</h2>
      <p className="muted">{t("imports.upload.intro")}</p>
      <div
        className={dragging ? "drop-zone dragging" : "drop-zone"}
        onDragOver={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => {
          setDragging(false);
        }}
        onDrop={drop}
      >
        <input
          id="import-file"
          className="visually-hidden"
          type="file"
          accept={ACCEPT}
          aria-label={t("imports.upload.choose")}
          aria-describedby="import-file-hint"
          disabled={upload.isPending}
          onChange={(event) => {
            take(event.target.files?.[0]);
            event.target.value = ""; // choosing the same file again still uploads it
          }}
        />
        <label htmlFor="import-file" className="button primary" aria-hidden="true">
          {t("imports.upload.button")}
        </label>
        <span id="import-file-hint" className="muted">
          {t("imports.upload.hint")}
        </span>
      </div>
      {upload.isPending && (
        <p role="status">{t("imports.upload.reading", { name: upload.variables.name })}</p>
      )}
      {upload.error && (
        <p className="error" role="alert">
          {t("imports.upload.failed", { detail: upload.error.message })}
        </p>
      )}
    </section>
  );
}
