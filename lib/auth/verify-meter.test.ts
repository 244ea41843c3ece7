import { afterEach, describe, expect, it } from "vitest";
import { startVerifySpan, type VerifyMeter } from "./verify-meter";

const METER = Symbol.for("pipelinehouse.bench.sigv4-meter");
const globals = globalThis as Record<symbol, unknown>;

/** Burns `ms` of this process's CPU (measured as CPU, not wall time: the machine may be loaded). */
function spin(ms: number): void {
  const start = process.cpuUsage();
  for (;;) {
    for (let i = 0; i < 10_000; i++) Math.sqrt(Math.random());
    const d = process.cpuUsage(start);
    if (d.user + d.system >= ms * 1000) return;
  }
}

describe("the bench's verification meter", () => {
  afterEach(() => {
    delete globals[METER];
  });

  it("measures nothing without the bench's probe (every production process)", () => {
    expect(startVerifySpan()).toBeUndefined();
  });

  it("counts calls and the CPU spent while running, not while paused", () => {
    const meter: VerifyMeter = { calls: 0, cpuMicros: 0 };
    globals[METER] = meter;
    const span = startVerifySpan()!;
    spin(30);
    span.pause();
    spin(200); // the key's database lookup: not verification
    span.resume();
    spin(30);
    span.end();
    span.end(); // ending twice (a throw after end) adds nothing
    expect(meter.calls).toBe(1);
    expect(meter.cpuMicros).toBeGreaterThanOrEqual(60_000);
    expect(meter.cpuMicros).toBeLessThan(200_000);
  });

  it("when sampling, counts every call but measures one in N and counts its CPU N times", () => {
    const meter: VerifyMeter = { calls: 0, cpuMicros: 0, sampleEvery: 4 };
    globals[METER] = meter;
    const measured = startVerifySpan()!;
    spin(20);
    measured.end();
    const afterFirst = meter.cpuMicros;
    // 20 ms measured, counted 4 times: the estimate for this call and the three left out.
    expect(afterFirst).toBeGreaterThanOrEqual(80_000);
    expect(afterFirst).toBeLessThan(400_000);
    for (let i = 0; i < 3; i++) {
      const skipped = startVerifySpan()!;
      spin(20);
      skipped.end();
    }
    expect(meter.calls).toBe(4);
    expect(meter.cpuMicros).toBe(afterFirst);
    const fifth = startVerifySpan()!;
    spin(5);
    fifth.end();
    expect(meter.calls).toBe(5);
    expect(meter.cpuMicros).toBeGreaterThan(afterFirst);
  });
});
