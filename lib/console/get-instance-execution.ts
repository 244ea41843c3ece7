// The instance page's execution view: the run's times and progress, every attempt with its lease
// and error, the instances it waits on and those that need it, and which operator actions apply.
import "server-only";
import { z } from "zod";
import { attemptIdOf } from "@/lib/objects/present-runtime";
import { runtimeFactsOf } from "@/lib/objects/runtime-row";
import type { OperationContext } from "@/lib/operations/operation-context";
import type { Field } from "@/lib/protocol/types";
import { findLinkedInstances, findTasksOfInstances, type AttemptTaskRow } from "@/lib/store/console-executions";
import type { ObjectRow } from "@/lib/store/objects";
import { getPipelineOrThrow } from "@/lib/store/pipelines";
import {
  findAttemptsOfInstance,
  findDependenciesOf,
  findDependentsOf,
  findRuntimeObjects,
} from "@/lib/store/runtime-objects";
import { withReader } from "@/lib/store/transaction";
import { LOG_TAIL_KEYS } from "@/lib/runner/log-tail-keys";
import { objectNotFound } from "./errors";
import { alreadyDoneFor } from "@/lib/objects/statuses";
import { iso } from "./iso";

export const GetInstanceExecutionInput = z.object({
  pipelineId: z.string().min(1).max(1024),
  instanceId: z.string().min(1).max(1024),
});
export type GetInstanceExecutionInput = z.infer<typeof GetInstanceExecutionInput>;

export interface ErrorView {
  errorId: string | null;
  errorMessage: string | null;
  errorStackTrace: string | null;
}

/** An attempt's row in the task queue: waiting for a runner, or handed out to one. */
export interface LeaseView {
  state: string;
  workerGroup: string;
  hostname: string | null;
  readyAt: string;
  leasedAt: string | null;
  ackedAt: string | null;
  lastProgressAt: string | null;
  leaseExpiresAt: string | null;
  handouts: number;
  cancelRequested: boolean;
}

export interface ReportedField {
  key: string;
  value: string;
}

/** What the runner sent of the task's output (lib/runner/log-tails.ts: ReportTaskProgress fields). */
export interface AttemptLogs {
  stdoutTail: string | null;
  stderrTail: string | null;
  /** Where the runner wrote the full output, on its host. */
  stdoutPath: string | null;
  stderrPath: string | null;
}

export interface AttemptView {
  id: string;
  attemptNumber: number | null;
  status: string;
  hostname: string | null;
  actualStartTime: string | null;
  actualEndTime: string | null;
  reportProgressTime: string | null;
  /** Fields the runner sent with ReportTaskProgress (percentComplete, attemptStatus...). */
  reportedFields: ReportedField[];
  /** Null when the runner sent no output tails. */
  logs: AttemptLogs | null;
  error: ErrorView | null;
  lease: LeaseView | null;
}

export interface LinkedInstanceView {
  id: string;
  componentId: string | null;
  status: string;
  /** How the two are linked: dependsOn, precondition, input... */
  kind: string;
  /** For dependencies: true while this one still holds the instance back (@waitingOn). */
  blocking: boolean;
}

export type ActionAvailability = { allowed: true } | { allowed: false; reason: string };

export interface InstanceExecution {
  pipelineId: string;
  pipelineState: string;
  id: string;
  componentId: string | null;
  status: string;
  scheduledStartTime: string | null;
  scheduledEndTime: string | null;
  actualStartTime: string | null;
  actualEndTime: string | null;
  attemptCount: number;
  triesLeft: number | null;
  headAttemptId: string | null;
  hostname: string | null;
  reportProgressTime: string | null;
  cascadeFailedOn: string | null;
  markedFinished: boolean;
  /** A cancel was requested while a runner held the work: its next ReportTaskProgress answers `canceled: true`. */
  cancelRequested: boolean;
  /** The most recent error: the instance's own, with the stack of the attempt that raised it when there is one. */
  lastError: (ErrorView & { attemptId: string | null }) | null;
  /** Newest first. */
  attempts: AttemptView[];
  waitingOn: LinkedInstanceView[];
  neededBy: LinkedInstanceView[];
  actions: { rerun: ActionAvailability; cancel: ActionAvailability; markFinished: ActionAvailability };
}

