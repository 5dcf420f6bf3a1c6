/** Saved views: the person's own and the shared ones. */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, unwrap } from "../../api/client";
import type { SavedView, SavedViewIn } from "../../api/types";

const VIEWS_KEY = ["saved-views"] as const;

export function useSavedViews() {
  return useQuery({
    queryKey: VIEWS_KEY,
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/views", { signal })),
  });
}

export function useSaveView() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: SavedViewIn): Promise<SavedView> =>
      unwrap(api.POST("/api/v1/views", { body })),
    onSuccess: () => client.invalidateQueries({ queryKey: VIEWS_KEY }),
  });
}

export function useDeleteView() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string): Promise<unknown> =>
      unwrap(api.DELETE("/api/v1/views/{view_id}", { params: { path: { view_id: id } } })),
    onSuccess: () => client.invalidateQueries({ queryKey: VIEWS_KEY }),
  });
}
