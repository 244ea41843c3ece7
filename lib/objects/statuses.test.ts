import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  ACTION_DELIVERY_STATUSES,
  ACTIVE_STATUSES,
  COMPONENT_STATUSES,
  CYCLE_STATUSES,
  DELETED_PIPELINE_STATE,
  alreadyDoneFor,
  ERROR_STATUSES,
  FAILED_LIKE_STATUSES,
  formatStatusFilter,
  INSTANCE_STATUSES,
  isTerminalStatus,
  offCycleStatuses,
  parseStatusFilter,
  PIPELINE_STATES,
  RERUNNABLE_STATUSES,
  TASK_STATES,
  TERMINAL_STATUSES,
} from "./statuses";

describe("instance status filter", () => {
  it("reads the named views and lists of statuses, in canonical order", () => {
    expect(parseStatusFilter("not-finished")).toEqual({ kind: "not-finished" });
    expect(parseStatusFilter("attention")).toEqual({ kind: "attention" });
    expect(parseStatusFilter("all")).toEqual({ kind: "all" });
    expect(parseStatusFilter("RUNNING,FAILED,RUNNING")).toEqual({ kind: "statuses", statuses: ["RUNNING", "FAILED"] });
  });

  it("rejects anything else", () => {
    for (const bad of ["", ",", "running", "FAILED,nope", "all,FAILED"]) expect(parseStatusFilter(bad)).toBeNull();
  });

  it("writes a selection back, none selected being the default view", () => {
    expect(formatStatusFilter(["FAILED", "WAITING_ON_DEPENDENCIES"])).toBe("WAITING_ON_DEPENDENCIES,FAILED");
    expect(formatStatusFilter([])).toBe("attention");
  });
});

describe("operator actions with nothing left to do", () => {
  it("refuse a cancel once the instance has ended, and only then", () => {
    for (const s of ["FINISHED", "FAILED", "CASCADE_FAILED", "CANCELED", "TIMEDOUT", "SKIPPED"])
      expect(alreadyDoneFor("TRY_CANCEL", s)).toBe(true);
    for (const s of ["RUNNING", "WAITING_FOR_RUNNER", "WAITING_ON_DEPENDENCIES", "PAUSED"])
      expect(alreadyDoneFor("TRY_CANCEL", s)).toBe(false);
  });

  it("refuse mark-finished only for a FINISHED instance (a failed one can still be marked)", () => {
    expect(alreadyDoneFor("MARK_FINISHED", "FINISHED")).toBe(true);
    for (const s of ["FAILED", "CANCELED", "RUNNING", "WAITING_ON_DEPENDENCIES"])
      expect(alreadyDoneFor("MARK_FINISHED", s)).toBe(false);
  });
});

describe("the status sets", () => {
  it("name only instance statuses, and the sets agree with each other", () => {
    const known = new Set<string>(INSTANCE_STATUSES);
    for (const set of [TERMINAL_STATUSES, ERROR_STATUSES, FAILED_LIKE_STATUSES, RERUNNABLE_STATUSES, ACTIVE_STATUSES]) {
      for (const s of set) expect(known.has(s)).toBe(true);
    }
    for (const s of [...ERROR_STATUSES, ...FAILED_LIKE_STATUSES, ...RERUNNABLE_STATUSES])
      expect(isTerminalStatus(s)).toBe(true);
    for (const s of ACTIVE_STATUSES) expect(isTerminalStatus(s)).toBe(false);
  });
});

describe("the CHECK constraints of prisma/migrations/20261201300000_status_checks", () => {
  const sql = readFileSync(
    path.join(import.meta.dirname, "../../prisma/migrations/20261201300000_status_checks/migration.sql"),
    "utf8",
  );
  const allowed = (constraint: string) => {
    const line = sql.split("\n").find((l) => l.includes(`"${constraint}"`));
    const list = line?.match(/IN \(([^)]*)\)/)?.[1] ?? "";
    return [...list.matchAll(/'([A-Z_]+)'/g)].map((m) => m[1]);
  };

  it("allow exactly the names of this module", () => {
    expect(allowed("pipelines_state_check")).toEqual([...PIPELINE_STATES, DELETED_PIPELINE_STATE]);
    expect(allowed("pipeline_objects_component_status_check")).toEqual([...COMPONENT_STATUSES]);
    expect(allowed("pipeline_objects_instance_status_check")).toEqual([...INSTANCE_STATUSES]);
    expect(allowed("tasks_state_check")).toEqual([...TASK_STATES]);
    expect(allowed("action_deliveries_status_check")).toEqual([...ACTION_DELIVERY_STATUSES]);
  });
});

describe("off_cycle_status (prisma/migrations/20261202000000_hot_cycle_indexes)", () => {
  const sql = readFileSync(
    path.join(import.meta.dirname, "../../prisma/migrations/20261202000000_hot_cycle_indexes/migration.sql"),
    "utf8",
  );

  it("is generated NULL for exactly the cycle statuses of this module", () => {
    const list =
      sql.match(/"off_cycle_status" TEXT GENERATED ALWAYS AS \(\s*CASE WHEN "status" IN \(([^)]*)\)/)?.[1] ?? "";
    expect([...list.matchAll(/'([A-Z_]+)'/g)].map((m) => m[1])).toEqual([...CYCLE_STATUSES]);
    for (const s of CYCLE_STATUSES) expect(INSTANCE_STATUSES as readonly string[]).toContain(s);
  });

  it("is what a status lookup may filter on only when none of its statuses is a cycle status", () => {
    expect(offCycleStatuses(["WAITING_ON_DEPENDENCIES", "PAUSED"])).toEqual(["WAITING_ON_DEPENDENCIES", "PAUSED"]);
    expect(offCycleStatuses([...ERROR_STATUSES])).toEqual([...ERROR_STATUSES]);
    expect(offCycleStatuses(["FAILED", "RUNNING"])).toBeNull();
    expect(offCycleStatuses(["FINISHED"])).toBeNull();
    expect(offCycleStatuses([])).toBeNull();
  });
});
