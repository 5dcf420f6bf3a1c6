import { useTranslation } from "react-i18next";
import { columnLetter, type Mapping } from "./mapping";
import type { FileAnalysis } from "./types";

interface Props {
  analysis: FileAnalysis;
  mapping: Mapping;
  fieldNames: ReadonlyMap<string, string>;
}

/** The first rows as the API read them, each column headed by the field it goes to. */
export function PreviewTable({ analysis, mapping, fieldNames }: Props) {
  const { t } = useTranslation();
  return (
    <section className="preview" aria-labelledby="preview-title">
      <h3 id="preview-title">{t("imports.preview.title")}</h3>
      {/* Focusable, so the keyboard can scroll a wide file sideways. */}
      <div className="table-scroll preview-scroll" tabIndex={0} aria-labelledby="preview-title">
        <table className="preview-table">
          <caption className="visually-hidden">{t("imports.preview.caption")}</caption>
          <thead>
            <tr>
              {analysis.headers.map((header, position) => {
                const key = mapping[position] ?? null;
                return (
                  <th key={position} scope="col" className={key ? undefined : "skipped"}>
                    <span className="letter">{columnLetter(position)}</span>
                    <span className="header">{header || t("imports.preview.empty")}</span>
                    <span className="maps-to">
                      → {key ? (fieldNames.get(key) ?? key) : t("imports.preview.skipped")}
                    </span>
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            {analysis.preview.map((row, index) => (
              <tr key={index}>
                {analysis.headers.map((_header, position) => (
                  <td key={position} className={mapping[position] ? undefined : "skipped"}>
                    {row[position] ?? ""}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
