// Instance counts by status, most urgent first, each an icon + count + status name; with
// `pipelineId`, each links to the Instances tab filtered to that status.
import Link from "next/link";
import { instancesWithStatusHref } from "@/components/links";
import { StatusBadge } from "@/components/status-badge";
import { INSTANCE_STATUSES } from "@/lib/objects/statuses";
import badgeCss from "@/components/status-badge.module.css";
import listCss from "@/components/ui/lists.module.css";
import textCss from "@/components/ui/text.module.css";

const ORDER = [
  "FAILED",
  "CASCADE_FAILED",
  "TIMEDOUT",
  "RUNNING",
  "WAITING_FOR_RUNNER",
  "WAITING_ON_DEPENDENCIES",
  ...INSTANCE_STATUSES,
];

export function InstanceCounts({
  counts,
  empty = "None yet",
  pipelineId,
}: {
  counts: Record<string, number>;
  empty?: string;
  pipelineId?: string;
}) {
  const entries = Object.entries(counts)
    .filter(([, n]) => n > 0)
    .sort(
      ([a], [b]) =>
        (ORDER.indexOf(a) === -1 ? 99 : ORDER.indexOf(a)) - (ORDER.indexOf(b) === -1 ? 99 : ORDER.indexOf(b)),
    );
  if (entries.length === 0) return <span className={textCss.muted}>{empty}</span>;
  return (
    <ul className={listCss.inlineList} aria-label="Instances by status">
      {entries.map(([status, n]) => (
        <li key={status}>
          {pipelineId ? (
            <Link
              href={instancesWithStatusHref(pipelineId, status)}
              className={badgeCss.badgeLink}
              aria-label={`${n} ${status}: show these instances`}
            >
              <StatusBadge status={status} count={n} />
            </Link>
          ) : (
            <StatusBadge status={status} count={n} />
          )}
        </li>
      ))}
    </ul>
  );
}

export function ScheduleText({ schedule }: { schedule: { type: string | null; periods: string[] } }) {
  if (schedule.type === "ondemand") return <span>on demand</span>;
  const periods = schedule.periods.filter((p) => p !== "ONDEMAND_PERIOD");
  const every =
    periods.length === 1 ? `every ${periods[0]}` : periods.length > 1 ? `${periods.length} schedules` : null;
  if (!schedule.type && !every) return <span className={textCss.muted}>—</span>;
  return <span>{[schedule.type, every].filter(Boolean).join(" · ")}</span>;
}
