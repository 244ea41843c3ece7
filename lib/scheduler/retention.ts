// Retention work the ticker does now and then: task runners silent for longer than
// TASK_RUNNER_RETENTION_HOURS are forgotten, so heartbeats with made-up ids cannot grow the table
// (and the console's runners page) without bound. Definition versions are pruned as they are put.
import { getSettings } from "@/lib/config/settings";
import { forgetSilentRunners } from "@/lib/store/task-runners";
import { runInTransaction } from "@/lib/store/transaction";

const EVERY_MS = 60_000;
let lastRun = 0;

/** Runs at most once a minute per process; returns how many runners were forgotten. */
export async function pruneSilentRunners(now = new Date(), force = false): Promise<number> {
  const hours = getSettings().TASK_RUNNER_RETENTION_HOURS;
  if (hours <= 0) return 0;
  if (!force && now.getTime() - lastRun < EVERY_MS) return 0;
  lastRun = now.getTime();
  return runInTransaction((tx) => forgetSilentRunners(tx, new Date(now.getTime() - hours * 3_600_000)));
}
