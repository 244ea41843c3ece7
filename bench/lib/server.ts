// Builds the app when needed and starts production servers (scripts/serve.ts, as `npm start` does)
// on a bench database, with a memory probe preloaded (bench/lib/probe.cjs) and optionally --cpu-prof.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import { findFreePort } from "../../lib/net/free-port";
import { rootCredentialsEnv } from "./credentials";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
// One server key and one folder for the servers of a run (scale-out runs two on one database).
const BENCH_SECRET_KEY = randomBytes(32).toString("hex");
const BENCH_DATA_DIR = path.join(tmpdir(), `pipelinehouse-bench-${process.pid}`);

export interface VerifyMeterReading {
  calls: number;
  cpuMicros: number;
}

export interface BenchServer {
  endpoint: string;
  pid: number;
  /** Memory of the server process after a full GC (the probe runs gc() first). */
  memory(): Promise<{ rss: number; heapUsed: number; heapTotal: number; external: number; arrayBuffers: number }>;
  heldPolls(): Promise<number>;
  /** Calls verified so far and the server CPU spent verifying them (lib/auth/verify-meter.ts). */
  verifyMeter(): Promise<VerifyMeterReading>;
  stop(): Promise<void>;
}

function newestMtime(dir: string, skip: Set<string>): number {
  let newest = 0;
  if (!existsSync(dir)) return 0;
  const st = statSync(dir);
  if (!st.isDirectory()) return st.mtimeMs;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (skip.has(entry.name)) continue;
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p, skip) : statSync(p).mtimeMs);
  }
  return newest;
}

/** `npm run build` (Prisma client + next build) unless .next is newer than every source file. */
export function ensureBuilt(mode: "auto" | "always" | "never"): void {
  if (mode === "never") return;
  const buildId = path.join(ROOT, ".next", "BUILD_ID");
  const generated = path.join(ROOT, "lib", "generated", "prisma");
  if (mode === "auto" && existsSync(buildId) && existsSync(generated)) {
    const built = statSync(buildId).mtimeMs;
    const skip = new Set(["generated", "node_modules", ".next", "results"]);
    const sources = Math.max(
      ...["app", "lib", "components", "prisma", "proxy.ts", "instrumentation.ts", "next.config.js", "package.json"].map(
        (p) => newestMtime(path.join(ROOT, p), skip),
      ),
    );
    if (sources <= built) return;
  }
  console.error("bench: building the app (npm run build)...");
  const r = spawnSync("npm", ["run", "build"], {
    cwd: ROOT,
    stdio: ["ignore", process.stderr, process.stderr],
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (r.status !== 0) throw new Error(`npm run build failed (exit ${r.status})`);
}

async function getJson<T>(url: string): Promise<T> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return (await res.json()) as T;
}

export interface ServerOptions {
  databaseUrl: string;
  env?: Record<string, string>;
  profileDir?: string;
  label?: string;
}

export async function startServer(opts: ServerOptions): Promise<BenchServer> {
  const port = await findFreePort();
  const probePort = await findFreePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const nodeArgs = ["--expose-gc", "-r", path.join(ROOT, "bench", "lib", "probe.cjs"), "--import", "tsx"];
  if (opts.profileDir) {
    mkdirSync(opts.profileDir, { recursive: true });
    nodeArgs.push("--cpu-prof", `--cpu-prof-dir=${opts.profileDir}`);
  }
  const child: ChildProcess = spawn(process.execPath, [...nodeArgs, path.join(ROOT, "scripts", "serve.ts")], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: "production",
      NEXT_TELEMETRY_DISABLED: "1",
      DATABASE_URL: opts.databaseUrl,
      PORT: String(port),
      BIND_HOST: "127.0.0.1",
      PH_BENCH_PROBE_PORT: String(probePort),
      // Every call is signed with the root key (bench/lib/credentials.ts).
      ...rootCredentialsEnv(BENCH_SECRET_KEY),
      DATA_DIR: BENCH_DATA_DIR,
      ...opts.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  const keep = (d: Buffer) => {
    log = (log + d.toString()).slice(-20_000);
    if (process.env.BENCH_SERVER_LOG === "1") process.stderr.write(`[${opts.label ?? "server"}] ${d.toString()}`);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${log}`);
    if (Date.now() > deadline) throw new Error(`server did not come up in 120 s:\n${log}`);
    try {
      const res = await fetch(`${endpoint}/api/health`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  return {
    endpoint,
    pid: child.pid!,
    memory: () => getJson(`http://127.0.0.1:${probePort}/mem`),
    verifyMeter: () => getJson<VerifyMeterReading>(`http://127.0.0.1:${probePort}/sigv4`),
    heldPolls: async () => (await getJson<{ heldPolls: number }>(`${endpoint}/api/health`)).heldPolls,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
        child.once("exit", () => {
          clearTimeout(timer);
          resolve();
        });
        // SIGINT lets Node write the --cpu-prof profile on the way out.
        child.kill(opts.profileDir ? "SIGINT" : "SIGTERM");
      });
    },
  };
}
