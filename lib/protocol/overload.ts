// A database pool that stays busy for longer than a call may wait is an overload, not a bug: the
// caller is told to back off with AWS's ThrottlingException (which the SDKs retry) instead of a 500.

/** What to tell the caller when `err` means "no database connection in time"; null for anything else. */
export function overloadMessage(err: unknown, depth = 0): string | null {
  const e = err as { code?: string; message?: string; cause?: unknown } | null;
  if (!e || typeof e !== "object" || depth > 4) return null;
  const message = typeof e.message === "string" ? e.message : "";
  // Prisma: P2028 "Unable to start a transaction in the given time"; pg Pool: connectionTimeoutMillis passed.
  if (e.code === "P2028" || /Unable to start a transaction in the given time/i.test(message) || /timeout exceeded when trying to connect/i.test(message)) {
    return "The service is busy: no database connection became free in time. Retry with backoff.";
  }
  return e.cause && e.cause !== err ? overloadMessage(e.cause, depth + 1) : null;
}
