import { getSettings } from "@/lib/config/settings";
import { onDrain } from "@/lib/lifecycle/drain";
import { getPool } from "@/lib/store/db";
import { startTaskListener } from "@/lib/store/task-listener";
import { countDueTasksByGroup, decodeReadyPayload, queueKey, splitQueueKey } from "@/lib/store/tasks";
import { runTick } from "./tick";
import { WaiterRegistry } from "./waiters";
import { childLogger } from "@/lib/log/logger";

// The per-process machinery behind long polls and background work: the waiter registry, the
// LISTEN connection that wakes it, a re-check loop (the safety net, and the wake-up for tasks that
// become due by time, such as retries after retryDelay), and the ticker.

interface Background {
  waiters: WaiterRegistry;
  lastTick: number;
  ticking: Promise<unknown> | null;
  /** Ends the LISTEN connection and the timers (server shutdown). */
  stop(): Promise<void>;
}

const globalForBackground = globalThis as unknown as { __pipelinehouseBackground?: Background };

/** How often waiting polls are checked against due tasks, in ms. */
const RECHECK_MS = 250;

function create(): Background {
  const timers: NodeJS.Timeout[] = [];
  const bg: Background = {
    waiters: new WaiterRegistry(),
    lastTick: 0,
    ticking: null,
    async stop() {
      for (const t of timers) clearInterval(t);
      await listener.stop();
      await bg.ticking;
    },
  };
  const listener = startTaskListener({
    // One waiting poll per task that became ready, not the whole group (no thundering herd).
    onReady: (payload) => {
      const { accountId, workerGroup, count } = decodeReadyPayload(payload);
      if (accountId !== undefined) {
        bg.waiters.notify(queueKey(accountId, workerGroup), count);
        return;
      }
      // From a server of an earlier version (a rolling upgrade): the group's waiters of every account look.
      for (const key of bg.waiters.groupsWithWaiters())
        if (splitQueueKey(key).workerGroup === workerGroup) bg.waiters.notify(key, count);
    },
    onReconnect: () => bg.waiters.wakeAll(),
  });
  const recheck = setInterval(() => {
    const groups = bg.waiters.groupsWithWaiters();
    if (groups.length === 0) return;
    void getPool()
      .then((pool) => countDueTasksByGroup(pool, groups))
      .then((due) => {
        for (const [group, n] of due) bg.waiters.wake(group, n);
      })
      // The next round tries again; a database that stays away shows up here rather than as silence.
      .catch((err: unknown) =>
        childLogger({ component: "scheduler" }).warn({ err }, "re-checking due tasks for held polls failed"),
      );
  }, RECHECK_MS);
  recheck.unref();
  timers.push(recheck);
  // Held polls are answered (empty) as soon as the instance starts draining.
  onDrain(() => bg.waiters.drain());
  if (getSettings().BACKGROUND_TICKER === "on") {
    const ticker = setInterval(() => void tickSoon(bg, 0), getSettings().TICK_MS);
    ticker.unref();
    timers.push(ticker);
  }
  return bg;
}

function tickSoon(bg: Background, minIntervalMs: number): Promise<unknown> {
  if (bg.ticking || Date.now() - bg.lastTick < minIntervalMs) return bg.ticking ?? Promise.resolve();
  bg.lastTick = Date.now();
  bg.ticking = runTick()
    .catch((err: unknown) => childLogger({ component: "scheduler" }).error({ err }, "tick failed"))
    .finally(() => {
      bg.ticking = null;
    });
  return bg.ticking;
}

export function getBackground(): Background {
  globalForBackground.__pipelinehouseBackground ??= create();
  return globalForBackground.__pipelinehouseBackground;
}

/** Stops this process's background machinery, if it was started (server shutdown). */
export async function stopBackground(): Promise<void> {
  const bg = globalForBackground.__pipelinehouseBackground;
  globalForBackground.__pipelinehouseBackground = undefined;
  await bg?.stop();
}

export function getWaiters(): WaiterRegistry {
  return getBackground().waiters;
}

/** Background work also runs lazily from the request path (at most once a second), for hosts without a ticker. */
export function tickFromRequestPath(): void {
  void tickSoon(getBackground(), 1000);
}
