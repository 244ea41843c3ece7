import { getPool } from "./db";

/** True once the database answers and the schema is migrated. */
export async function isDatabaseReady(): Promise<boolean> {
  try {
    const pool = await getPool();
    await pool.query("SELECT 1");
    return true;
  } catch {
    return false;
  }
}
