// One scrape of /metrics: the in-memory gauges are read now, the queue figures from the database
// (lib/store/queue-metrics.ts; one query at a time however many scrapers call), then the text format.
import { getSettings } from "@/lib/config/settings";
import { getHeldPollGate } from "@/lib/protocol/held-poll-gate";
import { getPool, poolStats } from "@/lib/store/db";
import { readQueueFigures } from "@/lib/store/queue-metrics";
import { metrics } from "./registry";

const STATES = ["ready", "waiting", "leased", "running", "paused"] as const;

let inFlight: Promise<void> | null = null;

async function refreshQueueGauges(): Promise<void> {
  const m = metrics();
  const s = getSettings();
  try {
    const { figures } = await readQueueFigures(await getPool(), s.METRICS_MAX_GROUPS, s.METRICS_QUERY_TIMEOUT_MS);
    // Groups that emptied must disappear, not keep their last value.
    m.tasks.reset();
    m.oldestReady.reset();
    for (const f of figures) {
      const labels = { account: f.accountId, worker_group: f.workerGroup };
      for (const state of STATES) m.tasks.set({ ...labels, state }, f[state]);
      m.oldestReady.set(labels, f.oldestReadySeconds ?? 0);
    }
  } catch {
    // The database is down or slow: the in-memory figures are still worth serving.
    m.queueScrapeErrors.inc();
  }
}

function refreshProcessGauges(): void {
  const m = metrics();
  m.heldPolls.set(getHeldPollGate().held);
  const pool = poolStats();
  m.poolInUse.set(pool ? pool.total - pool.idle : 0);
  m.poolIdle.set(pool?.idle ?? 0);
  m.poolWaiting.set(pool?.waiting ?? 0);
  if (m.lastTickEndedAt > 0) {
    m.tickLag.set(Math.max(0, (Date.now() - m.lastTickEndedAt - getSettings().TICK_MS) / 1000));
  }
}

/** The metrics in Prometheus text format, and their content type. */
export async function scrapeMetrics(): Promise<{ body: string; contentType: string }> {
  inFlight ??= refreshQueueGauges().finally(() => {
    inFlight = null;
  });
  await inFlight;
  refreshProcessGauges();
  const { registry } = metrics();
  return { body: await registry.metrics(), contentType: registry.contentType };
}
