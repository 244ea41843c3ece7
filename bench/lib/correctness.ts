// Correctness under load: many runner loops drain a large number of tasks while the bench
// aborts random polls mid-flight, forces random leases to expire, and keeps some hand-outs as
// "zombies" that come back with their stale taskId after the task was handed out again. Every
// hand-out and every answer is logged on the client side; afterwards the log and the database
// must agree that
//   - no attempt was handed out again while a lease on it was valid (an acknowledged hand-out is
//     never followed by another hand-out of the same attempt; an unacknowledged one only after its
//     ack timeout or a forced expiry),
//   - no stale taskId was accepted once the task had been handed out again,
//   - nothing was lost or finished twice: finished + failed instances = instances enqueued, every
//     FINISHED instance was finished by exactly one accepted SetTaskStatus, and the queue is empty.
// Used by `npm run bench` (100,000 tasks) and tests/integration/correctness-under-load.test.ts.
import { randomBytes } from "node:crypto";
import { Aborted, apiCall, createClient, TaskNotFound, type RunnerClient } from "./clients";
import { createPipelines } from "./feeder";
import type { ClientKind } from "./options";
import { benchPool } from "./postgres";
import { sleep } from "./stats";

/** The server for this run: short ack timeout and fast reaping, so aborts and forced expiries turn over quickly. */
export const CORRECTNESS_SERVER_ENV: Record<string, string> = {
  ACK_TIMEOUT_SECONDS: "2",
  DEFAULT_RETRY_DELAY_SECONDS: "0",
  LONG_POLL_SECONDS: "5",
  TICK_MS: "100",
};

export interface CorrectnessOptions {
  endpoint: string;
  databaseUrl: string;
  tasks: number;
  pollers: number;
  /** The server's ACK_TIMEOUT_SECONDS: an unacknowledged hand-out may go to someone else only after it. */
  ackTimeoutSeconds: number;
  abortRate?: number;
  zombieRate?: number;
  expireEveryMs?: number;
  /** Share of hand-outs whose lease the bench forces to expire (spread over rounds of expireEveryMs). */
  expireShare?: number;
  client?: ClientKind;
  timeoutS?: number;
  log?: (message: string) => void;
}

export interface CorrectnessReport {
  enqueued: number;
  activations: number;
  seconds: number;
  polls: number;
  handouts: number;
  abortedPolls: number;
  forcedExpiries: number;
  forcedExpiriesAcknowledged: number;
  zombies: number;
  zombiesTested: number;
  leasesLostByRunners: number;
  finishedInstances: number;
  failedInstances: number;
  otherInstances: number;
  finishedByClients: number;
  tasksLeft: number;
  lost: number;
  doubleAssignments: number;
  duplicateFinishes: number;
  staleAccepted: number;
  ok: boolean;
  violations: string[];
}

interface Handout {
  key: string;
  taskId: string;
  pollSentAt: number;
  receivedAt: number;
  /** Send times of calls the server accepted with this taskId. */
  accepted: { op: "ack" | "finish" | "stale-ack" | "stale-finish"; sentAt: number }[];
  finished: boolean;
}

const instanceOf = (key: string) => key.replace(/_Attempt=\d+$/, "");

