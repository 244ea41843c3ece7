// Reads a Web Request's body as a stream, never holding more than `limit` bytes: the declared
// length is checked first, then the bytes as they arrive, and the rest of an oversized body is
// cancelled unread. Used by every route that takes a body (the API's route handler, the console BFF).

export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`The request body is larger than ${limit} bytes`);
    this.name = "BodyTooLargeError";
  }
}

export function declaredOversize(contentLength: string | null, limit: number): boolean {
  const declared = Number(contentLength ?? "NaN");
  return Number.isFinite(declared) && declared > limit;
}

export async function readWebBodyCapped(req: Request, limit: number): Promise<string> {
  return (await readWebBodyBytesCapped(req, limit)).toString("utf8");
}

/** The same, as the exact bytes received (a SigV4 signature covers them). */
export async function readWebBodyBytesCapped(req: Request, limit: number): Promise<Buffer> {
  if (declaredOversize(req.headers.get("content-length"), limit)) throw new BodyTooLargeError(limit);
  if (!req.body) return Buffer.alloc(0);
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      throw new BodyTooLargeError(limit);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}
