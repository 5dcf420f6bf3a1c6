import { describe, expect, it } from "vitest";
import { ApiError } from "../../api/problem";
import { problemText } from "./problemText";

describe("problemText", () => {
  const words = (code: string) => (code === "group_not_empty" ? "Empty it first." : undefined);

  it("prefers the screen's words for a code it knows, else the gateway's detail", () => {
    const known = new ApiError({ status: 409, code: "group_not_empty", detail: "move them" });
    const other = new ApiError({ status: 422, code: "too_long", detail: "at most 200" });
    expect(problemText(known, words)).toBe("Empty it first.");
    expect(problemText(other, words)).toBe("at most 200");
  });

  it("shows any other failure as its text", () => {
    expect(problemText(new Error("offline"), words)).toBe("Error: offline");
  });
});
