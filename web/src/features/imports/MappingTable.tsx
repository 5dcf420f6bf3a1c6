import { useTranslation } from "react-i18next";
import {
  columnLetter,
  fieldGroups,
  openProblems,
  sampleValues,
  sharedFields,
  type Mapping,
} from "./mapping";
import type { FileAnalysis, MappingProblem } from "./types";

interface Props {
  analysis: FileAnalysis;
  mapping: Mapping;
  fieldNames: ReadonlyMap<string, string>;
  onMap: (position: number, key: string | null) => void;
}

/** One line per file column: what it holds, the field it fills (a select, or skip), and
 * what stands in the way: the API's problem with it, or a field chosen twice. */
export function MappingTable({ analysis, mapping, fieldNames, onMap }: Props) {
  const { t } = useTranslation();
  const { standard, custom } = fieldGroups(analysis.columns);
  const shared = sharedFields(mapping);
  const problems = new Map(openProblems(analysis, mapping).map((p) => [p.position, p]));
  const option = (key: string) => (
    <option key={key} value={key}>
      {fieldNames.get(key) ?? key}
    </option>
  );
  const problemText = (problem: MappingProblem) => {
    const key = `imports.problems.${problem.code}`;
    return t(key, { defaultValue: problem.detail });
  };
  return (
    <table className="mapping-table">
      <thead>
        <tr>
          <th scope="col">{t("imports.mapping.column")}</th>
          <th scope="col">{t("imports.mapping.header")}</th>
          <th scope="col">{t("imports.mapping.sample")}</th>
          <th scope="col">{t("imports.mapping.field")}</th>
        </tr>
      </thead>
      <tbody>
        {analysis.headers.map((header, position) => {
          const letter = columnLetter(position);
          const key = mapping[position] ?? null;
          const others = shared.get(position);
          const problem = problems.get(position);
          const noteId = `mapping-note-${position}`;
          const name = header || t("imports.preview.empty");
          return (
            <tr
              key={position}
              data-testid="mapping-row"
              className={others ? "conflict" : problem ? "problem" : undefined}
            >
              <td className="letter">{letter}</td>
              <th scope="row" className="header">
                {name}
              </th>
              <td className="sample muted">
                {sampleValues(analysis.preview, position).join(" · ")}
              </td>
              <td className="field">
                <select
                  aria-label={t("imports.mapping.fieldOf", { header: name, letter })}
                  aria-describedby={others || problem ? noteId : undefined}
                  aria-invalid={others ? true : undefined}
                  value={key ?? ""}
                  onChange={(event) => {
                    onMap(position, event.target.value || null);
                  }}
                >
                  <option value="">{t("imports.mapping.skip")}</option>
                  <optgroup label={t("imports.mapping.standard")}>
                    {standard.map((column) => option(column.key))}
                  </optgroup>
                  {custom.length > 0 && (
                    <optgroup label={t("imports.mapping.custom")}>
                      {custom.map((column) => option(column.key))}
                    </optgroup>
                  )}
                </select>
                {others && key ? (
                  <p id={noteId} className="field-error">
                    {t("imports.mapping.shared", {
                      field: fieldNames.get(key) ?? key,
                      columns: others.map(columnLetter).join(", "),
                    })}
                  </p>
                ) : (
                  problem && (
                    <p id={noteId} className="mapping-problem" data-code={problem.code}>
                      {problemText(problem)}
                    </p>
                  )
                )}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
