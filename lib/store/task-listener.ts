import { Client } from "pg";
import { getSettings } from "@/lib/config/settings";
import { listenUrl } from "./connections";
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
    console.warn("task listener: no LISTEN (DATABASE_POOL_MODE=transaction without DIRECT_DATABASE_URL); waiting polls re-check every 250 ms");
    return { stop: async () => undefined };
  }
  let client: Client | null = null;
  let stopped = false;
  let backoffMs = 100;

  const connect = async (): Promise<void> => {
    if (stopped) return;
    const c = new Client({ connectionString: url });
    c.on("notification", (msg) => {
      if (msg.channel === TASK_CHANNEL && msg.payload !== undefined) handlers.onReady(msg.payload);
    });
    c.on("error", () => undefined);
    c.on("end", () => {
      if (client === c) client = null;
      if (!stopped) setTimeout(() => void connect(), backoffMs).unref();
      backoffMs = Math.min(backoffMs * 2, 5000);
    });
    try {
      await c.connect();
      await c.query(`LISTEN ${TASK_CHANNEL}`);
      client = c;
      backoffMs = 100;
      handlers.onReconnect();
    } catch (err) {
      console.error("task listener: cannot listen for ready tasks:", (err as Error).message);
      await c.end().catch(() => undefined);
    }
  };
  void connect();
  return {
    async stop() {
      stopped = true;
      await client?.end().catch(() => undefined);
    },
  };
}
