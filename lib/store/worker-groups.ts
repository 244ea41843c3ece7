// Reads and writes behind the console's Worker groups page: hosts seen polling each group (written
// throttled by lib/scheduler/poll-sightings.ts), and the queue's per-group ready/running numbers.
import type { Pool } from "pg";
import { Prisma } from "@/lib/generated/prisma/client";
import type { Tx } from "./db";
import { getSettings } from "@/lib/config/settings";
import { statementName } from "./connections";

export interface PollSighting {
  /** Worker groups are per account: two accounts may use the same name. */
  accountId: string;
  workerGroup: string;
  /** "" when the runner sent no hostname. */
  hostname: string;
  at: Date;
}

/** Upserts many sightings in one statement; last_poll_at only ever moves forward. */
export async function recordPollSightings(pool: Pool, sightings: PollSighting[]): Promise<void> {
  if (sightings.length === 0) return;
  await pool.query({
    name: statementName(getSettings(), "ph_record_poll_sightings"),
    text: `INSERT INTO worker_group_polls (account_id, worker_group, hostname, first_poll_at, last_poll_at)
           SELECT a, g, h, t, t FROM unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[]) AS x(a, g, h, t)
           ON CONFLICT (account_id, worker_group, hostname)
           DO UPDATE SET last_poll_at = greatest(worker_group_polls.last_poll_at, excluded.last_poll_at)`,
    values: [
      sightings.map((s) => s.accountId),
      sightings.map((s) => s.workerGroup),
      sightings.map((s) => s.hostname),
      sightings.map((s) => s.at),
    ],
  });
}

export interface PollSightingRow {
  workerGroup: string;
  hostname: string;
  firstPollAt: Date;
  lastPollAt: Date;
}

/** Hosts seen polling, newest first; `workerGroups` narrows to those groups. */
export async function findPollSightings(
  tx: Tx,
  accountId: string,
  workerGroups?: string[],
): Promise<PollSightingRow[]> {
  return tx.workerGroupPoll.findMany({
    where: { accountId, ...(workerGroups ? { workerGroup: { in: workerGroups } } : {}) },
    orderBy: [{ workerGroup: "asc" }, { lastPollAt: "desc" }],
    take: 5000,
  });
}

export interface GroupQueueStats {
  workerGroup: string;
  /** Due now and waiting for a runner. */
  ready: number;
  /** Ready later (retries after retryDelay). */
  scheduled: number;
  paused: number;
  /** Handed out to a runner. */
  running: number;
  oldestReadyAt: Date | null;
}

/** The task queue per worker group (it holds live work only, so this stays small). */
export async function queueStatsByGroup(
  tx: Tx,
  accountId: string,
  workerGroups?: string[],
): Promise<GroupQueueStats[]> {
  const rows = await tx.$queryRaw<
    { worker_group: string; ready: number; scheduled: number; paused: number; running: number; oldest: Date | null }[]
  >`
    SELECT worker_group,
           count(*) FILTER (WHERE state = 'READY' AND ready_at <= now())::int AS ready,
           count(*) FILTER (WHERE state = 'READY' AND ready_at > now())::int AS scheduled,
           count(*) FILTER (WHERE state = 'PAUSED')::int AS paused,
           count(*) FILTER (WHERE state = 'LEASED')::int AS running,
           min(ready_at) FILTER (WHERE state = 'READY' AND ready_at <= now()) AS oldest
    FROM tasks
    WHERE account_id = ${accountId} AND ${workerGroups ? Prisma.sql`worker_group = ANY(${workerGroups}::text[])` : Prisma.sql`true`}
    GROUP BY worker_group
    ORDER BY worker_group`;
  return rows.map((r) => ({
    workerGroup: r.worker_group,
    ready: r.ready,
    scheduled: r.scheduled,
    paused: r.paused,
    running: r.running,
    oldestReadyAt: r.oldest,
  }));
}
