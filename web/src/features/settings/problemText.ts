/** A failed call as the settings screens say it. */
import { ApiError } from "../../api/problem";

/** The screen's own words for a problem code it expects (translated, naming the fix), else
 * the gateway's detail (English, but exact), else the error's own text. */
export function problemText(
  error: unknown,
  ownWords: (code: string) => string | undefined,
): string {
  if (!(error instanceof ApiError)) return String(error);
  return ownWords(error.problem.code) ?? error.problem.detail;
}
