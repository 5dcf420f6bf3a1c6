/** Names for the generated API shapes of imports, exports and their jobs (see schema.d.ts). */
import type { components } from "../../api/schema";

type Schemas = components["schemas"];

export type FileAnalysis = Schemas["FileAnalysisOut"];
export type MappingProblem = Schemas["MappingProblemOut"];
export type SpreadsheetColumn = Schemas["ColumnOut"];
export type ImportRequest = Schemas["ImportIn"];
export type ImportMode = NonNullable<ImportRequest["mode"]>;
export type MatchKey = NonNullable<ImportRequest["match_keys"]>[number];
export type ExportRequest = Schemas["ExportIn"];
export type FileFormat = NonNullable<ExportRequest["format"]>;
export type Job = Schemas["JobOut"];
export type JobState = Job["state"];
export type Failure = Schemas["FailureOut"];
