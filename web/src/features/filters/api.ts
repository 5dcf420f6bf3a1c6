/** The fields a filter may name, from the API (which checks filters against the same list). */
import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../../api/client";
import type { FilterField } from "../../api/types";

function listFilterFields(signal: AbortSignal): Promise<FilterField[]> {
  return unwrap(api.GET("/api/v1/contacts/filter-fields", { signal }));
}

export function useFilterFields() {
  return useQuery({
    queryKey: ["filter-fields"],
    queryFn: ({ signal }) => listFilterFields(signal),
    // Changes only when someone defines a custom field.
    staleTime: 60_000,
  });
}
