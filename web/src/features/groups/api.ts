import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../../api/client";

export function useGroups() {
  return useQuery({
    queryKey: ["groups"],
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/groups", { signal })),
    // Member counts move with every edit elsewhere; a minute old is fine for a side panel.
    staleTime: 60_000,
  });
}

/** Group id → the names of the active smart-group rules that fill it: a smart group. */
export function useSmartGroups() {
  return useQuery({
    queryKey: ["smart-rules"],
    queryFn: async ({ signal }) => {
      const rules = await unwrap(api.GET("/api/v1/smart-rules", { signal }));
      const byGroup = new Map<string, string[]>();
      for (const rule of rules) {
        if (rule.state !== "active") continue;
        byGroup.set(rule.group_id, [...(byGroup.get(rule.group_id) ?? []), rule.name]);
      }
      return byGroup;
    },
    staleTime: 60_000,
  });
}
