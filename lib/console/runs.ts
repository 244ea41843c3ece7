// Runs for the console: the run selector (which run colours the Graph and Objects tabs), the run
// grid (runs as columns, objects as rows), and the latest failure a pipeline in ERROR lands on.
import "server-only";
import { z } from "zod";
import type { OperationContext } from "@/lib/operations/operation-context";
import { getObjectKind } from "@/lib/definition/object-types";
import {
  findLatestFailure,
  findRunInstances,
  findRuns,
  type RunInstanceRow,
  type RunRow,
} from "@/lib/store/console-runs";
import { getDefinitionVersion } from "@/lib/store/definitions";
import { getPipelineOrThrow } from "@/lib/store/pipelines";
import { withReader } from "@/lib/store/transaction";
import { typeOf } from "./component-summary";
import { ConsoleError } from "./errors";
import { ERROR_STATUSES, TERMINAL_STATUSES } from "@/lib/objects/statuses";
import { iso } from "./iso";

/** Instances read for one view at most: a run of thousands must not freeze the page. */
export const MAX_GRID_INSTANCES = 5000;

const PipelineId = z.string().min(1).max(1024);
const RunKey = z.string().datetime({ offset: true, message: "must be a run's scheduled start (ISO 8601)" });

export interface RunSummary {
  /** The run's scheduled start, ISO: its key in URLs. */
  key: string;
  scheduledStartTime: string;
  scheduledEndTime: string | null;
  instanceCount: number;
  counts: Record<string, number>;
  /** FAILED (something failed), RUNNING, WAITING (not done), CANCELED or FINISHED. */
  status: "FAILED" | "RUNNING" | "WAITING" | "CANCELED" | "FINISHED";
  actualStartTime: string | null;
  actualEndTime: string | null;
  /** From the first start to the last end, once nothing is left to run; null before. */
  durationMs: number | null;
}

/** Pure: a run's overall status from its instances' counts (unit-tested). */
export function runStatusOf(counts: Record<string, number>): RunSummary["status"] {
  const has = (pred: (s: string) => boolean) => Object.entries(counts).some(([s, n]) => n > 0 && pred(s));
  if (has((s) => ERROR_STATUSES.has(s))) return "FAILED";
  if (has((s) => s === "RUNNING")) return "RUNNING";
  if (has((s) => !TERMINAL_STATUSES.has(s))) return "WAITING";
  if (has((s) => s === "CANCELED")) return "CANCELED";
  return "FINISHED";
}

function summarise(r: RunRow): RunSummary {
  const status = runStatusOf(r.counts);
  const done = status !== "RUNNING" && status !== "WAITING";
  return {
    key: r.scheduledStartTime.toISOString(),
    scheduledStartTime: r.scheduledStartTime.toISOString(),
    scheduledEndTime: iso(r.scheduledEndTime),
    instanceCount: r.instances,
    counts: r.counts,
    status,
    actualStartTime: iso(r.actualStartTime),
    actualEndTime: iso(r.actualEndTime),
    durationMs:
      done && r.actualStartTime && r.actualEndTime ? r.actualEndTime.getTime() - r.actualStartTime.getTime() : null,
  };
}

export interface RunCell {
  instanceId: string;
  status: string;
  actualStartTime: string | null;
  actualEndTime: string | null;
  /** Ended: end - start; running: null (the view counts from actualStartTime). */
  durationMs: number | null;
  attempts: number;
  cascadeFailedOn: string | null;
  cancelRequested: boolean;
}

function cellOf(r: RunInstanceRow): RunCell {
  const ended = r.status !== null && TERMINAL_STATUSES.has(r.status);
  return {
    instanceId: r.objectId,
    status: r.status ?? "PENDING",
    actualStartTime: iso(r.actualStartTime),
    actualEndTime: iso(r.actualEndTime),
    durationMs:
      ended && r.actualStartTime && r.actualEndTime ? r.actualEndTime.getTime() - r.actualStartTime.getTime() : null,
    attempts: r.attemptNumber ?? 0,
    cascadeFailedOn: r.cascadeFailedOn,
    cancelRequested: r.cancelRequested,
  };
}

// ---- Run selector and run status (Graph / Objects colouring) ----

