// Long-polling PollForTask calls wait here, in memory, per worker group, first come first served.
// A notification for a group wakes ONE waiter (no thundering herd); the woken poll tries to claim
// and, if another poller or server got there first, waits again for the time it has left.

export type WaitOutcome = "woken" | "timeout" | "aborted" | "drained";

interface Waiter {
  wake(outcome: WaitOutcome): void;
}

export class WaiterRegistry {
  private readonly groups = new Map<string, Set<Waiter>>();
  private total = 0;
  private draining = false;
  /** When each group was last notified: a poll whose claim raced a notification claims again instead of waiting. */
  private readonly lastNotified = new Map<string, number>();

  /** A notification for `group`: wakes up to `n` waiters and remembers when it came. */
  notify(group: string, n = 1): number {
    const now = performance.now();
    this.lastNotified.delete(group);
    this.lastNotified.set(group, now);
    if (this.lastNotified.size > 1024) {
      // Oldest first (insertion order); only the last few seconds matter.
      for (const [g, at] of this.lastNotified) {
        if (now - at < 10_000 || this.lastNotified.size <= 1024) break;
        this.lastNotified.delete(g);
      }
    }
    return this.wake(group, n);
  }

  /** Whether `group` was notified after `since` (a performance.now() value). */
  notifiedSince(group: string, since: number): boolean {
    return (this.lastNotified.get(group) ?? -1) >= since;
  }

  wait(group: string, timeoutMs: number, signal?: AbortSignal): Promise<WaitOutcome> {
    if (signal?.aborted) return Promise.resolve("aborted");
    if (this.draining) return Promise.resolve("drained");
    return new Promise((resolve) => {
      let set = this.groups.get(group);
      if (!set) this.groups.set(group, (set = new Set()));
      const waiters = set;
      const finish = (outcome: WaitOutcome) => {
        if (!waiters.delete(waiter)) return;
        this.total--;
        if (waiters.size === 0 && this.groups.get(group) === waiters) this.groups.delete(group);
        clearTimeout(timer);
        signal?.removeEventListener("abort", onAbort);
        resolve(outcome);
      };
      const waiter: Waiter = { wake: finish };
      const onAbort = () => finish("aborted");
      const timer = setTimeout(() => finish("timeout"), Math.max(0, timeoutMs));
      waiters.add(waiter);
      this.total++;
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  }

  /** Wakes up to `n` of the group's oldest waiters; returns how many were woken. */
  wake(group: string, n = 1): number {
    const set = this.groups.get(group);
    if (!set) return 0;
    let woken = 0;
    for (const waiter of [...set]) {
      if (woken >= n) break;
      waiter.wake("woken");
      woken++;
    }
    return woken;
  }

  /** The instance is shutting down: every waiter returns "drained" now, and so does every later wait. */
  drain(): void {
    this.draining = true;
    for (const set of [...this.groups.values()]) for (const waiter of [...set]) waiter.wake("drained");
  }

  wakeAll(): void {
    for (const group of [...this.groups.keys()]) this.wake(group, Number.POSITIVE_INFINITY);
  }

  groupsWithWaiters(): string[] {
    return [...this.groups.keys()];
  }

  waitingIn(group: string): number {
    return this.groups.get(group)?.size ?? 0;
  }

  get size(): number {
    return this.total;
  }
}
