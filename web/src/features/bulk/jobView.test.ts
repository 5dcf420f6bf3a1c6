import { describe, expect, it } from "vitest";
import { barPercent, canCancel, canUndo, formatDuration, isSettled, timeLeft } from "./jobView";

describe("job states", () => {
  it("settles in done, failed, cancelled and undone only", () => {
    const settled = ["done", "failed", "cancelled", "undone"] as const;
    const moving = ["queued", "running", "undoing"] as const;
    for (const state of settled) expect(isSettled({ state })).toBe(true);
    for (const state of moving) expect(isSettled({ state })).toBe(false);
  });

  it("can be cancelled while queued or running, once", () => {
    expect(canCancel({ state: "running", cancel_requested: false })).toBe(true);
    expect(canCancel({ state: "queued", cancel_requested: false })).toBe(true);
    expect(canCancel({ state: "running", cancel_requested: true })).toBe(false);
    expect(canCancel({ state: "done", cancel_requested: false })).toBe(false);
  });

  it("offers undo for a finished bulk job that changed cards, not for an undo job", () => {
    expect(canUndo({ kind: "bulk", state: "done", updated: 3 })).toBe(true);
    expect(canUndo({ kind: "bulk", state: "cancelled", updated: 1 })).toBe(true);
    expect(canUndo({ kind: "bulk", state: "done", updated: 0 })).toBe(false);
    expect(canUndo({ kind: "bulk", state: "running", updated: 3 })).toBe(false);
    expect(canUndo({ kind: "bulk", state: "undone", updated: 3 })).toBe(false);
    expect(canUndo({ kind: "undo", state: "done", updated: 3 })).toBe(false);
  });
});

describe("barPercent", () => {
  it("follows the job's percent, within 0–100", () => {
    expect(barPercent({ state: "running", total: 200, processed: 50, percent: 25 })).toBe(25);
    expect(barPercent({ state: "running", total: 1, processed: 2, percent: 140 })).toBe(100);
  });

  it("fills the bar of a done job with nothing to do (percent 0 of total 0)", () => {
    expect(barPercent({ state: "done", total: 0, processed: 0, percent: 0 })).toBe(100);
    expect(barPercent({ state: "cancelled", total: 10, processed: 4, percent: 40 })).toBe(40);
  });
});

describe("timeLeft", () => {
  it("rounds up to seconds, minutes, then half hours", () => {
    expect(timeLeft({ state: "running", seconds_left: 0.2 })).toEqual({ value: 1, unit: "second" });
    expect(timeLeft({ state: "running", seconds_left: 42.1 })).toEqual({
      value: 43,
      unit: "second",
    });
    expect(timeLeft({ state: "running", seconds_left: 61 })).toEqual({ value: 2, unit: "minute" });
    expect(timeLeft({ state: "running", seconds_left: 5000 })).toEqual({
      value: 1.5,
      unit: "hour",
    });
  });

  it("is unknown before there is a rate, and gone once the job settled", () => {
    expect(timeLeft({ state: "running", seconds_left: null })).toBeNull();
    expect(timeLeft({ state: "done", seconds_left: 3 })).toBeNull();
  });

  it("reads in the reader's language, with its plural forms", () => {
    expect(formatDuration({ value: 3, unit: "minute" }, "en")).toBe("3 minutes");
    expect(formatDuration({ value: 5, unit: "minute" }, "pl")).toBe("5 minut");
    expect(formatDuration({ value: 2, unit: "second" }, "pl")).toBe("2 sekundy");
  });
});
