import { createContext, useContext } from "react";
import type { Session } from "./session";

export interface SessionState {
  session: Session | null;
  signIn: (email: string, password: string) => Promise<void>;
  signOut: () => void;
}

export const SessionContext = createContext<SessionState | null>(null);

export function useSession(): SessionState {
  const state = useContext(SessionContext);
  if (!state) throw new Error("useSession outside <SessionProvider>");
  return state;
}

/** The session of a screen that only renders when signed in (see RequireSession). */
export function useSignedIn(): Session {
  const { session } = useSession();
  if (!session) throw new Error("useSignedIn outside <RequireSession>");
  return session;
}
