// Row writes per runner cycle, counted by Postgres rather than timed: a figure the machine's load
// does not move. The phase queues a known number of tasks (ActivatePipeline), lets raw pollers run
// them to FINISHED, and reads pg_stat_user_tables before and after: inserts, updates (and how many
// of them were HOT), deletes, per table, divided by the cycles run. Everything the server writes in
// between counts (activation, claim, ack, finish, poll sightings, the tick), as it costs the same.
import type { Pool } from "pg";
import { createPipelines, readyCount } from "./feeder";
import { startLoad } from "./load";
import type { ClientKind } from "./options";
import { sleep } from "./stats";
import { apiCall } from "./clients";

export interface TableWrites {
  inserts: number;
  updates: number;
  hotUpdates: number;
  deletes: number;
}

export interface WritesResult {
  client: ClientKind;
  pollers: number;
  cycles: number;
  /** Rows inserted, updated or deleted per cycle, all tables. */
  writesPerCycle: number;
  /** Of those, updates that were not HOT (each also writes every index of its table), per cycle. */
  nonHotUpdatesPerCycle: number;
  /** HOT updates / all updates (0..1). */
  hotShare: number;
  /** Per table, per cycle (tables with no writes left out). */
  perCycle: Record<string, TableWrites>;
  /** Whether the counters were seen to stop moving before each reading (false: read after the longest wait). */
  settled: boolean;
}

type Counters = Map<string, TableWrites>;

async function readCounters(pool: Pool): Promise<Counters> {
  const r = await pool.query<{ relname: string; ins: string; upd: string; hot: string; del: string }>(
    `SELECT relname, n_tup_ins::text AS ins, n_tup_upd::text AS upd, n_tup_hot_upd::text AS hot, n_tup_del::text AS del
     FROM pg_stat_user_tables`,
  );
  return new Map(
    r.rows.map((x) => [
      x.relname,
      { inserts: Number(x.ins), updates: Number(x.upd), hotUpdates: Number(x.hot), deletes: Number(x.del) },
    ]),
  );
}

function same(a: Counters, b: Counters): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) {
    const w = b.get(k);
    if (!w || w.inserts !== v.inserts || w.updates !== v.updates || w.deletes !== v.deletes) return false;
  }
  return true;
}

/**
 * Backends send their table counters to the shared statistics at most once a second while busy,
 * and an idle backend whose last flush was too recent sends them up to ten seconds later: wait
 * until the counters have not moved for eleven seconds (or give up after a minute, saying so).
 */
async function settledCounters(pool: Pool, maxWaitMs = 60_000): Promise<{ counters: Counters; settled: boolean }> {
  const deadline = Date.now() + maxWaitMs;
  let prev = await readCounters(pool);
  let stableSince = Date.now();
  while (Date.now() < deadline) {
    await sleep(1000);
    const next = await readCounters(pool);
    if (!same(prev, next)) stableSince = Date.now();
    else if (Date.now() - stableSince >= 11_000) return { counters: next, settled: true };
    prev = next;
  }
  return { counters: prev, settled: false };
}

/** Activates the pipelines (each queues `activities` tasks) and runs every task to FINISHED. */
async function runRound(o: Parameters<typeof measureWrites>[0], group: string, pipelineIds: string[]): Promise<number> {
  const expected = pipelineIds.length * o.activities;
  for (const pipelineId of pipelineIds) await apiCall(o.endpoint, "ActivatePipeline", { pipelineId });
  const fillDeadline = Date.now() + 120_000;
  while ((await readyCount(o.pool, group)) < expected) {
    if (Date.now() > fillDeadline) throw new Error(`writes: ${expected} tasks were not queued in time`);
    await sleep(100);
  }
  const load = await startLoad({
    endpoints: [o.endpoint],
    workerGroup: group,
    pollers: o.pollers,
    client: o.client,
    rawTransport: o.rawTransport,
  });
  const runDeadline = Date.now() + 600_000;
  let count = await load.fresh();
  while (count.finished < expected) {
    if (Date.now() > runDeadline) throw new Error(`writes: only ${count.finished} of ${expected} cycles finished`);
    count = await load.fresh();
  }
  const result = await load.stop();
  if (result.errors > 0 || result.lost > 0)
    throw new Error(`writes: ${result.errors} errors, ${result.lost} lost leases (${result.firstError ?? ""})`);
  return result.finished;
}

/**
 * Counts the writes of the second activation of each pipeline (a re-activation, as on-demand
 * pipelines see in production; the first one also moves every component to SCHEDULED once).
 */
export async function measureWrites(o: {
  endpoint: string;
  pool: Pool;
  client: ClientKind;
  rawTransport: "fetch" | "http";
  pollers: number;
  /** Tasks to run; rounded up to whole activations. */
  tasks: number;
  activities: number;
}): Promise<WritesResult> {
  const group = "wri";
  const activations = Math.max(1, Math.ceil(o.tasks / o.activities));
  const pipelineIds = await createPipelines(o.endpoint, {
    workerGroup: group,
    pipelines: activations,
    activities: o.activities,
  });
  await runRound(o, group, pipelineIds);
  const before = await settledCounters(o.pool);
  const cycles = await runRound(o, group, pipelineIds);
  const after = await settledCounters(o.pool);
  const perCycle: Record<string, TableWrites> = {};
  let writes = 0;
  let updates = 0;
  let hot = 0;
  const round = (n: number) => Math.round((n / cycles) * 1000) / 1000;
  for (const [table, a] of after.counters) {
    const b = before.counters.get(table) ?? { inserts: 0, updates: 0, hotUpdates: 0, deletes: 0 };
    const d: TableWrites = {
      inserts: a.inserts - b.inserts,
      updates: a.updates - b.updates,
      hotUpdates: a.hotUpdates - b.hotUpdates,
      deletes: a.deletes - b.deletes,
    };
    if (d.inserts + d.updates + d.deletes === 0) continue;
    writes += d.inserts + d.updates + d.deletes;
    updates += d.updates;
    hot += d.hotUpdates;
    perCycle[table] = {
      inserts: round(d.inserts),
      updates: round(d.updates),
      hotUpdates: round(d.hotUpdates),
      deletes: round(d.deletes),
    };
  }
  return {
    client: o.client,
    pollers: o.pollers,
    cycles,
    writesPerCycle: round(writes),
    nonHotUpdatesPerCycle: round(updates - hot),
    hotShare: updates > 0 ? Math.round((hot / updates) * 1000) / 1000 : 0,
    perCycle,
    settled: before.settled && after.settled,
  };
}

/** The phase's lines for the printed report. */
export function formatWrites(w: WritesResult): string[] {
  const out = [
    `\nRow writes per cycle (${w.cycles} cycles, ${w.client} client x${w.pollers}; pg_stat_user_tables${w.settled ? "" : ", counters still moving"})`,
    `  all tables: ${w.writesPerCycle} writes per cycle, ${w.nonHotUpdatesPerCycle} non-HOT updates per cycle, HOT share of updates ${Math.round(w.hotShare * 100)}%`,
  ];
  for (const [table, t] of Object.entries(w.perCycle).sort(([a], [b]) => a.localeCompare(b)))
    out.push(`  ${table.padEnd(24)} ins ${t.inserts}  upd ${t.updates} (HOT ${t.hotUpdates})  del ${t.deletes}`);
  return out;
}
