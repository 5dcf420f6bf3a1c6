import { useTranslation } from "react-i18next";
import type { StepError } from "./useBulkJob";

/** A refused or failed call in the gateway's own words, with the request field it names. */
export function ProblemText({ error }: { error: StepError }) {
  const { t } = useTranslation();
  const { problem } = error;
  const message = t(`bulk.errors.${error.step}`, { detail: problem.detail });
  return (
    <p className="error bulk-error" role="alert" data-code={problem.code}>
      {problem.field ? t("bulk.errors.at", { message, field: problem.field }) : message}
    </p>
  );
}
