import { DataPipelineClient } from "@aws-sdk/client-data-pipeline";
import { SignatureV4 } from "@smithy/signature-v4";
import { Client } from "pg";
import { inject } from "vitest";
import { Sha256 } from "../../lib/auth/sha256";
import { TEST_ROOT_CREDENTIALS } from "./test-server";

export const endpoint = () => inject("endpoint");

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
}

/** The test server's admin key (ROOT_ACCESS_KEY_ID), which every helper signs with unless told otherwise. */
export const rootCredentials: Credentials = TEST_ROOT_CREDENTIALS;

/** The real AWS SDK pointed at the test server, signing with the root admin key or the given one. */
export function sdk(opts: { path?: string; credentials?: Credentials; endpoint?: string } = {}): DataPipelineClient {
  return new DataPipelineClient({
    endpoint: `${opts.endpoint ?? endpoint()}${opts.path ?? ""}`,
    region: "us-east-1",
    credentials: opts.credentials ?? rootCredentials,
    maxAttempts: 1,
  });
}

const signer = (c: Credentials, region = "us-east-1") =>
  new SignatureV4({ credentials: c, region, service: "datapipeline", sha256: Sha256, applyChecksum: false });

function requestParts(url: string) {
  const u = new URL(url);
  const query: Record<string, string | string[]> = {};
  for (const [k, v] of u.searchParams) {
    const prev = query[k];
    query[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return { u, query };
}

/** How a helper call is signed: with these credentials (default: root), or not at all. */
export interface SigningOptions {
  /** false: send no signature at all. */
  credentials?: Credentials | false;
  /** The signing time (default now): for expired and future signatures. */
  signingDate?: Date;
  region?: string;
  /** Changes the signed headers before sending (a tampered signature, a swapped key id...). */
  tamper?: (headers: Record<string, string>) => Record<string, string>;
}

/**
 * fetch, signed with SigV4 in the Authorization header the way the SDKs sign (every given header,
 * host, x-amz-date; the body's SHA-256).
 */
export async function signedFetch(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string; signal?: AbortSignal } = {},
  opts: SigningOptions = {},
): Promise<Response> {
  const { u, query } = requestParts(url);
  const method = init.method ?? (init.body === undefined ? "GET" : "POST");
  let headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(init.headers ?? {})) headers[k.toLowerCase()] = v;
  const credentials = opts.credentials === undefined ? rootCredentials : opts.credentials;
  if (credentials) {
    const signed = await signer(credentials, opts.region).sign(
      {
        method,
        protocol: u.protocol,
        hostname: u.hostname,
        port: Number(u.port),
        path: u.pathname,
        query,
        headers: { ...headers, host: u.host },
        body: init.body,
      },
      { signingDate: opts.signingDate ?? new Date() },
    );
    headers = { ...(signed.headers as Record<string, string>) };
    delete headers["host"]; // fetch sends the URL's host, which is what was signed
  }
  if (opts.tamper) headers = opts.tamper(headers);
  return fetch(url, { method, headers, body: init.body, signal: init.signal });
}

/** A presigned URL (SigV4 query form) for a GET of `url`, as the SDKs' presigners make them. */
export async function presignedUrl(
  url: string,
  opts: { credentials?: Credentials; expiresIn?: number; signingDate?: Date } = {},
): Promise<string> {
  const { u, query } = requestParts(url);
  const signed = await signer(opts.credentials ?? rootCredentials).presign(
    {
      method: "GET",
      protocol: u.protocol,
      hostname: u.hostname,
      port: Number(u.port),
      path: u.pathname,
      query,
      headers: { host: u.host },
    },
    { expiresIn: opts.expiresIn ?? 300, signingDate: opts.signingDate ?? new Date() },
  );
  const qs = Object.entries(signed.query ?? {})
    .flatMap(([k, v]) =>
      (Array.isArray(v) ? v : [v]).map((x) => `${encodeURIComponent(k)}=${encodeURIComponent(String(x))}`),
    )
    .join("&");
  return `${u.origin}${u.pathname}?${qs}`;
}

/** A raw JSON 1.1 call, for inputs the SDK would never send; signed with the root key unless `signing` says otherwise. */
export async function rawCall(
  target: string | null,
  body: string,
  headers: Record<string, string> = {},
  path = "/",
  signing: SigningOptions & { endpoint?: string } = {},
) {
  const res = await signedFetch(
    `${signing.endpoint ?? endpoint()}${path}`,
    {
      method: "POST",
      headers: {
        "content-type": "application/x-amz-json-1.1",
        ...(target ? { "x-amz-target": target } : {}),
        ...headers,
      },
      body,
    },
    signing,
  );
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
export async function withDb<T>(
  fn: (db: Client) => Promise<T>,
  databaseUrl: string = inject("databaseUrl"),
): Promise<T> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    return await fn(db);
  } finally {
    await db.end();
  }
}

