/** The gateway calls of the import wizard and the export dialog. */
import { api, unwrap } from "../../api/client";
import type { FilterNode } from "../../api/types";
import { fileNameOf, type DownloadedFile } from "./download";
import type {
  Failure,
  FileAnalysis,
  FileFormat,
  ImportRequest,
  Job,
  SpreadsheetColumn,
} from "./types";

/** The multipart body of an upload: the file, and the sheet to read when one is chosen. */
export function uploadForm(file: File, sheet: string | null): FormData {
  const form = new FormData();
  form.append("file", file, file.name);
  if (sheet) form.append("sheet", sheet);
  return form;
}

/** Stores the file and reads it: format, sheets, headers, first rows, a proposed mapping. */
export function uploadFile(
  file: File,
  sheet: string | null,
  signal?: AbortSignal,
): Promise<FileAnalysis> {
  return unwrap(
    api.POST("/api/v1/imports/files", {
      // OpenAPI types a binary part as a string; the serializer sends the File itself.
      body: { file: file.name, sheet },
      bodySerializer: () => uploadForm(file, sheet),
      signal,
    }),
  );
}

export function startImport(body: ImportRequest): Promise<Job> {
  return unwrap(api.POST("/api/v1/imports", { body }));
}

export function getJob(id: string, signal?: AbortSignal): Promise<Job> {
  return unwrap(api.GET("/api/v1/jobs/{job_id}", { params: { path: { job_id: id } }, signal }));
}

export function cancelJob(id: string): Promise<Job> {
  return unwrap(api.POST("/api/v1/jobs/{job_id}/cancel", { params: { path: { job_id: id } } }));
}

/** Queues the revert of a finished import; the answer is the undo job. */
export function undoJob(id: string): Promise<Job> {
  return unwrap(api.POST("/api/v1/jobs/{job_id}/undo", { params: { path: { job_id: id } } }));
}

/** Refused rows in file order, after the row `afterRow` (0: from the start). */
export function listFailures(
  id: string,
  afterRow: number,
  limit: number,
  signal?: AbortSignal,
): Promise<Failure[]> {
  return unwrap(
    api.GET("/api/v1/jobs/{job_id}/failures", {
      params: { path: { job_id: id }, query: { after_row: afterRow, limit } },
      signal,
    }),
  );
}

/** Every column an export writes and an import maps to, standard then custom. */
export function listColumns(signal?: AbortSignal): Promise<SpreadsheetColumn[]> {
  return unwrap(api.GET("/api/v1/contacts/columns", { signal }));
}

/** What an export selects: the contacts page's filter; null there means every contact, and
 * the API takes a filter or ids, never neither, so that becomes an empty "all". */
export function exportSelection(filter: FilterNode | null): { filter: FilterNode } {
  return { filter: filter ?? { all: [] } };
}

/** Starts exporting what the filter selects in the given columns, in their order. */
export function startExport(
  filter: FilterNode | null,
  columns: readonly string[],
  format: FileFormat,
): Promise<Job> {
  return unwrap(
    api.POST("/api/v1/contacts/export", {
      body: { selection: exportSelection(filter), columns: [...columns], format },
    }),
  );
}

interface BlobOutcome {
  data?: Blob;
  error?: unknown;
  response: Response;
}

/** The body and the name the server gave the file (Content-Disposition), or ApiError. */
async function downloaded(call: Promise<BlobOutcome>, fallback: string): Promise<DownloadedFile> {
  // openapi-fetch gives no data at all for an empty body (Content-Length: 0).
  const blob = await unwrap<Blob | undefined>(call);
  const { response } = await call;
  return {
    blob: blob ?? new Blob([]),
    name: fileNameOf(response.headers.get("Content-Disposition"), fallback),
  };
}

/** The rows an import refused, as the file had them plus an error column. */
export function downloadFailedRows(id: string, format: FileFormat): Promise<DownloadedFile> {
  return downloaded(
    api.GET("/api/v1/jobs/{job_id}/failed-rows", {
      params: { path: { job_id: id }, query: { format } },
      parseAs: "blob",
    }),
    `failed-rows.${format}`,
  );
}

/** The file a finished export job wrote. */
export function downloadExportFile(id: string, format: FileFormat): Promise<DownloadedFile> {
  return downloaded(
    api.GET("/api/v1/jobs/{job_id}/export-file", {
      params: { path: { job_id: id } },
      parseAs: "blob",
    }),
    `contacts.${format}`,
  );
}
