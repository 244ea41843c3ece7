"use client";
// Reading and writing a page's zod-validated URL state: the URL is the source of truth for filters.
// A change shows at once (optimistically) while the navigation that records it completes.

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useEffect, useMemo, useState } from "react";
import type { z } from "zod";
import { parseSearch, withSearch } from "@/lib/query/search-params";

type Values = Record<string, string | undefined>;

export function useUrlState<S extends z.ZodType<Values>>(schema: S, defaults: Record<string, string>) {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const [pending, setPending] = useState<Values | null>(null);
  const fromUrl = useMemo(
    () => parseSearch(schema, searchParams ?? new URLSearchParams()) as z.infer<S>,
    [schema, searchParams],
  );
  // The URL moved (our navigation landed, or back/forward): it is the truth again.
  useEffect(() => setPending(null), [searchParams]);
  const state = useMemo(
    () => (pending ? ({ ...(fromUrl as Values), ...pending } as z.infer<S>) : fromUrl),
    [fromUrl, pending],
  );
  const update = useCallback(
    (patch: Partial<z.infer<S>>, mode: "push" | "replace" = "push") => {
      const next = { ...(state as Values), ...(patch as Values) };
      setPending(next);
      const href = withSearch(pathname ?? "/", next, defaults);
      if (mode === "push") router.push(href, { scroll: false });
      else router.replace(href, { scroll: false });
    },
    [router, pathname, state, defaults],
  );
  return [state, update] as const;
}
