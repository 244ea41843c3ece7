// Parent side of bench/load-worker.ts: starts a child process of runner loops and reads its
// cumulative counts, so measurement windows are cut here without stopping the load.
import { fork, type ChildProcess } from "node:child_process";
import path from "node:path";
import type { ClientKind } from "./options";
import type { Percentiles } from "./stats";

export interface LoadCount {
  at: number;
  finished: number;
  lost: number;
  errors: number;
  firstError: string | null;
}

export interface LoadResult extends LoadCount {
  stats: Record<"poll" | "ack" | "finish", Percentiles>;
}

export interface Load {
  /** The load worker's process id (its CPU is the clients' share). */
  pid: number;
  /** Resolves with the next count reported after now (fresh, at most 250 ms old). */
  fresh(): Promise<LoadCount>;
  /** Forgets call durations recorded so far (start of a measurement window). */
  mark(): void;
  stop(): Promise<LoadResult>;
}

export async function startLoad(o: {
  endpoints: string[];
  workerGroup: string;
  pollers: number;
  client: ClientKind;
  rawTransport: "fetch" | "http";
}): Promise<Load> {
  const child: ChildProcess = fork(path.resolve(import.meta.dirname, "..", "load-worker.ts"), [], {
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  let latest: LoadCount = { at: Date.now(), finished: 0, lost: 0, errors: 0, firstError: null };
  const waiting: ((c: LoadCount) => void)[] = [];
  let stopped: ((r: LoadResult) => void) | null = null;
  await new Promise<void>((resolve, reject) => {
    child.once("error", reject);
    child.once("exit", (code) => reject(new Error(`load worker exited early (${code})`)));
    child.on("message", (m: { type: string } & Partial<LoadResult>) => {
      if (m.type === "ready") resolve();
      if (m.type === "tick" || m.type === "stopped") {
        latest = {
          at: m.at!,
          finished: m.finished!,
          lost: m.lost!,
          errors: m.errors!,
          firstError: m.firstError ?? null,
        };
        for (const w of waiting.splice(0)) w(latest);
      }
      if (m.type === "stopped") stopped?.(m as LoadResult);
    });
  });
  child.removeAllListeners("exit");
  child.send({ type: "start", ...o });
  return {
    pid: child.pid!,
    fresh: () => new Promise((resolve) => waiting.push(resolve)),
    mark: () => child.send({ type: "mark" }),
    stop: () =>
      new Promise<LoadResult>((resolve) => {
        stopped = resolve;
        child.send({ type: "stop" });
      }),
  };
}
