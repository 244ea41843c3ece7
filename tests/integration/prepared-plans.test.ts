import { Pool } from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { SHARED_SERVER_ENV } from "./global-setup";
import { withDb } from "./helpers";

// The batched statements of the runner cycle are named prepared statements so that Postgres plans
// them once per connection. It only does so when their generic plan costs no more than the custom
// ones; with the taskId array visible to the planner it never did for small batches, and planned
// them again on every call (issue #16: planning was most of the finish statement's time). This
// runs each statement as the server does, on one connection, and asks that connection which plans
// it used. The taskIds and keys are unknown ones: planning does not depend on what they match.
//
// The plan costs depend on the tables' sizes: on the nearly empty tables of the test database every
// plan reads a page or two and the old form kept its generic plan too. So the statements run in a
// schema of their own (first on the connection's search_path) holding copies of the tables they read,
// with a queue of 2,000 live hand-outs, analyzed, as on a busy server.

// A direct connection: named statements are what is under test (through a transaction-mode
// pooler they are sent unnamed, lib/store/connections.ts).
Object.assign(process.env, SHARED_SERVER_ENV, { DATABASE_URL: inject("databaseUrl"), DATABASE_POOL_MODE: "session" });
delete process.env.DIRECT_DATABASE_URL;

type Lib = {
  tasks: typeof import("@/lib/store/tasks");
  keys: typeof import("@/lib/store/access-keys");
};
let lib: Lib;
const schema = `prepared_plans_${process.pid}`;
// One connection, so every call and the question afterwards share one session's prepared statements.
const pool = new Pool({ connectionString: inject("databaseUrl"), max: 1, options: `-c search_path=${schema}` });

beforeAll(async () => {
  lib = { tasks: await import("@/lib/store/tasks"), keys: await import("@/lib/store/access-keys") };
  await withDb(async (db) => {
    await db.query(`CREATE SCHEMA ${schema}`);
    for (const table of ["tasks", "pipelines", "instance_dependencies", "pipeline_objects", "access_keys"])
      await db.query(`CREATE TABLE ${schema}.${table} (LIKE public.${table} INCLUDING ALL)`);
    await db.query(`INSERT INTO ${schema}.tasks (pipeline_id, attempt_id, instance_id, worker_group, state, task_id, account_id)
      SELECT 'df-busy', 'a' || g, 'i' || g, 'busy', 'LEASED', 'leased-' || g, '000000000000' FROM generate_series(1, 2000) AS g`);
    await db.query(`ANALYZE ${schema}.tasks`);
  });
});

afterAll(async () => {
  await pool.end();
  await withDb((db) => db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`));
});

async function plansOf(name: string): Promise<{ generic: number; custom: number }> {
  const r = await pool.query<{ generic_plans: string; custom_plans: string }>(
    "SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE name = $1",
    [name],
  );
  const row = r.rows[0];
  if (!row) throw new Error(`${name} was not prepared on this connection`);
  return { generic: Number(row.generic_plans), custom: Number(row.custom_plans) };
}

// Postgres makes five custom plans before it compares; after that a statement that keeps its
// generic plan makes no more custom ones.
const CALLS = 12;

describe("the batched runner-cycle statements keep their generic plan", () => {
  it("ReportTaskProgress's batch (ph_renew_leases)", async () => {
    for (let i = 0; i < CALLS; i++) {
      const renewed = await lib.tasks.renewLeases(pool, "000000000000", [`gone-${i}`], 60, new Date());
      expect(renewed.size).toBe(0);
    }
    expect(await plansOf("ph_renew_leases")).toEqual({ generic: CALLS - 5, custom: 5 });
  });

  it("SetTaskStatus FINISHED's batch (ph_finish_leaf_tasks)", async () => {
    for (let i = 0; i < CALLS; i++) {
      const finished = await lib.tasks.finishLeafTasks(pool, "000000000000", [`gone-${i}`], new Date());
      expect(finished.size).toBe(0);
    }
    expect(await plansOf("ph_finish_leaf_tasks")).toEqual({ generic: CALLS - 5, custom: 5 });
  });

  it("the access-key lookup of request verification (ph_find_keys_for_auth)", async () => {
    for (let i = 0; i < CALLS; i++) {
      const keys = await lib.keys.findKeysForAuth(pool, [`AKIAUNKNOWN${i}`]);
      expect(keys.size).toBe(0);
    }
    expect(await plansOf("ph_find_keys_for_auth")).toEqual({ generic: CALLS - 5, custom: 5 });
  });
});
