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
