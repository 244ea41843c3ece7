// The HTTP-only floor: the same raw client and load worker as the cycles phase, at the same poller
// counts, against a no-op node:http server (bench/noop-server.cjs) that answers PollForTask,
// ReportTaskProgress and SetTaskStatus with canned JSON 1.1 answers. No database and no
// verification: what it reaches is what the protocol itself (three calls per cycle over HTTP, JSON,
// the client's signing) allows on this machine, and its CPU split per role is the floor of ours.
import { spawn } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { cpuMsPer, cpuSnapshot, cpuSplit, type CpuRole, type CpuSplit } from "./cpu";
import { startLoad } from "./load";
import { sleep, type Percentiles } from "./stats";

export interface HttpFloorResult {
  pollers: number;
  cyclesPerSecond: number;
  cycles: number;
  seconds: number;
  errors: number;
  firstError: string | null;
  callMs: Record<"poll" | "ack" | "finish", Percentiles>;
  cpu: CpuSplit | null;
  cpuMsPerCycle: Partial<Record<CpuRole, number>> | null;
}

async function startNoopServer(): Promise<{ endpoint: string; pid: number; stop(): Promise<void> }> {
  const child = spawn(process.execPath, [path.resolve(import.meta.dirname, "..", "noop-server.cjs")], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const port = await new Promise<number>((resolve, reject) => {
    let out = "";
    child.once("exit", (code) => reject(new Error(`no-op server exited (${code})`)));
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      const line = out.split("\n")[0];
      if (out.includes("\n") && line) resolve((JSON.parse(line) as { port: number }).port);
    });
  });
  child.removeAllListeners("exit");
  return {
    endpoint: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      }),
  };
}

export async function measureHttpFloor(o: {
  pollers: number[];
  warmupS: number;
  measureS: number;
  rawTransport: "fetch" | "http";
  log: (m: string) => void;
}): Promise<HttpFloorResult[]> {
  const server = await startNoopServer();
  const results: HttpFloorResult[] = [];
  try {
    for (const pollers of o.pollers) {
      const load = await startLoad({
        endpoints: [server.endpoint],
        workerGroup: "floor",
        pollers,
        client: "raw",
        rawTransport: o.rawTransport,
      });
      await sleep(o.warmupS * 1000);
      const start = await load.fresh();
      const cpuStart = cpuSnapshot();
      load.mark();
      await sleep(o.measureS * 1000);
      const end = await load.fresh();
      const cpu = cpuSplit(cpuStart, cpuSnapshot(), { server: [server.pid], clients: [load.pid] }, os.cpus().length);
      const stopped = await load.stop();
      const seconds = (end.at - start.at) / 1000;
      const cycles = end.finished - start.finished;
      const r: HttpFloorResult = {
        pollers,
        cyclesPerSecond: Math.round((cycles / seconds) * 10) / 10,
        cycles,
        seconds: Math.round(seconds * 10) / 10,
        errors: end.errors - start.errors,
        firstError: stopped.firstError,
        callMs: stopped.stats,
        cpu,
        cpuMsPerCycle: cpuMsPer(cpu, cycles),
      };
      o.log(`httpfloor x${pollers}: ${r.cyclesPerSecond} cycles/s`);
      results.push(r);
    }
  } finally {
    await server.stop();
  }
  return results;
}
