// Dynamic segments arrive percent-encoded or decoded depending on how the URL was produced;
// ids may themselves contain `%`, so decode only what is a valid escape sequence.
export function decodeSegment(raw: string): string {
  if (!/%[0-9A-Fa-f]{2}/.test(raw)) return raw;
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}
