// The Worker groups page (and the panel on the instance page): per group, the work waiting and
// running, the age of the oldest ready task, every host seen polling it (PollForTask, recorded
// throttled) or heartbeating, leases whose progress went quiet, and a warning when work waits on a
// group no runner has polled, never or not for a while.
import "server-only";
import { z } from "zod";
import type { OperationContext } from "@/lib/operations/operation-context";
import { POLL_SIGHTING_INTERVAL_MS } from "@/lib/scheduler/poll-sightings";
import { findAccountPipelineNames } from "@/lib/store/console-runners";
import { findLeasedTasks } from "@/lib/store/tasks";
import { findTaskRunners } from "@/lib/store/task-runners";
import { withReader } from "@/lib/store/transaction";
import { findPollSightings, queueStatsByGroup } from "@/lib/store/worker-groups";
import { iso } from "./iso";

/** Work waits and nobody polled the group for this long: warn. A live idle runner re-polls at least every LONG_POLL_SECONDS (90 s by default). */
export const QUIET_AFTER_SECONDS = 5 * 60;
/** The reference runner reports progress every 60 s; a lease silent for three periods is flagged. */
export const STALE_PROGRESS_AFTER_SECONDS = 3 * 60;

export const ListWorkerGroupsInput = z.object({
  /** Only this group (the instance page's panel). */
  workerGroup: z.string().min(1).max(1024).optional(),
});
export type ListWorkerGroupsInput = z.infer<typeof ListWorkerGroupsInput>;

export interface WorkerGroupHost {
  /** Null when the runner sent no hostname. */
  hostname: string | null;
  lastPollAt: string | null;
  firstPollAt: string | null;
  taskrunnerIds: string[];
  lastHeartbeatAt: string | null;
  /** Leases held by this host right now. */
  running: number;
}

export interface StaleLease {
  pipelineId: string;
  pipelineName: string;
  instanceId: string;
  attemptId: string;
  hostname: string | null;
  /** Last progress report, or the hand-out when none came yet. */
  lastSignAt: string;
  cancelRequested: boolean;
}

export interface WorkerGroupWarning {
  kind: "never-polled" | "quiet";
  message: string;
}

export interface WorkerGroupSummary {
  workerGroup: string;
  ready: number;
  /** Ready later: retries waiting out their retryDelay. */
  scheduled: number;
  paused: number;
  running: number;
  oldestReadyAt: string | null;
  lastPollAt: string | null;
  hosts: WorkerGroupHost[];
  staleLeases: StaleLease[];
  warning: WorkerGroupWarning | null;
}

export interface WorkerGroupsPage {
  /** The server's clock, for ages that do not trust the browser's clock. */
  now: string;
  pollAccuracySeconds: number;
  quietAfterSeconds: number;
  staleProgressAfterSeconds: number;
  groups: WorkerGroupSummary[];
}

const minutes = (ms: number) => `${Math.max(1, Math.round(ms / 60_000))} min`;

/** Pure: the warning for a group, if work waits and nobody has been polling (unit-tested). */
export function warningFor(
  g: { workerGroup: string; ready: number; oldestReadyAt: Date | null; lastPollAt: Date | null },
  now: Date,
): WorkerGroupWarning | null {
  if (g.ready === 0) return null;
  const waiting = `${g.ready} task${g.ready === 1 ? "" : "s"} ${g.ready === 1 ? "waits" : "wait"}${g.oldestReadyAt ? ` (the oldest for ${minutes(now.getTime() - g.oldestReadyAt.getTime())})` : ""}`;
  if (!g.lastPollAt) {
    return {
      kind: "never-polled",
      message: `No runner has ever polled worker group ${g.workerGroup}: ${waiting}. Start a task runner with --worker-group ${g.workerGroup}, or check the workerGroup the pipeline sets.`,
    };
  }
  const quietMs = now.getTime() - g.lastPollAt.getTime();
  if (quietMs > QUIET_AFTER_SECONDS * 1000) {
    return {
      kind: "quiet",
      message: `No runner has polled worker group ${g.workerGroup} for ${minutes(quietMs)}: ${waiting}. Its runners are busy or gone.`,
    };
  }
  return null;
}

