/** The typed client of the gateway's REST API (paths and shapes generated from its OpenAPI). */
import createClient, { type Middleware } from "openapi-fetch";
import { ApiError, toProblem } from "./problem";
import type { paths } from "./schema";

/** Fired on `window` when the gateway refuses the session's token (expired, revoked). */
export const UNAUTHORIZED_EVENT = "kartoteka:unauthorized";

let readToken: () => string | null = () => null;

/** The session decides which token goes out; the client only asks, at each request. */
export function connectSession(token: () => string | null): void {
  readToken = token;
}

const bearer: Middleware = {
  onRequest({ request }) {
    const token = readToken();
    if (token) request.headers.set("Authorization", `Bearer ${token}`);
    return request;
  },
  onResponse({ request, response }) {
    // A 401 from sign-in is a wrong password; from anything else, the session is over.
    if (response.status === 401 && request.headers.has("Authorization"))
      window.dispatchEvent(new Event(UNAUTHORIZED_EVENT));
    return response;
  },
};

export const api = createClient<paths>({ baseUrl: "" });
api.use(bearer);

interface Outcome<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/** The data of a successful call; an ApiError carrying the problem otherwise. */
export async function unwrap<T>(call: Promise<Outcome<T>>): Promise<T> {
  let outcome: Outcome<T>;
  try {
    outcome = await call;
  } catch (error) {
    if (error instanceof DOMException && error.name === "AbortError") throw error;
    throw new ApiError({ status: 0, code: "network_error", detail: String(error) });
  }
  if (!outcome.response.ok) throw new ApiError(toProblem(outcome.error, outcome.response.status));
  return outcome.data as T;
}
