// A database pool that stays busy for longer than a call may wait is an overload, not a bug: the
// caller is told to back off with AWS's ThrottlingException (which the SDKs retry) instead of a 500.
// So is a database that cannot be reached for a moment (restarting, failing over, a dropped
// connection): the pool reconnects by itself, and the caller's retry succeeds once it has.

const BUSY = "The service is busy: no database connection became free in time. Retry with backoff.";
const UNAVAILABLE =
  "The service's database is unavailable for the moment (restarting or unreachable). Retry with backoff.";

// Postgres SQLSTATEs (57P01 admin shutdown, 57P02 crash shutdown, 57P03 starting up or shutting down,
// class 08 connection exceptions, 53300 too many connections), socket errors, and what Prisma makes
// of them (P1001 cannot reach the server, P1017 the server closed the connection).
const UNAVAILABLE_CODES = new Set([
  "57P01",
  "57P02",
  "57P03",
  "08000",
  "08001",
  "08003",
  "08004",
  "08006",
  "53300",
  "ECONNREFUSED",
  "ECONNRESET",
  "EPIPE",
  "P1001",
  "P1017",
]);
const UNAVAILABLE_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);
const UNAVAILABLE_MESSAGES =
  /Connection terminated|Client has encountered a connection error|terminating connection due to administrator command|the database system is (starting up|shutting down|in recovery)|Can't reach database server|Server has closed the connection|DatabaseNotReachable|ConnectionClosed|connect ECONNREFUSED|read ECONNRESET/i;

/** What to tell the caller when `err` means "no database connection now"; null for anything else. */
export function overloadMessage(err: unknown, depth = 0): string | null {
  const e = err as {
    code?: unknown;
    kind?: unknown;
    message?: unknown;
    cause?: unknown;
    meta?: unknown;
    driverAdapterError?: unknown;
  } | null;
  if (!e || typeof e !== "object" || depth > 4) return null;
  const message = typeof e.message === "string" ? e.message : "";
  // Prisma: P2028 "Unable to start a transaction in the given time"; pg Pool: connectionTimeoutMillis passed.
  if (
    e.code === "P2028" ||
    /Unable to start a transaction in the given time/i.test(message) ||
    /timeout exceeded when trying to connect/i.test(message)
  ) {
    return BUSY;
  }
  if ((typeof e.code === "string" && UNAVAILABLE_CODES.has(e.code)) || UNAVAILABLE_MESSAGES.test(message))
    return UNAVAILABLE;
  // Prisma's driver adapter errors: `meta.driverAdapterError.cause.kind`.
  if (typeof e.kind === "string" && UNAVAILABLE_KINDS.has(e.kind)) return UNAVAILABLE;
  for (const inner of [e.cause, e.meta, e.driverAdapterError]) {
    if (inner && inner !== err) {
      const found = overloadMessage(inner, depth + 1);
      if (found) return found;
    }
  }
  return null;
}
