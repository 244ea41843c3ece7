// The raw SQL floor: the statements the server runs for one cycle (claim, acknowledge, finish:
// lib/store/tasks.ts, called exactly as the operations call them) run directly with node-postgres
// by N concurrent loops, with no HTTP, Next.js or JSON in between. Tasks are queued beforehand
// through ActivatePipeline (the server's enqueue), so the floor covers the drain only.
import { randomBytes } from "node:crypto";
import type { Pool } from "pg";
import { claimTasks, finishLeafTasks, renewLeases } from "../../lib/store/tasks";
import { apiCall } from "./clients";
import { createPipelines, readyCount } from "./feeder";
import { benchPool } from "./postgres";
import { percentiles, sleep, type Percentiles } from "./stats";

// The bench's pipelines belong to the root key's account: the server's default account.
const ACCOUNT = process.env.ACCOUNT_ID ?? "000000000000";

export interface FloorResult {
  tasks: number;
  clients: number;
  seconds: number;
  cyclesPerSecond: number;
  statementMs: Record<"claim" | "ack" | "finish", Percentiles>;
}

export async function runFloor(o: {
  endpoint: string;
  pool: Pool;
  databaseUrl: string;
  tasks: number;
  clients: number;
}): Promise<FloorResult> {
  const group = "floor";
  const activations = Math.ceil(o.tasks / 99);
  const ids = await createPipelines(o.endpoint, {
    workerGroup: group,
    pipelines: Math.min(activations, 50),
    activities: 99,
    prefix: "floor",
  });
  for (let i = 0; i < activations; i++)
    await apiCall(o.endpoint, "ActivatePipeline", { pipelineId: ids[i % ids.length] });
  const total = activations * 99;
  while ((await readyCount(o.pool, group)) < total) await sleep(200);
  await o.pool.query("CHECKPOINT").catch(() => undefined);

  const pool = benchPool(o.databaseUrl, o.clients);
  const ms: Record<"claim" | "ack" | "finish", number[]> = { claim: [], ack: [], finish: [] };
  let done = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: o.clients }, async () => {
      for (;;) {
        let t0 = performance.now();
        const [task] = await claimTasks(
          pool,
          ACCOUNT,
          group,
          [{ taskId: randomBytes(32).toString("base64url"), hostname: "floor-host" }],
          120,
        );
        ms.claim.push(performance.now() - t0);
        if (!task) return;
        t0 = performance.now();
        const acked = await renewLeases(pool, ACCOUNT, [task.taskId], 900, new Date());
        ms.ack.push(performance.now() - t0);
        t0 = performance.now();
        const finished = await finishLeafTasks(pool, ACCOUNT, [task.taskId], new Date());
        ms.finish.push(performance.now() - t0);
        if (!acked.has(task.taskId) || !finished.has(task.taskId))
          throw new Error(`floor: task ${task.attemptId} was not acknowledged and finished`);
        done++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  await pool.end();
  return {
    tasks: done,
    clients: o.clients,
    seconds: Math.round(seconds * 100) / 100,
    cyclesPerSecond: Math.round(done / seconds),
    statementMs: { claim: percentiles(ms.claim), ack: percentiles(ms.ack), finish: percentiles(ms.finish) },
  };
}
