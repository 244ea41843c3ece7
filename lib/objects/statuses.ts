// Every status and state name, and every set of them, in one place: the scheduler, the store, the
// console's server functions and its views all read them here, and the CHECK constraints of
// prisma/migrations/20261201300000_status_checks allow exactly these names. The instance statuses
// are the AWS Data Pipeline `@status` values. Pure: safe to import from client components.

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

/** `@pipelineState`: pipelines.state of a live pipeline. */
export const PIPELINE_STATES = ["PENDING", "SCHEDULED", "DEACTIVATING", "INACTIVE", "FINISHED"] as const;

/** pipelines.state of a DeletePipeline tombstone: never listed; calls naming it get PipelineDeletedException. */
export const DELETED_PIPELINE_STATE = "DELETED";

/** A component's status (pipeline_objects rows of sphere COMPONENT): its pipeline's, or PAUSED. */
export const COMPONENT_STATUSES = ["PENDING", "SCHEDULED", "PAUSED"] as const;

/** tasks.state: queued for a runner, handed out, or held while its component is paused. */
export const TASK_STATES = ["READY", "LEASED", "PAUSED"] as const;

/** action_deliveries.status. */
export const ACTION_DELIVERY_STATUSES = ["PENDING", "DELIVERED", "FAILED", "SKIPPED"] as const;

/**
 * Statuses an instance never leaves on its own. (MARK_FINISHED is AWS's name for the action; an
 * instance marked finished is stored as FINISHED with `@markedFinished`.)
 */
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

/** A dependency in one of these will never finish: a cascade-mode consumer fails (CASCADE_FAILED). */
export const FAILED_LIKE_STATUSES: ReadonlySet<string> = new Set(["FAILED", "CASCADE_FAILED", "CANCELED", "TIMEDOUT"]);

/**
 * The statuses an attempt and its instance move through in the runner cycle (hand-out, first
 * acknowledgement, FINISHED). No index of pipeline_objects reads `status`: they read
 * `off_cycle_status`, a column Postgres generates as NULL for these and the status otherwise
 * (prisma/migrations/20261202000000_hot_cycle_indexes), so that the cycle's status changes are
 * HOT updates. A lookup of other statuses filters on that column too (offCycleStatuses).
 */
export const CYCLE_STATUSES: ReadonlySet<string> = new Set(["WAITING_FOR_RUNNER", "RUNNING", "FINISHED"]);

/** `statuses` when an index can find them (none is a cycle status, and there is at least one); otherwise null. */
export function offCycleStatuses(statuses: readonly string[]): string[] | null {
  return statuses.length > 0 && statuses.every((s) => !CYCLE_STATUSES.has(s)) ? [...statuses] : null;
}

/** Instances a runner holds or is about to: the console ranks pipelines with such work as active. */
export const ACTIVE_STATUSES: ReadonlySet<string> = new Set(["RUNNING", "WAITING_FOR_RUNNER"]);

export const isTerminalStatus = (status: string | null | undefined): boolean =>
  !!status && TERMINAL_STATUSES.has(status);

/**
 * Whether an operator action has nothing left to do for an instance in `status`: a cancel once the
 * instance has ended, mark-finished once it is FINISHED. The instance page and the bulk dialog
 * both explain such a refusal as "already <status>".
 */
export function alreadyDoneFor(action: "TRY_CANCEL" | "MARK_FINISHED", status: string): boolean {
  return action === "TRY_CANCEL" ? isTerminalStatus(status) : status === "FINISHED";
}

export type HealthStatus = "HEALTHY" | "ERROR";

/** Statuses a RERUN accepts (lib/scheduler/operator-actions.ts resets only these). */
export const RERUNNABLE_STATUSES: ReadonlySet<string> = new Set([
  "FINISHED",
  "FAILED",
  "CASCADE_FAILED",
  "CANCELED",
  "TIMEDOUT",
]);

export type ParsedStatusFilter =
  { kind: "attention" } | { kind: "not-finished" } | { kind: "all" } | { kind: "statuses"; statuses: string[] };

/** What the "needs attention" view leaves out: instances that ended well or were stopped on purpose. */
export const SETTLED_STATUSES: readonly string[] = [...TERMINAL_STATUSES].filter((s) => !ERROR_STATUSES.has(s));

/**
 * The Instances tab's status filter as it sits in the URL: `attention` (the default: failed and not
 * finished), `not-finished`, `all`, or one or more statuses separated by commas
 * (`FAILED,CASCADE_FAILED`). Null when it is none of these.
 */
export function parseStatusFilter(value: string): ParsedStatusFilter | null {
  if (value === "attention" || value === "not-finished" || value === "all") return { kind: value };
  const parts = value.split(",").filter((s) => s !== "");
  if (parts.length === 0 || !parts.every((s) => (INSTANCE_STATUSES as readonly string[]).includes(s))) return null;
  // Canonical order, no repeats: the same selection is the same URL and the same query key.
  return { kind: "statuses", statuses: INSTANCE_STATUSES.filter((s) => parts.includes(s)) };
}

export const isStatusFilter = (value: string): boolean => parseStatusFilter(value) !== null;

/** The URL value of a set of selected statuses; none selected means the default view. */
export function formatStatusFilter(statuses: readonly string[]): string {
  const chosen = INSTANCE_STATUSES.filter((s) => statuses.includes(s));
  return chosen.length ? chosen.join(",") : "attention";
}