export async function listWorkerGroupsForConsole(
  input: ListWorkerGroupsInput,
  ctx: OperationContext,
): Promise<WorkerGroupsPage> {
  return withReader(async (tx) => {
    const only = input.workerGroup ? [input.workerGroup] : undefined;
    const [stats, sightings, runners, leased] = await Promise.all([
      queueStatsByGroup(tx, ctx.accountId, only),
      findPollSightings(tx, ctx.accountId, only),
      findTaskRunners(tx, ctx.accountId),
      findLeasedTasks(tx, ctx.accountId, only),
    ]);
    const names = await findAccountPipelineNames(
      tx,
      ctx.accountId,
      leased.map((t) => t.pipelineId),
    );
    const now = new Date();
    const groups = new Map<
      string,
      { stats?: (typeof stats)[number]; hosts: Map<string, WorkerGroupHost>; stale: StaleLease[] }
    >();
    const group = (name: string) => {
      let g = groups.get(name);
      if (!g) groups.set(name, (g = { hosts: new Map(), stale: [] }));
      return g;
    };
    const host = (g: ReturnType<typeof group>, hostname: string | null) => {
      const key = hostname ?? "";
      let h = g.hosts.get(key);
      if (!h)
        g.hosts.set(
          key,
          (h = {
            hostname: hostname || null,
            lastPollAt: null,
            firstPollAt: null,
            taskrunnerIds: [],
            lastHeartbeatAt: null,
            running: 0,
          }),
        );
      return h;
    };
    for (const s of stats) group(s.workerGroup).stats = s;
    for (const s of sightings) {
      const h = host(group(s.workerGroup), s.hostname);
      h.lastPollAt = s.lastPollAt.toISOString();
      h.firstPollAt = s.firstPollAt.toISOString();
    }
    for (const r of runners) {
      if (!r.workerGroup || (only && !only.includes(r.workerGroup))) continue;
      const h = host(group(r.workerGroup), r.hostname);
      h.taskrunnerIds.push(r.taskrunnerId);
      if (!h.lastHeartbeatAt || r.lastHeartbeatAt.toISOString() > h.lastHeartbeatAt)
        h.lastHeartbeatAt = r.lastHeartbeatAt.toISOString();
    }
    for (const t of leased) {
      const g = group(t.workerGroup);
      host(g, t.hostname).running += 1;
      const lastSign = t.lastProgressAt ?? t.ackedAt ?? t.leasedAt;
      const pipelineName = names.get(t.pipelineId);
      if (
        lastSign &&
        pipelineName !== undefined &&
        now.getTime() - lastSign.getTime() > STALE_PROGRESS_AFTER_SECONDS * 1000
      ) {
        g.stale.push({
          pipelineId: t.pipelineId,
          pipelineName,
          instanceId: t.instanceId,
          attemptId: t.attemptId,
          hostname: t.hostname,
          lastSignAt: lastSign.toISOString(),
          cancelRequested: t.cancelRequested,
        });
      }
    }
    const summaries: WorkerGroupSummary[] = [...groups.entries()].map(([workerGroup, g]) => {
      const hosts = [...g.hosts.values()].sort((a, b) =>
        (b.lastPollAt ?? b.lastHeartbeatAt ?? "").localeCompare(a.lastPollAt ?? a.lastHeartbeatAt ?? ""),
      );
      const lastPoll = hosts.reduce<string | null>(
        (m, h) => (h.lastPollAt && (!m || h.lastPollAt > m) ? h.lastPollAt : m),
        null,
      );
      const s = g.stats;
      return {
        workerGroup,
        ready: s?.ready ?? 0,
        scheduled: s?.scheduled ?? 0,
        paused: s?.paused ?? 0,
        running: s?.running ?? 0,
        oldestReadyAt: iso(s?.oldestReadyAt ?? null),
        lastPollAt: lastPoll,
        hosts,
        staleLeases: g.stale,
        warning: warningFor(
          {
            workerGroup,
            ready: s?.ready ?? 0,
            oldestReadyAt: s?.oldestReadyAt ?? null,
            lastPollAt: lastPoll ? new Date(lastPoll) : null,
          },
          now,
        ),
      };
    });
    if (input.workerGroup && summaries.length === 0) {
      summaries.push({
        workerGroup: input.workerGroup,
        ready: 0,
        scheduled: 0,
        paused: 0,
        running: 0,
        oldestReadyAt: null,
        lastPollAt: null,
        hosts: [],
        staleLeases: [],
        warning: null,
      });
    }
    // What needs attention first: warnings, then stale leases, then by name.
    const rank = (g: WorkerGroupSummary) => (g.warning ? 0 : g.staleLeases.length ? 1 : 2);
    summaries.sort((a, b) => rank(a) - rank(b) || a.workerGroup.localeCompare(b.workerGroup));
    return {
      now: now.toISOString(),
      pollAccuracySeconds: POLL_SIGHTING_INTERVAL_MS / 1000,
      quietAfterSeconds: QUIET_AFTER_SECONDS,
      staleProgressAfterSeconds: STALE_PROGRESS_AFTER_SECONDS,
      groups: summaries,
    };
  });
}
