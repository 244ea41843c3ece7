import { spawn, type ChildProcess } from "node:child_process";
import { runnerEnv } from "./runner-helpers";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type IncomingHttpHeaders } from "node:http";
import { tmpdir } from "node:os";
import path from "node:path";
import { GetObjectCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import S3rver from "@20minutes/s3rver";
import { inject } from "vitest";
import { dropDatabase, ensureDatabase, withDatabaseName } from "../../lib/store/database-admin";
import { endpoint } from "./helpers";

// Real services the integration tests start for the work the reference runner does and for the
// actions the server sends: an S3-compatible server (s3rver), a database beside the test server's
// own, an HTTP receiver, and the reference runner itself as a child process.

export const S3_CREDENTIALS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" };

export interface LocalS3 {
  endpoint: string;
  client: S3Client;
  put(bucket: string, key: string, body: string | Buffer): Promise<void>;
  get(bucket: string, key: string): Promise<string | undefined>;
  stop(): Promise<void>;
}

export async function startLocalS3(buckets: string[]): Promise<LocalS3> {
  const directory = mkdtempSync(path.join(tmpdir(), "ph-s3rver-"));
  // s3rver computes a wrong SigV4 canonical query for ListObjectsV2 from the current SDK (every list
  // call gets SignatureDoesNotMatch, even with the right key); it still checks the key id, and GET,
  // HEAD, PUT and multipart signatures are verified as they are.
  const server = new S3rver({
    address: "127.0.0.1",
    port: 0,
    silent: true,
    directory,
    configureBuckets: buckets.map((name) => ({ name })),
    allowMismatchedSignatures: true,
  });
  const { port } = await server.run();
  const s3Endpoint = `http://127.0.0.1:${port}`;
  const client = new S3Client({
    endpoint: s3Endpoint,
    region: "us-east-1",
    forcePathStyle: true,
    credentials: S3_CREDENTIALS,
  });
  return {
    endpoint: s3Endpoint,
    client,
    async put(bucket, key, body) {
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
    },
    async get(bucket, key) {
      try {
        const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        return await out.Body!.transformToString();
      } catch (error) {
        if ((error as Error).name === "NoSuchKey") return undefined;
        throw error;
      }
    },
    async stop() {
      client.destroy();
      await server.close();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

/** A fresh database on the test server's Postgres, for data the tasks read and write. */
export async function createDataDatabase(): Promise<{
  url: string;
  host: string;
  port: number;
  name: string;
  drop(): Promise<void>;
}> {
  const name = `ph_data_${randomBytes(4).toString("hex")}`;
  const url = withDatabaseName(inject("databaseUrl"), name);
  await ensureDatabase(url);
  const parsed = new URL(url);
  return {
    url,
    host: parsed.hostname,
    port: Number(parsed.port || 5432),
    name,
    drop: () => dropDatabase(url).catch(() => undefined),
  };
}

export interface ReceivedRequest {
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** An HTTP server that records every request and answers with `respond` (default 200). */
export async function startReceiver(
  respond: (req: ReceivedRequest) => number = () => 200,
): Promise<{ url: string; requests: ReceivedRequest[]; stop(): Promise<void> }> {
  const requests: ReceivedRequest[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.on("data", (d: Buffer) => (body += d.toString()));
    req.on("end", () => {
      const received = { path: req.url ?? "/", headers: req.headers, body };
      requests.push(received);
      const status = respond(received);
      res.writeHead(status, { "content-type": "text/xml" });
      res.end(status < 300 ? sendSnsAnswer(body) : "");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${address.port}`,
    requests,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** SNS's Publish answer (query protocol, XML), for a receiver posing as SNS; harmless for webhooks. */
function sendSnsAnswer(body: string): string {
  if (!body.includes("Action=Publish")) return "";
  return `<PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><PublishResult><MessageId>${randomBytes(8).toString("hex")}</MessageId></PublishResult><ResponseMetadata><RequestId>r</RequestId></ResponseMetadata></PublishResponse>`;
}

export interface RunnerProcess {
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
}

/** The reference runner as a user starts it (`npm run runner -- ...`), with extra environment (S3 endpoint, credentials). */
export function spawnRunner(
  group: string,
  args: string[] = [],
  env: Record<string, string> = {},
  serverEndpoint = endpoint(),
): RunnerProcess {
  const child = spawn(
    process.execPath,
    [
      path.resolve("node_modules/tsx/dist/cli.mjs"),
      "lib/runner/cli.ts",
      "--endpoint",
      serverEndpoint,
      "--worker-group",
      group,
      ...args,
    ],
    {
      stdio: ["ignore", "pipe", "pipe"],
      // Signs its calls to the server with the test server's root key (the way users give it a key).
      env: { ...process.env, ...runnerEnv(), ...env },
    },
  );
  let out = "";
  child.stdout!.on("data", (d: Buffer) => (out += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, output: () => out, exited };
}
