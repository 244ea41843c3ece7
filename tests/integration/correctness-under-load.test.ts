import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CORRECTNESS_SERVER_ENV, runCorrectness } from "../../bench/lib/correctness";
import { startTestServer, type TestServer } from "./test-server";

// The short version of the bench's correctness run (bench/lib/correctness.ts): 64 runner loops
// drain a few thousand tasks while random polls are aborted mid-flight, random leases are forced
// to expire and some hand-outs come back later with their stale taskId. Exactly-once hand-out per
// valid lease, no stale taskId accepted, nothing lost. It needs a 2 s ack timeout and fast reaping,
// so it runs its own server. About 20 s on an idle 2-core box; the generous limits are for a busy one.

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer(CORRECTNESS_SERVER_ENV);
});

afterAll(async () => {
  await server?.stop();
});

describe("correctness under load", () => {
  it("64 pollers, 2,000 tasks, random aborts and forced expiries: every task exactly once, none lost", async () => {
    const report = await runCorrectness({
      endpoint: server.endpoint,
      databaseUrl: server.databaseUrl,
      tasks: 2000,
      pollers: 64,
      ackTimeoutSeconds: Number(CORRECTNESS_SERVER_ENV.ACK_TIMEOUT_SECONDS),
      timeoutS: 200,
    });
    expect(report.violations).toEqual([]);
    expect(report.doubleAssignments).toBe(0);
    expect(report.staleAccepted).toBe(0);
    expect(report.duplicateFinishes).toBe(0);
    expect(report.lost).toBe(0);
    expect(report.tasksLeft).toBe(0);
    expect(report.finishedInstances + report.failedInstances).toBe(report.enqueued);
    expect(report.finishedByClients).toBe(report.finishedInstances);
    // The run must actually have exercised what it claims to check.
    expect(report.abortedPolls).toBeGreaterThan(0);
    expect(report.forcedExpiries).toBeGreaterThan(0);
    expect(report.zombiesTested).toBeGreaterThan(0);
    expect(report.ok).toBe(true);
  }, 280_000);
});
