// The bench's table on stdout, and the targets of issues #6 and #16 checked against what was measured.
import type { BenchResults } from "./results";

type Target = NonNullable<BenchResults["targets"]>[number];

export function bestPeer(r: BenchResults): number | null {
  const rates = (r.peer ?? []).map((p) => p.jobsPerSecond);
  return rates.length ? Math.max(...rates) : null;
}

export function evaluateTargets(r: BenchResults): Target[] {
  const out: Target[] = [];
  const peer = bestPeer(r);
  // Issue #16: the raw client at half of graphile-worker's rate (goal parity), the AWS SDK's at 0.3×.
  for (const [client, ratio] of [
    ["raw", 0.5],
    ["sdk", 0.3],
  ] as const) {
    const c = r.cycles?.find((x) => x.client === client && x.pollers === 32);
    if (!c) continue;
    out.push({
      name: `cycles/s at 32 pollers (${client} client) vs graphile-worker unbatched`,
      target: `≥ ${ratio}×`,
      measured: peer
        ? `${c.cyclesPerSecond} / ${peer} = ${(c.cyclesPerSecond / peer).toFixed(2)}×`
        : `${c.cyclesPerSecond} (no peer run)`,
      met: peer ? c.cyclesPerSecond >= ratio * peer : null,
    });
  }
  out.push(...cpuTargets(r));
  if (r.soak) {
    out.push({
      name: `soak: last ${r.soak.windowS} s vs first ${r.soak.windowS} s (${r.soak.pollers} pollers, ${Math.round(r.soak.seconds)} s)`,
      target: "within 20%",
      measured: `${r.soak.firstWindow} → ${r.soak.lastWindow} cycles/s (${r.soak.change > 0 ? "+" : ""}${r.soak.change}%)`,
      met: Math.abs(r.soak.change) <= 20,
    });
  }
  if (r.latency?.idle)
    out.push({
      name: "pickup p99, 100 held polls, idle",
      target: "≤ 50 ms",
      measured: `${r.latency.idle.ms.p99} ms`,
      met: r.latency.idle.ms.p99 <= 50 && r.latency.idle.missed === 0,
    });
  if (r.latency?.underLoad) {
    out.push({
      name: `pickup p99, 100 held polls, under load (${r.latency.underLoad.loadPollers} pollers cycling)`,
      target: "≤ 100 ms",
      measured: `${r.latency.underLoad.ms.p99} ms`,
      met: r.latency.underLoad.ms.p99 <= 100 && r.latency.underLoad.missed === 0,
    });
  }
  if (r.latency?.due)
    out.push({
      name: "due-by-time tasks picked up (max)",
      target: "≤ 1000 ms",
      measured: `${r.latency.due.ms.max} ms`,
      met: r.latency.due.ms.max <= 1000 && r.latency.due.missed === 0,
    });
  const held = r.held?.filter((h) => h.held > 0) ?? [];
  if (held.length) {
    const worst = Math.max(...held.map((h) => h.rssKiBPerHeld ?? 0));
    out.push({
      name: "RSS per held PollForTask",
      target: "≤ 64 KiB",
      measured: held.map((h) => `${h.rssKiBPerHeld} KiB @${h.held}`).join(", "),
      met: worst <= 64,
    });
    const conns = Math.max(...held.map((h) => h.connectionsInUse));
    out.push({
      name: "Postgres connections in use while polls wait",
      target: "0",
      measured: String(conns),
      met: conns === 0,
    });
  }
  out.push(...historyTargets(r));
  if (r.correctness) {
    const c = r.correctness;
    out.push({
      name: `double assignments (${c.enqueued} tasks)`,
      target: "0",
      measured: String(c.doubleAssignments + c.staleAccepted + c.duplicateFinishes),
      met: c.doubleAssignments + c.staleAccepted + c.duplicateFinishes === 0,
    });
    out.push({
      name: "lost tasks (enqueued − finished − failed)",
      target: "0",
      measured: `${c.lost} (${c.tasksLeft} left in queue)`,
      met: c.lost === 0 && c.tasksLeft === 0,
    });
  }
  return out;
}