export async function runCorrectness(o: CorrectnessOptions): Promise<CorrectnessReport> {
  const log = o.log ?? (() => undefined);
  const abortRate = o.abortRate ?? 0.05;
  const zombieRate = o.zombieRate ?? 0.02;
  const expireEveryMs = o.expireEveryMs ?? 100;
  const expireShare = o.expireShare ?? 0.03;
  const activities = Math.min(99, Math.max(1, o.tasks));
  const activations = Math.ceil(o.tasks / activities);
  const enqueued = activations * activities;
  const group = `ok-${randomBytes(4).toString("hex")}`;
  const pool = benchPool(o.databaseUrl, 3);

  const pipelineIds = await createPipelines(o.endpoint, {
    workerGroup: group,
    pipelines: Math.min(activations, 50),
    activities,
  });
  const byAttempt = new Map<string, Handout[]>();
  const forcedExpired = new Set<string>();
  const violations: string[] = [];
  let polls = 0;
  let abortedPolls = 0;
  let forcedAcked = 0;
  let zombies = 0;
  let zombiesTested = 0;
  let leasesLost = 0;
  let staleAccepted = 0;
  let stopped = false;
  const controllers = new Set<AbortController>();
  const zombieChecks: Promise<void>[] = [];
  const started = Date.now();

  // Enqueue: activations in the background, two at a time, while the runners drain.
  let activated = 0;
  const enqueue = (async () => {
    let next = 0;
    const worker = async () => {
      while (next < activations) {
        const i = next++;
        await apiCall(o.endpoint, "ActivatePipeline", { pipelineId: pipelineIds[i % pipelineIds.length] });
        activated++;
      }
    };
    await Promise.all([worker(), worker()]);
  })();

  // Forced lease expiries: the bench ages random live leases as if their runner had gone silent,
  // a fixed share of the hand-outs so the mix is the same at any throughput.
  let handoutCount = 0;
  const expirer = (async () => {
    let owed = 0;
    let seen = 0;
    while (!stopped) {
      for (const until = Date.now() + expireEveryMs; !stopped && Date.now() < until;)
        await sleep(Math.min(50, until - Date.now()));
      if (stopped) break;
      owed += (handoutCount - seen) * expireShare;
      seen = handoutCount;
      const n = Math.floor(owed);
      if (n === 0) continue;
      owed -= n;
      try {
        const r = await pool.query<{ task_id: string; acked: boolean }>(
          `UPDATE tasks SET lease_expires_at = now() - interval '1 second'
           WHERE pk IN (SELECT pk FROM tasks WHERE worker_group = $1 AND state = 'LEASED' ORDER BY random() LIMIT $2)
           RETURNING task_id, acked_at IS NOT NULL AS acked`,
          [group, n],
        );
        for (const row of r.rows) {
          forcedExpired.add(row.task_id);
          if (row.acked) forcedAcked++;
        }
      } catch {
        // a deadlock with a runner's call is possible and harmless: try again next round
      }
    }
  })();

  const zombie = (client: RunnerClient, h: Handout, index: number) =>
    (async () => {
      const deadline = Date.now() + o.ackTimeoutSeconds * 1000 + 60_000;
      // Handed out again (always before the queue drains), or the run ended without it (a timeout).
      while (Date.now() < deadline && !stopped && (byAttempt.get(h.key)?.length ?? 0) <= index + 1) await sleep(50);
      if ((byAttempt.get(h.key)?.length ?? 0) <= index + 1) return; // never handed out again (run ended)
      zombiesTested++;
      for (const op of ["stale-ack", "stale-finish"] as const) {
        const sentAt = performance.now();
        try {
          if (op === "stale-ack") await client.report(h.taskId);
          else await client.setStatus(h.taskId, "FINISHED");
          h.accepted.push({ op, sentAt });
          staleAccepted++;
          violations.push(`stale taskId accepted (${op}) for ${h.key} after it was handed out again`);
        } catch (err) {
          if (!(err instanceof TaskNotFound))
            violations.push(`stale ${op} for ${h.key}: unexpected ${(err as Error).message}`);
        }
      }
    })();

  const runner = async (client: RunnerClient) => {
    while (!stopped) {
      const ac = new AbortController();
      controllers.add(ac);
      const abortTimer = Math.random() < abortRate ? setTimeout(() => ac.abort(), Math.random() * 30) : null;
      const pollSentAt = performance.now();
      let task;
      polls++;
      try {
        task = await client.poll(group, ac.signal);
      } catch (err) {
        if (err instanceof Aborted) {
          if (!stopped) abortedPolls++;
          continue;
        }
        if (!stopped) violations.push(`poll failed: ${(err as Error).message}`);
        await sleep(50);
        continue;
      } finally {
        if (abortTimer) clearTimeout(abortTimer);
        controllers.delete(ac);
      }
      if (!task) continue;
      const key = `${task.pipelineId}/${task.attemptId}`;
      const h: Handout = {
        key,
        taskId: task.taskId,
        pollSentAt,
        receivedAt: performance.now(),
        accepted: [],
        finished: false,
      };
      const list = byAttempt.get(key) ?? [];
      list.push(h);
      handoutCount++;
      byAttempt.set(key, list);
      if (Math.random() < zombieRate) {
        zombies++;
        zombieChecks.push(zombie(client, h, list.length - 1));
        continue;
      }
      try {
        let sentAt = performance.now();
        await client.report(h.taskId);
        h.accepted.push({ op: "ack", sentAt });
        sentAt = performance.now();
        await client.setStatus(h.taskId, "FINISHED");
        h.accepted.push({ op: "finish", sentAt });
        h.finished = true;
      } catch (err) {
        if (err instanceof TaskNotFound) leasesLost++;
        else violations.push(`runner call failed for ${key}: ${(err as Error).message}`);
      }
    }
  };

  const clients = Array.from({ length: o.pollers }, () => createClient(o.client ?? "raw", o.endpoint));
  const runners = clients.map((c) => runner(c));

  // Done when every activation is in and the queue is empty (a retry is queued in the same
  // transaction that ends the failed attempt, so an empty queue means no work is left).
  const deadline = Date.now() + (o.timeoutS ?? 3600) * 1000;
  let lastLog = Date.now();
  for (;;) {
    await sleep(250);
    const left =
      (await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM tasks WHERE worker_group = $1`, [group])).rows[0]
        ?.n ?? 0;
    if (activated >= activations && left === 0) break;
    if (Date.now() > deadline) {
      violations.push(`did not drain within ${o.timeoutS ?? 3600} s (${left} tasks left)`);
      break;
    }
    if (Date.now() - lastLog > 10_000) {
      lastLog = Date.now();
      log(`correctness: ${activated}/${activations} activations, ${handoutCount} hand-outs, ${left} tasks queued`);
    }
  }
  await enqueue;
  stopped = true;
  for (const ac of controllers) ac.abort();
  await Promise.all(runners);
  await expirer;
  await Promise.all(zombieChecks);
  for (const c of clients) c.close();
  const seconds = (Date.now() - started) / 1000;

  // What the database says happened.
  const counts = await pool.query<{ status: string; n: number }>(
    `SELECT status, count(*)::int AS n FROM pipeline_objects WHERE pipeline_id = ANY($1::text[]) AND sphere = 'INSTANCE' GROUP BY status`,
    [pipelineIds],
  );
  const byStatus = new Map(counts.rows.map((r) => [r.status, r.n]));
  const finishedInstances = byStatus.get("FINISHED") ?? 0;
  const failedInstances = byStatus.get("FAILED") ?? 0;
  const otherInstances = [...byStatus.entries()]
    .filter(([s]) => s !== "FINISHED" && s !== "FAILED")
    .reduce((a, [, n]) => a + n, 0);
  const tasksLeft =
    (await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM tasks WHERE worker_group = $1`, [group])).rows[0]
      ?.n ?? 0;
  await pool.end();

  // What the clients saw.
  let doubleAssignments = 0;
  let duplicateFinishes = 0;
  const finishedBy = new Map<string, number>();
  let handouts = 0;
  for (const [key, list] of byAttempt) {
    handouts += list.length;
    const finishes = list.filter((h) => h.accepted.some((a) => a.op === "finish" || a.op === "stale-finish")).length;
    if (finishes > 1) {
      duplicateFinishes++;
      violations.push(`${key} was finished ${finishes} times`);
    }
    if (finishes > 0) finishedBy.set(instanceOf(key), (finishedBy.get(instanceOf(key)) ?? 0) + 1);
    for (let i = 0; i + 1 < list.length; i++) {
      const h = list[i]!;
      const next = list[i + 1]!;
      if (h.accepted.some((a) => a.op === "ack")) {
        doubleAssignments++;
        violations.push(`${key}: handed out again after its hand-out was acknowledged`);
      } else if (!forcedExpired.has(h.taskId) && next.receivedAt - h.pollSentAt < o.ackTimeoutSeconds * 1000 - 5) {
        doubleAssignments++;
        violations.push(
          `${key}: handed out again ${Math.round(next.receivedAt - h.pollSentAt)} ms after the previous hand-out, before its ack timeout`,
        );
      }
      const late = h.accepted.filter((a) => a.sentAt > next.receivedAt);
      if (late.length && !late.every((a) => a.op.startsWith("stale"))) {
        staleAccepted += late.length;
        violations.push(`${key}: a call with the previous taskId was accepted after the task was handed out again`);
      }
    }
  }
  for (const [instance, n] of finishedBy) {
    if (n > 1) {
      duplicateFinishes++;
      violations.push(`${instance} was finished by ${n} attempts`);
    }
  }
  const lost = enqueued - finishedInstances - failedInstances;
  if (lost !== 0) violations.push(`${lost} instances neither finished nor failed`);
  if (tasksLeft !== 0) violations.push(`${tasksLeft} tasks left in the queue`);
  if (finishedBy.size !== finishedInstances)
    violations.push(`${finishedBy.size} instances finished by runners, ${finishedInstances} FINISHED in the database`);
  const report: CorrectnessReport = {
    enqueued,
    activations,
    seconds: Math.round(seconds * 10) / 10,
    polls,
    handouts,
    abortedPolls,
    forcedExpiries: forcedExpired.size,
    forcedExpiriesAcknowledged: forcedAcked,
    zombies,
    zombiesTested,
    leasesLostByRunners: leasesLost,
    finishedInstances,
    failedInstances,
    otherInstances,
    finishedByClients: finishedBy.size,
    tasksLeft,
    lost,
    doubleAssignments,
    duplicateFinishes,
    staleAccepted,
    ok: false,
    violations: violations.slice(0, 50),
  };
  report.ok = violations.length === 0 && otherInstances === 0;
  return report;
}
