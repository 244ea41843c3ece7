// Group commit (lib/batching/coalesce.ts) for PollForTask's claim, one per worker group: polls of a
// group that arrive while its claim statement runs go together as the next one (claimTasks), and
// one commit hands out a task to each of them. Each poll is answered after that commit.
import { GroupCommit } from "./coalesce";
import type { ClaimedTask, ClaimRequest } from "@/lib/store/tasks";

export type ClaimFn = (workerGroup: string, requests: ClaimRequest[]) => Promise<ClaimedTask[]>;

export class ClaimBatcher {
  private readonly groups = new Map<string, GroupCommit<ClaimRequest, ClaimedTask | null>>();

  constructor(
    private readonly claim: ClaimFn,
    private readonly maxBatch = 64,
  ) {}

  /** Resolves with the task leased under `request.taskId`, or null when none was due. */
  submit(workerGroup: string, request: ClaimRequest): Promise<ClaimedTask | null> {
    let group = this.groups.get(workerGroup);
    if (!group) {
      group = new GroupCommit(
        async (requests) => {
          const byTaskId = new Map((await this.claim(workerGroup, requests)).map((t) => [t.taskId, t]));
          return requests.map((r) => byTaskId.get(r.taskId) ?? null);
        },
        this.maxBatch,
        // Worker groups come and go: keep no entry for one nobody polls.
        () => this.groups.delete(workerGroup),
      );
      this.groups.set(workerGroup, group);
    }
    return group.submit(request);
  }
}
