import http from "node:http";
import { findFreePort } from "../../lib/net/free-port";

// A minimal load balancer for deploy tests, doing what a real one (nginx, Envoy, an ALB) does in a
// rolling restart: it sends each request to a backend whose readiness probe (/api/health/ready)
// last answered 200, round robin, over a new connection per request; and when a backend refuses
// or resets the connection before answering, it tries the request on another backend
// (nginx's `proxy_next_upstream error`). It never retries once a backend has started to answer.
// Headers go through unchanged, so SigV4 signatures over Host stay valid.

export interface Balancer {
  endpoint: string;
  /** Requests retried on another backend because theirs refused or reset the connection before answering. */
  readonly retried: number;
  /** Requests that got no answer from any backend (answered 502 here). */
  readonly failed: number;
  close(): Promise<void>;
}

export async function startBalancer(backends: string[], probeMs = 100): Promise<Balancer> {
  const ready = new Map(backends.map((b) => [b, true]));
  let next = 0;
  let retried = 0;
  let failed = 0;
  let closed = false;

  const probe = async () => {
    while (!closed) {
      await Promise.all(
        backends.map(async (b) => {
          try {
            const res = await fetch(`${b}/api/health/ready`, { signal: AbortSignal.timeout(2_000) });
            await res.arrayBuffer();
            ready.set(b, res.status === 200);
          } catch {
            ready.set(b, false);
          }
        }),
      );
      await new Promise((r) => setTimeout(r, probeMs));
    }
  };
  const probing = probe();

  const pick = (exclude: Set<string>): string | undefined => {
    const live = backends.filter((b) => ready.get(b) && !exclude.has(b));
    const pool = live.length ? live : backends.filter((b) => !exclude.has(b));
    if (pool.length === 0) return undefined;
    return pool[next++ % pool.length];
  };

  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const tried = new Set<string>();
    const deadline = Date.now() + 30_000;
    for (;;) {
      let backend = pick(tried);
      if (!backend) {
        // Every backend refused this round (both restarting at once would do it): wait and start over.
        if (Date.now() > deadline) break;
        await new Promise((r) => setTimeout(r, 100));
        tried.clear();
        backend = pick(tried);
        if (!backend) break;
      }
      tried.add(backend);
      const answered = await new Promise<boolean>((resolve) => {
        const u = new URL(backend!);
        const up = http.request(
          { host: u.hostname, port: u.port, method: req.method, path: req.url, headers: req.headers, agent: false },
          (upRes) => {
            res.writeHead(upRes.statusCode ?? 502, upRes.headers);
            upRes.pipe(res);
            upRes.on("error", () => res.destroy());
            resolve(true);
          },
        );
        up.on("error", () => resolve(false));
        up.end(body);
      });
      if (answered) return;
      retried++;
    }
    failed++;
    res.writeHead(502, { "content-type": "application/json" });
    res.end(JSON.stringify({ __type: "BadGateway", message: "no backend answered" }));
  });
  server.keepAliveTimeout = 120_000;
  // Every socket, so close() can end them all (closeAllConnections only knows the ones mid-request or idle).
  const sockets = new Set<import("node:net").Socket>();
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });
  const port = await findFreePort();
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", () => resolve()));
  return {
    endpoint: `http://127.0.0.1:${port}`,
    get retried() {
      return retried;
    },
    get failed() {
      return failed;
    },
    async close() {
      closed = true;
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await stopped;
      await probing;
    },
  };
}
