// The history phase: does the service stay fast when `pipeline_objects` holds years of run history?
// On one server and one database it measures, before and after seeding history: the runner cycle
// rate (raw client), DescribeObjects and QueryObjects of a recent run, and the console's pipeline
// list, instances list and instance page through the BFF (signed in as the first-start admin).
// The history is seeded in the shape the server writes: the bench pipelines' own finished runs
// (instance + attempt, one per activity) copied back in time with generate_series, spread evenly
// over the year before the first real run, then VACUUM ANALYZEd. Each read is reported as
// empty vs seeded with the ratio and whether it stays within 20%.
import type { Pool } from "pg";
import { apiCall } from "./clients";
import { measureCycles, type CycleResult } from "./cycles";
import { createPipelines, startFeeder } from "./feeder";
import { percentiles, type Percentiles } from "./stats";
import type { BenchServer } from "./server";

export const HISTORY_ADMIN = { email: "bench-history@example.test", password: "bench-history-admin-password-0001" };

/**
 * The server's environment for this phase: a console admin to sign in with, and retention off: the
 * seeded runs are up to a year old, and the default 90 days would start deleting them while the
 * seeded numbers are taken (a 2 M-row run showed it removing ~575 k rows during the seeding).
 */
export const HISTORY_SERVER_ENV: Record<string, string> = {
  ADMIN_EMAIL: HISTORY_ADMIN.email,
  ADMIN_PASSWORD: HISTORY_ADMIN.password,
  RUN_HISTORY_RETENTION_DAYS: "0",
};

export interface HistoryRead {
  name: string;
  empty: Percentiles;
  seeded: Percentiles;
  /** seeded p50 / empty p50. */
  ratio: number;
  within20: boolean;
}

export interface HistoryResult {
  targetRows: number;
  seededRows: number;
  rowsBefore: number;
  rowsAfter: number;
  seedSeconds: number;
  analyzeSeconds: number;
  pipelines: number;
  runsPerPipeline: number;
  spanDays: number;
  cyclesEmpty: CycleResult | null;
  cyclesSeeded: CycleResult | null;
  /** seeded / empty cycles per second. */
  cycleRatio: number | null;
  cyclesWithin20: boolean | null;
  reads: HistoryRead[];
}

async function signIn(endpoint: string): Promise<string> {
  const res = await fetch(`${endpoint}/api/console/session`, {
    method: "POST",
    headers: { origin: endpoint, "content-type": "application/json", "sec-fetch-site": "same-origin" },
    body: JSON.stringify(HISTORY_ADMIN),
  });
  const cookie = res.headers.get("set-cookie")?.split(";")[0];
  if (res.status !== 200 || !cookie) throw new Error(`console sign-in failed: HTTP ${res.status} ${await res.text()}`);
  return cookie;
}

async function timed(n: number, fn: () => Promise<void>): Promise<Percentiles> {
  await fn(); // warm: plans cached, pages read once
  const ms: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn();
    ms.push(performance.now() - t0);
  }
  return percentiles(ms);
}

interface RecentRun {
  pipelineId: string;
  instanceIds: string[];
  attemptIds: string[];
  start: Date;
}

async function pickRecentRun(pool: Pool, pipelineIds: string[]): Promise<RecentRun> {
  const run = await pool.query<{ pipeline_id: string; start: Date }>(
    `SELECT pipeline_id, scheduled_start_time AS start FROM pipeline_objects
     WHERE pipeline_id = ANY($1::text[]) AND sphere = 'INSTANCE' AND status = 'FINISHED'
     ORDER BY scheduled_start_time DESC LIMIT 1`,
    [pipelineIds],
  );
  const r = run.rows[0];
  if (!r) throw new Error("no finished run to read back (did the cycles run?)");
  const ids = await pool.query<{ object_id: string; sphere: string }>(
    `SELECT object_id, sphere FROM pipeline_objects
     WHERE pipeline_id = $1 AND sphere = 'INSTANCE' AND scheduled_start_time = $2 ORDER BY pk LIMIT 50`,
    [r.pipeline_id, r.start],
  );
  const instanceIds = ids.rows.map((x) => x.object_id);
  return {
    pipelineId: r.pipeline_id,
    instanceIds,
    attemptIds: instanceIds.map((i) => `${i}_Attempt=1`),
    start: r.start,
  };
}

const dt = (d: Date) => d.toISOString().slice(0, 19);

