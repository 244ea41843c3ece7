import type { Settings } from "@/lib/config/settings";

// Which connection carries what. Statements and transactions go through DATABASE_URL, which may be
// a transaction-mode pooler (PgBouncer, a host's pooled URL): each transaction may run on another
// server connection there, so nothing that outlives one (LISTEN, session locks) can use it.

type PoolSettings = Pick<Settings, "DATABASE_URL" | "DIRECT_DATABASE_URL" | "DATABASE_POOL_MODE">;

/**
 * Whether DATABASE_URL is a transaction-mode pooler: DATABASE_POOL_MODE=transaction, or a
 * DIRECT_DATABASE_URL given beside it (nobody sets one for a plain connection).
 */
export function isTransactionPooled(settings: PoolSettings): boolean {
  return settings.DATABASE_POOL_MODE === "transaction" || Boolean(settings.DIRECT_DATABASE_URL);
}

/**
 * The name for a hot statement that Postgres should keep prepared per connection (parsed and
 * planned once). Through a transaction-mode pooler a connection's prepared statements are not ours
 * (PgBouncer before 1.21 passes them through to whichever server connection it picks: "prepared
 * statement already exists" or "does not exist"), so there every statement is sent unnamed.
 */
export function statementName(settings: PoolSettings, name: string): string | undefined {
  return isTransactionPooled(settings) ? undefined : name;
}

/**
 * Where LISTEN goes: the direct connection when there is one, else DATABASE_URL unless it is a
 * transaction-mode pooler (a LISTEN through it would sit on a server connection that other clients
 * then borrow: notifications lost or delivered to someone else). null: no LISTEN; waiting polls are
 * woken by the periodic re-check (lib/scheduler/background.ts).
 */
export function listenUrl(settings: PoolSettings): string | null {
  if (settings.DIRECT_DATABASE_URL) return settings.DIRECT_DATABASE_URL;
  if (settings.DATABASE_POOL_MODE === "transaction") return null;
  return settings.DATABASE_URL ?? null;
}

/**
 * Where migrations (and creating the database) go: the direct connection when there is one. Through
 * a pooler they still work (lib/store/migrate.ts holds only transaction-scoped locks), but DDL is
 * better not multiplexed.
 */
export function migrationUrl(settings: Pick<Settings, "DATABASE_URL" | "DIRECT_DATABASE_URL">): string | undefined {
  return settings.DIRECT_DATABASE_URL ?? settings.DATABASE_URL;
}
