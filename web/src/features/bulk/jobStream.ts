/** Following a job until it settles, through the gateway's server-sent events.
 *
 * Why a fetched stream and not polling or EventSource: EventSource cannot send the bearer
 * token, and a token in the URL would end up in logs. Polling `GET /api/v1/jobs/{id}` would
 * work, but costs a request (and its auth and gRPC round trip) per tick per open panel, while
 * the stream is one request that the gateway feeds at its own pace (it reads the job twice a
 * second and sends only changes, with a heartbeat). The typed client's `parseAs: "stream"`
 * keeps the token, the 401 handling and problem+json errors of every other call. When the
 * stream breaks (a proxy's idle timeout, a restart), one `GET` tells whether the job settled
 * meanwhile; if not, the stream is reopened after a short, growing pause. */
import { ApiError } from "../../api/problem";
import { getJob, openJobEvents, type Job } from "./api";
import { EventStreamParser } from "./sse";
import { isSettled } from "./jobView";

export interface JobSource {
  events: (id: string, signal: AbortSignal) => Promise<ReadableStream<Uint8Array>>;
  get: (id: string, signal: AbortSignal) => Promise<Job>;
  pause: (ms: number, signal: AbortSignal) => Promise<void>;
}

// Five failures in a row without a single event in between: the gateway is gone, say so.
export const MAX_FAILURES = 5;
const FIRST_PAUSE_MS = 500;
const LONGEST_PAUSE_MS = 8_000;

function abortError(): DOMException {
  return new DOMException("aborted", "AbortError");
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) {
      reject(abortError());
      return;
    }
    const timer = setTimeout(() => {
      signal.removeEventListener("abort", stop);
      resolve();
    }, ms);
    const stop = () => {
      clearTimeout(timer);
      reject(abortError());
    };
    signal.addEventListener("abort", stop, { once: true });
  });
}

export const gatewaySource: JobSource = { events: openJobEvents, get: getJob, pause };

/** The JSON of a `progress` or `end` event; null for anything that is not a job. */
export function readJob(data: string): Job | null {
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return null;
  }
  if (typeof value !== "object" || value === null) return null;
  const job = value as Partial<Job>;
  const looksRight =
    typeof job.id === "string" &&
    typeof job.state === "string" &&
    typeof job.total === "number" &&
    typeof job.processed === "number";
  return looksRight ? (value as Job) : null;
}

/** A 4xx will not get better by asking again (the job is gone, or not ours to read). */
function isFinal(error: unknown): boolean {
  if (error instanceof DOMException && error.name === "AbortError") return true;
  return error instanceof ApiError && error.problem.status >= 400 && error.problem.status < 500;
}

/** Reads one stream to its end; the settled job if the `end` event came, else null. */
async function readStream(
  stream: ReadableStream<Uint8Array>,
  onUpdate: (job: Job) => void,
): Promise<Job | null> {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  const parser = new EventStreamParser();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return null;
      for (const event of parser.push(decoder.decode(value, { stream: true }))) {
        const job = readJob(event.data);
        if (!job) continue;
        onUpdate(job);
        if (event.event === "end" || isSettled(job)) return job;
      }
    }
  } finally {
    reader.releaseLock();
    // Stops the download when we return early; a no-op on a stream that already ended.
    void stream.cancel().catch(() => undefined);
  }
}

/** Calls `onUpdate` with every change of the job and resolves with it once it settles. */
export async function followJob(
  id: string,
  onUpdate: (job: Job) => void,
  signal: AbortSignal,
  source: JobSource = gatewaySource,
): Promise<Job> {
  let failures = 0;
  let lastError: Error | null = null;
  const counted = (job: Job) => {
    failures = 0; // the connection works: a later break starts the count again
    onUpdate(job);
  };
  for (;;) {
    try {
      const ended = await readStream(await source.events(id, signal), counted);
      if (ended) return ended;
    } catch (error) {
      if (isFinal(error)) throw error;
      lastError = error instanceof Error ? error : new Error(String(error));
    }
    // The stream ended early or broke: the job may have settled in the gap.
    try {
      const job = await source.get(id, signal);
      onUpdate(job);
      if (isSettled(job)) return job;
    } catch (error) {
      if (isFinal(error)) throw error;
      lastError = error instanceof Error ? error : new Error(String(error));
    }
    failures += 1;
    if (failures >= MAX_FAILURES) {
      throw lastError ?? new ApiError({ status: 0, code: "stream_lost", detail: "stream lost" });
    }
    await source.pause(Math.min(FIRST_PAUSE_MS * 2 ** (failures - 1), LONGEST_PAUSE_MS), signal);
  }
}
