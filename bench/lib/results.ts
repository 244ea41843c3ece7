import type { CorrectnessReport } from "./correctness";
import type { CycleResult } from "./cycles";
import type { FloorResult } from "./floor";
import type { HeldResult } from "./held";
import type { HistoryResult } from "./history";
import type { HttpFloorResult } from "./httpfloor";
import type { HostileResult } from "./hostile";
import type { PickupResult } from "./latency";
import type { BenchOptions } from "./options";
import type { PeerResult } from "./peer";
import type { PeerFedResult } from "./peer-fed";
import type { Sigv4MicroResult } from "./sigv4-micro";
import type { WritesResult } from "./writes";

// The shape of bench/results.json, apart from bench/run.ts so that the chart and the report can
// use it without importing the entry point that imports them.

export interface BenchResults {
  version: 1;
  startedAt: string;
  finishedAt?: string;
  mode: "quick" | "full";
  machine: { cpus: number; cpuModel: string; memoryGiB: number; node: string; platform: string };
  postgres: { kind: string; settings: Record<string, string> };
  options: Omit<BenchOptions, "phases"> & { phases: string[] };
  /** In-process SigV4 verify/sign cost (no HTTP, no database). */
  sigv4?: Sigv4MicroResult;
  held?: HeldResult[];
  hostile?: HostileResult;
  latency?: { idle?: PickupResult; underLoad?: PickupResult & { loadPollers: number }; due?: PickupResult };
  cycles?: CycleResult[];
  /** Row writes per cycle counted by Postgres (bench/lib/writes.ts). */
  writes?: WritesResult;
  soak?: CycleResult & {
    firstWindow: number;
    lastWindow: number;
    windowS: number;
    change: number;
    deadTuples: { t: number; table: string; live: number; dead: number; autovacuums: number }[];
  };
  scaleOut?: { one: CycleResult; two: CycleResult; ratio: number };
  floor?: FloorResult;
  peer?: PeerResult[];
  /** graphile-worker with its jobs added during the clock (bench/lib/peer-fed.ts). */
  peerFed?: PeerFedResult[];
  /** The HTTP-only floor: the raw client against a no-op server (bench/lib/httpfloor.ts). */
  httpFloor?: HttpFloorResult[];
  /** Empty vs seeded run history (bench/lib/history.ts). */
  history?: HistoryResult;
  correctness?: CorrectnessReport;
  targets?: { name: string; target: string; measured: string; met: boolean | null }[];
  /** Each phase's duration and the machine's 1-minute load average around it (the box may be shared). */
  phases: { name: string; seconds: number; load1Before: number; load1After: number }[];
  errors: string[];
}
