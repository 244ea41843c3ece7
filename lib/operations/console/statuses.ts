// Status vocabulary shared by the console's server functions and its views (api.md §5.4, §5.5).
// Pure: safe to import from client components.

export const INSTANCE_STATUSES = [
  "CREATING",
  "WAITING_ON_DEPENDENCIES",
  "WAITING_FOR_RUNNER",
  "SCHEDULED",
  "ACTIVATING",
  "RUNNING",
  "PAUSED",
  "SHUTTING_DOWN",
  "FINISHED",
  "MARK_FINISHED",
  "FAILED",
  "CASCADE_FAILED",
  "CANCELED",
  "TIMEDOUT",
  "SKIPPED",
] as const;

export const PIPELINE_STATES = ["PENDING", "SCHEDULED", "DEACTIVATING", "INACTIVE", "FINISHED"] as const;

/** Statuses an instance never leaves on its own. */
export const TERMINAL_STATUSES: ReadonlySet<string> = new Set([
  "FINISHED",
  "MARK_FINISHED",
  "FAILED",
  "CASCADE_FAILED",
  "CANCELED",
  "TIMEDOUT",
  "SKIPPED",
]);

/** Terminal statuses that count as a failed execution for pipeline health. */
export const ERROR_STATUSES: ReadonlySet<string> = new Set(["FAILED", "CASCADE_FAILED", "TIMEDOUT"]);

export const isTerminalStatus = (status: string | null | undefined): boolean => !!status && TERMINAL_STATUSES.has(status);

/** The instance filter of the console: a named group or one status. */
export type InstanceStatusFilter = "not-finished" | "all" | (typeof INSTANCE_STATUSES)[number];

export const INSTANCE_STATUS_FILTERS: readonly InstanceStatusFilter[] = ["not-finished", "all", ...INSTANCE_STATUSES];

export type HealthStatus = "HEALTHY" | "ERROR";
