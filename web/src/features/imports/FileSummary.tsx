import { useMutation } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { uploadFile } from "./api";
import { formatFileSize } from "./fileSize";
import type { FileAnalysis } from "./types";

interface Props {
  analysis: FileAnalysis;
  /** The file as chosen: reading another of its sheets sends it again. */
  file: File | null;
  onAnalysed: (analysis: FileAnalysis) => void;
  onAnother: () => void;
}

/** What the API found the file to be: its format (encoding and delimiter for text), and the
 * sheet read when the workbook has several. */
export function FileSummary({ analysis, file, onAnalysed, onAnother }: Props) {
  const { t, i18n } = useTranslation();
  // The API reads one sheet per upload, so choosing another sends the file again.
  const readSheet = useMutation({
    mutationFn: (sheet: string) => {
      if (!file) throw new Error("the file is no longer at hand; choose it again");
      return uploadFile(file, sheet);
    },
    onSuccess: onAnalysed,
  });
  const delimiter = analysis.delimiter;
  return (
    <section className="file-summary" aria-labelledby="file-title">
      <h3 id="file-title" className="visually-hidden">
        {t("imports.file.title")}
      </h3>
      <dl>
        <div>
          <dt>{t("imports.file.name")}</dt>
          <dd className="ellipsis">{analysis.name}</dd>
        </div>
        <div>
          <dt>{t("imports.file.size")}</dt>
          <dd>{formatFileSize(analysis.size, i18n.language)}</dd>
        </div>
        <div>
          <dt>{t("imports.file.format")}</dt>
          <dd data-testid="file-format">{analysis.format.toUpperCase()}</dd>
        </div>
        {analysis.encoding && (
          <div>
            <dt>{t("imports.file.encoding")}</dt>
            <dd data-testid="file-encoding">{analysis.encoding}</dd>
          </div>
        )}
        {delimiter && (
          <div>
            <dt>{t("imports.file.delimiter")}</dt>
            <dd data-testid="file-delimiter">
              {delimiter === "\t" ? (
                t("imports.file.tab")
              ) : delimiter === " " ? (
                t("imports.file.space")
              ) : (
                <code>{delimiter}</code>
              )}
            </dd>
          </div>
        )}
      </dl>
      {analysis.sheets.length > 1 && (
        <span className="sheet-choice">
          <label htmlFor="import-sheet">{t("imports.file.sheet")}</label>
          <select
            id="import-sheet"
            value={analysis.sheet ?? ""}
            disabled={readSheet.isPending}
            onChange={(event) => {
              readSheet.mutate(event.target.value);
            }}
          >
            {analysis.sheets.map((sheet) => (
              <option key={sheet} value={sheet}>
                {sheet}
              </option>
            ))}
          </select>
        </span>
      )}
      <button type="button" className="link" onClick={onAnother}>
        {t("imports.file.another")}
      </button>
      {readSheet.isPending && <p role="status">{t("imports.file.readingSheet")}</p>}
      {readSheet.error && (
        <p className="error" role="alert">
          {t("imports.upload.failed", { detail: readSheet.error.message })}
        </p>
      )}
    </section>
  );
}
