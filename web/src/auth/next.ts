/** Where to go after sign-in: only a path of this site, so a crafted ?next= cannot send a user
 * to another one. Browsers read `//evil.example`, `/\evil.example` and `/<tab>/evil.example` as
 * URLs of another host, so the value is resolved as a browser would and its origin compared. */
const FALLBACK = "/contacts";
// Any origin will do: only whether resolving keeps it matters.
const PROBE_ORIGIN = "https://kartoteka.invalid";

export function safeNext(next: string | null): string {
  if (!next?.startsWith("/")) return FALLBACK;
  let resolved: URL;
  try {
    resolved = new URL(next, PROBE_ORIGIN);
  } catch {
    return FALLBACK;
  }
  if (resolved.origin !== PROBE_ORIGIN) return FALLBACK;
  return resolved.pathname + resolved.search + resolved.hash;
}
