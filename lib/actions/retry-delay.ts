/** Delay before retry `attempt` (1 = the first retry): base, doubled each time, at most 15 minutes. */
export function actionRetryDelayMs(attempt: number, baseMs: number): number {
  return Math.min(15 * 60_000, baseMs * 2 ** Math.max(0, attempt - 1));
}
