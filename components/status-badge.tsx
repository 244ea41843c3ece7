// Status as an icon plus its Data Pipeline name, never colour alone (tone only reinforces it).
import type { ReactNode } from "react";
import badgeCss from "./status-badge.module.css";
import { cx } from "@/components/ui/cx";

type Tone = "ok" | "error" | "warn" | "run" | "wait" | "neutral";
type Icon =
  | "check"
  | "cross"
  | "cascade"
  | "clock"
  | "hourglass"
  | "play"
  | "pause"
  | "dots"
  | "slash"
  | "skip"
  | "circle"
  | "dash"
  | "heart"
  | "power";

const STATUS_LOOK: Record<string, { tone: Tone; icon: Icon }> = {
  FINISHED: { tone: "ok", icon: "check" },
  MARK_FINISHED: { tone: "ok", icon: "check" },
  HEALTHY: { tone: "ok", icon: "heart" },
  FAILED: { tone: "error", icon: "cross" },
  ERROR: { tone: "error", icon: "cross" },
  CASCADE_FAILED: { tone: "error", icon: "cascade" },
  TIMEDOUT: { tone: "error", icon: "hourglass" },
  CANCELED: { tone: "warn", icon: "slash" },
  SKIPPED: { tone: "neutral", icon: "skip" },
  RUNNING: { tone: "run", icon: "play" },
  ACTIVATING: { tone: "run", icon: "play" },
  CREATING: { tone: "run", icon: "play" },
  SHUTTING_DOWN: { tone: "run", icon: "power" },
  WAITING_ON_DEPENDENCIES: { tone: "wait", icon: "dots" },
  WAITING_FOR_RUNNER: { tone: "wait", icon: "clock" },
  SCHEDULED: { tone: "run", icon: "clock" },
  VALIDATING: { tone: "wait", icon: "dots" },
  DEACTIVATING: { tone: "warn", icon: "power" },
  PAUSED: { tone: "warn", icon: "pause" },
  INACTIVE: { tone: "neutral", icon: "pause" },
  PENDING: { tone: "neutral", icon: "circle" },
};

const PATHS: Record<Icon, ReactNode> = {
  check: <path d="M3 8.5l3 3 7-7" fill="none" strokeWidth="2" />,
  cross: <path d="M4 4l8 8M12 4l-8 8" fill="none" strokeWidth="2" />,
  cascade: (
    <>
      <path d="M2 3h5M4.5 3v5h4" fill="none" strokeWidth="1.5" />
      <path d="M9 8l5 5M14 8l-5 5" fill="none" strokeWidth="2" />
    </>
  ),
  clock: (
    <>
      <circle cx="8" cy="8" r="6" fill="none" strokeWidth="1.6" />
      <path d="M8 4.5V8l2.5 2" fill="none" strokeWidth="1.6" />
    </>
  ),
  hourglass: <path d="M4 2h8M4 14h8M5 2c0 4 6 4 6 6s-6 2-6 6M11 2c0 4-6 4-6 6s6 2 6 6" fill="none" strokeWidth="1.4" />,
  play: <path d="M5 3l8 5-8 5z" strokeWidth="1" />,
  pause: <path d="M5 3v10M11 3v10" fill="none" strokeWidth="2.5" />,
  dots: (
    <>
      <circle cx="3" cy="8" r="1.6" stroke="none" />
      <circle cx="8" cy="8" r="1.6" stroke="none" />
      <circle cx="13" cy="8" r="1.6" stroke="none" />
    </>
  ),
  slash: (
    <>
      <circle cx="8" cy="8" r="6" fill="none" strokeWidth="1.6" />
      <path d="M4 12l8-8" fill="none" strokeWidth="1.6" />
    </>
  ),
  skip: <path d="M3 3l5 5-5 5M8 3l5 5-5 5" fill="none" strokeWidth="1.6" />,
  circle: <circle cx="8" cy="8" r="5.5" fill="none" strokeWidth="1.6" />,
  dash: <path d="M3 8h10" fill="none" strokeWidth="2" />,
  heart: (
    <path
      d="M8 13.5S2 9.6 2 5.8C2 3.9 3.5 2.5 5.2 2.5c1.2 0 2.2.7 2.8 1.6.6-.9 1.6-1.6 2.8-1.6 1.7 0 3.2 1.4 3.2 3.3 0 3.8-6 7.7-6 7.7z"
      strokeWidth="1"
    />
  ),
  power: <path d="M8 2v6M4.5 4.5a5 5 0 1 0 7 0" fill="none" strokeWidth="1.6" />,
};

const NEUTRAL = { tone: "neutral" as const, icon: "circle" as const };

export function StatusIcon({ status }: { status: string }) {
  return <IconSvg icon={(STATUS_LOOK[status] ?? NEUTRAL).icon} />;
}

/** The 12 px icon every badge shows before its text (decorative: the text says the same). */
function IconSvg({ icon }: { icon: Icon }) {
  return (
    <svg
      className={badgeCss.icon}
      viewBox="0 0 16 16"
      width="12"
      height="12"
      aria-hidden="true"
      focusable="false"
      fill="currentColor"
      stroke="currentColor"
    >
      {PATHS[icon]}
    </svg>
  );
}

export function StatusBadge({ status, count }: { status: string; count?: number }) {
  const look = STATUS_LOOK[status] ?? NEUTRAL;
  return (
    <span className={cx(badgeCss.status, badgeCss[look.tone])}>
      <StatusIcon status={status} />
      {count !== undefined ? <span className={badgeCss.count}>{count}</span> : null}
      <span className={badgeCss.text}>{status}</span>
    </span>
  );
}

/** A console state that is not a Data Pipeline status ("stale", "termination requested"), in the same icon + text form. */
export function Badge({ tone, icon, label }: { tone: Tone; icon: Icon; label: string }) {
  return (
    <span className={cx(badgeCss.status, badgeCss[tone])}>
      <IconSvg icon={icon} />
      <span className={badgeCss.text}>{label}</span>
    </span>
  );
}

/**
 * HEALTHY / ERROR, or, before any instance reached an outcome, "No runs" when nothing has run yet
 * and "No completed runs" while instances exist but none finished or failed (dp-interpret-health-status.md).
 */
export function HealthBadge({ health, hasRuns = false }: { health: string | null; hasRuns?: boolean }) {
  if (!health) {
    return (
      <span
        className={cx(badgeCss.status, badgeCss.neutral)}
        title={hasRuns ? "Instances exist, but none has finished or failed yet" : "Nothing has run yet"}
      >
        <svg
          className={badgeCss.icon}
          viewBox="0 0 16 16"
          width="12"
          height="12"
          aria-hidden="true"
          focusable="false"
          stroke="currentColor"
        >
          {PATHS.dash}
        </svg>
        <span className={badgeCss.text}>{hasRuns ? "No completed runs" : "No runs"}</span>
      </span>
    );
  }
  return <StatusBadge status={health} />;
}

/** The tone of a status (ok, error, warn, run, wait, neutral), for surfaces tinted by it (graph nodes, grid cells). */
export function statusTone(status: string): Tone {
  return STATUS_LOOK[status]?.tone ?? "neutral";
}
