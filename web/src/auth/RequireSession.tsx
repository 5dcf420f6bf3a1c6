import type { ReactNode } from "react";
import { Navigate, useLocation } from "react-router";
import { useSession } from "./sessionContext";

/** Renders its children when signed in; otherwise sends to /login, remembering the page. */
export function RequireSession({ children }: { children: ReactNode }) {
  const { session } = useSession();
  const location = useLocation();
  if (!session) {
    const next = location.pathname + location.search;
    return <Navigate to={`/login?next=${encodeURIComponent(next)}`} replace />;
  }
  return children;
}
