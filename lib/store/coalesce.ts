// Group commit for hot-path statements. Calls that arrive while a statement of the same kind is
// running wait and go together as the next statement: one round trip and one commit for all of
// them instead of one each, which is what a 2-core box running Node and Postgres side by side runs
// out of first. Nothing waits for a timer: an idle coalescer sends a lone call at once, and the
// batch grows only as fast as calls pile up behind a running statement. Each caller is answered
// after the statement that carried its key has committed, so no acknowledgement is given early.

/** Deadlocks and serialization failures roll the whole statement back: its callers retry the general way. */
function isTransient(err: unknown): boolean {
  const code = (err as { code?: string })?.code;
  return code === "40P01" || code === "40001";
}

interface Waiter {
  key: string;
  resolve(done: boolean): void;
  reject(err: unknown): void;
}

export class Coalescer {
  private queue: Waiter[] = [];
  private running = 0;

  /**
   * `run` executes one statement for a batch of distinct keys and returns the keys it handled;
   * `submit` then resolves true for those and false for the rest (the caller's slow path).
   */
  constructor(
    private readonly run: (keys: string[]) => Promise<Set<string>>,
    private readonly opts: { maxBatch: number; maxInFlight: number } = { maxBatch: 256, maxInFlight: 1 },
  ) {}

  submit(key: string): Promise<boolean> {
    return new Promise<boolean>((resolve, reject) => {
      this.queue.push({ key, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    while (this.running < this.opts.maxInFlight && this.queue.length > 0) {
      const batch = this.queue.splice(0, this.opts.maxBatch);
      // The same key twice in one batch (a runner repeating a call) is sent once; the repeats take
      // the slow path, which answers them as it would have answered the second of two serial calls.
      const seen = new Set<string>();
      const first: Waiter[] = [];
      const repeats: Waiter[] = [];
      for (const w of batch) (seen.has(w.key) ? repeats : first).push(w), seen.add(w.key);
      for (const w of repeats) w.resolve(false);
      this.running++;
      this.run(first.map((w) => w.key))
        .then(
          (done) => {
            for (const w of first) w.resolve(done.has(w.key));
          },
          (err: unknown) => {
            for (const w of first) (isTransient(err) ? w.resolve(false) : w.reject(err));
          },
        )
        .finally(() => {
          this.running--;
          this.pump();
        });
    }
  }
}
