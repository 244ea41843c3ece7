"use client";
// A time as "4 min ago" next to its UTC form. The relative part is drawn after hydration (the
// server's clock and the browser's would disagree) and kept current while the page is open.

import { useEffect, useState } from "react";
import { formatAge } from "./age";
import { formatUtc } from "./time";
import styles from "./time-ago.module.css";
import textCss from "@/components/ui/text.module.css";
import { cx } from "@/components/ui/cx";

/** Date.now() after mount, refreshed every `everyMs`; null during server rendering and hydration. */
export function useNow(everyMs = 10_000): number | null {
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    setNow(Date.now());
    const timer = window.setInterval(() => setNow(Date.now()), everyMs);
    return () => window.clearInterval(timer);
  }, [everyMs]);
  return now;
}

/**
 * `clockOffsetMs` is added to the browser's clock to get the server's (for ages of server-side
 * events such as heartbeats, when the two machines' clocks may differ).
 */
export function TimeAgo({
  iso,
  clockOffsetMs = 0,
  empty = "—",
  layout = "inline",
}: {
  iso: string | null | undefined;
  clockOffsetMs?: number;
  empty?: string;
  layout?: "inline" | "stacked";
}) {
  const now = useNow();
  if (!iso) return <span className={textCss.muted}>{empty}</span>;
  const age = now === null ? null : formatAge(now + clockOffsetMs - new Date(iso).getTime());
  return (
    <span className={cx(styles.timeAgo, styles[layout])}>
      {age ? <span className={styles.relative}>{age}</span> : null}
      <time dateTime={iso} title={new Date(iso).toUTCString()} className={cx(textCss.mono, styles.absolute)}>
        {formatUtc(iso)}
      </time>
    </span>
  );
}
