/** How a job's progress reads to a person: how far, how fast, how long still. */
import type { Job, JobState } from "./types";

/** States a job leaves only when a person asks (an undo): nothing more to wait for. */
const SETTLED: readonly JobState[] = ["done", "failed", "cancelled", "undone"];

export function isSettled(job: Pick<Job, "state">): boolean {
  return SETTLED.includes(job.state);
}

/** Whether the job's counters still move by themselves, so reading it again is worth it. An
 * import being undone ("undoing") is not: its undo is a job of its own. */
export function isMoving(job: Pick<Job, "state">): boolean {
  return job.state === "queued" || job.state === "running";
}

/** Percent done, or null while the job cannot tell: an import learns its row count only when
 * it reaches the end of the file (until then `total` is 0), so its bar is indeterminate. */
export function percentDone(job: Pick<Job, "state" | "total" | "percent">): number | null {
  if (job.state === "done") return 100;
  if (job.total > 0) return Math.min(100, Math.max(0, job.percent));
  return null;
}

type TimeUnit = "second" | "minute" | "hour";

/** A remaining time in the unit a person would say it in, rounded as they would. */
export function roughDuration(seconds: number): { value: number; unit: TimeUnit } {
  if (seconds < 90) return { value: Math.max(1, Math.ceil(seconds)), unit: "second" };
  if (seconds < 90 * 60) return { value: Math.round(seconds / 60), unit: "minute" };
  return { value: Math.round((seconds / 3600) * 10) / 10, unit: "hour" };
}

/** "2 minutes", "2 minuty", "5 minut": Intl knows each language's plural forms. */
export function formatDuration(seconds: number, language: string): string {
  const { value, unit } = roughDuration(seconds);
  return new Intl.NumberFormat(language, {
    style: "unit",
    unit,
    unitDisplay: "long",
    maximumFractionDigits: 1,
  }).format(value);
}

/** Rows (or cards) per second; a decimal only while the rate is small enough to need one. */
export function formatRate(perSecond: number, language: string): string {
  return new Intl.NumberFormat(language, {
    maximumFractionDigits: perSecond < 10 ? 1 : 0,
  }).format(perSecond);
}
