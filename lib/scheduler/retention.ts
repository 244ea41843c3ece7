// Retention work the ticker does now and then: task runners silent for longer than
// TASK_RUNNER_RETENTION_HOURS are forgotten, so heartbeats with made-up ids cannot grow the table
// (and the console's runners page) without bound. Definition versions are pruned as they are put.
import { getSettings } from "@/lib/config/settings";
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
