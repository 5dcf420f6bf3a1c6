/** The signed-in session: the bearer token, who it belongs to and when it expires. */
import type { TokenResponse } from "../api/types";

export interface Session {
  token: string;
  email: string;
  /** The account id (the token's `sub`): contacts' `manager_id` for "my contacts". */
  subject: string;
  /** Epoch milliseconds after which the gateway refuses the token. */
  expiresAt: number;
}

/** localStorage, so a reload or a new tab keeps the session until the token expires. */
export const SESSION_KEY = "kartoteka.session";
// A token about to expire is treated as expired, so a request never leaves with a dying one.
const EXPIRY_MARGIN_MS = 30_000;

interface TokenClaims {
  sub?: unknown;
  exp?: unknown;
}

/** The claims of a JWT, read without verifying (the gateway verifies; we only display). */
export function readClaims(token: string): TokenClaims {
  const payload = token.split(".")[1];
  if (!payload) return {};
  try {
    const base64 = payload.replace(/-/g, "+").replace(/_/g, "/");
    const bytes = Uint8Array.from(atob(base64), (char) => char.charCodeAt(0));
    const claims: unknown = JSON.parse(new TextDecoder().decode(bytes));
    return typeof claims === "object" && claims !== null ? claims : {};
  } catch {
    return {};
  }
}

export function sessionFromToken(response: TokenResponse, email: string, now: number): Session {
  const claims = readClaims(response.access_token);
  let expiresAt = now + response.expires_in * 1000;
  if (typeof claims.exp === "number") expiresAt = Math.min(expiresAt, claims.exp * 1000);
  return {
    token: response.access_token,
    email,
    subject: typeof claims.sub === "string" ? claims.sub : "",
    expiresAt,
  };
}

export function isLive(session: Session, now: number): boolean {
  return session.expiresAt - EXPIRY_MARGIN_MS > now;
}

export function saveSession(storage: Storage, session: Session): void {
  storage.setItem(SESSION_KEY, JSON.stringify(session));
}

/** The stored session while it is live; an expired or unreadable one is removed. */
export function loadSession(storage: Storage, now: number): Session | null {
  const raw = storage.getItem(SESSION_KEY);
  if (raw === null) return null;
  try {
    const session = JSON.parse(raw) as Partial<Session>;
    if (
      typeof session.token === "string" &&
      typeof session.email === "string" &&
      typeof session.subject === "string" &&
      typeof session.expiresAt === "number" &&
      isLive(session as Session, now)
    ) {
      return session as Session;
    }
  } catch {
    // Unreadable: treated like an expired one below.
  }
  storage.removeItem(SESSION_KEY);
  return null;
}

export function clearSession(storage: Storage): void {
  storage.removeItem(SESSION_KEY);
}
