// Next.js calls register() once when a server process starts: the ticker and the LISTEN connection
// start with the server, not with its first request. It also hands the self-hosted server
// (scripts/serve.ts) the direct path for SDK calls and a shutdown hook, from inside Next's build,
// so the process runs one copy of lib/ (one pool, one waiter registry, one plan cache) whichever
// path a call takes.
import type { IncomingMessage, ServerResponse } from "node:http";

export interface SelfHostedHooks {
  handleApiCall(req: IncomingMessage, res: ServerResponse): Promise<void>;
  /** Stops background work and closes the database pool, before an embedded Postgres stops. */
  shutdown(): Promise<void>;
}

export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { handleDirectApiCall } = await import("./lib/protocol/node-endpoint");
  const hooks: SelfHostedHooks = {
    handleApiCall: handleDirectApiCall,
    async shutdown() {
      const { stopBackground } = await import("./lib/scheduler/background");
      const { closeDb } = await import("./lib/store/db");
      await stopBackground();
      await closeDb();
    },
  };
  (globalThis as { __pipelinehouseServer?: SelfHostedHooks }).__pipelinehouseServer = hooks;
  if (!process.env.DATABASE_URL) return;
  const { getBackground } = await import("./lib/scheduler/background");
  getBackground();
}
