// Group commit for PollForTask's claim. Polls of one worker group that arrive while a claim
// statement of that group is running wait and go together as the next statement (claimTasks): one
// round trip and one commit hand out a task to each of them, instead of one statement per poll.
// Nothing waits for a timer: a lone poll is claimed at once, and batches grow only as fast as polls
// pile up behind a running claim. Each poll is answered after the commit that leased its task.
import type { ClaimedTask, ClaimRequest } from "./tasks";

interface Waiter {
  request: ClaimRequest;
  resolve(task: ClaimedTask | null): void;
  reject(err: unknown): void;
}

interface Group {
  queue: Waiter[];
  running: boolean;
}

export type ClaimFn = (workerGroup: string, requests: ClaimRequest[]) => Promise<ClaimedTask[]>;

export class ClaimBatcher {
  private readonly groups = new Map<string, Group>();

  constructor(
    private readonly claim: ClaimFn,
    private readonly maxBatch = 64,
  ) {}

  /** Resolves with the task leased under `request.taskId`, or null when none was due. */
  submit(workerGroup: string, request: ClaimRequest): Promise<ClaimedTask | null> {
    return new Promise((resolve, reject) => {
      let group = this.groups.get(workerGroup);
      if (!group) this.groups.set(workerGroup, (group = { queue: [], running: false }));
      group.queue.push({ request, resolve, reject });
      this.pump(workerGroup, group);
    });
  }

  private pump(workerGroup: string, group: Group): void {
    if (group.running) return;
    if (group.queue.length === 0) {
      // Worker groups come and go: keep no entry for one nobody polls.
      this.groups.delete(workerGroup);
      return;
    }
    const batch = group.queue.splice(0, this.maxBatch);
    group.running = true;
    this.claim(
      workerGroup,
      batch.map((w) => w.request),
    )
      .then(
        (tasks) => {
          const byTaskId = new Map(tasks.map((t) => [t.taskId, t]));
          for (const w of batch) w.resolve(byTaskId.get(w.request.taskId) ?? null);
        },
        (err: unknown) => {
          for (const w of batch) w.reject(err);
        },
      )
      .finally(() => {
        group.running = false;
        this.pump(workerGroup, group);
      });
  }
}
