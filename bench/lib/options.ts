// Bench settings: a full run (the numbers in the README) or `--quick` (a ~2-minute smoke run).
// Every duration and size can be overridden by a flag (`--measure-s=30`) or the matching
// environment variable (`BENCH_MEASURE_S=30`), because the full run is long.

export type ClientKind = "sdk" | "raw";

export const PHASES = [
  "sigv4",
  "held",
  "latency",
  "cycles",
  "writes",
  "hostile",
  "soak",
  "scaleout",
  "floor",
  "httpfloor",
  "peer",
  "correctness",
  "history",
] as const;
export type Phase = (typeof PHASES)[number];

export interface BenchOptions {
  quick: boolean;
  /** Concurrent pollers per cycle measurement. */
  pollers: number[];
  clients: ClientKind[];
  /** Transport of the raw client: fetch (undici inside Node) or node:http. */
  rawTransport: "fetch" | "http";
  warmupS: number;
  measureS: number;
  soakS: number;
  soakPollers: number;
  latencySamples: number;
  dueSamples: number;
  heldCounts: number[];
  /** Hostile phase: runner pollers, and held polls the hostile caller keeps open. */
  hostilePollers: number;
  hostileHeld: number;
  scaleOutS: number;
  scaleOutPollers: number;
  floorTasks: number;
  /** Writes phase: tasks run to FINISHED between the two pg_stat_user_tables readings. */
  writesTasks: number;
  floorClients: number;
  peerJobs: number;
  /** History phase: rows of run history to seed, cycle pollers, and samples per read before and after. */
  historyRows: number;
  historyPollers: number;
  historyReadSamples: number;
  correctnessTasks: number;
  correctnessPollers: number;
  /** In-process SigV4 micro-bench: calls measured (after a tenth as many of warm-up). */
  sigv4Calls: number;
  /** Activities per benchmark pipeline (plus Default: at most 100 objects). */
  activitiesPerPipeline: number;
  pipelines: number;
  build: "auto" | "always" | "never";
  phases: Set<Phase>;
  profile: boolean;
  out: string;
  keep: boolean;
}

function readArg(argv: string[], name: string): string | undefined {
  const flag = `--${name}`;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === flag) return argv[i + 1] && !argv[i + 1]!.startsWith("--") ? argv[i + 1] : "true";
    if (a.startsWith(`${flag}=`)) return a.slice(flag.length + 1);
  }
  const env = process.env[`BENCH_${name.toUpperCase().replace(/-/g, "_")}`];
  return env === undefined || env === "" ? undefined : env;
}

function num(argv: string[], name: string, fallback: number): number {
  const v = readArg(argv, name);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new Error(`--${name} must be a non-negative number, got '${v}'`);
  return n;
}

function list(argv: string[], name: string, fallback: number[]): number[] {
  const v = readArg(argv, name);
  if (v === undefined) return fallback;
  return v.split(",").map((s) => {
    const n = Number(s.trim());
    if (!Number.isInteger(n) || n < 0) throw new Error(`--${name} takes integers, got '${s}'`);
    return n;
  });
}

export const USAGE = `npm run bench [-- options]

  --quick                 a ~2-minute smoke run (short phases, small counts)
  --only=a,b              run only these phases: ${PHASES.join(", ")}
  --skip=a,b              skip these phases
  --pollers=1,8,32,64     concurrent pollers per cycle measurement
  --clients=sdk,raw       runner clients to measure (AWS SDK v3, raw JSON 1.1)
  --raw-transport=http    http (node:http, default) or fetch (undici) for the raw client
  --warmup-s=N --measure-s=N   per cycle measurement (full: 10 + 60)
  --soak-s=N              soak length (full: 600) at --soak-pollers (32)
  --latency-samples=N --due-samples=N
  --held-counts=0,1000,10000
  --hostile-pollers=N --hostile-held=N   hostile phase: runner pollers (8), held polls opened by the attacker (full 5000)
  --scale-out-s=N         per side of the one-vs-two-servers comparison
  --floor-tasks=N --peer-jobs=N
  --history-rows=N        history phase: rows of run history seeded (full 10000000, quick 200000)
  --history-pollers=N --history-read-samples=N   its cycle pollers (32) and samples per read (full 50, quick 20)
  --writes-tasks=N        writes phase: tasks run while row writes are counted (full 4950)
  --correctness-tasks=N --correctness-pollers=N
  --sigv4-calls=N         in-process SigV4 verify/sign micro-bench (full 20000)
  --build=auto|always|never    auto: build when sources are newer than .next
  --profile               run the servers with --cpu-prof (profiles in bench/results/prof)
  --out=FILE              JSON output (default bench/results/latest.json)
  --keep                  keep the databases (and the embedded Postgres data) afterwards

Every option also reads BENCH_<NAME> from the environment (BENCH_MEASURE_S=30).
DATABASE_URL: use that Postgres server (fresh databases are created on it) instead of an embedded one.`;

