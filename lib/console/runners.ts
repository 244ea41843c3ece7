// The Runners page: every task runner that sent a heartbeat, by worker group, with the work leased
// to its host right now; hosts holding leases without ever heartbeating are listed too. And the
// Terminate button: the runner's next heartbeat answers `terminate: true`.
import "server-only";
import { z } from "zod";
import type { OperationContext } from "@/lib/operations/operation-context";
import { requestRunnerTermination } from "@/lib/console/request-runner-termination";
import { findAccountPipelineNames } from "@/lib/store/console-runners";
import { findLeasedTasks } from "@/lib/store/tasks";
import { findTaskRunners } from "@/lib/store/task-runners";
import { withReader } from "@/lib/store/transaction";
import { iso } from "./iso";

/** Runners heartbeat every 15 minutes (https://docs.aws.amazon.com/datapipeline/latest/APIReference/API_ReportTaskRunnerHeartbeat.html); one is stale once a beat is this late. */
export const HEARTBEAT_PERIOD_SECONDS = 15 * 60;
export const STALE_AFTER_SECONDS = HEARTBEAT_PERIOD_SECONDS + 5 * 60;

export const ListRunnersInput = z.object({});
export type ListRunnersInput = z.infer<typeof ListRunnersInput>;

export interface RunnerLease {
  pipelineId: string;
  pipelineName: string;
  instanceId: string;
  attemptId: string;
  leasedAt: string | null;
  ackedAt: string | null;
  lastProgressAt: string | null;
  cancelRequested: boolean;
}

export interface RunnerView {
  /** Null for a host that holds leases but never sent a heartbeat (runners are not required to). */
  taskrunnerId: string | null;
  hostname: string | null;
  firstSeenAt: string | null;
  lastHeartbeatAt: string | null;
  stale: boolean;
  terminateRequested: boolean;
  leases: RunnerLease[];
}

export interface WorkerGroupView {
  /** Null for runners that sent no worker group with their heartbeat. */
  workerGroup: string | null;
  runners: RunnerView[];
}

export interface RunnersPage {
  /** The server's clock when this was read, for "n minutes ago" without trusting the browser's clock. */
  now: string;
  staleAfterSeconds: number;
  groups: WorkerGroupView[];
}

const hostKey = (group: string | null, host: string | null) => JSON.stringify([group, host]);

export async function listRunnersForConsole(_input: ListRunnersInput, ctx: OperationContext): Promise<RunnersPage> {
  return withReader(async (tx) => {
    const [runners, leased] = await Promise.all([
      findTaskRunners(tx, ctx.accountId),
      findLeasedTasks(tx, ctx.accountId),
    ]);
    const names = await findAccountPipelineNames(
      tx,
      ctx.accountId,
      leased.map((t) => t.pipelineId),
    );
    const now = new Date();
    const groups = new Map<string | null, RunnerView[]>();
    const byHost = new Map<string, RunnerView>();
    const group = (wg: string | null) => {
      let list = groups.get(wg);
      if (!list) groups.set(wg, (list = []));
      return list;
    };

    // findTaskRunners lists the latest heartbeat of a group first: a host's leases go to its newest runner.
    for (const r of runners) {
      const view: RunnerView = {
        taskrunnerId: r.taskrunnerId,
        hostname: r.hostname,
        firstSeenAt: iso(r.firstSeenAt),
        lastHeartbeatAt: iso(r.lastHeartbeatAt),
        stale: now.getTime() - r.lastHeartbeatAt.getTime() > STALE_AFTER_SECONDS * 1000,
        terminateRequested: r.terminateRequested,
        leases: [],
      };
      group(r.workerGroup).push(view);
      const key = hostKey(r.workerGroup, r.hostname);
      if (!byHost.has(key)) byHost.set(key, view);
    }
    for (const t of leased) {
      const pipelineName = names.get(t.pipelineId);
      if (pipelineName === undefined) continue; // another account's pipeline, or deleted
      const lease: RunnerLease = {
        pipelineId: t.pipelineId,
        pipelineName,
        instanceId: t.instanceId,
        attemptId: t.attemptId,
        leasedAt: iso(t.leasedAt),
        ackedAt: iso(t.ackedAt),
        lastProgressAt: iso(t.lastProgressAt),
        cancelRequested: t.cancelRequested,
      };
      const key = hostKey(t.workerGroup, t.hostname);
      let owner = byHost.get(key);
      if (!owner) {
        owner = {
          taskrunnerId: null,
          hostname: t.hostname,
          firstSeenAt: null,
          lastHeartbeatAt: null,
          stale: false,
          terminateRequested: false,
          leases: [],
        };
        byHost.set(key, owner);
        group(t.workerGroup).push(owner);
      }
      owner.leases.push(lease);
    }
    return {
      now: now.toISOString(),
      staleAfterSeconds: STALE_AFTER_SECONDS,
      groups: [...groups.entries()]
        .sort(([a], [b]) => (a === null ? 1 : b === null ? -1 : a.localeCompare(b)))
        .map(([workerGroup, list]) => ({ workerGroup, runners: list })),
    };
  });
}

export const TerminateRunnerInput = z.object({
  taskrunnerId: z.string().min(1).max(1024),
  /** false withdraws an earlier request. */
  terminate: z.boolean().default(true),
});
export type TerminateRunnerInput = z.infer<typeof TerminateRunnerInput>;

export async function terminateRunnerForConsole(
  input: TerminateRunnerInput,
  ctx: OperationContext,
): Promise<{ taskrunnerId: string; terminate: boolean }> {
  return requestRunnerTermination({ taskrunnerId: input.taskrunnerId, terminate: input.terminate }, ctx);
}
