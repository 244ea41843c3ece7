import { getSettings } from "@/lib/config/settings";
import { getPrisma, type Tx } from "./db";
import { isTransientConflict } from "./transient-errors";


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
      if (attempt >= MAX_ATTEMPTS || !isTransientConflict(err)) throw err;
      await new Promise((r) => setTimeout(r, 5 * attempt + Math.random() * 20));
    }
  }
}

/** Reads that need no transaction still go through the store with the same handle type. */
export async function withReader<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
  const prisma = await getPrisma();
  return fn(prisma as unknown as Tx); // the client offers every method a transaction handle does
}
