// Group commit for hot-path statements. Calls that arrive while a statement of the same kind is
// running wait and go together as the next statement: one round trip and one commit for all of
// them instead of one each, which is what a 2-core box running Node and Postgres side by side runs
// out of first. Nothing waits for a timer: an idle batcher sends a lone call at once, and the
// batch grows only as fast as calls pile up behind a running statement. Each caller is answered
// after the statement that carried its request has committed, so no acknowledgement is given early.

import { isTransientConflict } from "@/lib/store/transient-errors";

interface Waiter<Req, Res> {
  request: Req;
  resolve(result: Res): void;
  reject(err: unknown): void;
}

/**
 * The mechanism: `run` executes one statement for a batch of requests and returns one result per
 * request, in order. At most one statement is in flight; `onIdle` is called when the queue drains.
 */
export class GroupCommit<Req, Res> {
  private queue: Waiter<Req, Res>[] = [];
  private running = false;

  constructor(
    private readonly run: (requests: Req[]) => Promise<Res[]>,
    private readonly maxBatch = 256,
    private readonly onIdle?: () => void,
  ) {}

  submit(request: Req): Promise<Res> {
    return new Promise<Res>((resolve, reject) => {
      this.queue.push({ request, resolve, reject });
      this.pump();
    });
  }

  private pump(): void {
    if (this.running) return;
    if (this.queue.length === 0) {
      this.onIdle?.();
      return;
    }
    const batch = this.queue.splice(0, this.maxBatch);
    this.running = true;
    this.run(batch.map((w) => w.request))
      .then(
        (results) => batch.forEach((w, i) => w.resolve(results[i]!)),
        (err: unknown) => batch.forEach((w) => w.reject(err)),
      )
      .finally(() => {
        this.running = false;
        this.pump();
      });
  }
}

/**
 * Group commit for statements that handle a batch of distinct keys (task ids) and return the keys
 * they handled: `submit` resolves true for those and false for the rest (the caller's slow path).
 */
export class Coalescer {
  private readonly commit: GroupCommit<string, boolean>;

  constructor(run: (keys: string[]) => Promise<Set<string>>, maxBatch = 256) {
    this.commit = new GroupCommit(async (keys) => {
      // The same key twice in one batch (a runner repeating a call) is sent once; the repeats take
      // the slow path, which answers them as it would have answered the second of two serial calls.
      const seen = new Set<string>();
      const first = keys.map((k) => (seen.has(k) ? false : (seen.add(k), true)));
      let done: Set<string>;
      try {
        done = await run([...seen]);
      } catch (err) {
        // A deadlock or serialization failure rolled the whole statement back: its callers go the general way.
        if (isTransientConflict(err)) return keys.map(() => false);
        throw err;
      }
      return keys.map((k, i) => first[i]! && done.has(k));
    }, maxBatch);
  }

  submit(key: string): Promise<boolean> {
    return this.commit.submit(key);
  }
}
