// The hostile phase (issue #11): health-check latency and the runner cycle rate while a hostile
// caller sends worst-case expressions, huge definitions and thousands of held polls, next to the
// same measurement without them. Every hostile call must come back as a 4xx (or a 200 where the
// input was legal), never a 500, and the server must keep answering everyone else.
import http from "node:http";
import { apiCall, signCall } from "./clients";
import { measureCycles, type CycleResult } from "./cycles";
import type { Feeder } from "./feeder";
import { percentiles, sleep, type Percentiles } from "./stats";

export interface HostileSide {
  cycles: CycleResult;
  /** GET /api/health every 100 ms during the cycle window. */
  healthMs: Percentiles;
  healthFailures: number;
}

export interface HostileResult {
  pollers: number;
  heldPolls: number;
  baseline: HostileSide;
  hostile: HostileSide & {
    /** Answers to the hostile calls by HTTP status and __type, e.g. "400 InvalidRequestException". */
    answers: Record<string, number>;
    heldConfirmed: number;
  };
}

/**
 * One JSON 1.1 call over its own connection, signed (an unsigned one would be refused before any of
 * the work this phase is about); resolves with the status and __type (never throws).
 */
async function hostileCall(endpoint: string, op: string, body: string): Promise<string> {
  const { hostname, port } = new URL(endpoint);
  const signed = await signCall(endpoint, op, body);
  return new Promise((resolve) => {
    const req = http.request(
      {
        host: hostname,
        port,
        path: "/",
        method: "POST",
        headers: { ...signed, "content-length": Buffer.byteLength(body) },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (d: string) => (text += d.length < 4096 ? d : ""));
        res.on("end", () => {
          let type = "";
          try {
            type = String((JSON.parse(text) as { __type?: string }).__type ?? "");
          } catch {
            // not JSON: keep the status alone
          }
          resolve(`${res.statusCode} ${type}`.trim());
        });
      },
    );
    req.on("error", (err) => resolve(`error ${err.message}`));
    req.end(body);
  });
}

function startHealthProbe(endpoint: string): { stop(): { ms: Percentiles; failures: number } } {
  const samples: number[] = [];
  let failures = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const t = performance.now();
      try {
        const res = await fetch(`${endpoint}/api/health`, { signal: AbortSignal.timeout(30_000) });
        await res.arrayBuffer();
        if (res.ok) samples.push(performance.now() - t);
        else failures++;
      } catch {
        failures++;
      }
      await sleep(100);
    }
  })();
  return {
    stop() {
      running = false;
      void loop;
      return { ms: percentiles(samples), failures };
    },
  };
}

/** Worst cases reported in issue #11, built once. */
function hostileBodies(pipelineId: string) {
  const pattern = `'${"x".repeat(1024 * 1024)}'`;
  const chain = Array.from({ length: 1_500 }, (_, i) => ({
    id: `O${i}`,
    name: `O${i}`,
    fields:
      i === 0 ? [{ key: "type", stringValue: "ShellCommandActivity" }] : [{ key: "parent", refValue: `O${i - 1}` }],
  }));
  const huge = Array.from({ length: 100 }, (_, i) => ({
    id: `H${i}`,
    name: `H${i}`,
    fields: [
      { key: "type", stringValue: "Schedule" },
      { key: "myBlob", stringValue: "x".repeat(10_000) },
    ],
  }));
  return {
    expression: JSON.stringify({ pipelineId, objectId: "Lists", expression: `#{format(myDates, "${pattern}")}` }),
    chain: JSON.stringify({ pipelineId, pipelineObjects: chain }),
    huge: JSON.stringify({ pipelineId, pipelineObjects: huge }),
  };
}

/** Answers that mean the call never reached the work it was meant to cause. */
const AUTH_REFUSALS =
  /MissingAuthenticationToken|InvalidSignature|UnrecognizedClient|IncompleteSignature|PollForTask 403/;

