import { DataPipelineClient } from "@aws-sdk/client-data-pipeline";
import { Client } from "pg";
import { inject } from "vitest";

export const endpoint = () => inject("endpoint");

/** The real AWS SDK pointed at the test server (any credentials sign; the server does not check them). */
export function sdk(opts: { path?: string } = {}): DataPipelineClient {
  return new DataPipelineClient({
    endpoint: `${endpoint()}${opts.path ?? ""}`,
    region: "us-east-1",
    credentials: { accessKeyId: "AKIDTEST", secretAccessKey: "secret" },
    maxAttempts: 1,
  });
}

/** A raw JSON 1.1 call, for inputs the SDK would never send. */
export async function rawCall(target: string | null, body: string, headers: Record<string, string> = {}, path = "/") {
  const res = await fetch(`${endpoint()}${path}`, {
    method: "POST",
    headers: { "content-type": "application/x-amz-json-1.1", ...(target ? { "x-amz-target": target } : {}), ...headers },
    body,
  });
  const text = await res.text();
  let json: unknown = undefined;
  try {
    json = JSON.parse(text);
  } catch {
    // left undefined: the test asserts on it
  }
  return { status: res.status, headers: res.headers, text, json: json as Record<string, unknown> | undefined };
}

/** Direct database access, only to prove what a call did or did not write. */
export async function withDb<T>(fn: (db: Client) => Promise<T>): Promise<T> {
  const db = new Client({ connectionString: inject("databaseUrl") });
  await db.connect();
  try {
    return await fn(db);
  } finally {
    await db.end();
  }
}

/** Row counts of every table, to show a rejected call changed nothing. */
export async function tableCounts(): Promise<Record<string, number>> {
  return withDb(async (db) => {
    const out: Record<string, number> = {};
    for (const t of ["pipelines", "pipeline_definitions", "pipeline_objects", "tasks", "task_runners", "audit_log"]) {
      const r = await db.query<{ n: string }>(`SELECT count(*)::text AS n FROM ${t}`);
      out[t] = Number(r.rows[0]?.n ?? 0);
    }
    return out;
  });
}

let counter = 0;
export const uniqueName = (prefix = "p") => `${prefix}-${process.pid}-${Date.now()}-${++counter}`;

/** A call to the console's BFF (`/api/console/...`) as the console's browser makes it; answers status and JSON. */
export async function consoleCall(method: "GET" | "POST", path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${endpoint()}/api/console${path}`, {
    method,
    headers: { accept: "application/json", ...(body !== undefined ? { "content-type": "application/json" } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  return { status: res.status, json: (text ? JSON.parse(text) : {}) as Record<string, unknown> };
}
