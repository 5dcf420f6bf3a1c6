/** The table view's module: the grid is most of the app's JavaScript, so it is a chunk of its
 * own, fetched when the browser is idle after the first rows are shown (so it never delays
 * them), or at once when a page opens on the table. */
import { lazy } from "react";

const load = () => import("./TableView");
let requested = false;

export const TableView = lazy(load);

/** Fetch and evaluate the module when the browser next has nothing to do (once): switching
 * to the table then waits for no download, only for a resolved import. */
export function preloadTableView(): void {
  if (requested) return;
  requested = true;
  const start = () => void load();
  if ("requestIdleCallback" in window) requestIdleCallback(start, { timeout: 2000 });
  else setTimeout(start, 200);
}
