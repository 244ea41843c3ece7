// Deadlocks and serialization failures are transient under concurrency: the work that hit one can be
// retried whole. One test for both the transactions (lib/store/transaction.ts retries them) and the
// batched hot-path statements (lib/batching/coalesce.ts sends their callers the general way).

/** A deadlock (40P01) or serialization failure (40001), from pg directly or wrapped by Prisma (P2034). */
export function isTransientConflict(err: unknown): boolean {
  const e = err as { code?: string; meta?: { code?: string }; message?: string } | null | undefined;
  return (
    e?.code === "40P01" ||
    e?.code === "40001" ||
    e?.code === "P2034" ||
    e?.meta?.code === "40P01" ||
    e?.meta?.code === "40001" ||
    /deadlock detected|could not serialize/i.test(e?.message ?? "")
  );
}
