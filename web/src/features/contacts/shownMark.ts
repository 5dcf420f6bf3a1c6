/** A mark on the browser's performance timeline each time the contacts of a query first show
 * in a view (or the word that none match), so a profiler or bench/web_contacts.py can time
 * "navigation → rows on screen" and "click → results" from what the person sees, not from
 * when the data arrived. */
import { useCallback, useMemo, useRef } from "react";
import type { FilterNode } from "../../api/types";
import type { SortKey } from "./api";
import type { ContactsView } from "./query";

export const SHOWN_MARK = "kartoteka:contacts-shown";

export interface ShownDetail {
  view: ContactsView;
  /** The filter and sort as JSON: which query's rows were shown. */
  query: string;
}

/** A callback for the views to call once their result is in the DOM; it marks each view and
 * query once, after the next paint (the moment the result is really on screen). */
export function useShownMark(
  view: ContactsView,
  filter: FilterNode | null,
  sort: readonly SortKey[],
): () => void {
  const query = useMemo(() => JSON.stringify({ filter, sort }), [filter, sort]);
  const marked = useRef("");
  return useCallback(() => {
    const id = `${view} ${query}`;
    if (marked.current === id) return;
    marked.current = id;
    afterNextPaint(() => {
      performance.mark(SHOWN_MARK, { detail: { view, query } satisfies ShownDetail });
    });
  }, [view, query]);
}

/** A requestAnimationFrame callback runs just before the frame is painted; a message posted
 * from it is delivered as the next task, just after that paint. */
function afterNextPaint(callback: () => void): void {
  requestAnimationFrame(() => {
    const channel = new MessageChannel();
    channel.port1.onmessage = callback;
    channel.port2.postMessage(null);
  });
}
