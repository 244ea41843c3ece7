// The limits beside us, printed after the main report: the HTTP-only floor next to our raw client
// at the same pollers, graphile-worker fed during the clock next to its pre-queued figure, and the
// run history phase (empty vs seeded, each read's ratio and whether it stays within 20%).
import type { CpuRole } from "./cpu";
import { table } from "./report";
import type { BenchResults } from "./results";

const cpu = (c: Partial<Record<CpuRole, number>> | null | undefined, ...roles: CpuRole[]) =>
  c ? roles.map((k) => (c[k] ?? 0).toFixed(2)).join(" / ") : "-";

export function printLimitsReport(r: BenchResults): void {
  const out: string[] = [];
  if (r.httpFloor?.length) {
    out.push(
      "\nHTTP-only floor: the raw client against a no-op node:http server (canned answers, no database), beside ours",
    );
    out.push(
      table(
        [
          "pollers",
          "floor cycles/s",
          "ours cycles/s",
          "ours / floor",
          "CPU ms per cycle, floor: server / clients",
          "ours: server / clients / postgres",
        ],
        r.httpFloor.map((f) => {
          const ours = r.cycles?.find((c) => c.client === "raw" && c.pollers === f.pollers);
          return [
            f.pollers,
            f.cyclesPerSecond,
            ours?.cyclesPerSecond ?? "-",
            ours ? (ours.cyclesPerSecond / Math.max(0.1, f.cyclesPerSecond)).toFixed(2) : "-",
            cpu(f.cpuMsPerCycle, "server", "clients"),
            cpu(ours?.cpuMsPerCycle, "server", "clients", "postgres"),
          ];
        }),
      ),
    );
  }
  if (r.peerFed?.length) {
    out.push("\ngraphile-worker: jobs pre-queued (the clock covers the drain) vs added during the clock");
    out.push(
      table(
        [
          "processes",
          "jobs",
          "pre-queued jobs/s",
          "fed jobs/s",
          "fed / pre-queued",
          "fed: min queued",
          "fed CPU ms per job: peer / postgres / bench (feeder)",
        ],
        r.peerFed.map((f) => {
          const pre = r.peer?.find((p) => p.processes === f.processes);
          return [
            f.processes,
            f.jobs,
            pre?.jobsPerSecond ?? "-",
            f.jobsPerSecond,
            pre ? (f.jobsPerSecond / Math.max(1, pre.jobsPerSecond)).toFixed(2) : "-",
            f.minQueued,
            cpu(f.cpuMsPerJob, "peer", "postgres", "bench"),
          ];
        }),
      ),
    );
  }
  const h = r.history;
  if (h) {
    out.push(
      `\nRun history: ${h.seededRows.toLocaleString("en-US")} rows seeded in ${h.seedSeconds} s (VACUUM ANALYZE ${h.analyzeSeconds} s) over ${h.pipelines} pipelines × ${h.runsPerPipeline} runs, ${h.spanDays} days; pipeline_objects ${h.rowsBefore.toLocaleString("en-US")} → ${h.rowsAfter.toLocaleString("en-US")} rows`,
    );
    const rows: (string | number)[][] = [];
    if (h.cyclesEmpty && h.cyclesSeeded)
      rows.push([
        `cycles/s, raw client × ${h.cyclesEmpty.pollers}`,
        h.cyclesEmpty.cyclesPerSecond,
        h.cyclesSeeded.cyclesPerSecond,
        h.cycleRatio ?? "-",
        h.cyclesWithin20 ? "yes" : "no",
      ]);
    for (const x of h.reads)
      rows.push([
        `${x.name}, p50 ms (p90)`,
        `${x.empty.p50} (${x.empty.p90})`,
        `${x.seeded.p50} (${x.seeded.p90})`,
        x.ratio,
        x.within20 ? "yes" : "no",
      ]);
    out.push(table(["measurement", "empty", "seeded", "seeded / empty", "within 20%"], rows));
  }
  if (out.length) console.log(out.join("\n"));
}
