import { useCallback } from "react";
import { useLocation } from "react-router";

/** The card's URL, keeping the list's filters and view so closing the card returns to them. */
export function useCardLink(): (contactId: string) => string {
  const { search } = useLocation();
  return useCallback((contactId: string) => `/contacts/${contactId}${search}`, [search]);
}
