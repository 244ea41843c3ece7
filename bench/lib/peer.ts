// The peer: graphile-worker 0.17.3 (the newest release that runs on Node 20), installed by the
// bench into a scratch folder outside the repository, draining no-op jobs on the same Postgres
// the way its perfTest does: enqueue N jobs in one add_jobs statement, time
// `graphile-worker --once` on them, and subtract the time --once takes on an empty queue.
// Unbatched (its default: no localQueue, no batched completion) is the fair comparator for a
// per-task HTTP ack.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import os from "node:os";
import { Client } from "pg";
import { cpuMsPer, cpuSnapshot, cpuSplit, type CpuRole, type CpuSplit } from "./cpu";

export const PEER_VERSION = "0.17.3";

export interface PeerResult {
  version: string;
  jobs: number;
  processes: number;
  concurrency: number;
  startupS: number;
  drainS: number;
  jobsPerSecond: number;
  /** CPU over the drain (start-up included) by role: graphile-worker's processes are "peer". */
  cpu: CpuSplit | null;
  cpuMsPerJob: Partial<Record<CpuRole, number>> | null;
}

export function ensurePeerInstalled(dir: string): string {
  const pkg = path.join(dir, "node_modules", "graphile-worker", "package.json");
  const installed = existsSync(pkg) ? (JSON.parse(readFileSync(pkg, "utf8")) as { version: string }).version : null;
  if (installed !== PEER_VERSION) {
    mkdirSync(dir, { recursive: true });
    console.error(`bench: installing graphile-worker@${PEER_VERSION} into ${dir}...`);
    const r = spawnSync(
      "npm",
      ["install", "--prefix", dir, "--no-audit", "--no-fund", "--no-save", `graphile-worker@${PEER_VERSION}`],
      {
        stdio: ["ignore", process.stderr, process.stderr],
      },
    );
    if (r.status !== 0) throw new Error(`npm install graphile-worker@${PEER_VERSION} failed`);
  }
  mkdirSync(path.join(dir, "tasks"), { recursive: true });
  writeFileSync(path.join(dir, "tasks", "noop.js"), "module.exports = async () => {};\n");
  const meta = JSON.parse(readFileSync(pkg, "utf8")) as { bin: string | Record<string, string> };
  const bin = typeof meta.bin === "string" ? meta.bin : (meta.bin["graphile-worker"] ?? Object.values(meta.bin)[0]!);
  return path.join(dir, "node_modules", "graphile-worker", bin);
}

function timeOnce(cli: string, dir: string, url: string, concurrency: number, processes: number): Promise<number> {
  const started = performance.now();
  const runs = Array.from(
    { length: processes },
    () =>
      new Promise<void>((resolve, reject) => {
        const child = spawn(
          process.execPath,
          [cli, "-c", url, "--once", "-j", String(concurrency), "-m", String(concurrency + 1)],
          {
            cwd: dir,
            stdio: ["ignore", "ignore", "pipe"],
            env: { ...process.env, NODE_ENV: "production" },
          },
        );
        let err = "";
        child.stderr?.on("data", (d: Buffer) => (err += d.toString()));
        child.on("exit", (code) =>
          code === 0 ? resolve() : reject(new Error(`graphile-worker --once exited ${code}: ${err.slice(-2000)}`)),
        );
      }),
  );
  return Promise.all(runs).then(() => (performance.now() - started) / 1000);
}

export async function runPeer(o: {
  dir: string;
  databaseUrl: string;
  jobs: number;
  processes: number;
  concurrency?: number;
}): Promise<PeerResult> {
  const cli = ensurePeerInstalled(o.dir);
  const concurrency = o.concurrency ?? 24;
  execFileSync(process.execPath, [cli, "-c", o.databaseUrl, "--schema-only"], { cwd: o.dir, stdio: "ignore" });
  // Startup + shutdown on an empty queue, subtracted from the drain (as perfTest/run.js does).
  const startups: number[] = [];
  for (let i = 0; i < 2; i++) startups.push(await timeOnce(cli, o.dir, o.databaseUrl, concurrency, o.processes));
  const startupS = Math.min(...startups);
  const db = new Client({ connectionString: o.databaseUrl });
  await db.connect();
  try {
    await db.query(
      `SELECT count(*) FROM graphile_worker.add_jobs(array(
         SELECT json_populate_recordset(null::graphile_worker.job_spec,
           (SELECT json_agg(json_build_object('identifier', 'noop', 'payload', json_build_object('id', i))) FROM generate_series(1, $1::int) i))))`,
      [o.jobs],
    );
    await db.query("CHECKPOINT").catch(() => undefined);
    const cpuStart = cpuSnapshot();
    const drainS = await timeOnce(cli, o.dir, o.databaseUrl, concurrency, o.processes);
    const cpu = cpuSplit(cpuStart, cpuSnapshot(), { server: [], clients: [], benchChildren: "peer" }, os.cpus().length);
    const left = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM graphile_worker._private_jobs`);
    if ((left.rows[0]?.n ?? 0) !== 0) throw new Error(`graphile-worker left ${left.rows[0]?.n} jobs`);
    return {
      version: PEER_VERSION,
      jobs: o.jobs,
      processes: o.processes,
      concurrency,
      startupS: Math.round(startupS * 1000) / 1000,
      drainS: Math.round(drainS * 1000) / 1000,
      jobsPerSecond: Math.round(o.jobs / Math.max(0.001, drainS - startupS)),
      cpu,
      cpuMsPerJob: cpuMsPer(cpu, o.jobs),
    };
  } finally {
    await db.end();
  }
}
