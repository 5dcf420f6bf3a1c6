/** The jobs API calls of the bulk panel: start a bulk job, read, stream, cancel and undo one. */
import { api, unwrap } from "../../api/client";
import type { components } from "../../api/schema";

type Schemas = components["schemas"];

export type Job = Schemas["JobOut"];
export type JobState = Job["state"];
export type BulkOperation = Schemas["BulkOperationIn"];
export type BulkSelection = Schemas["SelectionIn"];

export function startBulkJob(selection: BulkSelection, operation: BulkOperation): Promise<Job> {
  return unwrap(api.POST("/api/v1/contacts/bulk", { body: { selection, operation } }));
}

export function getJob(id: string, signal?: AbortSignal): Promise<Job> {
  return unwrap(api.GET("/api/v1/jobs/{job_id}", { params: { path: { job_id: id } }, signal }));
}

export function cancelJob(id: string): Promise<Job> {
  return unwrap(api.POST("/api/v1/jobs/{job_id}/cancel", { params: { path: { job_id: id } } }));
}

/** Queues the revert of a settled bulk job; the answer is the undo job, to follow like any. */
export function undoJob(id: string): Promise<Job> {
  return unwrap(api.POST("/api/v1/jobs/{job_id}/undo", { params: { path: { job_id: id } } }));
}

/** The job's server-sent events as raw bytes. Through the typed client rather than
 * EventSource, which cannot send the bearer token (see jobStream.ts). */
export async function openJobEvents(
  id: string,
  signal: AbortSignal,
): Promise<ReadableStream<Uint8Array>> {
  const body = await unwrap(
    api.GET("/api/v1/jobs/{job_id}/events", {
      params: { path: { job_id: id } },
      parseAs: "stream",
      signal,
    }),
  );
  if (!body) throw new Error("the job's event stream has no body");
  return body;
}