/**
 * Moves runs `days` into the past, last changed `changedDaysAgo` ago, as retention sees their age:
 * the instances named (and their attempts), or every instance and attempt of the pipeline (null).
 */
export async function ageRun(
  pipelineId: string,
  instanceIds: string[] | null,
  days: number,
  changedDaysAgo: number = days,
): Promise<void> {
  await withDb((db) =>
    db.query(
      `UPDATE pipeline_objects
       SET scheduled_start_time = scheduled_start_time - make_interval(days => $3),
           scheduled_end_time = scheduled_end_time - make_interval(days => $3),
           updated_at = now() - make_interval(days => $4)
       WHERE pipeline_id = $1 AND sphere IN ('INSTANCE', 'ATTEMPT')
         AND ($2::text[] IS NULL OR object_id = ANY($2::text[]) OR instance_id = ANY($2::text[]))`,
      [pipelineId, instanceIds, days, changedDaysAgo],
    ),
  );
}

/** Row counts of every table, to show a rejected call changed nothing. */
export async function tableCounts(databaseUrl?: string): Promise<Record<string, number>> {
  const tables = ["pipelines", "pipeline_definitions", "pipeline_objects", "tasks", "task_runners", "audit_log"];
  return withDb(async (db) => {
    // One statement for all tables: suites that check thousands of refused calls stay fast.
    const r = await db.query<Record<string, string>>(
      `SELECT ${tables.map((t) => `(SELECT count(*) FROM ${t})::text AS ${t}`).join(", ")}`,
    );
    return Object.fromEntries(tables.map((t) => [t, Number(r.rows[0]?.[t] ?? 0)]));
  }, databaseUrl);
}

let counter = 0;
export const uniqueName = (prefix = "p") => `${prefix}-${process.pid}-${Date.now()}-${++counter}`;

/**
 * An access key made by the admin CLI (`npm run admin -- create-key --json`) against the shared
 * test server's database, as an operator would make one.
 */
export async function createKey(
  account: string,
  role: "admin" | "operator" | "runner" | "readonly",
): Promise<Credentials & { account: string; role: string }> {
  return JSON.parse(await admin("create-key", "--account", account, "--role", role, "--json")) as Credentials & {
    account: string;
    role: string;
  };
}

/** Runs `npm run admin -- ...` against the shared test server's database; resolves its stdout. */
export async function admin(...args: string[]): Promise<string> {
  const { execFile } = await import("node:child_process");
  const path = await import("node:path");
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [path.resolve("node_modules/tsx/dist/cli.mjs"), "scripts/admin.ts", ...args],
      { env: { ...process.env, ...inject("serverAuthEnv"), DATABASE_URL: inject("databaseUrl") }, timeout: 60_000 },
      (err, stdout, stderr) =>
        err
          ? reject(new Error(`admin ${args.join(" ")} failed: ${stderr.slice(-2000)}${err.message.slice(0, 500)}`))
          : resolve(stdout),
    );
  });
}

/**
 * An access key written straight into the shared test server's database (sealed with its
 * SECRET_KEY, as lib/auth/manage-keys does): for tests that need many keys fast. The admin CLI,
 * which operators use, is covered by `createKey`.
 */
export async function insertKey(
  accountName: string,
  role: "admin" | "operator" | "runner" | "readonly",
  server: { databaseUrl: string; authEnv: Record<string, string> } = {
    databaseUrl: inject("databaseUrl"),
    authEnv: inject("serverAuthEnv"),
  },
): Promise<Credentials & { account: string; role: string }> {
  const { newAccessKeyId, newAccountId, newSecretAccessKey } = await import("../../lib/auth/key-material");
  const { seal } = await import("../../lib/auth/secret-box");
  const key = Buffer.from(server.authEnv.SECRET_KEY!, "hex");
  const accessKeyId = newAccessKeyId();
  const secretAccessKey = newSecretAccessKey();
  await withDb(async (db) => {
    await db.query("INSERT INTO accounts (id, name) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING", [
      newAccountId(),
      accountName,
    ]);
    await db.query(
      "INSERT INTO access_keys (access_key_id, account_id, role, secret_encrypted) SELECT $1, id, $3, $4 FROM accounts WHERE name = $2",
      [accessKeyId, accountName, role, seal(key, secretAccessKey, accessKeyId)],
    );
  }, server.databaseUrl);
  return { accessKeyId, secretAccessKey, account: accountName, role };
}