function errorOf(r: {
  errorId: string | null;
  errorMessage: string | null;
  errorStackTrace: string | null;
}): ErrorView | null {
  return r.errorId || r.errorMessage || r.errorStackTrace
    ? { errorId: r.errorId, errorMessage: r.errorMessage, errorStackTrace: r.errorStackTrace }
    : null;
}

function leaseOf(t: AttemptTaskRow | undefined): LeaseView | null {
  if (!t) return null;
  return {
    state: t.state,
    workerGroup: t.workerGroup,
    hostname: t.hostname,
    readyAt: t.readyAt.toISOString(),
    leasedAt: iso(t.leasedAt),
    ackedAt: iso(t.ackedAt),
    lastProgressAt: iso(t.lastProgressAt),
    leaseExpiresAt: iso(t.leaseExpiresAt),
    handouts: t.handouts,
    cancelRequested: t.cancelRequested,
  };
}

const LOG_KEYS = new Set(Object.values(LOG_TAIL_KEYS) as string[]);

const stringFields = (fields: Field[]): ReportedField[] =>
  fields
    .filter((f) => !f.key.startsWith("@") && !LOG_KEYS.has(f.key) && f.stringValue !== undefined)
    .map((f) => ({ key: f.key, value: f.stringValue ?? "" }));

function logsOf(fields: Field[]): AttemptLogs | null {
  const get = (key: string) => fields.find((f) => f.key === key)?.stringValue ?? null;
  const logs = {
    stdoutTail: get(LOG_TAIL_KEYS.stdout),
    stderrTail: get(LOG_TAIL_KEYS.stderr),
    stdoutPath: get(LOG_TAIL_KEYS.stdoutPath),
    stderrPath: get(LOG_TAIL_KEYS.stderrPath),
  };
  return Object.values(logs).some((v) => v !== null) ? logs : null;
}

function attemptView(row: ObjectRow, task: AttemptTaskRow | undefined): AttemptView {
  const facts = runtimeFactsOf(row);
  return {
    id: row.objectId,
    attemptNumber: row.attemptNumber,
    status: row.status ?? "PENDING",
    hostname: row.hostname ?? task?.hostname ?? null,
    actualStartTime: iso(row.actualStartTime),
    actualEndTime: iso(row.actualEndTime),
    reportProgressTime: iso(row.reportedProgressAt),
    reportedFields: stringFields(facts.extra),
    logs: logsOf(facts.extra),
    // A cancelled attempt did not fail: its reason is among the reported fields (cancellationReason).
    error: row.status === "CANCELED" ? null : errorOf(row),
    lease: leaseOf(task),
  };
}

function availability(pipelineState: string, status: string, cancelRequested: boolean): InstanceExecution["actions"] {
  const blocked: ActionAvailability | null =
    pipelineState === "FINISHED"
      ? { allowed: false, reason: "The pipeline is FINISHED; its instances can no longer change" }
      : pipelineState === "PENDING"
        ? { allowed: false, reason: "The pipeline has not been activated" }
        : null;
  if (blocked) return { rerun: blocked, cancel: blocked, markFinished: blocked };
  return {
    // Rerun stays available: the server says why it refuses (e.g. the instance is still running), and the preview shows it.
    rerun: { allowed: true },
    cancel: alreadyDoneFor("TRY_CANCEL", status)
      ? { allowed: false, reason: `The instance is already ${status}` }
      : cancelRequested
        ? { allowed: false, reason: "A cancel was already requested; the runner hears it on its next progress report" }
        : { allowed: true },
    markFinished: alreadyDoneFor("MARK_FINISHED", status)
      ? { allowed: false, reason: `The instance is already ${status}` }
      : { allowed: true },
  };
}

