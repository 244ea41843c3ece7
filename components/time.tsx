// Times in UTC, the way Data Pipeline writes them (2012-12-12T00:00:00), with the ISO instant for
// machines and the browser-local time on hover.
export function formatUtc(iso: string): string {
  return iso.replace(/\.\d{3}Z$/, "").replace(/Z$/, "");
}

export function Time({ iso, empty = "—" }: { iso: string | null | undefined; empty?: string }) {
  if (!iso) return <span className="muted">{empty}</span>;
  return (
    <time dateTime={iso} title={`${new Date(iso).toUTCString()}`} className="mono">
      {formatUtc(iso)}
    </time>
  );
}
