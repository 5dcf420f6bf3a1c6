import { useTranslation } from "react-i18next";
import { useFieldNames } from "./fieldLabel";
import { FileSummary } from "./FileSummary";
import {
  mappedCount,
  mappingIsComplete,
  openProblems,
  sharedFields,
  type Mapping,
} from "./mapping";
import { MappingTable } from "./MappingTable";
import { PreviewTable } from "./PreviewTable";
import type { FileAnalysis } from "./types";

interface Props {
  analysis: FileAnalysis;
  file: File | null;
  mapping: Mapping;
  onMap: (position: number, key: string | null) => void;
  onAnalysed: (analysis: FileAnalysis) => void;
  onAnother: () => void;
  onNext: () => void;
}

/** Step 2: the file as read, its first rows, and the column-to-field mapping to confirm. */
export function MappingStep({
  analysis,
  file,
  mapping,
  onMap,
  onAnalysed,
  onAnother,
  onNext,
}: Props) {
  const { t } = useTranslation();
  const fieldNames = useFieldNames(analysis.columns);
  const problems = openProblems(analysis, mapping);
  const mapped = mappedCount(mapping);
  const blocker =
    mapped === 0
      ? t("imports.mapping.nothing")
      : sharedFields(mapping).size > 0
        ? t("imports.mapping.fixShared")
        : null;
  return (
    <section className="wizard-panel" aria-labelledby="mapping-title">
      <FileSummary analysis={analysis} file={file} onAnalysed={onAnalysed} onAnother={onAnother} />
      <PreviewTable analysis={analysis} mapping={mapping} fieldNames={fieldNames} />
      <h2 id="mapping-title">{t("imports.mapping.title")}</h2>
      <p className="muted">{t("imports.mapping.intro")}</p>
      {problems.length > 0 && (
        <p className="mapping-problems" data-testid="mapping-problems">
          {t("imports.mapping.problems", { number: problems.length })}
        </p>
      )}
      <MappingTable analysis={analysis} mapping={mapping} fieldNames={fieldNames} onMap={onMap} />
      <div className="wizard-actions sticky">
        <span className="muted" data-testid="mapped-count">
          {t("imports.mapping.mapped", { mapped, total: analysis.headers.length })}
        </span>
        {blocker && (
          <span className="error" role="alert">
            {blocker}
          </span>
        )}
        <span className="spacer" />
        <button
          type="button"
          className="primary"
          disabled={!mappingIsComplete(mapping)}
          onClick={onNext}
        >
          {t("imports.actions.next")}
        </button>
      </div>
    </section>
  );
}
