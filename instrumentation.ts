// Next.js calls register() once when a server process starts: the ticker and the LISTEN connection
// start with the server, not with its first request.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs" || !process.env.DATABASE_URL) return;
  const { getBackground } = await import("./lib/scheduler/background");
  getBackground();
}
