// Pickup latency: how long a held PollForTask takes to answer once a task becomes ready.
// Tasks are staged (queued in a worker group nobody polls), then made ready one at a time in the
// polled group by one statement that commits the change and sends the product's NOTIFY, exactly as
// the scheduler's enqueue does. Latency runs from sending that statement (an upper bound on
// "from its commit") to the PollForTask response arriving at the client. Due-by-time tasks get a
// ready_at one second ahead and no NOTIFY, as retries after retryDelay do; their latency runs from
// ready_at to the response.
import type { Pool } from "pg";
import { TASK_CHANNEL } from "../../lib/store/tasks";
import { Aborted, apiCall, createClient, type RunnerClient } from "./clients";
import { createPipelines, readyCount } from "./feeder";
import { percentiles, sleep, type Percentiles } from "./stats";

interface Staged {
  pk: string;
  key: string;
}

/** Queues at least `n` tasks in a worker group nobody polls. */
export async function stageTasks(endpoint: string, pool: Pool, group: string, n: number): Promise<Staged[]> {
  const perPipeline = 99;
  const pipelines = Math.ceil(n / perPipeline);
  const ids = await createPipelines(endpoint, {
    workerGroup: group,
    pipelines,
    activities: perPipeline,
    prefix: `${group}-p`,
  });
  for (const id of ids) await apiCall(endpoint, "ActivatePipeline", { pipelineId: id });
  while ((await readyCount(pool, group)) < pipelines * perPipeline) await sleep(100);
  const r = await pool.query<{ pk: string; pipeline_id: string; attempt_id: string }>(
    `SELECT pk::text, pipeline_id, attempt_id FROM tasks WHERE worker_group = $1 AND state = 'READY' ORDER BY pk`,
    [group],
  );
  return r.rows.map((x) => ({ pk: x.pk, key: `${x.pipeline_id}/${x.attempt_id}` }));
}

/** N runner loops on one group that report each task's arrival, then finish it. */
class Receivers {
  private stopped = false;
  private readonly acs = new Set<AbortController>();
  private readonly loops: Promise<void>[];
  private readonly clients: RunnerClient[];
  outstanding = 0;
  constructor(
    endpoint: string,
    group: string,
    n: number,
    onArrival: (key: string, perfNow: number, wallNow: number) => void,
  ) {
    this.clients = Array.from({ length: n }, () => createClient("raw", endpoint, "http"));
    this.loops = this.clients.map(async (c) => {
      while (!this.stopped) {
        const ac = new AbortController();
        this.acs.add(ac);
        this.outstanding++;
        try {
          const t = await c.poll(group, ac.signal);
          this.outstanding--;
          if (!t) continue;
          onArrival(`${t.pipelineId}/${t.attemptId}`, performance.now(), Date.now());
          await c.report(t.taskId);
          await c.setStatus(t.taskId, "FINISHED");
        } catch (err) {
          if (!(err instanceof Aborted)) await sleep(20);
        } finally {
          this.acs.delete(ac);
        }
      }
    });
  }
  async stop() {
    this.stopped = true;
    for (const ac of this.acs) ac.abort();
    await Promise.all(this.loops);
    for (const c of this.clients) c.close();
  }
}

export interface PickupResult {
  heldPolls: number;
  samples: number;
  missed: number;
  ms: Percentiles;
}

/** Sequential samples: one task made ready at a time while `held` polls wait on the group. */
export async function measurePickup(o: {
  endpoint: string;
  pool: Pool;
  staged: Staged[];
  group: string;
  held: number;
  samples: number;
}): Promise<PickupResult> {
  const pending = new Map<string, (perfNow: number) => void>();
  const receivers = new Receivers(o.endpoint, o.group, o.held, (key, perfNow) => pending.get(key)?.(perfNow));
  const sample: number[] = [];
  let missed = 0;
  try {
    await sleep(1000); // every poll is held before the first sample
    for (let i = 0; i < o.samples && i < o.staged.length; i++) {
      const s = o.staged[i]!;
      while (receivers.outstanding < o.held) await sleep(1);
      await sleep(5 + Math.random() * 10);
      const arrived = new Promise<number | null>((resolve) => {
        const timer = setTimeout(() => (pending.delete(s.key), resolve(null)), 5000);
        pending.set(s.key, (t) => (clearTimeout(timer), pending.delete(s.key), resolve(t)));
      });
      const t0 = performance.now();
      await o.pool.query(
        `WITH moved AS (UPDATE tasks SET worker_group = $1 WHERE pk = $2 AND state = 'READY' RETURNING worker_group)
         SELECT pg_notify($3, worker_group) FROM moved`,
        [o.group, s.pk, TASK_CHANNEL],
      );
      const t = await arrived;
      if (t === null) missed++;
      else sample.push(t - t0);
    }
  } finally {
    await receivers.stop();
  }
  return { heldPolls: o.held, samples: sample.length, missed, ms: percentiles(sample) };
}

/** Tasks that become due by time: ready_at 1 s ahead, no NOTIFY; latency from ready_at to the response. */
export async function measureDuePickup(o: {
  endpoint: string;
  pool: Pool;
  staged: Staged[];
  group: string;
  held: number;
  samples: number;
}): Promise<PickupResult> {
  const due = new Map<string, number>();
  const sample: number[] = [];
  const arrivals = new Map<string, number>();
  const receivers = new Receivers(o.endpoint, o.group, o.held, (key, _perf, wall) => arrivals.set(key, wall));
  try {
    await sleep(1000);
    for (let i = 0; i < o.samples && i < o.staged.length; i++) {
      const s = o.staged[i]!;
      const r = await o.pool.query<{ due_ms: string }>(
        `UPDATE tasks SET worker_group = $1, ready_at = now() + interval '1 second' WHERE pk = $2 AND state = 'READY'
         RETURNING (extract(epoch FROM ready_at) * 1000)::bigint::text AS due_ms`,
        [o.group, s.pk],
      );
      if (r.rows[0]) due.set(s.key, Number(r.rows[0].due_ms));
      await sleep(40 + Math.random() * 40);
    }
    const deadline = Date.now() + 10_000;
    while (arrivals.size < due.size && Date.now() < deadline) await sleep(50);
  } finally {
    await receivers.stop();
  }
  for (const [key, dueAt] of due) {
    const at = arrivals.get(key);
    if (at !== undefined) sample.push(Math.max(0, at - dueAt));
  }
  return { heldPolls: o.held, samples: sample.length, missed: due.size - sample.length, ms: percentiles(sample) };
}
