// Where the machine's CPU goes during a measurement: every process's user+system time from /proc,
// grouped by role (our server, the runner clients, Postgres, the peer, the bench itself, anything
// else). On a 2-core box the clients and Postgres share the cores with the server, so a rate alone
// does not say what one cycle costs; CPU milliseconds per cycle per role does. Linux only: elsewhere
// snapshots are empty and the split is reported as null.
import { readdirSync, readFileSync } from "node:fs";

export type CpuRole = "server" | "clients" | "postgres" | "peer" | "bench" | "other";

interface Proc {
  pid: number;
  ppid: number;
  comm: string;
  /** Its own user + system time. */
  ticks: number;
  /** User + system time of its children that exited and were reaped: how work of short-lived processes (a backend, a peer worker) is still counted. */
  childTicks: number;
}

export interface CpuSnapshot {
  at: number;
  procs: Map<number, Proc>;
}

/** Kernel clock ticks per second for /proc/<pid>/stat times (USER_HZ, 100 on every Linux that matters). */
const TICKS_PER_SECOND = 100;

function readProc(pid: number): Proc | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // comm is parenthesised and may contain spaces: split after its closing parenthesis.
    const close = stat.lastIndexOf(")");
    const comm = stat.slice(stat.indexOf("(") + 1, close);
    const rest = stat.slice(close + 2).split(" ");
    // rest[0] is field 3 (state): ppid is field 4, utime 14, stime 15, cutime 16, cstime 17.
    return {
      pid,
      ppid: Number(rest[1]),
      comm,
      ticks: Number(rest[11]) + Number(rest[12]),
      childTicks: Number(rest[13]) + Number(rest[14]),
    };
  } catch {
    return null;
  }
}

export function cpuSnapshot(): CpuSnapshot {
  const procs = new Map<number, Proc>();
  let entries: string[];
  try {
    entries = readdirSync("/proc");
  } catch {
    return { at: Date.now(), procs };
  }
  for (const e of entries) {
    if (!/^\d+$/.test(e)) continue;
    const p = readProc(Number(e));
    if (p) procs.set(p.pid, p);
  }
  return { at: Date.now(), procs };
}

export interface CpuRoles {
  server: number[];
  clients: number[];
  /** Processes started for the peer (graphile-worker); their descendants count too. */
  peer?: number[];
  /** Whose work the bench's exited children did (default "bench"); "peer" while the peer drains. */
  benchChildren?: CpuRole;
}

export interface CpuSplit {
  seconds: number;
  /** CPU seconds used by each role over the window. */
  cpuSeconds: Record<CpuRole, number>;
  /** Share of the whole machine (all cores) each role used, in percent. */
  machinePercent: Record<CpuRole, number>;
}

function roleOf(p: Proc, procs: Map<number, Proc>, roles: CpuRoles): CpuRole {
  if (p.comm === "postgres") return "postgres";
  const server = new Set(roles.server);
  const clients = new Set(roles.clients);
  const peer = new Set(roles.peer ?? []);
  for (let cur: Proc | undefined = p, hops = 0; cur && hops < 64; cur = procs.get(cur.ppid), hops++) {
    if (server.has(cur.pid)) return "server";
    if (clients.has(cur.pid)) return "clients";
    if (peer.has(cur.pid)) return "peer";
    if (cur.pid === process.pid) return "bench";
  }
  return "other";
}

export function cpuSplit(before: CpuSnapshot, after: CpuSnapshot, roles: CpuRoles, cores: number): CpuSplit | null {
  if (after.procs.size === 0) return null;
  const seconds = (after.at - before.at) / 1000;
  const cpuSeconds: Record<CpuRole, number> = { server: 0, clients: 0, postgres: 0, peer: 0, bench: 0, other: 0 };
  for (const p of after.procs.values()) {
    const prev = before.procs.get(p.pid);
    // A process born during the window counts from zero; a reused pid (different command) too.
    const same = prev && prev.comm === p.comm;
    const own = (p.ticks - (same ? prev.ticks : 0)) / TICKS_PER_SECOND;
    const reaped = (p.childTicks - (same ? prev.childTicks : 0)) / TICKS_PER_SECOND;
    const role = roleOf(p, after.procs, roles);
    if (own > 0) cpuSeconds[role] += own;
    // Reaped children count only where they are this window's work: backends the postmaster
    // reaps, and the peer's workers the bench reaps. Elsewhere a long-lived child reaped now would
    // land its whole lifetime in this window.
    if (reaped > 0 && p.pid === process.pid) cpuSeconds[roles.benchChildren ?? "bench"] += reaped;
    else if (reaped > 0 && role === "postgres") cpuSeconds.postgres += reaped;
  }
  const machinePercent = Object.fromEntries(
    Object.entries(cpuSeconds).map(([k, v]) => [k, Math.round((v / Math.max(0.001, seconds * cores)) * 1000) / 10]),
  ) as Record<CpuRole, number>;
  for (const k of Object.keys(cpuSeconds) as CpuRole[]) cpuSeconds[k] = Math.round(cpuSeconds[k] * 100) / 100;
  return { seconds: Math.round(seconds * 10) / 10, cpuSeconds, machinePercent };
}

/** CPU milliseconds per unit of work (a cycle, a job) for each role that used any. */
export function cpuMsPer(split: CpuSplit | null | undefined, units: number): Partial<Record<CpuRole, number>> | null {
  if (!split || units <= 0) return null;
  const out: Partial<Record<CpuRole, number>> = {};
  for (const [k, v] of Object.entries(split.cpuSeconds))
    if (v > 0) out[k as CpuRole] = Math.round(((v * 1000) / units) * 100) / 100;
  return out;
}
