// Times in UTC, the way Data Pipeline writes them (2012-12-12T00:00:00), with the ISO instant for
// machines and the browser-local time on hover.
import textCss from "@/components/ui/text.module.css";

export function formatUtc(iso: string): string {
  return iso.replace(/\.\d{3}Z$/, "").replace(/Z$/, "");
}

export function Time({ iso, empty = "—" }: { iso: string | null | undefined; empty?: string }) {
  if (!iso) return <span className={textCss.muted}>{empty}</span>;
  return (
    <time dateTime={iso} title={`${new Date(iso).toUTCString()}`} className={textCss.mono}>
      {formatUtc(iso)}
    </time>
  );
}
