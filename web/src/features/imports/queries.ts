/** Server state of the wizard and the export dialog (TanStack Query): jobs, refused rows,
 * the spreadsheet columns. */
import { skipToken, useInfiniteQuery, useQuery } from "@tanstack/react-query";
import { getJob, listColumns, listFailures } from "./api";
import { isMoving } from "./jobProgress";
import type { Failure } from "./types";

// Progress is polled (GET /jobs/{id} each second), not read from the SSE endpoint: EventSource
// cannot send the bearer token, and a fetch-stream reader would need its own event parser and
// reconnection for proxies, laptops waking up and gateway restarts, all of which a poll gets
// from TanStack Query (retries, pause in a hidden tab, stop once settled). The SSE endpoint
// itself re-reads the job twice a second and a worker commits 1,000 rows per batch, so a
// one-second poll shows the same progress at most a second later.
const POLL_MS = 1_000;

export const jobKeys = {
  one: (id: string | null) => ["jobs", id] as const,
  failures: (id: string, pageSize: number) => ["jobs", id, "failures", pageSize] as const,
};

/** A job, read again every second while it still moves by itself. */
export function useJob(id: string | null) {
  return useQuery({
    queryKey: jobKeys.one(id),
    queryFn: id ? ({ signal }) => getJob(id, signal) : skipToken,
    refetchInterval: (query) => {
      const job = query.state.data;
      return job && !isMoving(job) ? false : POLL_MS;
    },
    staleTime: 0,
  });
}

/** The rows a job refused, a page at a time in file order. */
export function useFailures(id: string, pageSize: number) {
  return useInfiniteQuery({
    queryKey: jobKeys.failures(id, pageSize),
    queryFn: ({ pageParam, signal }) => listFailures(id, pageParam, pageSize, signal),
    initialPageParam: 0,
    // A short page is the last one; the next starts after the last row shown.
    getNextPageParam: (last: Failure[]) =>
      last.length < pageSize ? undefined : last[last.length - 1]?.row,
  });
}

/** Every column an export writes (standard, then custom). */
export function useSpreadsheetColumns() {
  return useQuery({
    queryKey: ["spreadsheet-columns"],
    queryFn: ({ signal }) => listColumns(signal),
    staleTime: 60_000,
  });
}
