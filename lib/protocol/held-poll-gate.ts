// Caps on PollForTask calls held at once, per process and per access key. A held poll costs a
// socket and memory for up to LONG_POLL_SECONDS; without a cap one client could open more than the
// process has file descriptors and every other caller (health checks included) would be refused.
// Over a cap the poll is answered at once with AWS's ThrottlingException, which runners retry.
import { readFileSync } from "node:fs";
import { getSettings } from "@/lib/config/settings";
import { throttled } from "@/lib/protocol/errors";

/** The soft open-file limit of this process (Linux), or null where it cannot be read. */
export function openFileLimit(limitsText?: string): number | null {
  let text = limitsText;
  if (text === undefined) {
    try {
      text = readFileSync("/proc/self/limits", "utf8");
    } catch {
      return null;
    }
  }
  const m = /^Max open files\s+(\d+|unlimited)/m.exec(text);
  if (!m) return null;
  return m[1] === "unlimited" ? null : Number(m[1]);
}

/** Default process cap: 60% of the file limit (the rest stays for other callers, Postgres, files), at most 10,000. */
export function defaultProcessCap(fileLimit: number | null): number {
  if (fileLimit === null) return 10_000;
  return Math.max(16, Math.min(10_000, Math.floor(fileLimit * 0.6)));
}

export class HeldPollGate {
  private total = 0;
  private readonly byKey = new Map<string, number>();

  constructor(
    private readonly processCap: number,
    private readonly keyCap: number,
  ) {}

  /** Counts one held poll for `key`, or throws ThrottlingException when a cap is reached. Returns its release. */
  enter(key: string): () => void {
    if (this.total >= this.processCap) {
      throw throttled(
        `Too many PollForTask calls are held on this server (limit ${this.processCap}); retry with backoff`,
      );
    }
    const mine = this.byKey.get(key) ?? 0;
    if (mine >= this.keyCap) {
      throw throttled(
        `Too many PollForTask calls are held for access key ${key.slice(0, 128)} (limit ${this.keyCap}); retry with backoff`,
      );
    }
    this.total++;
    this.byKey.set(key, mine + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.total--;
      const left = (this.byKey.get(key) ?? 1) - 1;
      if (left <= 0) this.byKey.delete(key);
      else this.byKey.set(key, left);
    };
  }

  get held(): number {
    return this.total;
  }
}

let gate: HeldPollGate | undefined;

/** The process's gate, sized from the settings (read once). */
export function getHeldPollGate(): HeldPollGate {
  if (!gate) {
    const s = getSettings();
    const processCap = s.MAX_HELD_POLLS ?? defaultProcessCap(openFileLimit());
    gate = new HeldPollGate(processCap, s.MAX_HELD_POLLS_PER_KEY ?? Math.max(1, Math.floor(processCap / 2)));
  }
  return gate;
}
