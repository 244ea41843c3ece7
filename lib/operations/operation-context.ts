/** What every operation knows about the call it serves. */
export interface OperationContext {
  requestId: string;
  /** The tenant: pipelines and tasks are scoped to it. */
  accountId: string;
  /** Who asked, for the audit log: `api:<access key id>` or `console`. */
  actor: string;
  /** The access key that signed an API call (absent for the console). */
  principal?: { accountId: string; accessKeyId: string; role: string };
  /**
   * The access key the call was made with (from its SigV4 Credential; "anonymous" when unsigned):
   * per-key limits such as the held-poll cap count by it.
   */
  accessKeyId?: string;
  /** Aborted when the client goes away (long polls stop waiting). */
  signal?: AbortSignal;
  /** The longest a long poll may hold for this call (the serving function's time limit); unset: LONG_POLL_SECONDS. */
  holdLimitSeconds?: number;
}
