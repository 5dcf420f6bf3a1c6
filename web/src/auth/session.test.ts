import { beforeEach, describe, expect, it } from "vitest";
import {
  clearSession,
  isLive,
  loadSession,
  readClaims,
  saveSession,
  SESSION_KEY,
  sessionFromToken,
  type Session,
} from "./session";

/** A real HS256 JWT (signature not valid; nothing here verifies it) whose payload,
 * {"sub":"acc-7f3e","name":"Łukasz Żółć ?>","exp":1735689600}, is base64url without padding
 * and contains a `-` that plain base64 would write as `+`. */
const JWT =
  "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9" +
  ".eyJzdWIiOiJhY2MtN2YzZSIsIm5hbWUiOiLFgXVrYXN6IMW7w7PFgsSHID8-IiwiZXhwIjoxNzM1Njg5NjAwfQ" +
  ".c2lnbmF0dXJl";
const JWT_EXP_MS = Date.UTC(2025, 0, 1);

/** A token with the given claims, encoded as a JWT payload is (UTF-8, base64url, no padding). */
function token(claims: object): string {
  const bytes = new TextEncoder().encode(JSON.stringify(claims));
  const base64 = btoa(String.fromCharCode(...bytes));
  const payload = base64.replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  return `eyJhbGciOiJIUzI1NiJ9.${payload}.sig`;
}

describe("readClaims", () => {
  it("reads a base64url payload with non-ASCII text", () => {
    expect(readClaims(JWT)).toEqual({ sub: "acc-7f3e", name: "Łukasz Żółć ?>", exp: 1735689600 });
  });

  it("reads a payload using `_` for `/`", () => {
    const claims = { sub: "?????", exp: 1 };
    const encoded = token(claims);
    expect(encoded.split(".")[1]).toContain("_");
    expect(readClaims(encoded)).toEqual(claims);
  });

  it("gives no claims for a token without a payload", () => {
    expect(readClaims("")).toEqual({});
    expect(readClaims("opaque-token")).toEqual({});
    expect(readClaims("header.")).toEqual({});
  });

  it("gives no claims for a payload that is not base64 JSON of an object", () => {
    expect(readClaims("h.!!!not base64!!!.s")).toEqual({});
    expect(readClaims(`h.${btoa("not json")}.s`)).toEqual({});
    expect(readClaims(`h.${btoa("42")}.s`)).toEqual({});
    expect(readClaims(`h.${btoa("null")}.s`)).toEqual({});
  });
});

describe("sessionFromToken", () => {
  const now = Date.UTC(2024, 11, 31, 23, 0); // an hour before the JWT's exp

  it("takes the subject from the token and expires_in when it ends before exp", () => {
    const session = sessionFromToken({ access_token: JWT, expires_in: 600 }, "ja@example.pl", now);
    expect(session).toEqual({
      token: JWT,
      email: "ja@example.pl",
      subject: "acc-7f3e",
      expiresAt: now + 600_000,
    });
  });

  it("takes exp when it ends before expires_in", () => {
    const session = sessionFromToken({ access_token: JWT, expires_in: 7200 }, "ja@example.pl", now);
    expect(session.expiresAt).toBe(JWT_EXP_MS);
  });

  it("relies on expires_in alone when the token has no usable exp or sub", () => {
    const opaque = sessionFromToken({ access_token: "opaque", expires_in: 60 }, "a@b.pl", now);
    expect(opaque).toMatchObject({ subject: "", expiresAt: now + 60_000 });
    const odd = token({ sub: 12, exp: "soon" });
    const session = sessionFromToken({ access_token: odd, expires_in: 60 }, "a@b.pl", now);
    expect(session).toMatchObject({ subject: "", expiresAt: now + 60_000 });
  });
});

const session: Session = {
  token: JWT,
  email: "ja@example.pl",
  subject: "acc-7f3e",
  expiresAt: 1_000_000,
};

describe("isLive", () => {
  it("is live until 30 seconds before expiry", () => {
    expect(isLive(session, 1_000_000 - 30_001)).toBe(true);
    expect(isLive(session, 1_000_000 - 30_000)).toBe(false);
    expect(isLive(session, 1_000_000 - 1)).toBe(false);
    expect(isLive(session, 2_000_000)).toBe(false);
  });
});

describe("stored session", () => {
  beforeEach(() => {
    localStorage.clear();
  });

  it("loads a saved live session and keeps it stored", () => {
    saveSession(localStorage, session);
    expect(loadSession(localStorage, 0)).toEqual(session);
    expect(localStorage.getItem(SESSION_KEY)).not.toBeNull();
  });

  it("is null when nothing is stored", () => {
    expect(loadSession(localStorage, 0)).toBeNull();
  });

  it("removes an expired session", () => {
    saveSession(localStorage, session);
    expect(loadSession(localStorage, 1_000_000)).toBeNull();
    expect(localStorage.getItem(SESSION_KEY)).toBeNull();
  });

  it("removes a session inside the expiry margin", () => {
    saveSession(localStorage, session);
    expect(loadSession(localStorage, 1_000_000 - 10_000)).toBeNull();
    expect(localStorage.getItem(SESSION_KEY)).toBeNull();
  });

  it("removes an entry that is not JSON", () => {
    localStorage.setItem(SESSION_KEY, "{not json");
    expect(loadSession(localStorage, 0)).toBeNull();
    expect(localStorage.getItem(SESSION_KEY)).toBeNull();
  });

  it("removes entries that are JSON but not a session", () => {
    const entries = [
      "null",
      '"a token"',
      JSON.stringify({ ...session, expiresAt: "later" }),
      JSON.stringify({ token: JWT, email: "a@b.pl", expiresAt: 1_000_000 }),
    ];
    for (const entry of entries) {
      localStorage.setItem(SESSION_KEY, entry);
      expect(loadSession(localStorage, 0)).toBeNull();
      expect(localStorage.getItem(SESSION_KEY)).toBeNull();
    }
  });

  it("leaves other keys alone", () => {
    localStorage.setItem("other", "x");
    localStorage.setItem(SESSION_KEY, "garbled");
    loadSession(localStorage, 0);
    expect(localStorage.getItem("other")).toBe("x");
  });

  it("clears a saved session", () => {
    saveSession(localStorage, session);
    clearSession(localStorage);
    expect(loadSession(localStorage, 0)).toBeNull();
  });
});
