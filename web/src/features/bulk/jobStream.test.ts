import { describe, expect, it } from "vitest";
import { ApiError } from "../../api/problem";
import type { Job } from "./api";
import { followJob, MAX_FAILURES, readJob, type JobSource } from "./jobStream";

function makeJob(overrides: Partial<Job> = {}): Job {
  return {
    id: "j-1",
    kind: "bulk",
    state: "running",
    params: {},
    total: 10,
    processed: 0,
    created: 0,
    updated: 0,
    skipped: 0,
    failed: 0,
    percent: 0,
    rate_per_second: 0,
    seconds_left: null,
    cancel_requested: false,
    error: null,
    result: {},
    reverts: null,
    created_by: "u-1",
    created_at: "2024-01-01T00:00:00Z",
    started_at: null,
    finished_at: null,
    updated_at: "2024-01-01T00:00:00Z",
    ...overrides,
  };
}

function frame(event: string, job: Job): string {
  return `event: ${event}\ndata: ${JSON.stringify(job)}\n\n`;
}

/** A body that delivers the chunks one read at a time, then ends (or fails, as a dropped
 * connection does, after what it delivered). */
function body(chunks: readonly string[], failAtEnd = false): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const queue = [...chunks];
  return new ReadableStream({
    pull(controller) {
      const chunk = queue.shift();
      if (chunk !== undefined) controller.enqueue(encoder.encode(chunk));
      else if (failAtEnd) controller.error(new TypeError("network error"));
      else controller.close();
    },
  });
}

interface Script {
  streams: (() => ReadableStream<Uint8Array>)[];
  reads?: (() => Job)[];
}

/** A source playing back a script; records the calls and the pauses it was asked for. */
function scripted(script: Script) {
  const calls = { events: 0, gets: 0, pauses: [] as number[] };
  const source: JobSource = {
    events: () => {
      const next = script.streams[calls.events];
      calls.events += 1;
      if (!next)
        return Promise.reject(new ApiError({ status: 0, code: "network_error", detail: "down" }));
      return Promise.resolve(next());
    },
    get: () => {
      const next = script.reads?.[calls.gets];
      calls.gets += 1;
      if (!next)
        return Promise.reject(new ApiError({ status: 502, code: "bad_gateway", detail: "x" }));
      return Promise.resolve(next());
    },
    pause: (ms) => {
      calls.pauses.push(ms);
      return Promise.resolve();
    },
  };
  return { source, calls };
}

describe("followJob", () => {
  it("reports each progress event and resolves at the first settled reading", async () => {
    const half = makeJob({ processed: 5, percent: 50 });
    const done = makeJob({ state: "done", processed: 10, updated: 10, percent: 100 });
    const stream = frame("progress", half) + frame("progress", done) + frame("end", done);
    // Chunks cut in the middle of frames, as a network delivers them.
    const chunks = [stream.slice(0, 30), stream.slice(30, 400), stream.slice(400)];
    const { source, calls } = scripted({ streams: [() => body(chunks)] });
    const seen: number[] = [];

    const final = await followJob(
      "j-1",
      (job) => seen.push(job.processed),
      new AbortController().signal,
      source,
    );

    expect(final.state).toBe("done");
    expect(final.updated).toBe(10);
    // The gateway sends the settled job as progress, then again as `end`: once is enough.
    expect(seen).toEqual([5, 10]);
    expect(calls.gets).toBe(0);
  });

  it("asks once whether the job settled when the stream ends without an end event", async () => {
    const done = makeJob({ state: "done", processed: 10 });
    const { source, calls } = scripted({
      streams: [() => body([frame("progress", makeJob({ processed: 3 }))])],
      reads: [() => done],
    });

    const final = await followJob("j-1", () => undefined, new AbortController().signal, source);

    expect(final).toEqual(done);
    expect(calls).toEqual({ events: 1, gets: 1, pauses: [] });
  });

  it("reopens a broken stream after a pause while the job still runs", async () => {
    const done = makeJob({ state: "cancelled", processed: 4 });
    const { source, calls } = scripted({
      streams: [
        () => body([frame("progress", makeJob({ processed: 2 }))], true),
        () => body([frame("end", done)]),
      ],
      reads: [() => makeJob({ processed: 3 })],
    });
    const seen: number[] = [];

    const final = await followJob(
      "j-1",
      (job) => seen.push(job.processed),
      new AbortController().signal,
      source,
    );

    expect(final.state).toBe("cancelled");
    expect(seen).toEqual([2, 3, 4]);
    expect(calls.events).toBe(2);
    expect(calls.pauses).toHaveLength(1);
  });

  it("gives up with the last error after repeated failures, pausing longer each time", async () => {
    const { source, calls } = scripted({ streams: [] });

    await expect(
      followJob("j-1", () => undefined, new AbortController().signal, source),
    ).rejects.toThrow("x");

    expect(calls.events).toBe(MAX_FAILURES);
    expect(calls.pauses).toEqual([500, 1000, 2000, 4000]);
  });

  it("stops at once on a 4xx: a job that is gone will not come back", async () => {
    const gone = new ApiError({ status: 404, code: "job_not_found", detail: "no job j-1" });
    const source: JobSource = {
      events: () => Promise.reject(gone),
      get: () => Promise.reject(new Error("not asked")),
      pause: () => Promise.reject(new Error("not asked")),
    };

    await expect(
      followJob("j-1", () => undefined, new AbortController().signal, source),
    ).rejects.toBe(gone);
  });

  it("ignores data that is not a job", () => {
    expect(readJob("not json")).toBeNull();
    expect(readJob('{"id": "j-1"}')).toBeNull();
    expect(readJob(JSON.stringify(makeJob()))?.id).toBe("j-1");
  });
});
