import { describe, expect, it } from "vitest";
import { makeAnalysis } from "./testData";
import {
  importRequest,
  INITIAL_STATE,
  reachable,
  wizardReducer,
  type WizardAction,
  type WizardState,
} from "./wizard";

function after(...actions: WizardAction[]): WizardState {
  return actions.reduce(wizardReducer, INITIAL_STATE);
}

const analysed: WizardAction = { type: "analysed", analysis: makeAnalysis() };

describe("the import wizard", () => {
  it("starts at the file, upserting by all four keys", () => {
    expect(INITIAL_STATE.step).toBe("file");
    expect(INITIAL_STATE.mode).toBe("upsert");
    expect(INITIAL_STATE.matchKeys).toEqual(["name", "phone", "email", "company"]);
  });

  it("takes the proposed mapping of an uploaded file and shows it", () => {
    const state = after(analysed);
    expect(state.step).toBe("mapping");
    expect(state.mapping).toEqual(["first_name", "last_name", "emails", null]);
  });

  it("keeps the mode and keys but not the mapping when another sheet is read", () => {
    const other = makeAnalysis({
      file_id: "f-2",
      headers: ["Phone"],
      proposed_mapping: ["phones"],
    });
    const state = after(
      analysed,
      { type: "modeChosen", mode: "create" },
      { type: "mapped", position: 3, key: "description" },
      { type: "analysed", analysis: other },
    );
    expect(state.mapping).toEqual(["phones"]);
    expect(state.mode).toBe("create");
  });

  it("toggles match keys, keeping them in their canonical order", () => {
    const state = after(
      analysed,
      { type: "matchKeyToggled", key: "name" },
      { type: "matchKeyToggled", key: "phone" },
      { type: "matchKeyToggled", key: "name" },
    );
    expect(state.matchKeys).toEqual(["name", "email", "company"]);
  });

  it("drops a dry run as soon as anything it rehearsed changes", () => {
    const rehearsed = after(analysed, { type: "dryRunStarted", jobId: "j-1" });
    expect(rehearsed.step).toBe("check");
    const changes: WizardAction[] = [
      { type: "mapped", position: 0, key: null },
      { type: "modeChosen", mode: "update" },
      { type: "matchKeyToggled", key: "email" },
      analysed,
    ];
    for (const change of changes) {
      expect(wizardReducer(rehearsed, change).dryRunJobId, change.type).toBeNull();
    }
    // Going back to look is no change.
    const looked = wizardReducer(rehearsed, { type: "stepChosen", step: "mapping" });
    expect(looked.dryRunJobId).toBe("j-1");
  });

  it("only goes to steps whose groundwork is done", () => {
    expect(reachable(INITIAL_STATE, "mapping")).toBe(false);
    expect(wizardReducer(INITIAL_STATE, { type: "stepChosen", step: "options" })).toBe(
      INITIAL_STATE,
    );
    const state = after(analysed, { type: "stepChosen", step: "options" });
    expect(state.step).toBe("options");
    expect(reachable(state, "check")).toBe(false);
  });

  it("starts over from nothing", () => {
    expect(after(analysed, { type: "restarted" })).toEqual(INITIAL_STATE);
  });
});

describe("importRequest", () => {
  it("sends the file, its sheet, the edited mapping, mode and keys", () => {
    const state = after(
      { type: "analysed", analysis: makeAnalysis({ sheet: "Klienci" }) },
      { type: "mapped", position: 3, key: "description" },
      { type: "modeChosen", mode: "update" },
      { type: "matchKeyToggled", key: "company" },
    );
    expect(importRequest(state, true)).toEqual({
      file_id: "f-1",
      sheet: "Klienci",
      mapping: ["first_name", "last_name", "emails", "description"],
      mode: "update",
      match_keys: ["name", "phone", "email"],
      dry_run: true,
    });
    expect(importRequest(state, false)?.dry_run).toBe(false);
  });

  it("is nothing before a file is read", () => {
    expect(importRequest(INITIAL_STATE, false)).toBeNull();
  });
});
