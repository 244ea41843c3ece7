// Where the bench's tasks come from: on-demand pipelines of up to 99 independent activities (100
// objects with Default), each activation queueing one task per activity through the product's own
// scheduler. A feeder re-activates them round robin to keep a backlog of ready tasks.
import type { Pool } from "pg";
import { apiCall } from "./clients";

export interface PipelineSetOptions {
  workerGroup: string;
  pipelines: number;
  activities: number;
  /** Extra Default fields (maximumRetries, retryDelay...). */
  defaults?: { key: string; stringValue: string }[];
  prefix?: string;
}

function definitionObjects(o: PipelineSetOptions) {
  return [
    {
      id: "Default",
      name: "Default",
      fields: [
        { key: "scheduleType", stringValue: "ondemand" },
        { key: "workerGroup", stringValue: o.workerGroup },
        ...(o.defaults ?? []),
      ],
    },
    ...Array.from({ length: o.activities }, (_, i) => ({
      id: `A${i}`,
      name: `A${i}`,
      fields: [
        { key: "type", stringValue: "ShellCommandActivity" },
        { key: "command", stringValue: "true" },
      ],
    })),
  ];
}

/** Creates and defines the pipelines (not activated). */
export async function createPipelines(endpoint: string, o: PipelineSetOptions): Promise<string[]> {
  const objects = definitionObjects(o);
  const ids: string[] = [];
  const prefix = o.prefix ?? o.workerGroup;
  for (let i = 0; i < o.pipelines; i++) {
    const name = `${prefix}-${i}`;
    const { pipelineId } = await apiCall<{ pipelineId: string }>(endpoint, "CreatePipeline", { name, uniqueId: name });
    const put = await apiCall<{ errored: boolean; validationErrors?: unknown[] }>(endpoint, "PutPipelineDefinition", {
      pipelineId,
      pipelineObjects: objects,
    });
    if (put.errored) throw new Error(`bench definition rejected: ${JSON.stringify(put.validationErrors)}`);
    ids.push(pipelineId);
  }
  return ids;
}

export async function readyCount(pool: Pool, workerGroup: string): Promise<number> {
  const r = await pool.query<{ n: number }>(
    `SELECT count(*)::int AS n FROM tasks WHERE worker_group = $1 AND state = 'READY'`,
    [workerGroup],
  );
  return r.rows[0]?.n ?? 0;
}

export interface Feeder {
  /** The fewest ready tasks seen since the last `resetMin` (0 means pollers may have run dry). */
  readonly minReady: number;
  resetMin(): void;
  setLow(n: number): void;
  /** Resolves once at least `n` tasks are ready. */
  fill(n: number, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Keeps at least `low` tasks ready in the worker group by activating the next pipeline whenever
 * the backlog falls below it (at most two activations in flight).
 */
export function startFeeder(
  endpoint: string,
  pool: Pool,
  pipelineIds: string[],
  o: { workerGroup: string; activities: number; low: number },
): Feeder {
  let stopped = false;
  let low = o.low;
  let minReady = Number.POSITIVE_INFINITY;
  let next = 0;
  let inFlight = 0;
  let lastReady = 0;
  const parallel = 2;
  const errors: string[] = [];
  const activate = async () => {
    const id = pipelineIds[next++ % pipelineIds.length]!;
    inFlight++;
    try {
      await apiCall(endpoint, "ActivatePipeline", { pipelineId: id });
    } catch (err) {
      errors.push((err as Error).message);
      if (errors.length > 20) stopped = true;
    } finally {
      inFlight--;
    }
  };
  const loop = (async () => {
    while (!stopped) {
      try {
        lastReady = await readyCount(pool, o.workerGroup);
        minReady = Math.min(minReady, lastReady);
      } catch {
        lastReady = 0;
      }
      // Each activation in flight is worth `activities` tasks that are not counted yet.
      let expected = lastReady + inFlight * o.activities;
      while (!stopped && expected < low && inFlight < parallel) {
        void activate();
        expected += o.activities;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  return {
    get minReady() {
      return minReady;
    },
    resetMin() {
      minReady = Number.POSITIVE_INFINITY;
    },
    setLow(n) {
      low = n;
    },
    async fill(n, timeoutMs = 600_000) {
      const deadline = Date.now() + timeoutMs;
      while (lastReady < n) {
        if (errors.length) throw new Error(`feeder: ${errors[0]}`);
        if (Date.now() > deadline) throw new Error(`feeder: backlog did not reach ${n} (at ${lastReady})`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    async stop() {
      stopped = true;
      await loop;
      while (inFlight > 0) await new Promise((r) => setTimeout(r, 20));
      if (errors.length) console.error(`feeder: ${errors.length} activation errors, first: ${errors[0]}`);
    },
  };
}
