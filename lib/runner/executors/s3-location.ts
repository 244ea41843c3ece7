import {
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  S3Client,
  S3ServiceException,
} from "@aws-sdk/client-s3";
import { Upload } from "@aws-sdk/lib-storage";
import type { Readable } from "node:stream";
import { TaskError } from "./task-view";

// S3 for the runner: the SDK's usual credential chain (environment, profile, instance role) and,
// for S3-compatible stores, an endpoint from PIPELINEHOUSE_S3_ENDPOINT or AWS_ENDPOINT_URL_S3
// (path-style addressing then, unless PIPELINEHOUSE_S3_FORCE_PATH_STYLE=false). Against AWS the
// runner's own key usually is an AWS key that can reach S3; against this server it is not, so an
// S3-compatible store's own key can be given as PIPELINEHOUSE_S3_ACCESS_KEY_ID/_SECRET_ACCESS_KEY.

export interface S3Location {
  bucket: string;
  key: string;
}

export function parseS3Url(url: string, what: string): S3Location {
  const match = /^s3[an]?:\/\/([^/]+)\/?(.*)$/i.exec(url.trim());
  if (!match) throw new TaskError("InvalidS3Path", `${what} ${url} is not an s3://bucket/key URL.`);
  return { bucket: match[1]!, key: match[2] ?? "" };
}

export function createS3Client(env: NodeJS.ProcessEnv): S3Client {
  const endpoint = env.PIPELINEHOUSE_S3_ENDPOINT || env.AWS_ENDPOINT_URL_S3 || undefined;
  const forcePathStyle = endpoint !== undefined && env.PIPELINEHOUSE_S3_FORCE_PATH_STYLE !== "false";
  const accessKeyId = env.PIPELINEHOUSE_S3_ACCESS_KEY_ID;
  const secretAccessKey = env.PIPELINEHOUSE_S3_SECRET_ACCESS_KEY;
  return new S3Client({
    region: env.AWS_REGION || env.AWS_DEFAULT_REGION || "us-east-1",
    ...(endpoint ? { endpoint, forcePathStyle } : {}),
    ...(accessKeyId && secretAccessKey ? { credentials: { accessKeyId, secretAccessKey } } : {}),
    // Buckets live in many regions; AWS answers a wrong-region call with a redirect the SDK can follow.
    followRegionRedirects: true,
    maxAttempts: 3,
  });
}

/** The SDK's error as the attempt's message: code and text, with the location it concerned. */
export function s3Error(location: S3Location, error: unknown): TaskError {
  if (error instanceof TaskError) return error;
  const name = error instanceof S3ServiceException ? error.name : error instanceof Error ? error.name : "Error";
  const message = error instanceof Error ? error.message : String(error);
  return new TaskError("S3Error", `s3://${location.bucket}/${location.key}: ${name}: ${message}`);
}

function isNotFound(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  return error.name === "NotFound" || error.name === "NoSuchKey" || status === 404;
}

export async function keyExists(s3: S3Client, location: S3Location, signal?: AbortSignal): Promise<boolean> {
  try {
    await s3.send(new HeadObjectCommand({ Bucket: location.bucket, Key: location.key }), { abortSignal: signal });
    return true;
  } catch (error) {
    if (isNotFound(error) && (error as Error).name !== "NoSuchBucket") return false;
    throw s3Error(location, error);
  }
}

export async function prefixNotEmpty(s3: S3Client, location: S3Location, signal?: AbortSignal): Promise<boolean> {
  try {
    // One page is enough to know; MaxKeys is left at its default because S3-compatible stores
    // (s3rver among them) fail on small values when more keys match.
    const out = await s3.send(new ListObjectsV2Command({ Bucket: location.bucket, Prefix: location.key }), {
      abortSignal: signal,
    });
    return (out.KeyCount ?? out.Contents?.length ?? 0) > 0;
  } catch (error) {
    throw s3Error(location, error);
  }
}

/** Keys under a directory (its prefix with a trailing slash), in order, skipping folder markers and _SUCCESS files. */
export async function listKeys(s3: S3Client, directory: S3Location, signal?: AbortSignal): Promise<string[]> {
  const prefix = directory.key === "" || directory.key.endsWith("/") ? directory.key : `${directory.key}/`;
  const keys: string[] = [];
  let token: string | undefined;
  try {
    do {
      const out = await s3.send(
        new ListObjectsV2Command({ Bucket: directory.bucket, Prefix: prefix, ContinuationToken: token }),
        { abortSignal: signal },
      );
      for (const o of out.Contents ?? []) {
        if (!o.Key || o.Key.endsWith("/") || o.Key.endsWith("_SUCCESS") || o.Key.endsWith("_$folder$")) continue;
        keys.push(o.Key);
      }
      token = out.IsTruncated ? out.NextContinuationToken : undefined;
    } while (token);
  } catch (error) {
    throw s3Error(directory, error);
  }
  return keys.sort();
}

export async function openObject(s3: S3Client, location: S3Location, signal?: AbortSignal): Promise<Readable> {
  try {
    const out = await s3.send(new GetObjectCommand({ Bucket: location.bucket, Key: location.key }), {
      abortSignal: signal,
    });
    return out.Body as Readable;
  } catch (error) {
    throw s3Error(location, error);
  }
}

/** Streams `body` to S3 in parts (multipart above 5 MiB), so the object never sits in memory whole. */
export async function uploadStream(
  s3: S3Client,
  location: S3Location,
  body: Readable,
  signal?: AbortSignal,
): Promise<void> {
  const upload = new Upload({
    client: s3,
    params: { Bucket: location.bucket, Key: location.key, Body: body },
    queueSize: 2,
  });
  const onAbort = () => void upload.abort().catch(() => undefined);
  signal?.addEventListener("abort", onAbort, { once: true });
  try {
    await upload.done();
  } catch (error) {
    throw s3Error(location, error);
  } finally {
    signal?.removeEventListener("abort", onAbort);
  }
}
