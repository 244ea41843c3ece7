import { getSettings } from "@/lib/config/settings";
import { getPrisma, type Tx } from "./db";

/** Deadlocks and serialization failures are transient under concurrency: the transaction is retried whole. */
function isRetryable(err: unknown): boolean {
  const e = err as { code?: string; meta?: { code?: string }; message?: string };
  return e?.code === "P2034" || e?.meta?.code === "40P01" || e?.meta?.code === "40001" || /deadlock detected|could not serialize/i.test(e?.message ?? "");
}

const MAX_ATTEMPTS = 4;

/**
 * Runs `fn` in one database transaction: every state change an API call causes commits or rolls
 * back as a whole, so no input can leave a half-written definition.
 */
export async function runInTransaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
  const prisma = await getPrisma();
  for (let attempt = 1; ; attempt++) {
    try {
      return await prisma.$transaction(fn, { maxWait: getSettings().DB_POOL_WAIT_MS, timeout: 30_000 });
    } catch (err) {
      if (attempt >= MAX_ATTEMPTS || !isRetryable(err)) throw err;
      await new Promise((r) => setTimeout(r, 5 * attempt + Math.random() * 20));
    }
  }
}

/** Reads that need no transaction still go through the store with the same handle type. */
export async function withReader<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
  const prisma = await getPrisma();
  return fn(prisma as unknown as Tx); // the client offers every method a transaction handle does
}
