/** The card-layout calls of the layout settings. */
import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "../../api/client";
import type { LayoutIn, StoredLayout } from "../../api/types";

export function useLayouts() {
  return useQuery({
    queryKey: ["card-layouts"],
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/card-layouts", { signal })),
  });
}

/** The standard card fields a layout may require (the names the API knows). */
export function useStandardFields() {
  return useQuery({
    queryKey: ["standard-fields"],
    queryFn: ({ signal }) => unwrap(api.GET("/api/v1/standard-fields", { signal })),
    staleTime: 60_000,
  });
}

export function createLayout(body: LayoutIn): Promise<StoredLayout> {
  return unwrap(api.POST("/api/v1/card-layouts", { body }));
}

/** The whole layout: every field of it is sent, so the stored one matches the form. */
export function replaceLayout(id: string, body: LayoutIn): Promise<StoredLayout> {
  return unwrap(
    api.PATCH("/api/v1/card-layouts/{layout_id}", { params: { path: { layout_id: id } }, body }),
  );
}

export function deleteLayout(id: string): Promise<unknown> {
  return unwrap(
    api.DELETE("/api/v1/card-layouts/{layout_id}", { params: { path: { layout_id: id } } }),
  );
}
