// Who polls which worker group, recorded without a write per poll: PollForTask is the hot path,
// so each server remembers when it last wrote a (group, host) pair and writes it again at most once
// per POLL_SIGHTING_INTERVAL_MS, batched with any other pairs due, off the request's critical path.
import { getPool } from "@/lib/store/db";
import { recordPollSightings, type PollSighting } from "@/lib/store/worker-groups";
import { childLogger } from "@/lib/log/logger";

/** The console's "last poll" is accurate to this much. */
export const POLL_SIGHTING_INTERVAL_MS = 30_000;
/** Pairs remembered per server; past this the oldest are forgotten (they are written again, at worst). */
const MAX_REMEMBERED = 10_000;

/** Pure bookkeeping (unit-tested): which sightings are due for a write. */
export class PollSightings {
  private readonly lastWritten = new Map<string, number>();
  private pending = new Map<string, PollSighting>();

  constructor(private readonly intervalMs = POLL_SIGHTING_INTERVAL_MS) {}

  /** Notes a poll; returns true when this pair is due for a write (the caller then flushes). */
  note(accountId: string, workerGroup: string, hostname: string | null | undefined, nowMs: number): boolean {
    const host = hostname ?? "";
    const key = `${accountId}\u0000${workerGroup}\u0000${host}`;
    const last = this.lastWritten.get(key);
    if (last !== undefined && nowMs - last < this.intervalMs) return false;
    if (this.lastWritten.size >= MAX_REMEMBERED && last === undefined) {
      const oldest = this.lastWritten.keys().next().value;
      if (oldest !== undefined) this.lastWritten.delete(oldest);
    }
    // Re-inserting keeps the Map in write order, so the first key is the least recently written.
    this.lastWritten.delete(key);
    this.lastWritten.set(key, nowMs);
    this.pending.set(key, { accountId, workerGroup, hostname: host, at: new Date(nowMs) });
    return true;
  }

  /** The sightings to write, once. */
  take(): PollSighting[] {
    const out = [...this.pending.values()];
    this.pending = new Map();
    return out;
  }

  /** A failed write: allow the pairs to be written again on their next poll. */
  forget(sightings: PollSighting[]): void {
    for (const s of sightings) this.lastWritten.delete(`${s.accountId}\u0000${s.workerGroup}\u0000${s.hostname}`);
  }
}

const globalForSightings = globalThis as unknown as {
  __pipelinehousePollSightings?: { book: PollSightings; flushing: boolean; written: Promise<void> | null };
};

function state() {
  globalForSightings.__pipelinehousePollSightings ??= { book: new PollSightings(), flushing: false, written: null };
  return globalForSightings.__pipelinehousePollSightings;
}

/** Shutdown: waits for the write under way, then writes what is still pending, before the pool closes. */
export async function flushPollSightings(): Promise<void> {
  const s = state();
  await s.written;
  const rest = s.book.take();
  if (rest.length)
    await getPool()
      .then((pool) => recordPollSightings(pool, rest))
      .catch(() => undefined);
}

/** Called by PollForTask for every poll; at most one write per pair and interval, never awaited by the poll. */
export function notePoll(accountId: string, workerGroup: string, hostname: string | null | undefined): void {
  const s = state();
  if (!s.book.note(accountId, workerGroup, hostname, Date.now()) || s.flushing) return;
  s.flushing = true;
  let done: () => void = () => undefined;
  s.written = new Promise<void>((resolve) => (done = resolve));
  // Defer a tick so that polls arriving together share one statement.
  setImmediate(() => {
    const batch = s.book.take();
    void getPool()
      .then((pool) => recordPollSightings(pool, batch))
      .catch((err: unknown) => {
        s.book.forget(batch);
        childLogger({ component: "scheduler" }).error({ err }, "recording poll sightings failed");
      })
      .finally(() => {
        s.flushing = false;
        // Pairs noted while this write ran go out with the next one.
        const rest = s.book.take();
        const more = rest.length
          ? getPool()
              .then((pool) => recordPollSightings(pool, rest))
              .catch(() => s.book.forget(rest))
          : Promise.resolve();
        void more.finally(done);
      });
  });
}
