import { useMutation } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { downloadFailedRows } from "./api";
import { saveFile } from "./download";
import { FORMATS } from "./exportChoice";
import type { FileFormat } from "./types";

/** The refused rows as a file to fix and import again, in either format. */
export function FailedRowsDownload({ jobId }: { jobId: string }) {
  const { t } = useTranslation();
  const download = useMutation({
    mutationFn: (format: FileFormat) => downloadFailedRows(jobId, format),
    onSuccess: saveFile,
  });
  return (
    <div className="failed-rows-download">
      <p id={`download-${jobId}`}>{t("imports.failures.download")}</p>
      <div className="button-row" role="group" aria-labelledby={`download-${jobId}`}>
        {FORMATS.map((format) => (
          <button
            key={format}
            type="button"
            disabled={download.isPending}
            onClick={() => {
              download.mutate(format);
            }}
          >
            {t("imports.failures.asFormat", { format: format.toUpperCase() })}
          </button>
        ))}
      </div>
      {download.error && (
        <p className="error" role="alert">
          {t("imports.failures.downloadFailed", { detail: download.error.message })}
        </p>
      )}
    </div>
  );
}
