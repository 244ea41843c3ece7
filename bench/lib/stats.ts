// Small statistics helpers for the bench.

export interface Percentiles {
  n: number;
  p50: number;
  p90: number;
  p99: number;
  max: number;
  mean: number;
}

/** Nearest-rank percentiles of a sample (ms), rounded to 0.01. */
export function percentiles(sample: number[]): Percentiles {
  const n = sample.length;
  if (n === 0) return { n: 0, p50: 0, p90: 0, p99: 0, max: 0, mean: 0 };
  const s = [...sample].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(n - 1, Math.max(0, Math.ceil((p / 100) * n) - 1))]!;
  const r = (x: number) => Math.round(x * 100) / 100;
  return {
    n,
    p50: r(at(50)),
    p90: r(at(90)),
    p99: r(at(99)),
    max: r(s[n - 1]!),
    mean: r(s.reduce((a, b) => a + b, 0) / n),
  };
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