/** Issue #16: server and Postgres CPU per cycle at 32 raw pollers, each at most 0.5 ms. */
function cpuTargets(r: BenchResults): Target[] {
  const c = r.cycles?.find((x) => x.client === "raw" && x.pollers === 32);
  const split = c?.cpuMsPerCycle;
  if (!split) return [];
  return (["server", "postgres"] as const).flatMap((role) => {
    const ms = split[role];
    if (ms === undefined) return [];
    return [
      {
        name: `${role} CPU per cycle (raw client, 32 pollers)`,
        target: "≤ 0.5 ms",
        measured: `${ms} ms`,
        met: ms <= 0.5,
      },
    ];
  });
}

/** Issue #16: with the seeded history, the cycle rate and each read within 20% of the empty database. */
function historyTargets(r: BenchResults): Target[] {
  const h = r.history;
  if (!h) return [];
  const rows = `${(h.seededRows / 1e6).toFixed(1)} M rows of history`;
  const out: Target[] = [];
  if (h.cyclesEmpty && h.cyclesSeeded && h.cycleRatio !== null)
    out.push({
      name: `cycles/s, raw × ${h.cyclesSeeded.pollers}, ${rows} vs empty`,
      target: "≥ 0.8×",
      measured: `${h.cyclesEmpty.cyclesPerSecond} → ${h.cyclesSeeded.cyclesPerSecond} (${h.cycleRatio}×)`,
      met: h.cyclesWithin20,
    });
  for (const read of h.reads)
    out.push({
      name: `${read.name}, p50 with ${rows} vs empty`,
      target: "≤ 1.2×",
      measured: `${read.empty.p50} → ${read.seeded.p50} ms (${read.ratio}×)`,
      met: read.within20,
    });
  return out;
}

export function table(headers: string[], rows: (string | number)[][]): string {
  const cells = [headers, ...rows.map((r) => r.map(String))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? "").length)));
  const line = (r: string[]) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  return [line(cells[0]!), widths.map((w) => "-".repeat(w)).join("  "), ...cells.slice(1).map(line)].join("\n");
}

