// Server prefetch: pages fill a per-request QueryClient by calling the console's server functions
// directly (under the same keys the client fetchers use) and hydrate it into the client cache, so
// the first paint shows data.
import "server-only";
import { cache } from "react";
import { dehydrate, type QueryClient, type QueryKey } from "@tanstack/react-query";
import { makeQueryClient } from "./query-client";

/** The same client for the layout and the page of one request. */
export const getServerQueryClient = cache((): QueryClient => makeQueryClient());

export type Prefetched<T> = { ok: true; data: T } | { ok: false; error: unknown };

/** Runs `load` and stores its result under `queryKey`; a failure is returned for the page to show (the client would refetch). */
export async function prefetch<T>(queryKey: QueryKey, load: () => Promise<T>): Promise<Prefetched<T>> {
  try {
    const data = await load();
    getServerQueryClient().setQueryData(queryKey, data);
    return { ok: true, data };
  } catch (error) {
    return { ok: false, error };
  }
}

export function dehydrateServerQueries() {
  return dehydrate(getServerQueryClient());
}