export const ListRunsInput = z.object({
  pipelineId: PipelineId,
  before: RunKey.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type ListRunsInput = z.infer<typeof ListRunsInput>;

export interface RunsPage {
  runs: RunSummary[];
  /** Pass as `before` for older runs; null at the first run. */
  nextBefore: string | null;
}

export async function listRunsForConsole(input: ListRunsInput, ctx: OperationContext): Promise<RunsPage> {
  return withReader(async (tx) => {
    const p = await getPipelineOrThrow(tx, ctx.accountId, input.pipelineId);
    const rows = await findRuns(tx, p.id, { before: input.before ? new Date(input.before) : null, limit: input.limit });
    const page = rows.slice(0, input.limit);
    return {
      runs: page.map(summarise),
      nextBefore: rows.length > input.limit ? (page.at(-1)?.scheduledStartTime.toISOString() ?? null) : null,
    };
  });
}

export const GetRunStatusInput = z.object({
  pipelineId: PipelineId,
  /** A run's key, or `latest` (the default). */
  run: z.union([z.literal("latest"), RunKey]).default("latest"),
});
export type GetRunStatusInput = z.infer<typeof GetRunStatusInput>;

export interface RunStatusView {
  /** Null when the pipeline has no run yet. */
  run: RunSummary | null;
  /** The instance of each component in this run. */
  byComponent: Record<string, RunCell>;
  /** The pipeline's most recent failure, whichever run it is in (what a pipeline in ERROR lands on). */
  latestFailure: {
    instanceId: string;
    componentId: string | null;
    status: string;
    runKey: string | null;
    actualEndTime: string | null;
    errorMessage: string | null;
  } | null;
}

export async function getRunStatusForConsole(input: GetRunStatusInput, ctx: OperationContext): Promise<RunStatusView> {
  return withReader(async (tx) => {
    const p = await getPipelineOrThrow(tx, ctx.accountId, input.pipelineId);
    const [runs, failure] = await Promise.all([
      input.run === "latest"
        ? findRuns(tx, p.id, { before: null, limit: 1 })
        : findRuns(tx, p.id, { before: new Date(new Date(input.run).getTime() + 1), limit: 1 }),
      findLatestFailure(tx, p.id),
    ]);
    const row = runs[0];
    if (input.run !== "latest" && (!row || row.scheduledStartTime.getTime() !== new Date(input.run).getTime())) {
      throw new ConsoleError("NOT_FOUND", `Pipeline ${p.id} has no run scheduled at ${input.run}`);
    }
    const instances = row ? await findRunInstances(tx, p.id, [row.scheduledStartTime], MAX_GRID_INSTANCES) : [];
    const byComponent: Record<string, RunCell> = {};
    for (const i of instances) if (i.componentId) byComponent[i.componentId] = cellOf(i);
    return {
      run: row ? summarise(row) : null,
      byComponent,
      latestFailure: failure
        ? {
            instanceId: failure.objectId,
            componentId: failure.componentId,
            status: failure.status,
            runKey: iso(failure.scheduledStartTime),
            actualEndTime: iso(failure.actualEndTime),
            errorMessage: failure.errorMessage,
          }
        : null,
    };
  });
}

// ---- Run grid ----

export const GetRunGridInput = z.object({
  pipelineId: PipelineId,
  before: RunKey.optional(),
  limit: z.coerce.number().int().min(1).max(60).default(20),
});
export type GetRunGridInput = z.infer<typeof GetRunGridInput>;

export interface RunGridRow {
  componentId: string;
  name: string;
  type: string | null;
  /** activity, dataNode, precondition... (null for objects the latest definition no longer has). */
  kind: string | null;
}

export interface RunGrid {
  /** Newest first. */
  runs: RunSummary[];
  nextBefore: string | null;
  rows: RunGridRow[];
  /** cells[componentId][runKey]. */
  cells: Record<string, Record<string, RunCell>>;
  /** True when the runs shown hold more instances than one view reads. */
  truncated: boolean;
}

export async function getRunGridForConsole(input: GetRunGridInput, ctx: OperationContext): Promise<RunGrid> {
  return withReader(async (tx) => {
    const p = await getPipelineOrThrow(tx, ctx.accountId, input.pipelineId);
    const rows = await findRuns(tx, p.id, { before: input.before ? new Date(input.before) : null, limit: input.limit });
    const page = rows.slice(0, input.limit);
    const [instances, def] = await Promise.all([
      findRunInstances(
        tx,
        p.id,
        page.map((r) => r.scheduledStartTime),
        MAX_GRID_INSTANCES + 1,
      ),
      p.activeVersion !== null
        ? getDefinitionVersion(tx, p.id, p.activeVersion)
        : p.latestVersion !== null
          ? getDefinitionVersion(tx, p.id, p.latestVersion)
          : Promise.resolve(null),
    ]);
    const cells: Record<string, Record<string, RunCell>> = {};
    for (const i of instances.slice(0, MAX_GRID_INSTANCES)) {
      if (!i.componentId) continue;
      (cells[i.componentId] ??= {})[i.scheduledStartTime.toISOString()] = cellOf(i);
    }
    // Rows in definition order (chains stay together as they were written), then objects only older runs had.
    const known = new Map((def?.objects ?? []).map((o, n) => [o.id, { o, n }]));
    const gridRows: RunGridRow[] = Object.keys(cells)
      .sort((a, b) => (known.get(a)?.n ?? Infinity) - (known.get(b)?.n ?? Infinity) || a.localeCompare(b))
      .map((id) => {
        const o = known.get(id)?.o;
        const type = o ? typeOf(o) : null;
        return { componentId: id, name: o?.name ?? id, type, kind: getObjectKind(type ?? undefined) ?? null };
      });
    return {
      runs: page.map(summarise),
      nextBefore: rows.length > input.limit ? (page.at(-1)?.scheduledStartTime.toISOString() ?? null) : null,
      rows: gridRows,
      cells,
      truncated: instances.length > MAX_GRID_INSTANCES,
    };
  });
}
