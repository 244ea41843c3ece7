// What SigV4 verification costs the server per call, for `npm run bench` (issue #10). The bench
// preloads bench/lib/probe.cjs into its servers, which puts a meter on globalThis under this
// symbol and reads it back on its side port. In every other process there is no meter: a span is
// `undefined` and nothing is measured. The meter only counts; whether a call is verified, and how it
// is answered, never depends on it.

const METER = Symbol.for("pipelinehouse.bench.sigv4-meter");

export interface VerifyMeter {
  /** Calls that went through authenticate(). */
  calls: number;
  /** Process CPU (user + system) spent in them, outside the key's database lookup (an estimate when sampled). */
  cpuMicros: number;
  /**
   * Measure one call in this many and count its CPU this many times (default 1: every call). Each
   * span reads the process's CPU time four times (a getrusage system call each); metering every
   * call put those reads among the largest items of the server's own profile under the bench.
   */
  sampleEvery?: number;
}

export interface VerifySpan {
  /** Stops counting while the call waits on I/O (other requests' CPU would land here). */
  pause(): void;
  resume(): void;
  end(): void;
}

function installedMeter(): VerifyMeter | undefined {
  // The probe is plain CommonJS outside the app: globalThis is the only channel both can see.
  const meter = (globalThis as Record<symbol, unknown>)[METER] as VerifyMeter | undefined;
  return meter && typeof meter.calls === "number" && typeof meter.cpuMicros === "number" ? meter : undefined;
}

/** The span of a call the sample leaves out: counted, not measured. */
const UNMEASURED: VerifySpan = { pause() {}, resume() {}, end() {} };

/** A running span on the bench's meter, or undefined when there is none (production). */
export function startVerifySpan(): VerifySpan | undefined {
  const meter = installedMeter();
  if (!meter) return undefined;
  meter.calls++;
  const every = meter.sampleEvery !== undefined && meter.sampleEvery >= 1 ? Math.floor(meter.sampleEvery) : 1;
  if (every > 1 && meter.calls % every !== 1) return UNMEASURED;
  let since: NodeJS.CpuUsage | null = process.cpuUsage();
  const stop = () => {
    if (!since) return;
    const d = process.cpuUsage(since);
    meter.cpuMicros += (d.user + d.system) * every;
    since = null;
  };
  return {
    pause: stop,
    resume: () => {
      since ??= process.cpuUsage();
    },
    end: stop,
  };
}
