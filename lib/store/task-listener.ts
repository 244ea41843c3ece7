import { Client } from "pg";
import { getSettings } from "@/lib/config/settings";
import { listenUrl } from "./connections";
import { childLogger } from "@/lib/log/logger";
import { metrics } from "@/lib/metrics/registry";
import { TASK_CHANNEL } from "./tasks";

// One LISTEN connection per server process. Waiting polls hold no database connection: they wait
// in memory (lib/scheduler/waiters.ts) and this connection wakes them when a task becomes ready.

export interface TaskListenerHandlers {
  /** The NOTIFY payload: a worker group and how many of its tasks became ready (decodeReadyPayload). */
  onReady(payload: string): void;
  /** After a (re)connect notifications may have been missed, so every waiter should look again. */
  onReconnect(): void;
}

export function startTaskListener(handlers: TaskListenerHandlers): { stop(): Promise<void> } {
  const url = listenUrl(getSettings());
  if (url === null) {
    // A transaction-mode pooler and no DIRECT_DATABASE_URL: the periodic re-check wakes waiting polls.
    childLogger({ component: "task-listener" }).warn(
      "no LISTEN (DATABASE_POOL_MODE=transaction without DIRECT_DATABASE_URL); waiting polls re-check every 250 ms",
    );
    return { stop: async () => undefined };
  }
  let client: Client | null = null;
  let stopped = false;
  let backoffMs = 100;
  let retryTimer: NodeJS.Timeout | null = null;

  // One retry at a time, backing off to 5 s: after a lost connection, and after a failed connect
  // (Postgres restarting), whose client may never emit "end".
  const retrySoon = (): void => {
    if (stopped || retryTimer) return;
    retryTimer = setTimeout(() => {
      retryTimer = null;
      void connect();
    }, backoffMs);
    retryTimer.unref();
    backoffMs = Math.min(backoffMs * 2, 5000);
  };

  const connect = async (): Promise<void> => {
    if (stopped) return;
    const c = new Client({ connectionString: url });
    c.on("notification", (msg) => {
      if (msg.channel === TASK_CHANNEL && msg.payload !== undefined) handlers.onReady(msg.payload);
    });
    c.on("error", () => undefined);
    c.on("end", () => {
      if (client !== c) return; // a failed connect: its catch below retries
      client = null;
      metrics().listenerConnected.set(0);
      retrySoon();
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${TASK_CHANNEL}`);
      client = c;
      backoffMs = 100;
      metrics().listenerConnected.set(1);
      metrics().listenerConnects.inc();
      handlers.onReconnect();
    } catch (err) {
      childLogger({ component: "task-listener" }).error({ err }, "cannot listen for ready tasks");
      await c.end().catch(() => undefined);
      retrySoon();
    }
  };
  void connect();
  return {
    async stop() {
      stopped = true;
      if (retryTimer) clearTimeout(retryTimer);
      metrics().listenerConnected.set(0);
      await client?.end().catch(() => undefined);
    },
  };
}
