import { describe, expect, it } from "vitest";
import { evaluateTargets } from "./report";
import type { BenchResults } from "./results";

// Only the fields the targets read; the rest of a run's results does not matter to them.
function results(extra: Partial<BenchResults>): BenchResults {
  return { version: 1, startedAt: "", mode: "full", phases: [], errors: [], ...extra } as unknown as BenchResults;
}

const cycle = (client: "raw" | "sdk", cyclesPerSecond: number, cpuMsPerCycle: Record<string, number> | null = null) =>
  ({ client, pollers: 32, cyclesPerSecond, cpuMsPerCycle }) as unknown as NonNullable<BenchResults["cycles"]>[number];

const byName = (r: BenchResults) => new Map(evaluateTargets(r).map((t) => [t.name, t]));

describe("issue #16 targets", () => {
  it("holds the raw client to 0.5× and the AWS SDK to 0.3× of graphile-worker's best rate", () => {
    const t = byName(
      results({
        cycles: [cycle("raw", 1500), cycle("sdk", 950)],
        peer: [{ jobsPerSecond: 2000 }, { jobsPerSecond: 3100 }] as unknown as BenchResults["peer"],
      }),
    );
    const raw = t.get("cycles/s at 32 pollers (raw client) vs graphile-worker unbatched")!;
    const sdk = t.get("cycles/s at 32 pollers (sdk client) vs graphile-worker unbatched")!;
    expect([raw.target, raw.met, raw.measured]).toEqual(["≥ 0.5×", false, "1500 / 3100 = 0.48×"]);
    expect([sdk.target, sdk.met]).toEqual(["≥ 0.3×", true]);
  });

  it("checks server and Postgres CPU per cycle of the raw 32-poller row against 0.5 ms each", () => {
    const t = byName(results({ cycles: [cycle("raw", 700, { server: 0.42, postgres: 0.61, clients: 0.3 })] }));
    expect(t.get("server CPU per cycle (raw client, 32 pollers)")).toMatchObject({ measured: "0.42 ms", met: true });
    expect(t.get("postgres CPU per cycle (raw client, 32 pollers)")).toMatchObject({ measured: "0.61 ms", met: false });
  });

  it("reports each history read and the cycle rate against the empty database", () => {
    const history = {
      seededRows: 10_002_960,
      cyclesEmpty: { pollers: 32, cyclesPerSecond: 500 },
      cyclesSeeded: { pollers: 32, cyclesPerSecond: 380 },
      cycleRatio: 0.76,
      cyclesWithin20: false,
      reads: [
        { name: "console: pipeline list", empty: { p50: 10 }, seeded: { p50: 11 }, ratio: 1.1, within20: true },
        { name: "console: instance page", empty: { p50: 8 }, seeded: { p50: 12 }, ratio: 1.5, within20: false },
      ],
    } as unknown as BenchResults["history"];
    const t = evaluateTargets(results({ history })).map((x) => [x.name, x.measured, x.met]);
    expect(t).toEqual([
      ["cycles/s, raw × 32, 10.0 M rows of history vs empty", "500 → 380 (0.76×)", false],
      ["console: pipeline list, p50 with 10.0 M rows of history vs empty", "10 → 11 ms (1.1×)", true],
      ["console: instance page, p50 with 10.0 M rows of history vs empty", "8 → 12 ms (1.5×)", false],
    ]);
  });
});
