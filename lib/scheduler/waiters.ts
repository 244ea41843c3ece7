// Long-polling PollForTask calls wait here, in memory, per worker group, first come first served.
// A notification for a group wakes ONE waiter (no thundering herd); the woken poll tries to claim
// and, if another poller or server got there first, waits again for the time it has left.

export type WaitOutcome = "woken" | "timeout" | "aborted";

interface Waiter {
  wake(outcome: WaitOutcome): void;
}

export class WaiterRegistry {
  private readonly groups = new Map<string, Set<Waiter>>();
  private total = 0;

  wait(group: string, timeoutMs: number, signal?: AbortSignal): Promise<WaitOutcome> {
    if (signal?.aborted) return Promise.resolve("aborted");
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
