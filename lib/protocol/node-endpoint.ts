// The self-hosted server's direct path for SDK calls. `npm start` (scripts/serve.ts) answers every
// POST carrying X-Amz-Target here, straight from Node's request, and gives everything else (the
// console, its BFF, the query form) to Next. Next's router, its Web Request/Response wrapping and
// its rewrites cost a runner's call several times the CPU of the operation itself (measured:
// README, "Benchmark"); the answer is the same either way, because both paths end in
// answerJsonCall. Which requests come here: lib/protocol/api-paths.ts. On Vercel and under `next start` the route handler app/api/datapipeline serves.
import type { IncomingMessage, ServerResponse } from "node:http";
import { isDraining } from "@/lib/lifecycle/drain";
import { answerJsonCall, bodyTooLarge, CONTENT_TYPE, refuseDeclaredOversize } from "./handle-request";

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  refuseDeclaredOversize(req.headers["content-length"] ?? null, limit);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const done = () => {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onError);
      req.off("close", onClose);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        done();
        // Drain the rest unread so the connection can answer (and be reused).
        req.resume();
        reject(bodyTooLarge(limit));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      done();
      resolve(Buffer.concat(chunks, size));
    };
    const onError = (err: Error) => {
      done();
      reject(err);
    };
    const onClose = () => {
      done();
      reject(new Error("the client closed the connection before sending the whole body"));
    };
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onError);
    req.on("close", onClose);
  });
}

function header(req: IncomingMessage, name: string): string | null {
  const v = req.headers[name];
  if (v === undefined) return null;
  return Array.isArray(v) ? v.join(", ") : v;
}

function allHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers))
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(", ") : value;
  return out;
}

export async function handleDirectApiCall(req: IncomingMessage, res: ServerResponse): Promise<void> {
  // A long poll whose client went away must stop waiting (and give back a task it may have claimed).
  // The AbortController is made only when an operation asks for the signal (PollForTask does; the
  // runner's two other calls do not): making one costs more than the rest of the call's
  // bookkeeping here. A client gone before that gets a signal already aborted.
  let gone: AbortController | undefined;
  let closedEarly = false;
  res.once("close", () => {
    if (res.writableFinished) return;
    if (gone) gone.abort();
    else closedEarly = true;
  });
  const reply = await answerJsonCall({
    method: req.method ?? "POST",
    url: req.url ?? "/",
    header: (name) => header(req, name),
    headers: () => allHeaders(req),
    readBody: (limit) => readBody(req, limit),
    get signal() {
      if (!gone) {
        gone = new AbortController();
        if (closedEarly) gone.abort();
      }
      return gone.signal;
    },
    via: "direct",
  });
  if (res.destroyed) return;
  const body = Buffer.from(reply.body, "utf8");
  // A throttled caller's connection is closed after the answer, so shed load frees its socket too.
  // So does every answer of a draining instance: its client reconnects, to another instance.
  const close =
    isDraining() || (reply.status === 400 && reply.body.includes('"ThrottlingException"'))
      ? { connection: "close" }
      : {};
  res.writeHead(reply.status, {
    "content-type": CONTENT_TYPE,
    "x-amzn-requestid": reply.requestId,
    "content-length": body.length,
    ...close,
  });
  res.end(body);
}
