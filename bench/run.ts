// `npm run bench`: builds the app if needed, starts Postgres (embedded unless DATABASE_URL is set)
// and production servers on fresh databases, measures the runner cycle, pickup latency, held
// polls, scale-out and correctness under load next to graphile-worker and the raw SQL floor,
// prints a table, writes JSON (bench/results/latest.json) and draws bench/results/chart.svg.
// `--publish` copies both to bench/results.json and bench/chart.svg (what the README shows).
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { drawChart } from "./lib/chart";
import { CORRECTNESS_SERVER_ENV, runCorrectness } from "./lib/correctness";
import { measureCycles } from "./lib/cycles";
import { createPipelines, startFeeder } from "./lib/feeder";
import { measureHeldPolls } from "./lib/held";
import { HISTORY_SERVER_ENV, measureHistory } from "./lib/history";
import { measureHttpFloor } from "./lib/httpfloor";
import { measureHostile } from "./lib/hostile";
import { measureDuePickup, measurePickup, stageTasks } from "./lib/latency";
import { startLoad } from "./lib/load";
import { parseOptions, USAGE } from "./lib/options";
import { PEER_VERSION, runPeer } from "./lib/peer";
import { runPeerFed } from "./lib/peer-fed";
import { benchPool, startBenchPostgres } from "./lib/postgres";
import { evaluateTargets, printReport } from "./lib/report";
import { printLimitsReport } from "./lib/report-limits";
import type { BenchResults } from "./lib/results";
import { ensureBuilt, startServer, type BenchServer } from "./lib/server";
import { measureSigv4Micro } from "./lib/sigv4-micro";
import { sleep } from "./lib/stats";
import { formatWrites, measureWrites } from "./lib/writes";

const ROOT = path.resolve(import.meta.dirname, "..");

/**
 * The server as `npm start` runs it: production defaults (LONG_POLL_SECONDS 90, DB_POOL_SIZE 10...),
 * except the held-poll caps, raised so the held phase can open 10,000 unsigned polls.
 */
const SERVER_ENV: Record<string, string> = { MAX_HELD_POLLS: "20000", MAX_HELD_POLLS_PER_KEY: "20000" };

async function phase<T>(results: BenchResults, name: string, fn: () => Promise<T>): Promise<T | undefined> {
  const t0 = Date.now();
  const load1Before = Math.round(os.loadavg()[0]! * 100) / 100;
  console.error(`bench: ${name}... (load average ${load1Before})`);
  try {
    const r = await fn();
    const seconds = Math.round((Date.now() - t0) / 1000);
    results.phases.push({ name, seconds, load1Before, load1After: Math.round(os.loadavg()[0]! * 100) / 100 });
    console.error(`bench: ${name} done in ${seconds} s`);
    return r;
  } catch (err) {
    const msg = `${name}: ${(err as Error).stack ?? String(err)}`;
    console.error(`bench: ${msg}`);
    results.errors.push(msg);
    return undefined;
  }
}

