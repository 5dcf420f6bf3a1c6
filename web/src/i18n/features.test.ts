import { describe, expect, it } from "vitest";
import { en } from "./en";
import { FEATURE_MESSAGES } from "./features";

describe("feature message catalogues", () => {
  it("each use top-level keys of their own, so merging loses no text", () => {
    const seen = new Set(Object.keys(en));
    for (const messages of FEATURE_MESSAGES) {
      for (const key of Object.keys(messages.en)) {
        expect(seen.has(key), `top-level key "${key}" is used twice`).toBe(false);
        seen.add(key);
      }
    }
  });

  it("have a Polish text for every English one", () => {
    for (const messages of FEATURE_MESSAGES) {
      expect(Object.keys(messages.pl).sort()).toEqual(Object.keys(messages.en).sort());
    }
  });
});
