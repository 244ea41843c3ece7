// Runner clients the bench drives the server with: the AWS SDK for JavaScript v3 (what real runners
// use, reference runner included) and a lean raw client sending the same JSON 1.1 requests through
// fetch (undici) or node:http, to show how much of a cycle is the SDK's own cost.
import http from "node:http";
import {
  DataPipelineClient,
  PollForTaskCommand,
  ReportTaskProgressCommand,
  SetTaskStatusCommand,
} from "@aws-sdk/client-data-pipeline";
import { NodeHttpHandler } from "@smithy/node-http-handler";
import type { ClientKind } from "./options";

export interface HandedOut {
  taskId: string;
  pipelineId: string;
  attemptId: string;
}

export class TaskNotFound extends Error {
  constructor(message: string) {
    super(message);
    this.name = "TaskNotFound";
  }
}

export class Aborted extends Error {
  constructor() {
    super("aborted");
    this.name = "Aborted";
  }
}

export interface RunnerClient {
  poll(workerGroup: string, signal?: AbortSignal, hostname?: string): Promise<HandedOut | null>;
  /** Resolves `canceled`; rejects with TaskNotFound when the lease is gone. */
  report(taskId: string): Promise<boolean>;
  setStatus(taskId: string, status: "FINISHED" | "FAILED", errorMessage?: string): Promise<void>;
  close(): void;
}

function isAbort(err: unknown, signal?: AbortSignal): boolean {
  const name = (err as { name?: string })?.name;
  return signal?.aborted === true || name === "AbortError" || name === "Aborted";
}

class SdkClient implements RunnerClient {
  private readonly client: DataPipelineClient;
  constructor(endpoint: string) {
    this.client = new DataPipelineClient({
      endpoint,
      region: "us-east-1",
      credentials: { accessKeyId: "bench", secretAccessKey: "bench" },
      maxAttempts: 1,
      requestHandler: new NodeHttpHandler({
        httpAgent: new http.Agent({ keepAlive: true, maxSockets: 4 }),
        requestTimeout: 120_000,
      }),
    });
  }
  async poll(workerGroup: string, signal?: AbortSignal, hostname?: string): Promise<HandedOut | null> {
    try {
      const out = await this.client.send(new PollForTaskCommand({ workerGroup, hostname }), { abortSignal: signal });
      const t = out.taskObject;
      return t?.taskId ? { taskId: t.taskId, pipelineId: t.pipelineId!, attemptId: t.attemptId! } : null;
    } catch (err) {
      if (isAbort(err, signal)) throw new Aborted();
      throw err;
    }
  }
  async report(taskId: string): Promise<boolean> {
    try {
      return (await this.client.send(new ReportTaskProgressCommand({ taskId }))).canceled ?? false;
    } catch (err) {
      if ((err as { name?: string }).name === "TaskNotFoundException") throw new TaskNotFound((err as Error).message);
      throw err;
    }
  }
  async setStatus(taskId: string, taskStatus: "FINISHED" | "FAILED", errorMessage?: string): Promise<void> {
    try {
      await this.client.send(new SetTaskStatusCommand({ taskId, taskStatus, errorMessage }));
    } catch (err) {
      if ((err as { name?: string }).name === "TaskNotFoundException") throw new TaskNotFound((err as Error).message);
      throw err;
    }
  }
  close(): void {
    this.client.destroy();
  }
}

type Send = (op: string, body: object, signal?: AbortSignal) => Promise<{ status: number; json: Record<string, unknown> }>;

function fetchSender(endpoint: string): Send {
  const url = `${endpoint}/`;
  return async (op, body, signal) => {
    const res = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": `DataPipeline.${op}` },
      body: JSON.stringify(body),
      signal,
    });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  };
}

function httpSender(endpoint: string): Send {
  const { hostname, port } = new URL(endpoint);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
  return (op, body, signal) =>
    new Promise((resolve, reject) => {
      const payload = JSON.stringify(body);
      const req = http.request(
        {
          host: hostname,
          port,
          path: "/",
          method: "POST",
          agent,
          signal,
          headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": `DataPipeline.${op}`, "content-length": Buffer.byteLength(payload) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => {
            try {
              resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown> });
            } catch (err) {
              reject(err);
            }
          });
          res.on("error", reject);
        },
      );
      req.on("error", reject);
      req.end(payload);
    });
}

class RawClient implements RunnerClient {
  constructor(private readonly send: Send) {}
  private async call(op: string, body: object, signal?: AbortSignal): Promise<Record<string, unknown>> {
    let out: { status: number; json: Record<string, unknown> };
    try {
      out = await this.send(op, body, signal);
    } catch (err) {
      if (isAbort(err, signal)) throw new Aborted();
      throw err;
    }
    if (out.status === 200) return out.json;
    const type = String(out.json.__type ?? "");
    if (type.endsWith("TaskNotFoundException")) throw new TaskNotFound(String(out.json.message ?? ""));
    throw new Error(`${op}: HTTP ${out.status} ${type}: ${String(out.json.message ?? "")}`);
  }
  async poll(workerGroup: string, signal?: AbortSignal, hostname?: string): Promise<HandedOut | null> {
    const json = await this.call("PollForTask", hostname ? { workerGroup, hostname } : { workerGroup }, signal);
    const t = json.taskObject as { taskId?: string; pipelineId?: string; attemptId?: string } | undefined;
    return t?.taskId ? { taskId: t.taskId, pipelineId: t.pipelineId!, attemptId: t.attemptId! } : null;
  }
  async report(taskId: string): Promise<boolean> {
    return (await this.call("ReportTaskProgress", { taskId })).canceled === true;
  }
  async setStatus(taskId: string, taskStatus: "FINISHED" | "FAILED", errorMessage?: string): Promise<void> {
    await this.call("SetTaskStatus", errorMessage ? { taskId, taskStatus, errorMessage } : { taskId, taskStatus });
  }
  close(): void {}
}

export function createClient(kind: ClientKind, endpoint: string, rawTransport: "fetch" | "http" = "fetch"): RunnerClient {
  if (kind === "sdk") return new SdkClient(endpoint);
  return new RawClient(rawTransport === "http" ? httpSender(endpoint) : fetchSender(endpoint));
}

/**
 * Control-plane calls the bench makes while setting up (raw JSON 1.1; errors throw). A
 * ThrottlingException (the server shedding load) is retried with backoff, as the AWS SDKs do.
 */
export async function apiCall<T = Record<string, unknown>>(endpoint: string, op: string, body: object): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const { status, json } = await fetchSender(endpoint)(op, body);
    if (status === 200) return json as T;
    if (json.__type === "ThrottlingException" && attempt < 8) {
      await new Promise((r) => setTimeout(r, Math.min(5_000, 100 * 2 ** attempt) * (0.5 + Math.random())));
      continue;
    }
    throw new Error(`${op}: HTTP ${status} ${String(json.__type)}: ${String(json.message)}`);
  }
}
