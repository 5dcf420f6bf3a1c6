/** One bulk job of the panel at a time: start it, follow it, cancel it, undo it. */
import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useEffectEvent, useState } from "react";
import { ApiError, type Problem } from "../../api/problem";
import { contactKeys } from "../contacts/queries";
import {
  cancelJob,
  startBulkJob,
  undoJob,
  type BulkOperation,
  type BulkSelection,
  type Job,
} from "./api";
import { followJob } from "./jobStream";
import { isSettled } from "./jobView";
import type { BulkAction } from "./operations";

export interface BulkRun {
  action: BulkAction;
  /** The bulk job as last seen. */
  job: Job;
  /** Its undo job, once someone asked for one. */
  undo: Job | null;
}

export type Step = "start" | "follow" | "cancel" | "undo";

export interface StepError {
  step: Step;
  problem: Problem;
}

// The group tree's query (groups/api.ts): its member counts move with group actions and deletes.
const GROUPS_KEY = ["groups"] as const;

function isAbort(error: unknown): boolean {
  return error instanceof DOMException && error.name === "AbortError";
}

function problemOf(error: unknown): Problem {
  if (error instanceof ApiError) return error.problem;
  return { status: 0, code: "network_error", detail: String(error) };
}

/** Replaces whichever job of the run this is a newer reading of. */
function withUpdate(run: BulkRun | null, job: Job): BulkRun | null {
  if (!run) return run;
  if (run.job.id === job.id) return { ...run, job };
  if (run.undo?.id === job.id) return { ...run, undo: job };
  return run;
}

/** `onSettled` hears of each job (the bulk one, then its undo) once it settles. */
export function useBulkJob(onSettled: (action: BulkAction, job: Job) => void) {
  const client = useQueryClient();
  const [run, setRun] = useState<BulkRun | null>(null);
  const [pending, setPending] = useState<Step | null>(null);
  const [error, setError] = useState<StepError | null>(null);

  const update = useCallback((job: Job) => {
    setRun((current) => withUpdate(current, job));
  }, []);

  const finish = (action: BulkAction, job: Job) => {
    // Every cached list and card may show what the job changed; refetch what is on screen.
    void client.invalidateQueries({ queryKey: contactKeys.all });
    void client.invalidateQueries({ queryKey: GROUPS_KEY });
    onSettled(action, job);
  };

  const settle = useEffectEvent((job: Job) => {
    update(job);
    if (run) finish(run.action, job);
  });

  // The job to follow: the undo once there is one, else the bulk job. Keyed by id alone: a
  // reading that settles the job must not restart (or abort) the follow that will `settle` it.
  const followed = run ? (run.undo ?? run.job) : null;
  const followedId = followed?.id ?? null;
  const settledAlready = useEffectEvent(() => !followed || isSettled(followed));

  useEffect(() => {
    if (!followedId || settledAlready()) return;
    const controller = new AbortController();
    followJob(followedId, update, controller.signal).then(settle, (failure: unknown) => {
      if (!isAbort(failure)) setError({ step: "follow", problem: problemOf(failure) });
    });
    return () => {
      controller.abort();
    };
  }, [followedId, update]);

  const attempt = async (step: Step, call: () => Promise<void>) => {
    setPending(step);
    setError(null);
    try {
      await call();
    } catch (failure) {
      setError({ step, problem: problemOf(failure) });
    } finally {
      setPending(null);
    }
  };

  const start = (action: BulkAction, selection: BulkSelection, operation: BulkOperation) =>
    attempt("start", async () => {
      const job = await startBulkJob(selection, operation);
      setRun({ action, job, undo: null });
      // An empty selection can be over before anyone follows it.
      if (isSettled(job)) finish(action, job);
    });

  const cancel = () =>
    attempt("cancel", async () => {
      if (followed) update(await cancelJob(followed.id));
    });

  const undo = () =>
    attempt("undo", async () => {
      if (!run) return;
      const undoing = await undoJob(run.job.id);
      setRun({ ...run, undo: undoing });
      if (isSettled(undoing)) finish(run.action, undoing);
    });

  const dismiss = () => {
    setRun(null);
    setError(null);
  };

  return { run, pending, error, start, cancel, undo, dismiss };
}
