// Retention work the ticker does now and then: task runners silent for longer than
// TASK_RUNNER_RETENTION_HOURS are forgotten, so heartbeats with made-up ids cannot grow the table
// (and the console's runners page) without bound, and finished runs older than
// RUN_HISTORY_RETENTION_DAYS are deleted. Definition versions are pruned as they are put.
import { getSettings } from "@/lib/config/settings";
import { childLogger } from "@/lib/log/logger";
import { metrics } from "@/lib/metrics/registry";
import {
  deleteFinishedRuns,
  findOldRuns,
  nothingRemoved,
  tryLockRunHistoryRetention,
  type RemovedHistory,
  type RunCursor,
} from "@/lib/store/run-history";
import { forgetSilentRunners } from "@/lib/store/task-runners";
import { runInTransaction } from "@/lib/store/transaction";

let lastRun = 0;

/** Runs at most once a minute per process (more often for a retention under two minutes); returns how many runners were forgotten. */
export async function pruneSilentRunners(now = new Date(), force = false): Promise<number> {
  const hours = getSettings().TASK_RUNNER_RETENTION_HOURS;
  if (hours <= 0) return 0;
  const everyMs = Math.min(60_000, (hours * 3_600_000) / 2);
  if (!force && now.getTime() - lastRun < everyMs) return 0;
  lastRun = now.getTime();
  return runInTransaction((tx) => forgetSilentRunners(tx, new Date(now.getTime() - hours * 3_600_000)));
}

// Finished runs older than RUN_HISTORY_RETENTION_DAYS are deleted a small batch per transaction,
// within a time budget per tick, so that the history (and everything that reads it) stays the size
// of the retention window. A pass walks the old runs once by scheduled start; when it reaches the
// cutoff it rests for a minute before the next pass. Several servers: one pass at a time (an
// advisory lock per batch), and rows another transaction holds are skipped (SKIP LOCKED).

/** Runs looked at per transaction: with their attempts, edges and deliveries a few hundred rows. */
const RUNS_PER_BATCH = 100;
/** Time one tick may spend on retention before it leaves the rest to the next tick. */
const BUDGET_MS = 250;
/** Rest between passes once a pass has reached the cutoff. */
const PASS_EVERY_MS = 60_000;

const history: { cursor: RunCursor | null; restUntil: number } = { cursor: null, restUntil: 0 };

/**
 * Deletes old finished runs until the pass is done or this tick's budget is spent; returns what it
 * removed. `force` ignores the rest between passes (tests, and POST /api/tick callers, wait for it).
 */
export async function pruneRunHistory(now = new Date(), force = false): Promise<RemovedHistory> {
  const total = nothingRemoved();
  const days = getSettings().RUN_HISTORY_RETENTION_DAYS;
  if (days <= 0) return total;
  if (!force && now.getTime() < history.restUntil) return total;
  const cutoff = new Date(now.getTime() - days * 86_400_000);
  const t0 = Date.now();
  // Until this pass says otherwise (a spent budget continues on the next tick), a failure rests too.
  history.restUntil = now.getTime() + PASS_EVERY_MS;
  for (;;) {
    const step = await runInTransaction(async (tx) => {
      if (!(await tryLockRunHistoryRetention(tx))) return null;
      const runs = await findOldRuns(tx, cutoff, history.cursor, RUNS_PER_BATCH);
      return { runs, removed: await deleteFinishedRuns(tx, runs, cutoff) };
    });
    // Another server holds the pass: it will do the work.
    if (!step) break;
    for (const k of Object.keys(total) as (keyof RemovedHistory)[]) total[k] += step.removed[k];
    const last = step.runs.at(-1);
    if (step.runs.length < RUNS_PER_BATCH || !last) {
      history.cursor = null;
      break;
    }
    history.cursor = { start: last.start, pipelineId: last.pipelineId };
    if (Date.now() - t0 >= BUDGET_MS && !force) {
      history.restUntil = 0;
      break;
    }
  }
  if (total.runs > 0) {
    metrics().runHistoryDeleted.inc({ kind: "run" }, total.runs);
    metrics().runHistoryDeleted.inc({ kind: "instance" }, total.instances);
    metrics().runHistoryDeleted.inc({ kind: "attempt" }, total.attempts);
    childLogger({ component: "retention" }).info(
      { ...total, retentionDays: days, ms: Date.now() - t0 },
      "run history: deleted finished runs older than the retention",
    );
  }
  return total;
}
