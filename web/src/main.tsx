import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { StrictMode } from "react";
import { createRoot } from "react-dom/client";
import { BrowserRouter } from "react-router";
import { connectSession } from "./api/client";
import { App } from "./app/App";
import { loadSession } from "./auth/session";
import { SessionProvider } from "./auth/SessionProvider";
import { setUpI18n } from "./i18n";
import "./ui/styles.css";

setUpI18n();
// Read at each request, so a sign-in in another tab is used at once.
connectSession(() => loadSession(localStorage, Date.now())?.token ?? null);

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // Lists are re-read when filters change anyway; refetching on every focus would
      // jump the list under the user's scroll.
      refetchOnWindowFocus: false,
      staleTime: 10_000,
      retry: 1,
    },
  },
});

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root");
createRoot(root).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <BrowserRouter>
        <SessionProvider>
          <App />
        </SessionProvider>
      </BrowserRouter>
    </QueryClientProvider>
  </StrictMode>,
);