function reads(endpoint: string, cookie: string, run: RecentRun): { name: string; call: () => Promise<void> }[] {
  const bff = async (path: string) => {
    const res = await fetch(`${endpoint}/api/console${path}`, { headers: { cookie } });
    const text = await res.text();
    if (res.status !== 200) throw new Error(`GET ${path}: HTTP ${res.status} ${text.slice(0, 300)}`);
  };
  const p = encodeURIComponent(run.pipelineId);
  return [
    {
      name: "DescribeObjects, 25 instances + 25 attempts of a recent run",
      call: async () => {
        const out = await apiCall<{ pipelineObjects?: unknown[] }>(endpoint, "DescribeObjects", {
          pipelineId: run.pipelineId,
          objectIds: [...run.instanceIds.slice(0, 25), ...run.attemptIds.slice(0, 25)],
        });
        if ((out.pipelineObjects?.length ?? 0) === 0) throw new Error("DescribeObjects found nothing");
      },
    },
    {
      name: "QueryObjects, instances of a recent run (@scheduledStartTime BETWEEN), limit 100",
      call: async () => {
        const out = await apiCall<{ ids?: string[] }>(endpoint, "QueryObjects", {
          pipelineId: run.pipelineId,
          sphere: "INSTANCE",
          limit: 100,
          query: {
            selectors: [
              {
                fieldName: "@scheduledStartTime",
                operator: { type: "BETWEEN", values: [dt(run.start), dt(new Date(run.start.getTime() + 1000))] },
              },
            ],
          },
        });
        if ((out.ids?.length ?? 0) === 0) throw new Error("QueryObjects found nothing");
      },
    },
    { name: "console: pipeline list", call: () => bff("/pipelines") },
    { name: "console: instances list (default view)", call: () => bff(`/pipelines/${p}/instances`) },
    { name: "console: instances list (all)", call: () => bff(`/pipelines/${p}/instances?status=all`) },
    {
      name: "console: instance page",
      call: () => bff(`/pipelines/${p}/instances/${encodeURIComponent(run.instanceIds[0]!)}`),
    },
  ];
}

async function countRows(pool: Pool): Promise<number> {
  const r = await pool.query<{ n: string }>(`SELECT count(*) AS n FROM pipeline_objects`);
  return Number(r.rows[0]!.n);
}

/**
 * Copies the pipelines' finished runs back in time until about `targetRows` rows are added: one
 * copy per run start, `chunk` copies per statement (each its own transaction).
 */
async function seedHistory(
  pool: Pool,
  pipelineIds: string[],
  targetRows: number,
  log: (m: string) => void,
): Promise<{ rows: number; runsPerPipeline: number; spanDays: number }> {
  await pool.query(`DROP TABLE IF EXISTS bench_history_template`);
  // The newest finished instance of each activity of each pipeline, and its attempt.
  await pool.query(
    `CREATE UNLOGGED TABLE bench_history_template AS
     WITH i AS (
       SELECT DISTINCT ON (pipeline_id, component_id) * FROM pipeline_objects
       WHERE pipeline_id = ANY($1::text[]) AND sphere = 'INSTANCE' AND status = 'FINISHED'
       ORDER BY pipeline_id, component_id, pk DESC)
     SELECT * FROM i
     UNION ALL
     SELECT a.* FROM pipeline_objects a JOIN i ON a.pipeline_id = i.pipeline_id AND a.instance_id = i.object_id
     WHERE a.sphere = 'ATTEMPT' AND a.attempt_number = 1`,
    [pipelineIds],
  );
  const tpl = await pool.query<{ n: number; first: Date }>(
    `SELECT count(*)::int AS n,
            (SELECT min(scheduled_start_time) FROM pipeline_objects WHERE sphere = 'INSTANCE') AS first
     FROM bench_history_template`,
  );
  const perCopy = tpl.rows[0]!.n;
  if (perCopy === 0) throw new Error("no finished runs to copy");
  const copies = Math.max(1, Math.round(targetRows / perCopy));
  const spanDays = 365;
  // Whole seconds apart (instance ids carry the time to the second), ending a day before the first real run.
  const stepS = Math.max(1, Math.floor((spanDays * 86_400) / copies));
  const base = new Date(Math.floor(tpl.rows[0]!.first.getTime() / 1000) * 1000 - 86_400_000);
  const chunk = Math.max(1, Math.floor(200_000 / perCopy));
  let rows = 0;
  for (let from = 1; from <= copies; from += chunk) {
    const to = Math.min(copies, from + chunk - 1);
    const r = await pool.query(
      `INSERT INTO pipeline_objects (pipeline_id, version, object_id, name, sphere, position, component_id, instance_id,
         node_id, status, attempt_number, scheduled_start_time, scheduled_end_time, actual_start_time, actual_end_time,
         fields, worker_group, hostname, error_id, error_message, reported_progress_at, run_start_attempt, created_at, updated_at)
       SELECT o.pipeline_id, o.version, ids.object_id, ids.object_id, o.sphere, o.position, o.component_id,
              CASE WHEN o.sphere = 'ATTEMPT' THEN ids.instance_id END,
              o.node_id, o.status, o.attempt_number, s.start, s.start,
              s.start + (o.actual_start_time - o.scheduled_start_time), s.start + (o.actual_end_time - o.scheduled_start_time),
              o.fields, o.worker_group, o.hostname, o.error_id, o.error_message,
              s.start + (o.reported_progress_at - o.scheduled_start_time), o.run_start_attempt,
              s.start, s.start + (o.updated_at - o.scheduled_start_time)
       FROM generate_series($1::int, $2::int) g(n)
       CROSS JOIN bench_history_template o
       CROSS JOIN LATERAL (SELECT $3::timestamptz - make_interval(secs => g.n * $4::int) AS start) s
       CROSS JOIN LATERAL (SELECT '@' || o.component_id || '_' || to_char(s.start AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS') AS instance_id) x
       CROSS JOIN LATERAL (SELECT CASE WHEN o.sphere = 'INSTANCE' THEN x.instance_id ELSE x.instance_id || '_Attempt=1' END AS object_id,
                                  x.instance_id) ids`,
      [from, to, base, stepS],
    );
    rows += r.rowCount ?? 0;
    log(`history: seeded ${rows.toLocaleString("en-US")} of ~${(copies * perCopy).toLocaleString("en-US")} rows`);
  }
  await pool.query(`DROP TABLE bench_history_template`);
  return { rows, runsPerPipeline: copies, spanDays };
}

