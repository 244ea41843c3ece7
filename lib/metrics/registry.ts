// The process's Prometheus metrics (prom-client), served at /metrics (app/metrics/route.ts).
// Everything here is counted in memory where it happens: the request path adds no database query.
// What needs the database (the queue per worker group) is read once per scrape (./queue-gauges.ts).
//
// Kept on globalThis: Next's build and scripts/serve.ts each load their own copy of lib/, and a
// dev hot reload loads another; one registry per process means every copy counts into the same
// series (and prom-client refuses to register a name twice).
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

function create() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "pipelinehouse_process_" });
  const m = {
    registry,
    apiRequests: new Counter({
      name: "pipelinehouse_api_requests_total",
      help: "API calls by operation and outcome (ok, or the error's __type)",
      labelNames: ["operation", "outcome"] as const,
      registers: [registry],
    }),
    apiLatency: new Histogram({
      name: "pipelinehouse_api_request_duration_seconds",
      help: "API call latency by operation (PollForTask includes the time it is held)",
      labelNames: ["operation"] as const,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
      registers: [registry],
    }),
    consoleRequests: new Counter({
      name: "pipelinehouse_console_requests_total",
      help: "Console BFF requests by HTTP status class",
      labelNames: ["status_class"] as const,
      registers: [registry],
    }),
    handouts: new Counter({
      name: "pipelinehouse_task_handouts_total",
      help: "Tasks handed out by PollForTask",
      registers: [registry],
    }),
    acks: new Counter({
      name: "pipelinehouse_task_acks_total",
      help: "Hand-outs acknowledged (their first ReportTaskProgress)",
      registers: [registry],
    }),
    finishes: new Counter({
      name: "pipelinehouse_task_finishes_total",
      help: "Tasks reported FINISHED by their runner",
      registers: [registry],
    }),
    failures: new Counter({
      name: "pipelinehouse_task_failures_total",
      help: "Tasks reported FAILED by their runner",
      registers: [registry],
    }),
    retries: new Counter({
      name: "pipelinehouse_task_retries_total",
      help: "Failed attempts given another attempt (maximumRetries)",
      registers: [registry],
    }),
    leaseExpiries: new Counter({
      name: "pipelinehouse_lease_expiries_total",
      help: "Hand-outs not acknowledged within ACK_TIMEOUT_SECONDS, put back in the queue",
      registers: [registry],
    }),
    progressTimeouts: new Counter({
      name: "pipelinehouse_progress_timeouts_total",
      help: "Attempts failed because their runner stopped reporting progress (Service_ProgressTimeout)",
      registers: [registry],
    }),
    attemptTimeouts: new Counter({
      name: "pipelinehouse_attempt_timeouts_total",
      help: "Attempts timed out by attemptTimeout (Service_AttemptTimeout)",
      registers: [registry],
    }),
    runHistoryDeleted: new Counter({
      name: "pipelinehouse_run_history_deleted_total",
      help: "Rows of finished runs deleted by retention (RUN_HISTORY_RETENTION_DAYS), by kind: run, instance, attempt",
      labelNames: ["kind"] as const,
      registers: [registry],
    }),
    heldPolls: new Gauge({
      name: "pipelinehouse_held_polls",
      help: "PollForTask calls held by this process now",
      registers: [registry],
    }),
    poolInUse: new Gauge({
      name: "pipelinehouse_db_pool_in_use",
      help: "Database connections of this process's pool checked out now",
      registers: [registry],
    }),
    poolIdle: new Gauge({
      name: "pipelinehouse_db_pool_idle",
      help: "Idle connections in this process's pool",
      registers: [registry],
    }),
    poolWaiting: new Gauge({
      name: "pipelinehouse_db_pool_waiting",
      help: "Calls waiting for a database connection now",
      registers: [registry],
    }),
    tickDuration: new Histogram({
      name: "pipelinehouse_tick_duration_seconds",
      help: "Duration of a round of background work (lease expiry, timeouts, schedules)",
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers: [registry],
    }),
    tickFailures: new Counter({
      name: "pipelinehouse_tick_failures_total",
      help: "Rounds of background work that failed",
      registers: [registry],
    }),
    tickLag: new Gauge({
      name: "pipelinehouse_tick_lag_seconds",
      help: "How far behind its interval (TICK_MS) background work is: time since the last round ended, less the interval",
      registers: [registry],
    }),
    listenerConnected: new Gauge({
      name: "pipelinehouse_task_listener_connected",
      help: "1 while the LISTEN connection that wakes held polls is up",
      registers: [registry],
    }),
    listenerConnects: new Counter({
      name: "pipelinehouse_task_listener_connects_total",
      help: "Times the LISTEN connection was (re)established",
      registers: [registry],
    }),
    tasks: new Gauge({
      name: "pipelinehouse_tasks",
      help: "Tasks in the queue by account, worker group and state (ready: due now; waiting: due later, e.g. a retry; leased: handed out, not acknowledged; running; paused)",
      labelNames: ["account", "worker_group", "state"] as const,
      registers: [registry],
    }),
    oldestReady: new Gauge({
      name: "pipelinehouse_oldest_ready_task_age_seconds",
      help: "Age of the oldest task that is due and not handed out, by account and worker group",
      labelNames: ["account", "worker_group"] as const,
      registers: [registry],
    }),
    queueScrapeErrors: new Counter({
      name: "pipelinehouse_queue_scrape_errors_total",
      help: "Scrapes whose queue figures could not be read from the database",
      registers: [registry],
    }),
    lastTickEndedAt: 0,
  };
  return m;
}

export type Metrics = ReturnType<typeof create>;

const globalForMetrics = globalThis as unknown as { __pipelinehouseMetrics?: Metrics };

export function metrics(): Metrics {
  globalForMetrics.__pipelinehouseMetrics ??= create();
  return globalForMetrics.__pipelinehouseMetrics;
}
