/** Server state of the contacts screens (TanStack Query): cursor pages, cards, dictionaries. */
import {
  useInfiniteQuery,
  useQuery,
  type InfiniteData,
  type QueryClient,
} from "@tanstack/react-query";
import { useMemo } from "react";
import type { Contact, FilterNode, SearchPage } from "../../api/types";
import {
  contactLayout,
  getContact,
  listActivityTypes,
  listCustomFields,
  searchContacts,
  type SortKey,
} from "./api";

export const contactKeys = {
  all: ["contacts"] as const,
  search: (filter: FilterNode | null, sort: readonly SortKey[] = []) =>
    ["contacts", "search", filter, sort] as const,
  one: (id: string) => ["contacts", "one", id] as const,
  history: (id: string) => ["contacts", "history", id] as const,
  branch: (id: string) => ["contacts", "branch", id] as const,
  layout: (id: string) => ["contacts", "layout", id] as const,
};

// Dictionaries change rarely and are small: refetched in the background after a minute.
const DICTIONARY_STALE_MS = 60_000;

export interface LoadedContacts {
  contacts: Contact[];
  total: number | null;
  totalIsEstimate: boolean;
  hasMore: boolean;
  loadMore: () => void;
  isLoading: boolean;
  error: Error | null;
}

/** Every page loaded so far for the filter, as one array; `loadMore` fetches the next page
 * (the cursor only goes forward, which is what lets the server page a million rows fast). */
export function useLoadedContacts(
  filter: FilterNode | null,
  sort: readonly SortKey[] = [],
): LoadedContacts {
  const query = useInfiniteQuery({
    queryKey: contactKeys.search(filter, sort),
    queryFn: ({ pageParam, signal }) => searchContacts(filter, sort, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last: SearchPage) => last.next_cursor,
  });
  const { data, hasNextPage, isFetchingNextPage, fetchNextPage } = query;
  const contacts = useMemo(() => data?.pages.flatMap((page) => page.items) ?? [], [data]);
  const first = data?.pages[0];
  return {
    contacts,
    total: first ? first.total : null,
    totalIsEstimate: first?.total_is_estimate ?? false,
    hasMore: hasNextPage,
    loadMore: () => {
      if (hasNextPage && !isFetchingNextPage) void fetchNextPage();
    },
    isLoading: query.isPending,
    error: query.error,
  };
}

/** Puts a saved card into every cached list and its own cache entry: no refetch needed. */
export function storeContact(client: QueryClient, contact: Contact): void {
  client.setQueryData(contactKeys.one(contact.id), contact);
  client.setQueriesData<InfiniteData<SearchPage>>({ queryKey: ["contacts", "search"] }, (data) =>
    data
      ? {
          ...data,
          pages: data.pages.map((page) => ({
            ...page,
            items: page.items.map((item) => (item.id === contact.id ? contact : item)),
          })),
        }
      : data,
  );
  void client.invalidateQueries({ queryKey: contactKeys.history(contact.id) });
}

export function useContact(id: string) {
  return useQuery({
    queryKey: contactKeys.one(id),
    queryFn: ({ signal }) => getContact(id, signal),
  });
}

/** Which group's layout applies changes with memberships, so it is re-read with the card. */
export function useContactLayout(id: string) {
  return useQuery({
    queryKey: contactKeys.layout(id),
    queryFn: ({ signal }) => contactLayout(id, signal),
  });
}

export function useCustomFields() {
  return useQuery({
    queryKey: ["custom-fields"],
    queryFn: ({ signal }) => listCustomFields(signal),
    staleTime: DICTIONARY_STALE_MS,
  });
}

export function useActivityTypes() {
  return useQuery({
    queryKey: ["activity-types"],
    queryFn: ({ signal }) => listActivityTypes(signal),
    staleTime: DICTIONARY_STALE_MS,
  });
}
