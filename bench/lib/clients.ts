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
import { SignatureV4 } from "@smithy/signature-v4";
import { Sha256 } from "../../lib/auth/sha256";
import { ROOT_CREDENTIALS } from "./credentials";
import type { ClientKind } from "./options";

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
}

/**
 * Signs a raw client's calls with SigV4, as every real client must: the SDK's own signer over
 * host, content-type, x-amz-date, x-amz-target and the body. (The SDK client signs by itself.)
 */
function signerFor(credentials: Credentials, endpoint: string) {
  const signer = new SignatureV4({
    credentials,
    region: "us-east-1",
    service: "datapipeline",
    sha256: Sha256,
    applyChecksum: false,
  });
  const { hostname, port, host } = new URL(endpoint);
  return async (op: string, payload: string): Promise<Record<string, string>> => {
    const signed = await signer.sign({
      method: "POST",
      protocol: "http:",
      hostname,
      port: Number(port),
      path: "/",
      query: {},
      headers: { host, "content-type": "application/x-amz-json-1.1", "x-amz-target": `DataPipeline.${op}` },
      body: payload,
    });
    const headers = { ...(signed.headers as Record<string, string>) };
    delete headers["host"];
    return headers;
  };
}

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
  constructor(endpoint: string, credentials: Credentials) {
    this.client = new DataPipelineClient({
      endpoint,
      region: "us-east-1",
      credentials,
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

/** The signed headers of one call (held polls reuse one signature: it stays valid for 15 minutes). */
export function signCall(
  endpoint: string,
  op: string,
  payload: string,
  credentials: Credentials = ROOT_CREDENTIALS,
): Promise<Record<string, string>> {
  return signerFor(credentials, endpoint)(op, payload);
}

type Send = (
  op: string,
  body: object,
  signal?: AbortSignal,
) => Promise<{ status: number; json: Record<string, unknown> }>;

function fetchSender(endpoint: string, credentials: Credentials): Send {
  const url = `${endpoint}/`;
  const sign = signerFor(credentials, endpoint);
  return async (op, body, signal) => {
    const payload = JSON.stringify(body);
    const res = await fetch(url, { method: "POST", headers: await sign(op, payload), body: payload, signal });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  };
}

function httpSender(endpoint: string, credentials: Credentials): Send {
  const { hostname, port } = new URL(endpoint);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
  const sign = signerFor(credentials, endpoint);
  return async (op, body, signal) => {
    const payload = JSON.stringify(body);
    const signed = await sign(op, payload);
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          host: hostname,
          port,
          path: "/",
          method: "POST",
          agent,
          signal,
          headers: { ...signed, "content-length": Buffer.byteLength(payload) },
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("end", () => {
            try {
              resolve({
                status: res.statusCode ?? 0,
                json: JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown>,
              });
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
  };
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

export function createClient(
  kind: ClientKind,
  endpoint: string,
  rawTransport: "fetch" | "http" = "fetch",
  credentials: Credentials = ROOT_CREDENTIALS,
): RunnerClient {
  if (kind === "sdk") return new SdkClient(endpoint, credentials);
  return new RawClient(
    rawTransport === "http" ? httpSender(endpoint, credentials) : fetchSender(endpoint, credentials),
  );
}

/**
 * Control-plane calls the bench makes while setting up (raw JSON 1.1, signed with the root key;
 * errors throw). A ThrottlingException (the server shedding load) is retried with backoff, as the
 * AWS SDKs do.
 */
export async function apiCall<T = Record<string, unknown>>(
  endpoint: string,
  op: string,
  body: object,
  credentials: Credentials = ROOT_CREDENTIALS,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const { status, json } = await fetchSender(endpoint, credentials)(op, body);
    if (status === 200) return json as T;
    if (json.__type === "ThrottlingException" && attempt < 8) {
      await new Promise((r) => setTimeout(r, Math.min(5_000, 100 * 2 ** attempt) * (0.5 + Math.random())));
      continue;
    }
    throw new Error(`${op}: HTTP ${status} ${String(json.__type)}: ${String(json.message)}`);
  }
}
