// Held polls: what N concurrent PollForTask requests waiting on an empty worker group cost the
// server (RSS and V8 heap after a full GC, per held request) and how many Postgres connections are
// in use meanwhile (none should be: a waiting poll holds no connection).
import http from "node:http";
import type { Pool } from "pg";
import { signCall } from "./clients";
import { connectionsByState } from "./postgres";
import type { BenchServer } from "./server";
import { sleep } from "./stats";

export interface HeldResult {
  held: number;
  confirmedHeld: number;
  rssMiB: number;
  heapMiB: number;
  /** Growth over the server's memory just before these polls were opened, per held poll. */
  rssKiBPerHeld: number | null;
  heapKiBPerHeld: number | null;
  /** Backends of the server's database by state while the polls were held. */
  connections: Record<string, number>;
  connectionsInUse: number;
}

async function openHeld(
  endpoint: string,
  group: string,
  n: number,
): Promise<{ requests: http.ClientRequest[]; agent: http.Agent }> {
  const { hostname, port } = new URL(endpoint);
  const agent = new http.Agent({ keepAlive: false, maxSockets: Number.POSITIVE_INFINITY });
  const body = JSON.stringify({ workerGroup: group });
  const signed = await signCall(endpoint, "PollForTask", body);
  const requests: http.ClientRequest[] = [];
  for (let i = 0; i < n; i++) {
    const req = http.request({
      host: hostname,
      port,
      path: "/",
      method: "POST",
      agent,
      headers: { ...signed, "content-length": Buffer.byteLength(body) },
    });
    req.on("error", () => undefined);
    req.on("response", (res) => res.resume());
    req.end(body);
    requests.push(req);
  }
  return { requests, agent };
}

/**
 * The server's memory once it stops moving: after a full GC the RSS still drifts for a while (V8
 * and malloc give pages back to the OS in their own time), by more than a thousand held polls
 * weigh. Reads until two in a row agree within 256 KiB (at most ~6 s).
 */
async function settledMemory(server: BenchServer) {
  let prev = await server.memory();
  for (let i = 0; i < 15; i++) {
    await sleep(400);
    const cur = await server.memory();
    if (Math.abs(cur.rss - prev.rss) < 256 * 1024) return cur;
    prev = cur;
  }
  return prev;
}

export async function measureHeldPolls(o: {
  server: BenchServer;
  databaseUrl: string;
  adminPool: Pool;
  counts: number[];
}): Promise<HeldResult[]> {
  const results: HeldResult[] = [];
  // Load the route and its modules first, so the baseline is a warm server.
  const warm = await openHeld(o.server.endpoint, "bench-warm", 20);
  await sleep(1500);
  for (const r of warm.requests) r.destroy();
  warm.agent.destroy();
  await sleep(1000);
  for (const n of o.counts) {
    // The baseline is taken right before each step, once the memory has settled.
    const base = await settledMemory(o.server);
    const { requests, agent } = await openHeld(o.server.endpoint, `bench-held-${n}`, n);
    // Wait until the server reports them all held (or stops growing).
    const deadline = Date.now() + 60_000;
    for (let last = -1; Date.now() < deadline;) {
      const confirmed = await o.server.heldPolls();
      if (confirmed >= n) break;
      if (confirmed === last && n > 0 && confirmed > 0) await sleep(500);
      last = confirmed;
      await sleep(250);
    }
    const mem = await settledMemory(o.server);
    const connections = await connectionsByState(o.adminPool, o.databaseUrl);
    const confirmed = await o.server.heldPolls();
    const per = (now: number, then: number) => (n > 0 ? Math.round(((now - then) / 1024 / n) * 10) / 10 : null);
    results.push({
      held: n,
      confirmedHeld: confirmed,
      rssMiB: Math.round((mem.rss / 1048576) * 10) / 10,
      heapMiB: Math.round((mem.heapUsed / 1048576) * 10) / 10,
      rssKiBPerHeld: per(mem.rss, base.rss),
      heapKiBPerHeld: per(mem.heapUsed, base.heapUsed),
      connections,
      connectionsInUse: Object.entries(connections)
        .filter(([state]) => state !== "idle")
        .reduce((a, [, v]) => a + v, 0),
    });
    for (const r of requests) r.destroy();
    agent.destroy();
    const until = Date.now() + 30_000;
    while ((await o.server.heldPolls()) > 0 && Date.now() < until) await sleep(250);
    await sleep(500);
  }
  return results;
}
