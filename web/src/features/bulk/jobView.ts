/** How a job's state and numbers read on screen: settled or not, the bar, the time left. */
import type { Job, JobState } from "./api";

// As the gateway's SETTLED_STATES: a job in one of these changes no more by itself.
const SETTLED: ReadonlySet<JobState> = new Set(["done", "failed", "cancelled", "undone"]);
// The states in which the service accepts a cancel.
const CANCELLABLE: ReadonlySet<JobState> = new Set(["queued", "running"]);
// The states from which the service accepts an undo (its FINISHED_STATES).
const UNDOABLE: ReadonlySet<JobState> = new Set(["done", "failed", "cancelled"]);

export function isSettled(job: Pick<Job, "state">): boolean {
  return SETTLED.has(job.state);
}

export function canCancel(job: Pick<Job, "state" | "cancel_requested">): boolean {
  return CANCELLABLE.has(job.state) && !job.cancel_requested;
}

/** Only a bulk job that changed something has anything to revert (an undo is not undone). */
export function canUndo(job: Pick<Job, "kind" | "state" | "updated">): boolean {
  return job.kind === "bulk" && UNDOABLE.has(job.state) && job.updated > 0;
}

/** 0–100 for the bar; a settled job with nothing to do is full, not empty. */
export function barPercent(job: Pick<Job, "state" | "total" | "processed" | "percent">): number {
  if (job.state === "done" && job.processed >= job.total) return 100;
  return Math.max(0, Math.min(100, job.percent));
}

export type DurationUnit = "second" | "minute" | "hour";

/** The time left, rounded the way people say it: seconds under a minute, then minutes, then
 * hours (to halves); null while there is no rate to guess from or the job is over. */
export function timeLeft(
  job: Pick<Job, "state" | "seconds_left">,
): { value: number; unit: DurationUnit } | null {
  if (isSettled(job) || job.seconds_left === null) return null;
  const seconds = Math.max(0, job.seconds_left);
  if (seconds < 60) return { value: Math.max(1, Math.ceil(seconds)), unit: "second" };
  if (seconds < 3600) return { value: Math.ceil(seconds / 60), unit: "minute" };
  return { value: Math.ceil((seconds / 3600) * 2) / 2, unit: "hour" };
}

const durationFormats = new Map<string, Intl.NumberFormat>();

/** "3 minutes", "3 minuty", in the reader's language (Intl knows each language's plurals). */
export function formatDuration(
  duration: { value: number; unit: DurationUnit },
  language: string,
): string {
  const key = `${language}:${duration.unit}`;
  let format = durationFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(language, {
      style: "unit",
      unit: duration.unit,
      unitDisplay: "long",
    });
    durationFormats.set(key, format);
  }
  return format.format(duration.value);
}
