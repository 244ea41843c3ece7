// Cycle throughput: N runner loops (PollForTask -> ReportTaskProgress -> SetTaskStatus FINISHED)
// while the feeder keeps tasks queued through ActivatePipeline. A cycle counts when its FINISHED
// is answered; the rate is cut over a window after a warm-up, with the load never paused.
import os from "node:os";
import { cpuMsPer, cpuSnapshot, cpuSplit, type CpuRole, type CpuSplit } from "./cpu";
import type { Feeder } from "./feeder";
import { startLoad } from "./load";
import type { ClientKind } from "./options";
import type { VerifyMeterReading } from "./server";
import { sleep, type Percentiles } from "./stats";

export interface CycleResult {
  client: ClientKind;
  pollers: number;
  servers: number;
  cyclesPerSecond: number;
  cycles: number;
  seconds: number;
  lostLeases: number;
  errors: number;
  firstError: string | null;
  /** Fewest ready tasks seen during the window: 0 means the feeder (enqueue) may have limited the rate. */
  minReady: number;
  callMs: Record<"poll" | "ack" | "finish", Percentiles>;
  /** CPU used over the window by role (server, clients, postgres...), and per cycle in ms. */
  cpu: CpuSplit | null;
  cpuMsPerCycle: Partial<Record<CpuRole, number>> | null;
  /**
   * SigV4 verification inside the servers over the window (their meters, bench/lib/probe.cjs): calls
   * verified (the runner's three per cycle and the feeder's), server CPU spent verifying, and the
   * server's CPU per cycle with that measured out.
   */
  verify: VerifyCost | null;
  /** Cycles per second for each second of the window (the soak uses it). */
  series?: { t: number; rate: number }[];
}

export interface VerifyCost {
  calls: number;
  callsPerCycle: number;
  cpuMs: number;
  /** Server CPU per verified call, in µs. */
  usPerCall: number;
  /** Server CPU per cycle spent verifying, and the server's CPU per cycle without it, in ms. */
  msPerCycle: number;
  serverMsPerCycleWithout: number | null;
}

async function readMeters(meters: (() => Promise<VerifyMeterReading>)[]): Promise<VerifyMeterReading | null> {
  if (!meters.length) return null;
  try {
    const all = await Promise.all(meters.map((m) => m()));
    return all.reduce((a, b) => ({ calls: a.calls + b.calls, cpuMicros: a.cpuMicros + b.cpuMicros }), {
      calls: 0,
      cpuMicros: 0,
    });
  } catch {
    return null; // a server without the probe: the split is simply not reported
  }
}

function verifyCost(
  before: VerifyMeterReading | null,
  after: VerifyMeterReading | null,
  cycles: number,
  serverMsPerCycle: number | undefined,
): VerifyCost | null {
  if (!before || !after || cycles <= 0) return null;
  const calls = after.calls - before.calls;
  // Every cycle is verified calls: none counted means the server runs without the meter (an old build).
  if (calls <= 0) return null;
  const cpuMs = (after.cpuMicros - before.cpuMicros) / 1000;
  const msPerCycle = Math.round((cpuMs / cycles) * 1000) / 1000;
  return {
    calls,
    callsPerCycle: Math.round((calls / cycles) * 100) / 100,
    cpuMs: Math.round(cpuMs),
    usPerCall: calls > 0 ? Math.round((cpuMs * 1000) / calls) : 0,
    msPerCycle,
    serverMsPerCycleWithout:
      serverMsPerCycle === undefined ? null : Math.round((serverMsPerCycle - msPerCycle) * 100) / 100,
  };
}

export async function measureCycles(o: {
  endpoints: string[];
  /** The servers' process ids, for the CPU split. */
  serverPids: number[];
  feeder: Feeder;
  workerGroup: string;
  client: ClientKind;
  rawTransport: "fetch" | "http";
  pollers: number;
  warmupS: number;
  measureS: number;
  seriesEveryS?: number;
  onSeries?: (t: number, rate: number) => void;
  /** The servers' verification meters (BenchServer.verifyMeter), for the cost of SigV4 per cycle. */
  verifyMeters?: (() => Promise<VerifyMeterReading>)[];
}): Promise<CycleResult> {
  o.feeder.setLow(Math.max(300, o.pollers * 10));
  await o.feeder.fill(Math.min(300, o.pollers * 10));
  const load = await startLoad({
    endpoints: o.endpoints,
    workerGroup: o.workerGroup,
    pollers: o.pollers,
    client: o.client,
    rawTransport: o.rawTransport,
  });
  await sleep(o.warmupS * 1000);
  const start = await load.fresh();
  const meterStart = await readMeters(o.verifyMeters ?? []);
  const cpuStart = cpuSnapshot();
  load.mark();
  o.feeder.resetMin();
  const series: { t: number; rate: number }[] = [];
  let prev = start;
  const end = start.at + o.measureS * 1000;
  const step = (o.seriesEveryS ?? 1) * 1000;
  while (Date.now() < end) {
    await sleep(Math.min(step, Math.max(0, end - Date.now())));
    const now = await load.fresh();
    if (now.at > prev.at) {
      const rate = ((now.finished - prev.finished) * 1000) / (now.at - prev.at);
      const t = (now.at - start.at) / 1000;
      series.push({ t: Math.round(t * 10) / 10, rate: Math.round(rate) });
      o.onSeries?.(t, rate);
    }
    prev = now;
  }
  const last = prev;
  const cpu = cpuSplit(cpuStart, cpuSnapshot(), { server: o.serverPids, clients: [load.pid] }, os.cpus().length);
  const meterEnd = await readMeters(o.verifyMeters ?? []);
  const minReady = o.feeder.minReady;
  const result = await load.stop();
  const seconds = (last.at - start.at) / 1000;
  const cycles = last.finished - start.finished;
  const cpuMsPerCycle = cpuMsPer(cpu, cycles);
  return {
    client: o.client,
    pollers: o.pollers,
    servers: o.endpoints.length,
    cyclesPerSecond: Math.round((cycles / seconds) * 10) / 10,
    cycles,
    seconds: Math.round(seconds * 10) / 10,
    lostLeases: last.lost - start.lost,
    errors: last.errors - start.errors,
    firstError: result.firstError,
    minReady: Number.isFinite(minReady) ? minReady : -1,
    callMs: result.stats,
    cpu,
    cpuMsPerCycle,
    verify: verifyCost(meterStart, meterEnd, cycles, cpuMsPerCycle?.server),
    ...(o.onSeries || o.seriesEveryS ? { series } : {}),
  };
}
