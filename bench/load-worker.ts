// A child process of the bench that runs N runner loops against a server:
// PollForTask -> ReportTaskProgress -> SetTaskStatus FINISHED, as fast as tasks come. It reports
// cumulative cycle counts every 250 ms so the parent can cut exact measurement windows, and the
// time each call took, so a slow cycle can be attributed to poll, ack or finish.
import { Aborted, createClient, TaskNotFound, type RunnerClient } from "./lib/clients";
import type { ClientKind } from "./lib/options";
import { percentiles } from "./lib/stats";

interface StartMessage {
  type: "start";
  endpoints: string[];
  workerGroup: string;
  pollers: number;
  client: ClientKind;
  rawTransport: "fetch" | "http";
}

type ParentMessage = StartMessage | { type: "mark" } | { type: "stop" };

const send = (m: object) => process.send?.(m);

let stopped = false;
let finished = 0;
let lost = 0;
let errors = 0;
let firstError: string | null = null;
const durations: Record<"poll" | "ack" | "finish", number[]> = { poll: [], ack: [], finish: [] };
const CAP = 300_000;
const record = (k: keyof typeof durations, ms: number) => {
  const a = durations[k];
  if (a.length < CAP) a.push(ms);
};
const controllers = new Set<AbortController>();

async function runner(client: RunnerClient, workerGroup: string, id: number): Promise<void> {
  const hostname = `bench-${process.pid}-${id}`;
  while (!stopped) {
    const ac = new AbortController();
    controllers.add(ac);
    try {
      let t0 = performance.now();
      const task = await client.poll(workerGroup, ac.signal, hostname);
      controllers.delete(ac);
      if (!task) continue;
      record("poll", performance.now() - t0);
      t0 = performance.now();
      await client.report(task.taskId);
      record("ack", performance.now() - t0);
      t0 = performance.now();
      await client.setStatus(task.taskId, "FINISHED");
      record("finish", performance.now() - t0);
      finished++;
    } catch (err) {
      controllers.delete(ac);
      if (err instanceof Aborted && stopped) return;
      if (err instanceof TaskNotFound) {
        lost++; // a lease expired under us: only with ack timeouts shorter than a cycle
        continue;
      }
      errors++;
      firstError ??= (err as Error).message;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

let loops: Promise<void>[] = [];
let clients: RunnerClient[] = [];

process.on("message", (m: ParentMessage) => {
  if (m.type === "start") {
    clients = Array.from({ length: m.pollers }, (_, i) =>
      createClient(m.client, m.endpoints[i % m.endpoints.length]!, m.rawTransport),
    );
    loops = clients.map((c, i) => runner(c, m.workerGroup, i));
    const timer = setInterval(() => send({ type: "tick", at: Date.now(), finished, lost, errors, firstError }), 250);
    timer.unref();
  } else if (m.type === "mark") {
    for (const k of Object.keys(durations) as (keyof typeof durations)[]) durations[k] = [];
  } else if (m.type === "stop") {
    stopped = true;
    for (const ac of controllers) ac.abort();
    void Promise.all(loops).then(() => {
      const stats = Object.fromEntries(Object.entries(durations).map(([k, v]) => [k, percentiles(v)]));
      for (const c of clients) c.close();
      send({ type: "stopped", at: Date.now(), finished, lost, errors, firstError, stats });
      setTimeout(() => process.exit(0), 50);
    });
  }
});
send({ type: "ready" });