export async function measureHistory(o: {
  server: BenchServer;
  pool: Pool;
  targetRows: number;
  pipelines: number;
  activities: number;
  pollers: number;
  warmupS: number;
  measureS: number;
  readSamples: number;
  rawTransport: "fetch" | "http";
  log: (m: string) => void;
}): Promise<HistoryResult> {
  const group = "hist";
  const endpoint = o.server.endpoint;
  const pipelineIds = await createPipelines(endpoint, {
    workerGroup: group,
    pipelines: o.pipelines,
    activities: o.activities,
    prefix: "hist",
  });
  const feed = () =>
    startFeeder(endpoint, o.pool, pipelineIds, { workerGroup: group, activities: o.activities, low: 300 });
  // The same load before and after seeding: a feeder of the same pipelines, the same pollers.
  const feeder = feed();
  const cycles = (f: ReturnType<typeof feed>) =>
    measureCycles({
      endpoints: [endpoint],
      serverPids: [o.server.pid],
      feeder: f,
      workerGroup: group,
      client: "raw",
      rawTransport: o.rawTransport,
      pollers: o.pollers,
      warmupS: o.warmupS,
      measureS: o.measureS,
    });
  try {
    const cyclesEmpty = await cycles(feeder);
    o.log(`history: empty, ${cyclesEmpty.cyclesPerSecond} cycles/s`);
    // Let the load's last cycles land, then read back one recent run, the same one before and after.
    await feeder.stop();
    const run = await pickRecentRun(o.pool, pipelineIds);
    const cookie = await signIn(endpoint);
    const calls = reads(endpoint, cookie, run);
    const empty: Percentiles[] = [];
    for (const c of calls) empty.push(await timed(o.readSamples, c.call));
    const rowsBefore = await countRows(o.pool);

    const t0 = Date.now();
    const seeded = await seedHistory(o.pool, pipelineIds, o.targetRows, o.log);
    const seedSeconds = (Date.now() - t0) / 1000;
    const t1 = Date.now();
    // VACUUM as well: a table that grew to this size over months has been vacuumed many times (hint
    // bits set, the visibility map current); fresh rows would otherwise be an artificial handicap,
    // and autovacuum would start on them in the middle of the seeded measurements.
    await o.pool.query(`VACUUM (ANALYZE) pipeline_objects`);
    const analyzeSeconds = (Date.now() - t1) / 1000;
    const rowsAfter = await countRows(o.pool);
    o.log(
      `history: ${seeded.rows} rows seeded in ${seedSeconds.toFixed(1)} s, vacuumed and analyzed in ${analyzeSeconds.toFixed(1)} s`,
    );

    const after: Percentiles[] = [];
    for (const c of calls) after.push(await timed(o.readSamples, c.call));
    const feeder2 = feed();
    let cyclesSeeded: CycleResult;
    try {
      cyclesSeeded = await cycles(feeder2);
    } finally {
      await feeder2.stop();
    }
    o.log(`history: seeded, ${cyclesSeeded.cyclesPerSecond} cycles/s`);
    const cycleRatio =
      cyclesEmpty.cyclesPerSecond > 0
        ? Math.round((cyclesSeeded.cyclesPerSecond / cyclesEmpty.cyclesPerSecond) * 100) / 100
        : null;
    return {
      targetRows: o.targetRows,
      seededRows: seeded.rows,
      rowsBefore,
      rowsAfter,
      seedSeconds: Math.round(seedSeconds * 10) / 10,
      analyzeSeconds: Math.round(analyzeSeconds * 10) / 10,
      pipelines: pipelineIds.length,
      runsPerPipeline: seeded.runsPerPipeline,
      spanDays: seeded.spanDays,
      cyclesEmpty,
      cyclesSeeded,
      cycleRatio,
      cyclesWithin20: cycleRatio === null ? null : cycleRatio >= 0.8,
      reads: calls.map((c, i) => {
        const ratio = Math.round((after[i]!.p50 / Math.max(0.01, empty[i]!.p50)) * 100) / 100;
        return { name: c.name, empty: empty[i]!, seeded: after[i]!, ratio, within20: ratio <= 1.2 };
      }),
    };
  } finally {
    await feeder.stop();
  }
}
