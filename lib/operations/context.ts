/** What every operation knows about the call it serves. */
export interface OperationContext {
  requestId: string;
  /** The tenant: pipelines and tasks are scoped to it. */
  accountId: string;
  /** Who asked, for the audit log: `api:<access key id>` or `console`. */
  actor: string;
  /** The access key that signed an API call (absent for the console). */
  principal?: { accountId: string; accessKeyId: string; role: string };
  /** Aborted when the client goes away (long polls stop waiting). */
  signal?: AbortSignal;
}
