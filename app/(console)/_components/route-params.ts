import { unstorableReason } from "@/lib/protocol/hostile-input";

// Dynamic segments arrive percent-encoded or decoded depending on how the URL was produced;
// ids may themselves contain `%`, so decode only what is a valid escape sequence.
// A decoded NUL or unpaired surrogate could never name a stored object: keep the raw text, so the
// page answers "not found" instead of handing the store a string Postgres refuses.
export function decodeSegment(raw: string): string {
  const safe = unstorableReason(raw) === null ? raw : encodeURIComponent(raw.replace(/[\ud800-\udfff]/g, "\ufffd"));
  if (!/%[0-9A-Fa-f]{2}/.test(safe)) return safe;
  try {
    const decoded = decodeURIComponent(safe);
    return unstorableReason(decoded) === null ? decoded : safe;
  } catch {
    return safe;
  }
}
