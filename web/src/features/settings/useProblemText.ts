import { useCallback } from "react";
import { useTranslation } from "react-i18next";
import { problemText } from "./problemText";

/** `problemText` with the texts under `settingsProblems.<code>` as the screens' own words. */
export function useProblemText(): (error: unknown) => string {
  const { t, i18n } = useTranslation();
  return useCallback(
    (error: unknown) =>
      problemText(error, (code) => {
        const key = `settingsProblems.${code}`;
        return i18n.exists(key) ? t(key) : undefined;
      }),
    [t, i18n],
  );
}