async function startAttack(endpoint: string, pipelineId: string, heldPolls: number) {
  const bodies = hostileBodies(pipelineId);
  const pollBody = JSON.stringify({ workerGroup: "bench-hostile-held" });
  // One signature for every held poll: it stays valid for 15 minutes, longer than the phase.
  const pollHeaders = await signCall(endpoint, "PollForTask", pollBody);
  const answers: Record<string, number> = {};
  const count = (a: string) => (answers[a] = (answers[a] ?? 0) + 1);
  let running = true;
  const loops = [
    // Two callers evaluating the worst-case expression back to back.
    ...[0, 1].map(async () => {
      while (running)
        count(`EvaluateExpression ${await hostileCall(endpoint, "EvaluateExpression", bodies.expression)}`);
    }),
    // One caller alternating a 1,500-object parent chain (Validate and Put) with a 1 MB definition.
    (async () => {
      while (running) {
        count(`ValidatePipelineDefinition ${await hostileCall(endpoint, "ValidatePipelineDefinition", bodies.chain)}`);
        count(`PutPipelineDefinition(chain) ${await hostileCall(endpoint, "PutPipelineDefinition", bodies.chain)}`);
        count(`PutPipelineDefinition(1 MB) ${await hostileCall(endpoint, "PutPipelineDefinition", bodies.huge)}`);
      }
    })(),
  ];
  // Thousands of held polls on a group nobody feeds, each on its own connection.
  const { hostname, port } = new URL(endpoint);
  const agent = new http.Agent({ keepAlive: false, maxSockets: Number.POSITIVE_INFINITY });
  const held: http.ClientRequest[] = [];
  const openPoll = () => {
    if (!running) return;
    const req = http.request({
      host: hostname,
      port,
      path: "/",
      method: "POST",
      agent,
      headers: { ...pollHeaders, "content-length": Buffer.byteLength(pollBody) },
    });
    req.on("error", () => undefined);
    // A poll that ends (empty after the hold, or throttled) is replaced at once, keeping the pressure on.
    req.on("response", (res) => {
      if (res.statusCode !== 200) count(`PollForTask ${res.statusCode}`);
      res.resume();
      res.on("end", () => setTimeout(openPoll, 10));
    });
    req.end(pollBody);
    held.push(req);
  };
  for (let i = 0; i < heldPolls; i++) openPoll();
  return {
    answers,
    async stop() {
      running = false;
      for (const r of held) r.destroy();
      agent.destroy();
      await Promise.all(loops);
    },
  };
}

export async function measureHostile(o: {
  endpoint: string;
  serverPid: number;
  heldPolls: () => Promise<number>;
  feeder: Feeder;
  workerGroup: string;
  pollers: number;
  heldCount: number;
  warmupS: number;
  measureS: number;
  rawTransport: "fetch" | "http";
}): Promise<HostileResult> {
  // A pipeline with a 300-value list field for the expressions, and a target for the puts.
  const name = `bench-hostile-${Date.now()}`;
  const { pipelineId } = await apiCall<{ pipelineId: string }>(o.endpoint, "CreatePipeline", { name, uniqueId: name });
  const dates = Array.from({ length: 300 }, (_, i) => ({
    key: "myDates",
    stringValue: `2012-12-${String((i % 28) + 1).padStart(2, "0")}T00:00:00`,
  }));
  await apiCall(o.endpoint, "PutPipelineDefinition", {
    pipelineId,
    pipelineObjects: [{ id: "Lists", name: "Lists", fields: [{ key: "type", stringValue: "Schedule" }, ...dates] }],
  });

  const side = async (): Promise<HostileSide> => {
    const probe = startHealthProbe(o.endpoint);
    const cycles = await measureCycles({
      endpoints: [o.endpoint],
      serverPids: [o.serverPid],
      feeder: o.feeder,
      workerGroup: o.workerGroup,
      client: "raw",
      rawTransport: o.rawTransport,
      pollers: o.pollers,
      warmupS: o.warmupS,
      measureS: o.measureS,
    });
    const health = probe.stop();
    return { cycles, healthMs: health.ms, healthFailures: health.failures };
  };

  const baseline = await side();
  const attack = await startAttack(o.endpoint, pipelineId, o.heldCount);
  let heldConfirmed = 0;
  try {
    const until = Date.now() + 30_000;
    while (Date.now() < until && (heldConfirmed = await o.heldPolls()) < o.heldCount * 0.95) await sleep(250);
    const hostile = await side();
    heldConfirmed = Math.max(heldConfirmed, await o.heldPolls());
    const refused = Object.keys(attack.answers).filter((a) => AUTH_REFUSALS.test(a));
    if (refused.length)
      throw new Error(
        `hostile calls were refused before doing their work (${refused.join("; ")}): the phase measured nothing`,
      );
    return {
      pollers: o.pollers,
      heldPolls: o.heldCount,
      baseline,
      hostile: { ...hostile, answers: { ...attack.answers }, heldConfirmed },
    };
  } finally {
    await attack.stop();
  }
}
