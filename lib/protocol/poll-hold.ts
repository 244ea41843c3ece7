// How long one PollForTask may hold before it answers empty: LONG_POLL_SECONDS, clamped where the
// call is served by a function with a time limit (the route handler on Vercel), so that the
// platform never kills a held poll (the runner would see a 504 and a reset instead of an empty answer).

/** Time a function needs besides the hold: start-up, the signature check, the claim, the answer. */
export const FUNCTION_TIME_MARGIN_SECONDS = 10;

/**
 * The longest hold a function may do: its declared `maxDurationSeconds`, or the host's lower limit
 * (FUNCTION_TIME_LIMIT_SECONDS), less the margin.
 */
export function holdLimitForFunction(maxDurationSeconds: number, hostLimitSeconds?: number): number {
  const lives = hostLimitSeconds === undefined ? maxDurationSeconds : Math.min(maxDurationSeconds, hostLimitSeconds);
  return Math.max(1, lives - FUNCTION_TIME_MARGIN_SECONDS);
}

/** The hold in ms: LONG_POLL_SECONDS, or less when the serving function's limit is lower. */
export function pollHoldMs(longPollSeconds: number, holdLimitSeconds: number | undefined): number {
  const seconds = holdLimitSeconds === undefined ? longPollSeconds : Math.min(longPollSeconds, holdLimitSeconds);
  return seconds * 1000;
}
