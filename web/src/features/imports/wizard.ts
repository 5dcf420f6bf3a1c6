/** The import wizard's state before the import runs: the file, its mapping and the options;
 * a pure reducer, so every transition is tested without a browser. */
import type { Mapping } from "./mapping";
import { remap } from "./mapping";
import type { FileAnalysis, ImportMode, ImportRequest, MatchKey } from "./types";

/** The steps in order; `import` is the run and its result (its job id lives in the URL). */
export const STEPS = ["file", "mapping", "options", "check", "import"] as const;
export type Step = (typeof STEPS)[number];

export const MODES: readonly ImportMode[] = ["create", "update", "upsert"];
export const MATCH_KEYS: readonly MatchKey[] = ["name", "phone", "email", "company"];

export interface WizardState {
  step: Exclude<Step, "import">;
  analysis: FileAnalysis | null;
  mapping: Mapping;
  mode: ImportMode;
  matchKeys: readonly MatchKey[];
  /** The dry run of exactly these choices; any change makes it stale, so it is dropped. */
  dryRunJobId: string | null;
}

export type WizardAction =
  | { type: "analysed"; analysis: FileAnalysis }
  | { type: "mapped"; position: number; key: string | null }
  | { type: "modeChosen"; mode: ImportMode }
  | { type: "matchKeyToggled"; key: MatchKey }
  | { type: "stepChosen"; step: WizardState["step"] }
  | { type: "dryRunStarted"; jobId: string }
  | { type: "restarted" };

export const INITIAL_STATE: WizardState = {
  step: "file",
  analysis: null,
  mapping: [],
  mode: "upsert",
  matchKeys: MATCH_KEYS,
  dryRunJobId: null,
};

export function wizardReducer(state: WizardState, action: WizardAction): WizardState {
  switch (action.type) {
    case "analysed":
      // A new file (or another sheet of it): its own proposal replaces the old mapping; the
      // mode and keys are the person's choice and stay.
      return {
        ...state,
        step: "mapping",
        analysis: action.analysis,
        mapping: action.analysis.proposed_mapping,
        dryRunJobId: null,
      };
    case "mapped":
      return {
        ...state,
        mapping: remap(state.mapping, action.position, action.key),
        dryRunJobId: null,
      };
    case "modeChosen":
      return { ...state, mode: action.mode, dryRunJobId: null };
    case "matchKeyToggled": {
      const chosen = state.matchKeys.includes(action.key)
        ? state.matchKeys.filter((key) => key !== action.key)
        : MATCH_KEYS.filter((key) => key === action.key || state.matchKeys.includes(key));
      return { ...state, matchKeys: chosen, dryRunJobId: null };
    }
    case "stepChosen":
      return reachable(state, action.step) ? { ...state, step: action.step } : state;
    case "dryRunStarted":
      return { ...state, step: "check", dryRunJobId: action.jobId };
    case "restarted":
      return INITIAL_STATE;
  }
}

/** Whether the wizard can show a step: the ones before it need what the step builds on. */
export function reachable(state: WizardState, step: WizardState["step"]): boolean {
  switch (step) {
    case "file":
      return true;
    case "mapping":
      return state.analysis !== null;
    case "options":
      return state.analysis !== null;
    case "check":
      return state.dryRunJobId !== null;
  }
}

/** The body that starts the import (or its dry run) of the wizard's choices. */
export function importRequest(state: WizardState, dryRun: boolean): ImportRequest | null {
  if (!state.analysis) return null;
  return {
    file_id: state.analysis.file_id,
    sheet: state.analysis.sheet,
    mapping: [...state.mapping],
    mode: state.mode,
    match_keys: [...state.matchKeys],
    dry_run: dryRun,
  };
}
