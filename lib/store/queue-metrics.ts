import type { Pool } from "pg";

// The queue as /metrics reports it, read once per scrape (never on the request path). The tasks
// table holds only live work (a row is deleted when its attempt ends), so one grouped scan of it is
// as cheap as the queue is short; the statement still gets a time limit and a cap on the number of
// (account, worker group) pairs, so a huge backlog or many groups cannot make a scrape expensive.

export interface QueueFigure {
  accountId: string;
  workerGroup: string;
  ready: number;
  waiting: number;
  leased: number;
  running: number;
  paused: number;
  /** Seconds since the oldest due, unclaimed task became due; null when none is. */
  oldestReadySeconds: number | null;
}

export async function readQueueFigures(
  pool: Pool,
  maxGroups: number,
  timeoutMs: number,
): Promise<{ figures: QueueFigure[]; truncated: boolean }> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN READ ONLY");
    // SET LOCAL takes no bind parameters; the value is an integer we computed.
    await client.query(`SET LOCAL statement_timeout = ${Math.max(1, Math.floor(timeoutMs))}`);
    const res = await client.query<{
      account_id: string;
      worker_group: string;
      ready: number;
      waiting: number;
      leased: number;
      running: number;
      paused: number;
      oldest: number | null;
    }>({
      name: "ph_queue_metrics",
      text: `SELECT account_id, worker_group,
               count(*) FILTER (WHERE state = 'READY' AND ready_at <= now())::int AS ready,
               count(*) FILTER (WHERE state = 'READY' AND ready_at > now())::int AS waiting,
               count(*) FILTER (WHERE state = 'LEASED' AND acked_at IS NULL)::int AS leased,
               count(*) FILTER (WHERE state = 'LEASED' AND acked_at IS NOT NULL)::int AS running,
               count(*) FILTER (WHERE state = 'PAUSED')::int AS paused,
               extract(epoch FROM now() - min(ready_at) FILTER (WHERE state = 'READY' AND ready_at <= now()))::float8 AS oldest
             FROM tasks GROUP BY account_id, worker_group
             ORDER BY count(*) DESC LIMIT $1`,
      values: [maxGroups + 1],
    });
    await client.query("COMMIT");
    const rows = res.rows.slice(0, maxGroups);
    return {
      truncated: res.rows.length > maxGroups,
      figures: rows.map((r) => ({
        accountId: r.account_id,
        workerGroup: r.worker_group,
        ready: r.ready,
        waiting: r.waiting,
        leased: r.leased,
        running: r.running,
        paused: r.paused,
        oldestReadySeconds: r.oldest,
      })),
    };
  } catch (err) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