async function deadTuples(pool: ReturnType<typeof benchPool>) {
  const r = await pool.query<{ table: string; live: number; dead: number; autovacuums: number }>(
    `SELECT relname AS table, n_live_tup::int AS live, n_dead_tup::int AS dead, autovacuum_count::int AS autovacuums
     FROM pg_stat_user_tables WHERE relname IN ('tasks', 'pipeline_objects') ORDER BY relname`,
  );
  return r.rows;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv.includes("--help") || argv.includes("-h")) {
    console.log(USAGE);
    return;
  }
  const o = parseOptions(argv);
  const has = (p: string) => o.phases.has(p as never);
  ensureBuilt(o.build);
  const pg = await startBenchPostgres();
  const results: BenchResults = {
    version: 1,
    startedAt: new Date().toISOString(),
    mode: o.quick ? "quick" : "full",
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model ?? "unknown",
      memoryGiB: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
      platform: `${os.platform()} ${os.release()}`,
    },
    postgres: { kind: pg.kind, settings: pg.settings },
    options: { ...o, phases: [...o.phases] },
    phases: [],
    errors: [],
  };
  const profileDir = o.profile ? path.join(ROOT, "bench", "results", "prof") : undefined;
  const servers: BenchServer[] = [];
  const pools: ReturnType<typeof benchPool>[] = [];
  const adminPool = benchPool(pg.adminUrl, 2);
  pools.push(adminPool);
  try {
    const dbUrl = await pg.createDatabase("ph_bench");
    const server = await startServer({ databaseUrl: dbUrl, env: SERVER_ENV, profileDir, label: "server" });
    servers.push(server);
    const pool = benchPool(dbUrl, 4);
    pools.push(pool);

    if (has("sigv4")) {
      results.sigv4 = await phase(results, "SigV4 in process (verify, sign)", () =>
        measureSigv4Micro({ calls: o.sigv4Calls, warmup: Math.ceil(o.sigv4Calls / 10) }),
      );
    }

    if (has("held")) {
      results.held = await phase(results, "held polls", () =>
        measureHeldPolls({ server, databaseUrl: dbUrl, adminPool, counts: o.heldCounts }),
      );
    }

    if (has("latency")) {
      await phase(results, "pickup latency (idle, due by time)", async () => {
        const staged = await stageTasks(server.endpoint, pool, "lat-stage", o.latencySamples + o.dueSamples);
        results.latency ??= {};
        results.latency.idle = await measurePickup({
          endpoint: server.endpoint,
          pool,
          staged: staged.slice(0, o.latencySamples),
          group: "lat-idle",
          held: 100,
          samples: o.latencySamples,
        });
        results.latency.due = await measureDuePickup({
          endpoint: server.endpoint,
          pool,
          staged: staged.slice(o.latencySamples),
          group: "lat-due",
          held: 20,
          samples: o.dueSamples,
        });
      });
    }

    if (has("writes")) {
      results.writes = await phase(results, `row writes per cycle (${o.writesTasks} tasks)`, () =>
        measureWrites({
          endpoint: server.endpoint,
          pool,
          client: "raw",
          rawTransport: o.rawTransport,
          pollers: Math.max(...o.pollers),
          tasks: o.writesTasks,
          activities: o.activitiesPerPipeline,
        }),
      );
      if (results.writes) console.error(formatWrites(results.writes).join("\n"));
    }

    const needCycles = has("cycles") || has("soak") || has("scaleout") || has("latency") || has("hostile");
    const group = "cyc";
    const pipelineIds = needCycles
      ? await createPipelines(server.endpoint, {
          workerGroup: group,
          pipelines: o.pipelines,
          activities: o.activitiesPerPipeline,
        })
      : [];
    const feeder = needCycles
      ? startFeeder(server.endpoint, pool, pipelineIds, {
          workerGroup: group,
          activities: o.activitiesPerPipeline,
          low: 300,
        })
      : null;

    if (has("cycles") && feeder) {
      results.cycles = [];
      for (const client of o.clients) {
        for (const pollers of o.pollers) {
          const r = await phase(results, `cycles ${client} x${pollers}`, () =>
            measureCycles({
              endpoints: [server.endpoint],
              serverPids: [server.pid],
              feeder,
              workerGroup: group,
              client,
              rawTransport: o.rawTransport,
              pollers,
              warmupS: o.warmupS,
              measureS: o.measureS,
              verifyMeters: [server.verifyMeter],
            }),
          );
          if (r) {
            results.cycles.push(r);
            const v = r.verify ? `, verifying ${r.verify.msPerCycle} ms of server CPU per cycle` : "";
            console.error(
              `bench:   ${client} x${pollers}: ${r.cyclesPerSecond} cycles/s (min ready ${r.minReady}, errors ${r.errors}${v})`,
            );
          }
        }
      }
    }

    if (has("latency") && feeder) {
      await phase(results, "pickup latency under load", async () => {
        const staged = await stageTasks(server.endpoint, pool, "lat-stage2", o.latencySamples);
        const loadPollers = o.soakPollers;
        feeder.setLow(Math.max(300, loadPollers * 10));
        await feeder.fill(300);
        const load = await startLoad({
          endpoints: [server.endpoint],
          workerGroup: group,
          pollers: loadPollers,
          client: "raw",
          rawTransport: o.rawTransport,
        });
        try {
          await sleep(2000);
          const r = await measurePickup({
            endpoint: server.endpoint,
            pool,
            staged,
            group: "lat-load",
            held: 100,
            samples: o.latencySamples,
          });
          results.latency ??= {};
          results.latency.underLoad = { ...r, loadPollers };
        } finally {
          await load.stop();
        }
      });
    }

    if (has("hostile") && feeder) {
      results.hostile = await phase(
        results,
        `hostile callers (${o.hostilePollers} pollers, ${o.hostileHeld} held polls)`,
        () =>
          measureHostile({
            endpoint: server.endpoint,
            serverPid: server.pid,
            heldPolls: () => server.heldPolls(),
            feeder,
            workerGroup: group,
            pollers: o.hostilePollers,
            heldCount: o.hostileHeld,
            warmupS: o.warmupS,
            measureS: o.measureS,
            rawTransport: o.rawTransport,
          }),
      );
    }

    if (has("soak") && feeder) {
      const samples: { t: number; table: string; live: number; dead: number; autovacuums: number }[] = [];
      const t0 = Date.now();
      const sampler = setInterval(
        () => {
          void deadTuples(pool)
            .then((rows) => samples.push(...rows.map((r) => ({ t: Math.round((Date.now() - t0) / 1000), ...r }))))
            .catch(() => undefined);
        },
        Math.max(5000, (o.soakS * 1000) / 60),
      );
      const r = await phase(results, `soak ${o.soakS} s`, () =>
        measureCycles({
          endpoints: [server.endpoint],
          serverPids: [server.pid],
          feeder,
          workerGroup: group,
          client: "raw",
          rawTransport: o.rawTransport,
          pollers: o.soakPollers,
          warmupS: 0,
          measureS: o.soakS,
          seriesEveryS: 1,
        }),
      );
      clearInterval(sampler);
      if (r?.series?.length) {
        const windowS = Math.min(60, Math.max(1, Math.floor(o.soakS / 4)));
        const avg = (xs: { rate: number }[]) => (xs.length ? xs.reduce((a, x) => a + x.rate, 0) / xs.length : 0);
        const first = avg(r.series.filter((s) => s.t <= windowS));
        const last = avg(r.series.filter((s) => s.t > r.seconds - windowS));
        results.soak = {
          ...r,
          windowS,
          firstWindow: Math.round(first),
          lastWindow: Math.round(last),
          change: first > 0 ? Math.round(((last - first) / first) * 1000) / 10 : 0,
          deadTuples: samples,
        };
      }
    }

    if (has("scaleout") && feeder) {
      await phase(results, "scale-out (one vs two servers)", async () => {
        const second = await startServer({ databaseUrl: dbUrl, env: SERVER_ENV, profileDir, label: "server2" });
        servers.push(second);
        const run = (endpoints: string[]) =>
          measureCycles({
            endpoints,
            serverPids: servers.map((s) => s.pid),
            feeder,
            workerGroup: group,
            client: "raw",
            rawTransport: o.rawTransport,
            pollers: o.scaleOutPollers,
            warmupS: Math.min(o.warmupS, 5),
            measureS: o.scaleOutS,
            verifyMeters: servers.map((s) => s.verifyMeter),
          });
        const one = await run([server.endpoint]);
        const two = await run([server.endpoint, second.endpoint]);
        results.scaleOut = {
          one,
          two,
          ratio: Math.round((two.cyclesPerSecond / Math.max(1, one.cyclesPerSecond)) * 100) / 100,
        };
        await second.stop();
      });
    }
    await feeder?.stop();

    if (has("floor")) {
      // Imported here: it calls the store's hot-path functions directly.
      const { runFloor } = await import("./lib/floor");
      results.floor = await phase(results, "raw SQL floor", () =>
        runFloor({ endpoint: server.endpoint, pool, databaseUrl: dbUrl, tasks: o.floorTasks, clients: o.floorClients }),
      );
    }

    await server.stop();

    if (has("httpfloor")) {
      results.httpFloor = await phase(results, "HTTP-only floor (no-op server, raw client)", () =>
        measureHttpFloor({
          pollers: o.pollers,
          warmupS: o.warmupS,
          measureS: o.measureS,
          rawTransport: o.rawTransport,
          log: (m) => console.error(`bench:   ${m}`),
        }),
      );
    }

    if (has("peer")) {
      await phase(results, `graphile-worker ${PEER_VERSION} (unbatched)`, async () => {
        results.peer = [];
        const peerDir = process.env.BENCH_PEER_DIR ?? path.join(os.tmpdir(), "ph-bench-peer");
        const at32 = results.cycles?.find((c) => c.client === "raw" && c.pollers === 32)?.cycles;
        const jobs = Math.max(o.peerJobs, at32 ?? 0);
        for (const processes of [1, 2]) {
          const url = await pg.createDatabase("ph_bench_gw");
          results.peer.push(await runPeer({ dir: peerDir, databaseUrl: url, jobs, processes }));
        }
        // Beside the pre-queued figure: the same jobs added during the clock, as our feeder does.
        results.peerFed = [];
        for (const processes of [1, 2]) {
          const url = await pg.createDatabase("ph_bench_gwfed");
          results.peerFed.push(await runPeerFed({ dir: peerDir, databaseUrl: url, jobs, processes }));
        }
      });
    }

    if (has("correctness")) {
      await phase(
        results,
        `correctness under load (${o.correctnessTasks} tasks, ${o.correctnessPollers} pollers)`,
        async () => {
          const url = await pg.createDatabase("ph_bench_ok");
          const s = await startServer({
            databaseUrl: url,
            env: CORRECTNESS_SERVER_ENV,
            profileDir,
            label: "correctness",
          });
          servers.push(s);
          try {
            results.correctness = await runCorrectness({
              endpoint: s.endpoint,
              databaseUrl: url,
              tasks: o.correctnessTasks,
              pollers: o.correctnessPollers,
              ackTimeoutSeconds: Number(CORRECTNESS_SERVER_ENV.ACK_TIMEOUT_SECONDS),
              log: (m) => console.error(`bench:   ${m}`),
            });
          } finally {
            await s.stop();
          }
        },
      );
    }

    if (has("history")) {
      results.history = await phase(results, `run history (${o.historyRows} rows seeded)`, async () => {
        const url = await pg.createDatabase("ph_bench_hist");
        const s = await startServer({
          databaseUrl: url,
          env: { ...SERVER_ENV, ...HISTORY_SERVER_ENV },
          profileDir,
          label: "history",
        });
        servers.push(s);
        const histPool = benchPool(url, 4);
        pools.push(histPool);
        try {
          return await measureHistory({
            server: s,
            pool: histPool,
            targetRows: o.historyRows,
            pipelines: o.pipelines,
            activities: o.activitiesPerPipeline,
            pollers: o.historyPollers,
            warmupS: o.warmupS,
            measureS: o.measureS,
            readSamples: o.historyReadSamples,
            rawTransport: o.rawTransport,
            log: (m) => console.error(`bench:   ${m}`),
          });
        } finally {
          await s.stop();
        }
      });
    }
  } finally {
    for (const s of servers) await s.stop().catch(() => undefined);
    for (const p of pools) await p.end().catch(() => undefined);
    await pg.stop({ keep: o.keep });
  }
  results.finishedAt = new Date().toISOString();
  results.targets = evaluateTargets(results);
  printReport(results);
  printLimitsReport(results);
  const out = path.resolve(ROOT, o.out);
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
  const chart = path.join(path.dirname(out), "chart.svg");
  writeFileSync(chart, drawChart(results));
  console.error(`bench: wrote ${path.relative(ROOT, out)} and ${path.relative(ROOT, chart)}`);
  if (argv.includes("--publish")) {
    copyFileSync(out, path.join(ROOT, "bench", "results.json"));
    copyFileSync(chart, path.join(ROOT, "bench", "chart.svg"));
    console.error("bench: published bench/results.json and bench/chart.svg");
  }
  if (results.errors.length) process.exitCode = 1;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
