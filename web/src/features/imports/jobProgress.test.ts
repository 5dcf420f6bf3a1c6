import { describe, expect, it } from "vitest";
import {
  formatDuration,
  formatRate,
  isMoving,
  isSettled,
  percentDone,
  roughDuration,
} from "./jobProgress";

describe("job states", () => {
  it("settle when done, failed, cancelled or undone", () => {
    expect(isSettled({ state: "done" })).toBe(true);
    expect(isSettled({ state: "cancelled" })).toBe(true);
    expect(isSettled({ state: "undone" })).toBe(true);
    expect(isSettled({ state: "running" })).toBe(false);
    expect(isSettled({ state: "undoing" })).toBe(false);
  });

  it("move only while queued or running (an undo moves in a job of its own)", () => {
    expect(isMoving({ state: "queued" })).toBe(true);
    expect(isMoving({ state: "running" })).toBe(true);
    expect(isMoving({ state: "undoing" })).toBe(false);
    expect(isMoving({ state: "done" })).toBe(false);
  });
});

describe("percentDone", () => {
  it("is unknown while an import has not counted its rows", () => {
    expect(percentDone({ state: "running", total: 0, percent: 0 })).toBeNull();
  });

  it("follows the job once it knows its total, and is full when done", () => {
    expect(percentDone({ state: "running", total: 400, percent: 25 })).toBe(25);
    expect(percentDone({ state: "done", total: 0, percent: 0 })).toBe(100);
    expect(percentDone({ state: "cancelled", total: 400, percent: 50 })).toBe(50);
  });
});

describe("durations and rates", () => {
  it("round the time left to the unit a person would use", () => {
    expect(roughDuration(0.2)).toEqual({ value: 1, unit: "second" });
    expect(roughDuration(42.3)).toEqual({ value: 43, unit: "second" });
    expect(roughDuration(150)).toEqual({ value: 3, unit: "minute" });
    expect(roughDuration(2 * 3600 + 1000)).toEqual({ value: 2.3, unit: "hour" });
  });

  it("read in the reader's language, with its plural forms", () => {
    expect(formatDuration(150, "en")).toBe("3 minutes");
    expect(formatDuration(150, "pl")).toBe("3 minuty");
    expect(formatDuration(300, "pl")).toBe("5 minut");
    expect(formatRate(1234.56, "en")).toBe("1,235");
    expect(formatRate(2.25, "en")).toBe("2.3");
  });
});