export async function getInstanceExecution(
  input: GetInstanceExecutionInput,
  ctx: OperationContext,
): Promise<InstanceExecution> {
  return withReader(async (tx) => {
    const pipeline = await getPipelineOrThrow(tx, ctx.accountId, input.pipelineId);
    const [row] = (await findRuntimeObjects(tx, pipeline.id, [input.instanceId])).filter(
      (r) => r.sphere === "INSTANCE",
    );
    if (!row) throw objectNotFound(pipeline.id, input.instanceId);

    const [attempts, tasks, dependencies, dependents] = await Promise.all([
      findAttemptsOfInstance(tx, pipeline.id, row.objectId),
      findTasksOfInstances(tx, pipeline.id, [row.objectId]),
      findDependenciesOf(tx, pipeline.id, [row.objectId]),
      findDependentsOf(tx, pipeline.id, [row.objectId]),
    ]);
    const linked = await findLinkedInstances(tx, pipeline.id, [
      ...dependencies.map((e) => e.dependsOnId),
      ...dependents.map((e) => e.instanceId),
    ]);
    const statusOf = new Map(linked.map((l) => [l.objectId, l]));
    const facts = runtimeFactsOf(row);
    const waitingOnIds = new Set(
      facts.extra.filter((f) => f.key === "@waitingOn" && f.refValue).map((f) => f.refValue),
    );
    const triesLeft = facts.extra.find((f) => f.key === "@triesLeft")?.stringValue;
    const taskOf = new Map(tasks.map((t) => [t.attemptId, t]));
    const attemptViews = attempts.map((a) => attemptView(a, taskOf.get(a.objectId))).reverse();
    const cancelRequested = tasks.some((t) => t.cancelRequested);
    const status = row.status ?? "PENDING";

    // The attempt that raised the latest error carries the stack trace; the instance keeps only id and message.
    const erroredAttempt = attemptViews.find((a) => a.error !== null);
    const ownError = errorOf(row);
    const lastError = erroredAttempt?.error
      ? { ...erroredAttempt.error, attemptId: erroredAttempt.id }
      : ownError
        ? { ...ownError, attemptId: null }
        : null;

    const link = (id: string, kind: string, blocking: boolean): LinkedInstanceView => ({
      id,
      componentId: statusOf.get(id)?.componentId ?? null,
      status: statusOf.get(id)?.status ?? "PENDING",
      kind,
      blocking,
    });

    return {
      pipelineId: pipeline.id,
      pipelineState: pipeline.state,
      id: row.objectId,
      componentId: row.componentId,
      status,
      scheduledStartTime: iso(row.scheduledStartTime),
      scheduledEndTime: iso(row.scheduledEndTime),
      actualStartTime: iso(row.actualStartTime),
      actualEndTime: iso(row.actualEndTime),
      attemptCount: Math.max(attempts.length, row.attemptNumber ?? 0),
      triesLeft: triesLeft !== undefined && /^\d+$/.test(triesLeft) ? Number(triesLeft) : null,
      headAttemptId: row.attemptNumber ? attemptIdOf(row.objectId, row.attemptNumber) : null,
      hostname: row.hostname ?? attemptViews[0]?.hostname ?? null,
      reportProgressTime: iso(row.reportedProgressAt) ?? attemptViews[0]?.reportProgressTime ?? null,
      cascadeFailedOn: row.cascadeFailedOn,
      markedFinished: facts.extra.some((f) => f.key === "@markedFinished" && f.stringValue === "true"),
      cancelRequested,
      lastError,
      attempts: attemptViews,
      waitingOn: dependencies.map((e) => link(e.dependsOnId, e.kind, waitingOnIds.has(e.dependsOnId))),
      neededBy: dependents.map((e) => link(e.instanceId, e.kind, false)),
      actions: availability(pipeline.state, status, cancelRequested),
    };
  });
}
