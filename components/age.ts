// "4 min ago": how long ago something happened, coarse enough to read at a glance.
const UNITS: [limit: number, size: number, unit: string][] = [
  [60, 1, "s"],
  [3600, 60, "min"],
  [86400, 3600, "h"],
  [Infinity, 86400, "d"],
];

export function formatAge(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 5) return "just now";
  const [, size, unit] = UNITS.find(([limit]) => s < limit) ?? UNITS[UNITS.length - 1]!;
  return `${Math.floor(s / size)} ${unit} ago`;
}
