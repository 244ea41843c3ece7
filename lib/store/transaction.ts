import { getSettings } from "@/lib/config/settings";
import { getPrisma, type Tx } from "./db";
import { isTransientConflict } from "./transient-errors";

const MAX_ATTEMPTS = 4;

// Work to do once a transaction has committed (counting metrics of what it did): a rolled-back or
// retried transaction must not count. Keyed by the transaction's handle.
const commitHooks = new WeakMap<object, (() => void)[]>();

/** Runs `fn` after `tx` commits; at once when `tx` is not a transaction (withReader's handle). */
export function onCommit(tx: Tx, fn: () => void): void {
  const hooks = commitHooks.get(tx);
  if (hooks) hooks.push(fn);
  else fn();
}

/**
 * Runs `fn` in one database transaction: every state change an API call causes commits or rolls
 * back as a whole, so no input can leave a half-written definition.
 */
export async function runInTransaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
  const prisma = await getPrisma();
  for (let attempt = 1; ; attempt++) {
    try {
      const hooks: (() => void)[] = [];
      const result = await prisma.$transaction(
        (tx) => {
          commitHooks.set(tx, hooks);
          return fn(tx);
        },
        { maxWait: getSettings().DB_POOL_WAIT_MS, timeout: 30_000 },
      );
      for (const hook of hooks) hook();
      return result;
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