export function parseOptions(argv: string[]): BenchOptions {
  const quick = readArg(argv, "quick") === "true" || readArg(argv, "quick") === "1";
  const only = readArg(argv, "only");
  const skip = readArg(argv, "skip");
  const phases = new Set<Phase>(only ? (only.split(",").map((s) => s.trim()) as Phase[]) : PHASES);
  for (const s of skip ? skip.split(",") : []) phases.delete(s.trim() as Phase);
  for (const p of phases)
    if (!(PHASES as readonly string[]).includes(p))
      throw new Error(`unknown phase '${p}' (phases: ${PHASES.join(", ")})`);
  const clients = (readArg(argv, "clients") ?? "sdk,raw").split(",").map((s) => s.trim()) as ClientKind[];
  for (const c of clients) if (c !== "sdk" && c !== "raw") throw new Error(`unknown client '${c}'`);
  // node:http by default: undici's fetch costs the client ~4x the CPU per call on the shared cores.
  const rawTransport = readArg(argv, "raw-transport") ?? "http";
  if (rawTransport !== "fetch" && rawTransport !== "http") throw new Error("--raw-transport is fetch or http");
  const build = readArg(argv, "build") ?? "auto";
  if (build !== "auto" && build !== "always" && build !== "never") throw new Error("--build is auto, always or never");
  return {
    quick,
    pollers: list(argv, "pollers", [1, 8, 32, 64]),
    clients,
    rawTransport,
    warmupS: num(argv, "warmup-s", quick ? 2 : 10),
    measureS: num(argv, "measure-s", quick ? 4 : 60),
    soakS: num(argv, "soak-s", quick ? 16 : 600),
    soakPollers: num(argv, "soak-pollers", 32),
    latencySamples: num(argv, "latency-samples", quick ? 60 : 1000),
    dueSamples: num(argv, "due-samples", quick ? 15 : 200),
    heldCounts: list(argv, "held-counts", quick ? [0, 200, 1000] : [0, 1000, 10000]),
    hostilePollers: num(argv, "hostile-pollers", 8),
    hostileHeld: num(argv, "hostile-held", quick ? 1000 : 5000),
    scaleOutS: num(argv, "scale-out-s", quick ? 4 : 60),
    scaleOutPollers: num(argv, "scale-out-pollers", 32),
    floorTasks: num(argv, "floor-tasks", quick ? 2000 : 50000),
    writesTasks: Math.max(1, num(argv, "writes-tasks", quick ? 1980 : 4950)),
    floorClients: num(argv, "floor-clients", 32),
    peerJobs: num(argv, "peer-jobs", quick ? 5000 : 50000),
    historyRows: num(argv, "history-rows", quick ? 200_000 : 10_000_000),
    historyPollers: num(argv, "history-pollers", 32),
    historyReadSamples: Math.max(1, num(argv, "history-read-samples", quick ? 20 : 50)),
    correctnessTasks: num(argv, "correctness-tasks", quick ? 1500 : 100000),
    correctnessPollers: num(argv, "correctness-pollers", 64),
    sigv4Calls: Math.max(1, num(argv, "sigv4-calls", quick ? 3000 : 20000)),
    activitiesPerPipeline: Math.min(99, num(argv, "activities", 99)),
    pipelines: num(argv, "pipelines", quick ? 20 : 60),
    build,
    phases,
    profile: readArg(argv, "profile") === "true",
    out: readArg(argv, "out") ?? "bench/results/latest.json",
    keep: readArg(argv, "keep") === "true",
  };
}
