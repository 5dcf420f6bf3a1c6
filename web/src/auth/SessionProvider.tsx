import { useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect, useMemo, useState, type ReactNode } from "react";
import { api, UNAUTHORIZED_EVENT, unwrap } from "../api/client";
import { clearSession, loadSession, saveSession, sessionFromToken, type Session } from "./session";
import { SessionContext, type SessionState } from "./sessionContext";

// setTimeout keeps delays in an int32: a longer wait would fire at once.
const MAX_TIMER_MS = 2 ** 31 - 1;

export function SessionProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [session, setSession] = useState<Session | null>(() =>
    loadSession(localStorage, Date.now()),
  );

  const signOut = useCallback(() => {
    clearSession(localStorage);
    setSession(null);
    // Nothing one user saw may show for the next one.
    queryClient.clear();
  }, [queryClient]);

  const signIn = useCallback(async (email: string, password: string) => {
    const token = await unwrap(
      api.POST("/api/v1/auth/token", { body: { username: email, password } }),
    );
    const next = sessionFromToken(token, email, Date.now());
    saveSession(localStorage, next);
    setSession(next);
  }, []);

  useEffect(() => {
    window.addEventListener(UNAUTHORIZED_EVENT, signOut);
    return () => {
      window.removeEventListener(UNAUTHORIZED_EVENT, signOut);
    };
  }, [signOut]);

  // Leave when the token expires rather than on the next failed request.
  useEffect(() => {
    if (!session) return;
    const timer = setTimeout(signOut, Math.min(session.expiresAt - Date.now(), MAX_TIMER_MS));
    return () => {
      clearTimeout(timer);
    };
  }, [session, signOut]);

  // Signing out in one tab signs out the others.
  useEffect(() => {
    const onStorage = () => {
      setSession(loadSession(localStorage, Date.now()));
    };
    window.addEventListener("storage", onStorage);
    return () => {
      window.removeEventListener("storage", onStorage);
    };
  }, []);

  const state = useMemo<SessionState>(
    () => ({ session, signIn, signOut }),
    [session, signIn, signOut],
  );
  return <SessionContext value={state}>{children}</SessionContext>;
}
