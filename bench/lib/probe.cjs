// Preloaded into bench servers only (node -r bench/lib/probe.cjs): answers the process's memory
// after a full GC on a side port, so the bench can measure what held polls cost, and the CPU the
// server spent verifying signatures (the meter of lib/auth/verify-meter.ts, which exists only when
// this probe installs it). Not part of the product; the server never loads it on its own.
"use strict";
const http = require("node:http");

const port = Number(process.env.PH_BENCH_PROBE_PORT || 0);
if (port > 0 && !globalThis.__phBenchProbe) {
  globalThis.__phBenchProbe = true;
  // One call in 16 is measured (lib/auth/verify-meter.ts): four CPU-time reads on every call were
  // a visible share of the server CPU the bench reports.
  const meter = { calls: 0, cpuMicros: 0, sampleEvery: 16 };
  globalThis[Symbol.for("pipelinehouse.bench.sigv4-meter")] = meter;
  const server = http.createServer((req, res) => {
    if (req.url && req.url.startsWith("/sigv4")) {
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify(meter));
      return;
    }
    if (req.url && req.url.startsWith("/mem")) {
      if (typeof global.gc === "function") {
        global.gc();
        global.gc();
      }
      const m = process.memoryUsage();
      res.setHeader("content-type", "application/json");
      res.end(
        JSON.stringify({
          pid: process.pid,
          rss: m.rss,
          heapUsed: m.heapUsed,
          heapTotal: m.heapTotal,
          external: m.external,
          arrayBuffers: m.arrayBuffers,
        }),
      );
      return;
    }
    res.statusCode = 404;
    res.end();
  });
  // A forked helper process inherits -r: only the first process gets the port, the others stay quiet.
  server.on("error", () => undefined);
  server.listen(port, "127.0.0.1");
  server.unref();
}
