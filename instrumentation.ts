// Next.js calls register() once when a server process starts: the ticker and the LISTEN connection
// start with the server, not with its first request. It also hands the self-hosted server
// (scripts/serve.ts) the direct path for SDK calls and a shutdown hook, from inside Next's build,
// so the process runs one copy of lib/ (one pool, one waiter registry, one plan cache) whichever
// path a call takes.
import type { IncomingMessage, ServerResponse } from "node:http";

export interface SelfHostedHooks {
  handleApiCall(req: IncomingMessage, res: ServerResponse): Promise<void>;
  /** Not ready from now on; held polls are answered empty (lib/lifecycle/drain.ts). */
  drain(): void;
  /** Writes what is buffered, stops background work and closes the database pool, before an embedded Postgres stops. */
  shutdown(): Promise<void>;
}

const g = globalThis as { __pipelinehouseServer?: SelfHostedHooks; __pipelinehouseOwnsSignals?: boolean };

export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { handleDirectApiCall } = await import("./lib/protocol/node-endpoint");
  const { beginDrain } = await import("./lib/lifecycle/drain");
  const hooks: SelfHostedHooks = {
    handleApiCall: handleDirectApiCall,
    drain: beginDrain,
    async shutdown() {
      const { flushPollSightings } = await import("./lib/scheduler/poll-sightings");
      const { stopBackground } = await import("./lib/scheduler/background");
      const { closeDb } = await import("./lib/store/db");
      await flushPollSightings();
      await stopBackground();
      await closeDb();
    },
  };
  g.__pipelinehouseServer = hooks;
  // `next start` (and Vercel) own the process's signals: Next stops accepting connections and waits
  // for the requests in flight, then exits. Draining first answers the held polls at once, so that
  // wait is short; a second signal exits at once. scripts/serve.ts does the whole drain itself.
  if (!g.__pipelinehouseOwnsSignals) {
    let signals = 0;
    const onSignal = (signal: NodeJS.Signals) => {
      if (++signals > 1) process.exit(signal === "SIGINT" ? 130 : 143);
      beginDrain();
    };
    process.on("SIGTERM", onSignal);
    process.on("SIGINT", onSignal);
  }
  if (!process.env.DATABASE_URL) return;
  const { getBackground } = await import("./lib/scheduler/background");
  getBackground();
}
