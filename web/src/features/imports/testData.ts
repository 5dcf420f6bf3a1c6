/** Test data that satisfies the generated API types; each test overrides what it is about. */
import type { FileAnalysis, Job } from "./types";

export function makeAnalysis(overrides: Partial<FileAnalysis> = {}): FileAnalysis {
  return {
    file_id: "f-1",
    name: "klienci.csv",
    size: 120,
    format: "csv",
    encoding: "cp1250",
    delimiter: ";",
    sheets: [],
    sheet: null,
    headers: ["Imię", "Nazwisko", "E-mail", "Notatka"],
    proposed_mapping: ["first_name", "last_name", "emails", null],
    problems: [],
    preview: [
      ["Łucja", "Żółć", "lucja@example.pl", ""],
      ["Jan", "Nowak", "", "VIP"],
    ],
    columns: [
      { key: "first_name", header: "First name" },
      { key: "last_name", header: "Last name" },
      { key: "emails", header: "Emails" },
      { key: "description", header: "Description" },
      { key: "custom.visits", header: "Visits" },
    ],
    ...overrides,
  };
}

export function makeJob(overrides: Partial<Job> = {}): Job {
  return {
    id: "j-1",
    kind: "import",
    state: "running",
    params: {},
    total: 0,
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
    created_at: "2024-01-02T03:04:05Z",
    started_at: null,
    finished_at: null,
    updated_at: "2024-01-02T03:04:05Z",
    ...overrides,
  };
}
