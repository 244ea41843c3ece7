import { getPrisma, type Tx } from "./db";

export type { Tx };

/**
 * Runs `fn` in one database transaction: every state change an API call causes commits or rolls
 * back as a whole, so no input can leave a half-written definition.
 */
export async function runInTransaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
  const prisma = await getPrisma();
  return prisma.$transaction(fn, { maxWait: 10_000, timeout: 30_000 });
}

/** Reads that need no transaction still go through the store with the same handle type. */
export async function withReader<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
  const prisma = await getPrisma();
  return fn(prisma as unknown as Tx); // the client offers every method a transaction handle does
}
