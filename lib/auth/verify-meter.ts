// What SigV4 verification costs the server per call, for `npm run bench` (issue #10). The bench
// preloads bench/lib/probe.cjs into its servers, which puts a meter on globalThis under this
// symbol and reads it back on its side port. In every other process there is no meter: a span is
// `undefined` and nothing is measured. The meter only counts; whether a call is verified, and how it
// is answered, never depends on it.

const METER = Symbol.for("pipelinehouse.bench.sigv4-meter");

export interface VerifyMeter {
  /** Calls that went through authenticate(). */
  calls: number;
  /** Process CPU (user + system) spent in them, outside the key's database lookup. */
  cpuMicros: number;
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

/** A running span on the bench's meter, or undefined when there is none (production). */
export function startVerifySpan(): VerifySpan | undefined {
  const meter = installedMeter();
  if (!meter) return undefined;
  meter.calls++;
  let since: NodeJS.CpuUsage | null = process.cpuUsage();
  const stop = () => {
    if (!since) return;
    const d = process.cpuUsage(since);
    meter.cpuMicros += d.user + d.system;
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
