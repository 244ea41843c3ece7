// When a console session ends: after SESSION_IDLE_MINUTES without a request, or SESSION_MAX_HOURS
// after sign-in, whichever comes first. Activity is written at most once a minute, so a page that
// refreshes every 2 s does not write on every request.
import "server-only";

export interface SessionTimes {
  createdAt: Date;
  lastSeenAt: Date;
}

export interface Lifetimes {
  idleMs: number;
  absoluteMs: number;
}

/** Writing lastSeenAt more often than this buys nothing the idle limit can tell apart. */
export const TOUCH_EVERY_MS = 60_000;

export function lifetimesFrom(settings: { SESSION_IDLE_MINUTES: number; SESSION_MAX_HOURS: number }): Lifetimes {
  return { idleMs: settings.SESSION_IDLE_MINUTES * 60_000, absoluteMs: settings.SESSION_MAX_HOURS * 3_600_000 };
}

export function isSessionExpired(s: SessionTimes, now: Date, l: Lifetimes): boolean {
  return now.getTime() - s.lastSeenAt.getTime() >= l.idleMs || now.getTime() - s.createdAt.getTime() >= l.absoluteMs;
}

export function needsTouch(s: SessionTimes, now: Date): boolean {
  return now.getTime() - s.lastSeenAt.getTime() >= TOUCH_EVERY_MS;
}

/** The cookie's Max-Age: never beyond the absolute end, so the browser forgets it no later than the server does. */
export function cookieMaxAgeSeconds(s: SessionTimes, now: Date, l: Lifetimes): number {
  return Math.max(0, Math.floor((s.createdAt.getTime() + l.absoluteMs - now.getTime()) / 1000));
}