export function printReport(r: BenchResults): void {
  const out: string[] = [];
  const m = r.machine;
  out.push(
    `\npipelinehouse bench (${r.mode}) — ${m.cpus} × ${m.cpuModel}, ${m.memoryGiB} GiB, Node ${m.node}, Postgres ${r.postgres.settings.server_version} (${r.postgres.kind}, synchronous_commit=${r.postgres.settings.synchronous_commit}, autovacuum=${r.postgres.settings.autovacuum})`,
  );
  const peer = bestPeer(r);
  if (r.cycles?.length) {
    out.push("\nRunner cycles (enqueue → PollForTask → ReportTaskProgress → SetTaskStatus FINISHED)");
    out.push(
      table(
        [
          "client",
          "pollers",
          "cycles/s",
          "× peer",
          "poll p50/p99 ms",
          "ack p50/p99 ms",
          "finish p50/p99 ms",
          "min ready",
        ],
        r.cycles.map((c) => [
          c.client,
          c.pollers,
          c.cyclesPerSecond,
          peer ? (c.cyclesPerSecond / peer).toFixed(2) : "-",
          `${c.callMs.poll.p50}/${c.callMs.poll.p99}`,
          `${c.callMs.ack.p50}/${c.callMs.ack.p99}`,
          `${c.callMs.finish.p50}/${c.callMs.finish.p99}`,
          c.minReady,
        ]),
      ),
    );
  }
  if (r.hostile) {
    const h = r.hostile;
    out.push(
      `\nHostile callers (${h.pollers} raw pollers cycling; worst-case EvaluateExpression ×2, 1,500-object chains and 1 MB definitions, ${h.heldPolls} held polls)`,
    );
    out.push(
      table(
        ["", "cycles/s", "health p50/p99/max ms", "health failures", "held polls"],
        [
          [
            "without",
            h.baseline.cycles.cyclesPerSecond,
            `${h.baseline.healthMs.p50}/${h.baseline.healthMs.p99}/${h.baseline.healthMs.max}`,
            h.baseline.healthFailures,
            0,
          ],
          [
            "with",
            h.hostile.cycles.cyclesPerSecond,
            `${h.hostile.healthMs.p50}/${h.hostile.healthMs.p99}/${h.hostile.healthMs.max}`,
            h.hostile.healthFailures,
            h.hostile.heldConfirmed,
          ],
        ],
      ),
    );
    out.push(
      `hostile answers: ${Object.entries(h.hostile.answers)
        .map(([k, n]) => `${k}: ${n}`)
        .join("; ")}`,
    );
  }
  const cpuRows: (string | number)[][] = [];
  const ms = (v: number | undefined) => (v === undefined ? "-" : v);
  for (const c of r.cycles ?? []) {
    const p = c.cpuMsPerCycle;
    if (!p || !c.cpu) continue;
    const total = Object.values(p).reduce((a, b) => a + b, 0);
    cpuRows.push([
      `cycle, ${c.client} x${c.pollers}`,
      ms(p.server),
      ms(p.clients),
      ms(p.postgres),
      ms(Math.round(((p.bench ?? 0) + (p.other ?? 0)) * 100) / 100 || undefined),
      Math.round(total * 100) / 100,
      `${Math.round(100 - Object.values(c.cpu.machinePercent).reduce((a, b) => a + b, 0))}%`,
    ]);
  }
  for (const g of r.peer ?? []) {
    const p = g.cpuMsPerJob;
    if (!p || !g.cpu) continue;
    const total = Object.values(p).reduce((a, b) => a + b, 0);
    cpuRows.push([
      `job, graphile-worker ×${g.processes}`,
      ms(p.peer),
      "-",
      ms(p.postgres),
      ms(Math.round(((p.bench ?? 0) + (p.other ?? 0)) * 100) / 100 || undefined),
      Math.round(total * 100) / 100,
      `${Math.round(100 - Object.values(g.cpu.machinePercent).reduce((a, b) => a + b, 0))}%`,
    ]);
  }
  if (cpuRows.length) {
    out.push("\nCPU per unit of work (ms of CPU, from /proc; the peer's worker processes are in the server column)");
    out.push(table(["unit", "server", "clients", "postgres", "other", "total", "idle"], cpuRows));
  }
  const verifyRows: (string | number)[][] = [];
  const scaleOut = r.scaleOut ? [r.scaleOut.one, r.scaleOut.two] : [];
  for (const c of [...(r.cycles ?? []), ...scaleOut]) {
    const v = c.verify;
    if (!v) continue;
    verifyRows.push([
      `${scaleOut.includes(c) ? `scale-out, ${c.servers} server${c.servers > 1 ? "s" : ""}: ` : ""}${c.client} x${c.pollers}`,
      c.cyclesPerSecond,
      v.callsPerCycle,
      v.usPerCall,
      v.msPerCycle,
      ms(c.cpuMsPerCycle?.server),
      v.serverMsPerCycleWithout ?? "-",
      // Of the server process's own CPU (the Postgres and client columns also count other work on a shared box).
      c.cpuMsPerCycle?.server ? `${Math.round((v.msPerCycle / c.cpuMsPerCycle.server) * 1000) / 10}%` : "-",
    ]);
  }
  if (verifyRows.length || r.sigv4) {
    out.push(
      "\nWhat SigV4 verification costs (server CPU measured around verification inside the server, key lookup excluded)",
    );
    if (verifyRows.length) {
      out.push(
        table(
          [
            "cycle",
            "cycles/s",
            "calls/cycle",
            "µs/call",
            "verify ms/cycle",
            "server ms/cycle",
            "server without verify",
            "share of server CPU",
          ],
          verifyRows,
        ),
      );
    }
    if (r.sigv4)
      out.push(
        `in process (no HTTP, no database, ${r.sigv4.calls} calls): server verify ${r.sigv4.verifyCpuUs} µs CPU (${r.sigv4.verifyWallUs} µs wall) per call; client signing ${r.sigv4.signCpuUs} µs CPU per call`,
      );
  }
  if (r.peer?.length || r.floor) {
    out.push("\nReferences on the same Postgres");
    const rows: (string | number)[][] = (r.peer ?? []).map((p) => [
      `graphile-worker ${p.version} unbatched, ${p.processes} process(es) × ${p.concurrency}`,
      p.jobs,
      p.jobsPerSecond,
    ]);
    if (r.floor)
      rows.push([
        `raw SQL floor (claim/ack/finish via node-postgres, ${r.floor.clients} clients)`,
        r.floor.tasks,
        r.floor.cyclesPerSecond,
      ]);
    out.push(table(["reference", "jobs", "per second"], rows));
  }
  if (r.latency) {
    out.push("\nPickup latency (ms)");
    const rows: (string | number)[][] = [];
    const add = (
      name: string,
      l?: { samples: number; missed: number; ms: { p50: number; p99: number; max: number } },
    ) => l && rows.push([name, l.samples, l.missed, l.ms.p50, l.ms.p99, l.ms.max]);
    add("ready by NOTIFY, 100 held polls, idle", r.latency.idle);
    add(
      `ready by NOTIFY, 100 held polls, ${r.latency.underLoad?.loadPollers ?? "?"} pollers cycling`,
      r.latency.underLoad,
    );
    add("due by time (ready_at), 20 held polls", r.latency.due);
    out.push(table(["case", "samples", "missed", "p50", "p99", "max"], rows));
  }
  if (r.held?.length) {
    out.push("\nHeld PollForTask requests");
    out.push(
      table(
        ["held", "server saw", "RSS MiB", "heap MiB", "RSS KiB/held", "heap KiB/held", "PG conns (in use)"],
        r.held.map((h) => [
          h.held,
          h.confirmedHeld,
          h.rssMiB,
          h.heapMiB,
          h.rssKiBPerHeld ?? "-",
          h.heapKiBPerHeld ?? "-",
          `${Object.values(h.connections).reduce((a, b) => a + b, 0)} (${h.connectionsInUse})`,
        ]),
      ),
    );
  }
  if (r.soak)
    out.push(
      `\nSoak: ${r.soak.pollers} pollers for ${Math.round(r.soak.seconds)} s: ${r.soak.cyclesPerSecond} cycles/s overall, first ${r.soak.windowS} s ${r.soak.firstWindow}, last ${r.soak.windowS} s ${r.soak.lastWindow} (${r.soak.change}%)`,
    );
  if (r.scaleOut)
    out.push(
      `Scale-out at ${r.scaleOut.one.pollers} pollers: one server ${r.scaleOut.one.cyclesPerSecond} cycles/s, two servers ${r.scaleOut.two.cyclesPerSecond} (${r.scaleOut.ratio}×)`,
    );
  if (r.correctness) {
    const c = r.correctness;
    out.push(
      `Correctness: ${c.enqueued} tasks, ${c.handouts} hand-outs in ${c.seconds} s; ${c.abortedPolls} aborted polls, ${c.forcedExpiries} forced expiries (${c.forcedExpiriesAcknowledged} acknowledged), ${c.zombiesTested}/${c.zombies} stale-taskId probes; finished ${c.finishedInstances} + failed ${c.failedInstances}; double assignments ${c.doubleAssignments}, stale accepted ${c.staleAccepted}, lost ${c.lost} → ${c.ok ? "OK" : "VIOLATIONS"}`,
    );
    for (const v of c.violations.slice(0, 10)) out.push(`  ! ${v}`);
  }
  if (r.targets?.length) {
    out.push("\nTargets");
    out.push(
      table(
        ["target", "goal", "measured", "met"],
        r.targets.map((t) => [t.name, t.target, t.measured, t.met === null ? "n/a" : t.met ? "yes" : "NO"]),
      ),
    );
  }
  if (r.phases?.length)
    out.push(
      `\nPhases (s, 1-min load average before→after): ${r.phases.map((p) => `${p.name} ${p.seconds} s (${p.load1Before}→${p.load1After})`).join("; ")}`,
    );
  if (r.errors.length) out.push(`\nErrors:\n${r.errors.map((e) => `  ${e.split("\n")[0]}`).join("\n")}`);
  console.log(out.join("\n"));
}
