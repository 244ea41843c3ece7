import { describe, expect, it } from "vitest";
import { ClaimBatcher } from "./claim-batcher";
import type { ClaimedTask, ClaimRequest } from "@/lib/store/tasks";

const tick = () => new Promise((r) => setTimeout(r, 0));

function task(taskId: string, n: number): ClaimedTask {
  const at = new Date(0);
  return {
    pk: String(n),
    pipelineId: "df-1",
    attemptId: `@A${n}_Attempt=1`,
    instanceId: `@A${n}`,
    taskId,
    payload: {},
    leasedAt: at,
    firstStart: at,
  };
}

/** A fake claim statement over `available` ready tasks, recording each batch and holding the first until released. */
function fakeQueue(available: number) {
  const batches: { group: string; ids: string[] }[] = [];
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  let left = available;
  const claim = async (group: string, reqs: ClaimRequest[]) => {
    batches.push({ group, ids: reqs.map((r) => r.taskId) });
    if (batches.length === 1) await held;
    const granted = reqs.slice(0, Math.max(0, left));
    left -= granted.length;
    return granted.map((r, i) => task(r.taskId, i)).reverse(); // order must not matter
  };
  return { batches, claim, release: () => release() };
}

describe("ClaimBatcher", () => {
  it("claims a lone poll at once and the polls that arrive meanwhile in one statement, each getting its own task", async () => {
    const q = fakeQueue(3);
    const b = new ClaimBatcher(q.claim);
    const first = b.submit("g", { taskId: "t1", hostname: null });
    await tick();
    const rest = ["t2", "t3", "t4"].map((taskId) => b.submit("g", { taskId, hostname: "h" }));
    await tick();
    expect(q.batches).toEqual([{ group: "g", ids: ["t1"] }]);
    q.release();
    expect((await first)?.taskId).toBe("t1");
    const got = await Promise.all(rest);
    expect(got.map((t) => t?.taskId ?? null)).toEqual(["t2", "t3", null]);
    expect(q.batches).toEqual([
      { group: "g", ids: ["t1"] },
      { group: "g", ids: ["t2", "t3", "t4"] },
    ]);
  });

  it("keeps worker groups apart and never mixes their polls in one statement", async () => {
    const q = fakeQueue(10);
    const b = new ClaimBatcher(q.claim);
    const a = b.submit("a", { taskId: "a1", hostname: null });
    const other = b.submit("B", { taskId: "b1", hostname: null });
    q.release();
    expect((await a)?.taskId).toBe("a1");
    expect((await other)?.taskId).toBe("b1");
    expect(q.batches.map((x) => x.group).sort()).toEqual(["B", "a"]);
  });

  it("caps a batch and sends the rest next", async () => {
    const q = fakeQueue(100);
    const b = new ClaimBatcher(q.claim, 2);
    const first = b.submit("g", { taskId: "x", hostname: null });
    await tick();
    const rest = ["p", "q", "r"].map((taskId) => b.submit("g", { taskId, hostname: null }));
    q.release();
    await first;
    expect((await Promise.all(rest)).every((t) => t !== null)).toBe(true);
    expect(q.batches.map((x) => x.ids)).toEqual([["x"], ["p", "q"], ["r"]]);
  });

  it("fails every poll of a failed statement and keeps serving later ones", async () => {
    let fail = true;
    const b = new ClaimBatcher(async (_g, reqs) => {
      if (fail) throw new Error("connection lost");
      return reqs.map((r, i) => task(r.taskId, i));
    });
    await expect(b.submit("g", { taskId: "t1", hostname: null })).rejects.toThrow("connection lost");
    fail = false;
    expect((await b.submit("g", { taskId: "t2", hostname: null }))?.taskId).toBe("t2");
  });
});
