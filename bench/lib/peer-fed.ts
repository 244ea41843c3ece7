// graphile-worker with its jobs added during the clock, as ours are: the pre-queued figure
// (bench/lib/peer.ts) adds every job before the clock starts and leaves enqueueing out, while our
// cycle includes it (the feeder activates pipelines during the window). Here the workers run
// continuously (not --once), are started and warmed before the clock, and a feeder in the bench adds
// jobs in add_jobs batches whenever fewer than `low` are queued, until `jobs` have been added; the
// clock stops when the last one is done. The feeder's CPU is the bench's, the workers' the peer's.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import os from "node:os";
import { Client } from "pg";
import { cpuMsPer, cpuSnapshot, cpuSplit, type CpuRole, type CpuSplit } from "./cpu";
import { ensurePeerInstalled, PEER_VERSION } from "./peer";
import { sleep } from "./stats";

export interface PeerFedResult {
  version: string;
  jobs: number;
  processes: number;
  concurrency: number;
  /** Jobs added per add_jobs statement, and the backlog the feeder keeps. */
  batch: number;
  low: number;
  seconds: number;
  jobsPerSecond: number;
  /** Fewest jobs queued the feeder saw once the backlog had first reached `low` (0: the workers may have waited for it); -1 if it never did. */
  minQueued: number;
  cpu: CpuSplit | null;
  cpuMsPerJob: Partial<Record<CpuRole, number>> | null;
}

const ADD = `SELECT count(*) FROM graphile_worker.add_jobs(array(
  SELECT json_populate_recordset(null::graphile_worker.job_spec,
    (SELECT json_agg(json_build_object('identifier', 'noop', 'payload', json_build_object('id', i)))
     FROM generate_series($1::int, $2::int) i))))`;
const QUEUED = `SELECT count(*)::int AS n FROM graphile_worker._private_jobs`;

async function queued(db: Client): Promise<number> {
  return (await db.query<{ n: number }>(QUEUED)).rows[0]?.n ?? 0;
}

async function waitUntilEmpty(db: Client, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await queued(db)) > 0) {
    if (Date.now() > deadline) throw new Error("graphile-worker did not drain its queue in time");
    await sleep(10);
  }
}

export async function runPeerFed(o: {
  dir: string;
  databaseUrl: string;
  jobs: number;
  processes: number;
  concurrency?: number;
  batch?: number;
  low?: number;
}): Promise<PeerFedResult> {
  const cli = ensurePeerInstalled(o.dir);
  const concurrency = o.concurrency ?? 24;
  const batch = o.batch ?? 100;
  const low = o.low ?? 1000;
  // The schema first, as the pre-queued run does: the feeder's add_jobs must not race the workers' install.
  execFileSync(process.execPath, [cli, "-c", o.databaseUrl, "--schema-only"], { cwd: o.dir, stdio: "ignore" });
  const children: ChildProcess[] = [];
  const db = new Client({ connectionString: o.databaseUrl });
  await db.connect();
  try {
    for (let i = 0; i < o.processes; i++) {
      const child = spawn(
        process.execPath,
        [cli, "-c", o.databaseUrl, "-j", String(concurrency), "-m", String(concurrency + 1)],
        {
          cwd: o.dir,
          stdio: ["ignore", "ignore", "pipe"],
          env: { ...process.env, NODE_ENV: "production" },
        },
      );
      child.stderr?.resume();
      children.push(child);
    }
    // Warm: the schema is installed and every worker is listening once a first batch is drained.
    for (let w = 0; w < 3; w++) {
      await db.query(ADD, [1, batch]);
      await waitUntilEmpty(db, 120_000);
    }
    const cpuStart = cpuSnapshot();
    const t0 = performance.now();
    let added = 0;
    let minQueued = Number.POSITIVE_INFINITY;
    let filled = false;
    while (added < o.jobs) {
      const n = await queued(db);
      // The backlog the workers saw once the feeder had first built it up (the ramp-up is not a shortage).
      filled ||= n >= low;
      if (filled) minQueued = Math.min(minQueued, n);
      if (n < low) {
        const count = Math.min(batch, o.jobs - added);
        await db.query(ADD, [added + 1, added + count]);
        added += count;
      } else await sleep(2);
    }
    await waitUntilEmpty(db, 600_000);
    const seconds = (performance.now() - t0) / 1000;
    const cpu = cpuSplit(
      cpuStart,
      cpuSnapshot(),
      { server: [], clients: [], peer: children.map((c) => c.pid!) },
      os.cpus().length,
    );
    return {
      version: PEER_VERSION,
      jobs: o.jobs,
      processes: o.processes,
      concurrency,
      batch,
      low,
      seconds: Math.round(seconds * 1000) / 1000,
      jobsPerSecond: Math.round(o.jobs / Math.max(0.001, seconds)),
      minQueued: Number.isFinite(minQueued) ? minQueued : -1,
      cpu,
      cpuMsPerJob: cpuMsPer(cpu, o.jobs),
    };
  } finally {
    await db.end();
    await Promise.all(
      children.map(
        (c) =>
          new Promise<void>((resolve) => {
            if (c.exitCode !== null || c.signalCode !== null) return resolve();
            c.once("exit", () => resolve());
            c.kill("SIGTERM");
          }),
      ),
    );
  }
}
