import { createServer, type Socket } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { LogEventName } from "../log-event";
import { TaskRunner } from "../runner";
import { FakeDataPipeline, makeTask } from "../testing/fake-data-pipeline";

// A non-shell task is stopped like a process: when the server answers `canceled`, the executor's
// connection is closed and no SetTaskStatus is sent, even when the database never answers.

let fake: FakeDataPipeline;
let sockets: Socket[];
let server: ReturnType<typeof createServer>;
let port: number;

beforeEach(async () => {
  fake = new FakeDataPipeline();
  sockets = [];
  // Accepts connections and never says a word: a database that hangs.
  server = createServer((socket) => {
    socket.resume(); // read (and drop) what the driver sends, so its closing is seen
    socket.on("error", () => undefined);
    sockets.push(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as { port: number }).port;
});

afterEach(async () => {
  for (const s of sockets) s.destroy();
  await new Promise((resolve) => server.close(resolve));
});

function sqlTask(connectionString: string) {
  const task = makeTask([
    { key: "type", stringValue: "SqlActivity" },
    { key: "script", stringValue: "SELECT 1" },
    { key: "database", refValue: "Db" },
  ]);
  task.objects!.Db = {
    id: "Db",
    name: "Db",
    fields: [
      { key: "type", stringValue: "JdbcDatabase" },
      { key: "connectionString", stringValue: connectionString },
      { key: "username", stringValue: "u" },
    ],
  };
  return task;
}

function run(maxTasks: number) {
  const events: LogEventName[] = [];
  const runner = new TaskRunner({
    send: fake.send,
    workerGroup: "wg",
    hostname: "test-host",
    runnerId: "runner-1",
    logDir: path.join(os.tmpdir(), "runner-executor-logs"),
    progressIntervalMs: 20,
    heartbeatIntervalMs: 60_000,
    idlePollDelayMs: 5,
    maxTasks,
    log: (event) => events.push(event),
  });
  return { done: runner.start(), events };
}

describe("executors under cancellation", () => {
  it.each(["postgresql", "mysql"])(
    "closes a hanging %s connection and skips SetTaskStatus when the server cancels",
    async (scheme) => {
      fake.progressAnswer = (_input, callNumber) => ({ canceled: callNumber > 1 && sockets.length > 0 });
      fake.queueTask(sqlTask(`jdbc:${scheme}://127.0.0.1:${port}/db`));
      const { done, events } = run(1);
      await done;
      expect(fake.callsOf("SetTaskStatus")).toEqual([]);
      expect(events).toContain("canceled");
      // The runner's side went away: the server sees the connection end.
      await vi.waitFor(() =>
        expect(sockets.length > 0 && sockets.every((s) => s.destroyed || s.readableEnded)).toBe(true),
      );
    },
  );

  it("fails at once with the driver's message when nothing listens", async () => {
    const closed = await new Promise<number>((resolve) => {
      const probe = createServer();
      probe.listen(0, "127.0.0.1", () => {
        const free = (probe.address() as { port: number }).port;
        probe.close(() => resolve(free));
      });
    });
    const task = sqlTask(`jdbc:postgresql://127.0.0.1:${closed}/db`);
    fake.queueTask(task);
    await run(1).done;
    expect(fake.statusOf(task.taskId)).toMatchObject({ taskStatus: "FAILED", errorId: "DatabaseError" });
    expect(fake.statusOf(task.taskId)?.errorMessage).toMatch(
      new RegExp(`^postgresql://127\\.0\\.0\\.1:${closed}/db: .*ECONNREFUSED`),
    );
  });
});
