// Next.js calls register() once when a server process starts: the ticker and the LISTEN connection
// start with the server, not with its first request. It also hands the self-hosted server
// (scripts/serve.ts) the direct path for SDK calls, from inside Next's build, so the process runs
// one copy of lib/ (one pool, one waiter registry, one plan cache) whichever path a call takes.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { handleDirectApiCall } = await import("./lib/protocol/node-endpoint");
  (globalThis as { __pipelinehouseDirectApi?: typeof handleDirectApiCall }).__pipelinehouseDirectApi = handleDirectApiCall;
  if (!process.env.DATABASE_URL) return;
  const { getBackground } = await import("./lib/scheduler/background");
  getBackground();
}
